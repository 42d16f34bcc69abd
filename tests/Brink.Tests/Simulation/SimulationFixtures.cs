using System.Collections.Immutable;
using Brink.Models;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Tests.Simulation;

/// <summary>Scenarios and models built in code for the simulation tests.</summary>
internal static class SimulationFixtures
{
    public static Actor Actor(string id, double capability, double position, double salience, string issue = "i") => new()
    {
        Id = id,
        Capability = capability,
        Stances = ImmutableDictionary<string, Stance>.Empty.Add(issue, new Stance(position, salience)),
    };

    public static ParameterRef Pos(string actor) => new(actor, ActorParameter.Position, "i");
    public static ParameterRef Sal(string actor) => new(actor, ActorParameter.Salience, "i");
    public static ParameterRef Cap(string actor) => new(actor, ActorParameter.Capability);

    /// <summary>Five actors on a 0–100 scale; three positions and one salience uncertain, two of them rank-correlated.</summary>
    public static Scenario Uncertain() => new()
    {
        Title = "test",
        Issues = [new Issue { Id = "i", Min = 0, Max = 100 }],
        Actors = [Actor("a", 1.0, 10, 0.9), Actor("b", 0.5, 40, 0.6), Actor("c", 0.8, 70, 0.5), Actor("d", 0.3, 90, 1.0), Actor("e", 0.6, 55, 0.3)],
        Uncertain =
        [
            new UncertainInput(Pos("a"), new UniformDistribution(0, 30)),
            new UncertainInput(Pos("c"), new TriangularDistribution(50, 70, 100)),
            new UncertainInput(Pos("d"), new TruncatedNormalDistribution(90, 10, 60, 100)),
            new UncertainInput(Sal("e"), new BetaDistribution(2, 3)),
        ],
        Correlations = [new InputCorrelation(Pos("a"), Pos("c"), 0.6)],
    };

    /// <summary>
    /// A model with dyads for tests while the EUM is elsewhere: forecast = compromise; dyad (i, j) is
    /// conflict when |x_i − x_j| &gt; 50, compromise when &gt; 25, capitulation when &gt; 10, else status quo.
    /// </summary>
    public static IIssueModel DyadModel { get; } = IssueModels.FromFunction("dyad-test", "v", issue =>
    {
        var n = issue.Count;
        var dyads = new DyadOutcome[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var d = Math.Abs(issue.Position[i] - issue.Position[j]);
                dyads[i * n + j] = d > 50 ? DyadOutcome.Conflict : d > 25 ? DyadOutcome.Compromise : d > 10 ? DyadOutcome.Capitulation : DyadOutcome.StatusQuo;
            }
        var f = new Forecast(Baselines.WeightedMean(issue.Position.AsSpan(), issue.Capability.AsSpan(), issue.Salience.AsSpan()),
            Baselines.WeightedMedian(issue.Position.AsSpan(), issue.Capability.AsSpan(), issue.Salience.AsSpan()));
        return new EumResult("v", [], f, issue.Position) { Dyads = [.. dyads] };
    }, hasDyads: true);
}
