using Brink.Crisis;
using Brink.Ledger;
using Brink.Models;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Application;

/// <summary>
/// <c>brink simulate --model crisis</c> / <c>POST /api/jobs/simulate?model=crisis</c>: Monte Carlo of the crisis model joined to the
/// EUM (as <c>brink run --model crisis</c>) over every uncertain input of the scenario.
/// </summary>
public sealed record CrisisSimulateRequest : MonteCarloRequestBase
{
    /// <summary>The EUM variant whose dyads feed the crisis model; null = <see cref="ModelRegistry.CrisisDefaultEumVariant"/>.</summary>
    public string? Variant { get; init; }
    /// <summary>Follow-through records read from the ledger (<c>--threats-from-ledger</c>); they replace the file's <c>threat_record</c>.</summary>
    public IReadOnlyList<ActorThreatRecord>? ThreatRecords { get; init; }

    /// <summary>The EUM variant that runs.</summary>
    public string EumVariant => Variant ?? ModelRegistry.CrisisDefaultEumVariant;

    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = CheckCommon();
        if (!ScenarioRun.TrySelectModels("eum", EumVariant, out _, out var error)) problems.Add(Outcome.RequestError("variant", $"--variant: {error}"));
        return problems;
    }
}

/// <summary>The JSON document of <c>brink simulate --model crisis --format json</c>.</summary>
public sealed record CrisisSimulationDocument(string Scenario, string File, string Model, string EumVariant, ulong Seed, int Draws, double Noise, bool Partial,
    int DrawsCompleted, IReadOnlyList<string> Inputs, IReadOnlyList<string> IgnoredInputs, IReadOnlyList<CrisisSimulationDocument.DyadDoc> Dyads,
    CrisisSimulationDocument.OverallDoc Overall, IReadOnlyList<WarningDoc> Warnings)
{
    /// <summary>The five outcome probabilities on the point values.</summary>
    public sealed record PointDoc(double PWar, double PSettlement, double PCapitulationA, double PCapitulationB, double PStatusQuo);

    public sealed record OverallPointDoc(double PWar, double PAnyWar);

    public sealed record DyadDoc(string Issue, string ActorA, string ActorB, PointDoc Point, OutcomeSummary PWar, double PSettlement, double PCapitulationA,
        double PCapitulationB, double PStatusQuo, IReadOnlyDictionary<string, double> WarByCause, double HandedOver, double MutualOptimism);

    public sealed record OverallDoc(int Dyads, OverallPointDoc Point, OutcomeSummary PWar, OutcomeSummary PAnyWar, double PSettlement, double PCapitulationA,
        double PCapitulationB, double PStatusQuo, IReadOnlyDictionary<string, double> WarByCause, double HandedOver, double MutualOptimism);

    /// <param name="file">The scenario file's name as given (the document's <c>file</c>).</param>
    public static CrisisSimulationDocument From(string title, string file, double noise, CrisisMonteCarloResult r) => new(
        title, file, ModelRegistry.CrisisModel, r.EumVariant, r.Seed, r.DrawsRequested, noise, r.Partial, r.DrawsCompleted, [.. r.Inputs], [.. r.IgnoredInputs],
        [
            .. r.Dyads.Select(d => new DyadDoc(d.Issue, d.ActorA, d.ActorB,
                new PointDoc(d.Point.War, d.Point.Settlement, d.Point.CapitulationA, d.Point.CapitulationB, d.Point.StatusQuo),
                d.War, d.Mean.Settlement, d.Mean.CapitulationA, d.Mean.CapitulationB, d.Mean.StatusQuo, CrisisDocument.Causes(d.WarByCause),
                d.HandedOver, d.MutualOptimism)),
        ],
        new OverallDoc(r.Overall.Dyads, new OverallPointDoc(r.Overall.Point.War, r.Overall.PointAnyWar), r.Overall.War, r.Overall.AnyWar,
            r.Overall.Mean.Settlement, r.Overall.Mean.CapitulationA, r.Overall.Mean.CapitulationB, r.Overall.Mean.StatusQuo,
            CrisisDocument.Causes(r.Overall.WarByCause), r.Overall.HandedOver, r.Overall.MutualOptimism),
        WarningDoc.From(r.Warnings));
}

public sealed record CrisisSimulateOutcome : Outcome
{
    public CrisisMonteCarloResult? Result { get; init; }
    public CrisisSimulationDocument? Document { get; init; }
    /// <summary>The scenario's title (the table's heading).</summary>
    public string? Title { get; init; }
    /// <summary>The noise used: the request's, else the scenario's, else 0.</summary>
    public double Noise { get; init; }
    public bool Partial => Result?.Partial ?? false;
}

public static class CrisisSimulateService
{
    /// <param name="preloaded">A scenario already in memory (tests); else the request's source is loaded.</param>
    public static CrisisSimulateOutcome Run(CrisisSimulateRequest request, IProgressRunner? progress = null, Scenario? preloaded = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        progress ??= IProgressRunner.None;
        var problems = request.Validate();
        if (problems.Count > 0) return new CrisisSimulateOutcome { Diagnostics = problems };
        var diagnostics = new List<Diagnostic>();
        var notices = new List<string>();
        var scenario = preloaded;
        if (scenario is null)
        {
            var load = ScenarioInputs.Load(request.Scenario, request.Issue);
            diagnostics.AddRange(load.Diagnostics);
            notices.AddRange(load.Notices);
            if (!load.Ok) return new CrisisSimulateOutcome { Diagnostics = diagnostics, Notices = notices };
            scenario = load.Scenario!;
        }
        CrisisSimulateOutcome Fail(Diagnostic d) => new() { Diagnostics = [.. diagnostics, d], Notices = notices };
        if (!MonteCarloRequestBase.TryIssues(scenario, request.Issue, out var issues, out var issueError)) return Fail(issueError!);
        if (request.Issue is not null) scenario = scenario with { Issues = [.. scenario.Issues.Where(i => issues.Contains(i.Id))] };
        if (MonteCarloRequestBase.LimitProblem(scenario, issues, ["eum"]) is { } tooMany) return Fail(tooMany);
        if (request.ThreatRecords is { } records) scenario = CrisisService.ApplyThreats(scenario, records, notices);
        ScenarioRun.TrySelectModels("eum", request.EumVariant, out var specs, out _);
        var noise = request.Noise ?? scenario.Noise ?? 0;
        CrisisMonteCarloResult result;
        try
        {
            result = progress.Run("simulate crisis", request.Draws, step =>
                CrisisMonteCarlo.Run(scenario, request.Draws, request.Seed, request.Threads, specs[0].Variant, new CrisisOptions(), step, noise,
                    bins: request.Bins, cancellation: cancellation));
        }
        catch (ArgumentException ex)
        {
            return Fail(Outcome.RequestError("scenario", $"{request.Scenario.FileName}: {ex.Message}"));
        }
        notices.AddRange(result.Diagnostics.Select(d => d.ToString()));
        if (result.Inputs.IsEmpty)
            notices.Add("brink: notice: the scenario has no uncertain inputs, so every draw is the same; give ranges or distributions, or use --noise.");
        return new CrisisSimulateOutcome
        {
            Diagnostics = diagnostics, Notices = notices, Result = result, Title = scenario.Title, Noise = noise,
            Document = CrisisSimulationDocument.From(scenario.Title, request.Scenario.FileName, noise, result),
        };
    }
}
