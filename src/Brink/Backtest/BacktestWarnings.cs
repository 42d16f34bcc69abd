using System.Collections.Immutable;
using Brink.Models;

namespace Brink.Backtest;

/// <summary>
/// The warnings of the catalogue models (Nash, EUM) over a back-test, counted per code: a model's MAE
/// that mixes bargaining solutions with status-quo fallbacks, or last rounds of cycles, says so.
/// </summary>
public static class BacktestWarnings
{
    /// <summary>
    /// For each back-test model named <c>MODEL:VARIANT</c> after a catalogue model, the warnings of that
    /// model on the cases, one per code, with the number of issues and the first few issue ids.
    /// </summary>
    public static ImmutableArray<ResultWarning> Of(IEnumerable<IBacktestModel> models, IReadOnlyList<BacktestCase> cases)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(cases);
        var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
        foreach (var model in models)
        {
            var parts = model.Name.Split(':');
            if (parts.Length != 2 || !ModelCatalog.Models.Contains(parts[0])) continue;
            var byCode = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var c in cases)
            {
                ImmutableArray<ResultWarning> found;
                try { found = ModelCatalog.Run(parts[0], parts[1], c.Issue, new ModelOptions { FullTrace = false }).Warnings; }
                catch (ArgumentException) { continue; } // the model abstains on this issue (as in the back-test)
                foreach (var code in found.Select(w => w.Code).Distinct())
                {
                    if (!byCode.TryGetValue(code, out var list)) byCode[code] = list = [];
                    list.Add(c.IssueId);
                }
            }
            foreach (var (code, issues) in byCode)
                warnings.Add(new ResultWarning(code,
                    $"{model.Name}: {code} on {issues.Count} of {cases.Count} issues (e.g. {string.Join(", ", issues.Take(3))}); " +
                    (code == Models.Nash.NashBargaining.NoFeasibleAgreementCode
                        ? "on those issues its forecast is the status quo, not a bargaining solution, so its MAE mixes the two."
                        : "its MAE includes those forecasts as they are.")));
        }
        return warnings.ToImmutable();
    }
}
