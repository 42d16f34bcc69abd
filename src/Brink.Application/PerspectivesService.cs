using System.Text.Json.Serialization;
using Brink.Models;
using Brink.Models.Eum;
using Brink.Models.Perspectives;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// <c>brink run FILE --perspectives</c> / <c>POST /api/run?perspectives=true</c>: the EUM from each actor's own view (its beliefs
/// about the others; Bueno de Mesquita's perceptual analysis, <see cref="EumPerspectives"/>), on every issue or one.
/// </summary>
public sealed record PerspectivesRequest
{
    /// <summary>EUM variant of the perspectives unless <see cref="Variant"/> says otherwise: the one the crisis hand-off uses.</summary>
    public const string DefaultVariant = ModelRegistry.CrisisDefaultEumVariant;

    public required ScenarioSource Scenario { get; init; }
    /// <summary>EUM variant; null = <see cref="DefaultVariant"/>.</summary>
    public string? Variant { get; init; }
    public int Rounds { get; init; } = new ModelOptions().Rounds;
    public string? Issue { get; init; }

    /// <summary>Checks the options (not the scenario, which loads with its own diagnostics).</summary>
    public IReadOnlyList<Diagnostic> Validate()
    {
        var problems = new List<Diagnostic>();
        if (Rounds is < 0 or > ModelRegistry.MaxRounds)
            problems.Add(Outcome.RequestError("rounds", $"--rounds must be between 0 and {ModelRegistry.MaxRounds}, got {Rounds}"));
        if (Variant is not null && EumVariant.Find(Variant) is null)
            problems.Add(Outcome.RequestError("variant",
                $"unknown EUM variant '{Variant}' for --perspectives; valid variants: {string.Join(", ", EumVariant.All.Select(x => x.Name))}"));
        return problems;
    }
}

/// <summary>Every issue's perspectives and their JSON document (exactly what <c>brink run --perspectives --format json</c> prints).</summary>
public sealed record PerspectivesOutcome : Outcome
{
    public Scenario? Scenario { get; init; }
    public EumVariant? Variant { get; init; }
    public IReadOnlyList<IssuePerspectives> Issues { get; init; } = [];
    public PerspectivesDocument? Document { get; init; }
}

