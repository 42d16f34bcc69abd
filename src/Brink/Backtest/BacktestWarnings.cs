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
        var list = models.ToList();
        return Assemble(list, cases, [.. list.Select(m => Checked(m) ? cases.Select(c => Codes(m, c)).ToArray() : null)]);
    }

    /// <summary>True for a back-test model named <c>MODEL:VARIANT</c> after a catalogue model (the ones whose warnings are counted).</summary>
    public static bool Checked(IBacktestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parts = model.Name.Split(':');
        return parts.Length == 2 && ModelCatalog.Models.Contains(parts[0]);
    }

    /// <summary>The distinct warning codes of a checked model (<see cref="Checked"/>) on one case, in the order the model gave them; none where it abstains.</summary>
    public static string[] Codes(IBacktestModel model, BacktestCase c)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(c);
        var parts = model.Name.Split(':');
        try { return [.. ModelCatalog.Run(parts[0], parts[1], c.Issue, new ModelOptions { FullTrace = false }).Warnings.Select(w => w.Code).Distinct()]; }
        catch (ArgumentException) { return []; } // the model abstains on this issue (as in the back-test)
    }

    /// <summary>
    /// The warnings of <see cref="Of"/> from the codes per model and case (<paramref name="codes"/>[m][i] for model m and case i, as
    /// <see cref="Codes"/> gives them; null for a model that is not <see cref="Checked"/>).
    /// </summary>
    public static ImmutableArray<ResultWarning> Assemble(IReadOnlyList<IBacktestModel> models, IReadOnlyList<BacktestCase> cases, IReadOnlyList<string[][]?> codes)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(codes);
        var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
        for (var m = 0; m < models.Count; m++)
        {
            if (codes[m] is not { } perCase) continue;
            var model = models[m];
            var byCode = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            for (var i = 0; i < cases.Count; i++)
                foreach (var code in perCase[i])
                {
                    if (!byCode.TryGetValue(code, out var list)) byCode[code] = list = [];
                    list.Add(cases[i].IssueId);
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