/// <summary>
/// The JSON document of the perceptual analysis: per issue the true-inputs forecast, each actor's expected forecast with its gap
/// (this − truth) and the beliefs that changed its view, the colliding dyads (each side, in its own view, expects to challenge the
/// other and win, round 1), and the beliefs the EUM cannot use.
/// </summary>
public sealed record PerspectivesDocument(string Scenario, string Model, string Variant, IReadOnlyList<PerspectivesDocument.IssueDoc> Issues)
{
    /// <summary>One issue's analysis.</summary>
    /// <param name="Warnings">
    /// The warnings of the true-inputs run and of each view (a view's own prefixed with whose view it is); left out of the JSON when
    /// there are none, so documents without warnings read as before.
    /// </param>
    public sealed record IssueDoc(string Issue, RunDocument.ForecastDoc Truth, IReadOnlyList<PerspectiveDoc> Perspectives, IReadOnlyList<CollisionDoc> Collisions,
        IReadOnlyList<UnusedBeliefDoc> UnusedBeliefs)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<WarningDoc>? Warnings { get; init; }
    }

    /// <summary>One actor's view: the forecast it expects and the gap to the true-inputs forecast.</summary>
    public sealed record PerspectiveDoc(string Holder, double Mean, double Median, double GapMean, double GapMedian, IReadOnlyList<BeliefDoc> Beliefs);

    /// <summary>A belief of the holder that changed an input of this issue.</summary>
    public sealed record BeliefDoc(string About, string Parameter, double Value, string? Note);

    /// <summary>
    /// A colliding dyad: <c>eu_a</c> = E^a(U_ab) &gt; <c>eu_a_of_b</c> = E^a(U_ba) in a's view, and <c>eu_b</c> = E^b(U_ba) &gt;
    /// <c>eu_b_of_a</c> = E^b(U_ab) in b's.
    /// </summary>
    public sealed record CollisionDoc(string A, string B, double EuA, double EuAOfB, double EuB, double EuBOfA);

    /// <summary>A belief the EUM cannot use on this issue (a crisis parameter, or about an actor not on the issue).</summary>
    public sealed record UnusedBeliefDoc(string Holder, string About, string Parameter, string? Issue);

    public static PerspectivesDocument From(Scenario scenario, EumVariant variant, IEnumerable<IssuePerspectives> issues)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(variant);
        return new(scenario.Title, "eum", variant.Name, [.. issues.Select(Issue)]);
    }

    /// <summary>A belief's parameter as the document names it (lower-case).</summary>
    public static string ParameterName(ActorParameter parameter) => parameter.ToString().ToLowerInvariant();

    private static IssueDoc Issue(IssuePerspectives r) => new(
        r.IssueId,
        new RunDocument.ForecastDoc(r.Truth.Forecast.Mean, r.Truth.Forecast.Median),
        [.. r.Perspectives.Select(p => new PerspectiveDoc(p.Holder, p.Result.Forecast.Mean, p.Result.Forecast.Median, p.Gap.Mean, p.Gap.Median,
            [.. p.Beliefs.Select(b => new BeliefDoc(b.About.ActorId, ParameterName(b.About.Parameter), b.Value, b.Note))]))],
        [.. r.Collisions.Select(c => new CollisionDoc(c.A, c.B, c.EuA, c.EuAOfB, c.EuB, c.EuBOfA))],
        [.. r.Unused.Select(b => new UnusedBeliefDoc(b.Holder, b.About.ActorId, ParameterName(b.About.Parameter), b.About.IssueId))])
    {
        Warnings = Warnings(r) is { Count: > 0 } w ? w : null,
    };

    /// <summary>The true-inputs run's warnings, then those of each view that the true-inputs run does not have.</summary>
    public static IReadOnlyList<WarningDoc> Warnings(IssuePerspectives r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var truth = WarningDoc.From(r.Truth);
        var seen = truth.Select(w => (w.Code, w.Message)).ToHashSet();
        var all = truth.ToList();
        foreach (var p in r.Perspectives.Where(p => !ReferenceEquals(p.Result, r.Truth)))
            foreach (var w in WarningDoc.From(p.Result).Where(w => seen.Add((w.Code, w.Message))))
                all.Add(w with { Message = $"in {p.Holder}'s view: {w.Message}" });
        return all;
    }
}

public static class PerspectivesService
{
    public static PerspectivesOutcome Run(PerspectivesRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0) return new PerspectivesOutcome { Diagnostics = problems };
        var variant = EumVariant.Find(request.Variant ?? PerspectivesRequest.DefaultVariant)!;
        var load = ScenarioInputs.Load(request.Scenario, request.Issue);
        if (!load.Ok) return new PerspectivesOutcome { Diagnostics = load.Diagnostics, Notices = load.Notices };
        var scenario = load.Scenario!;
        var file = request.Scenario.FileName;
        if (!ScenarioRun.TrySelectIssues(scenario, request.Issue, out var issues, out var issueError))
            return Fail(load, "issue", $"{file}: {issueError}");
        var results = new List<IssuePerspectives>(issues.Length);
        try
        {
            foreach (var issue in issues)
            {
                cancellation.ThrowIfCancellationRequested();
                results.Add(EumPerspectives.Run(scenario, issue.Id, variant, new ModelOptions { Rounds = request.Rounds }));
            }
        }
        catch (ArgumentException ex)
        {
            return Fail(load, "", $"{file}: {ex.Message}");
        }
        return new PerspectivesOutcome
        {
            Diagnostics = load.Diagnostics, Notices = load.Notices, Scenario = scenario, Variant = variant, Issues = results,
            Document = PerspectivesDocument.From(scenario, variant, results),
        };
    }

    private static PerspectivesOutcome Fail(ScenarioLoad load, string field, string message) =>
        new() { Diagnostics = [.. load.Diagnostics, Outcome.RequestError(field, message)], Notices = load.Notices };
}
