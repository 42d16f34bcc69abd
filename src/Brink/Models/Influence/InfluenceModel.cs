using System.Collections.Immutable;
using Brink.Models.Eum;
using Brink.Scenarios;

namespace Brink.Models.Influence;

/// <summary>One round of the EUM coupled with influence: positions after the EUM moves, then after the influence step.</summary>
public sealed record CoupledRound(int Round, EumRound Eum, ImmutableArray<double> AfterInfluence, Forecast Forecast);

/// <summary>
/// Result of the influence model (design §9). <see cref="FinalPositions"/> are the equilibrium
/// (<c>friedkin-johnsen</c>) or the positions after the last coupled round (<c>eum-*</c>).
/// </summary>
public sealed record InfluenceResult(string Variant, Forecast Forecast, ImmutableArray<double> FinalPositions, InfluenceNetwork Network) : IModelResult
{
    /// <inheritdoc />
    public string Model => InfluenceModel.Name;
    /// <summary>Forecast on the initial positions.</summary>
    public Forecast Initial { get; init; }
    /// <summary>
    /// <c>friedkin-johnsen</c>: positions x(0), x(1), … of eq. 1 until they settle (at most
    /// <see cref="InfluenceModel.MaxSteps"/>), the path to the equilibrium.
    /// </summary>
    public ImmutableArray<ImmutableArray<double>> Steps { get; init; } = [];
    /// <summary><c>eum-*</c>: each EUM round with the influence step that follows it.</summary>
    public ImmutableArray<CoupledRound> Rounds { get; init; } = [];
    /// <inheritdoc />
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}

/// <summary>
/// The leader–follower model (design §9): Friedkin &amp; Johnsen's influence network on its own
/// (variant <c>friedkin-johnsen</c>, the equilibrium x*), or coupled with the expected utility model
/// (variants <c>eum-&lt;EUM variant&gt;</c>): after each EUM round every actor takes one influence step,
/// x_i ← λ_i Σ_j w_ij x_j + (1 − λ_i) x_i, anchored at its own post-round position, so that with no
/// ties the run is exactly the EUM's.
/// </summary>
public static class InfluenceModel
{
    /// <summary>Model name (contract).</summary>
    public const string Name = "influence";

    /// <summary>The stand-alone variant.</summary>
    public const string Standalone = "friedkin-johnsen";

    /// <summary>Prefix of the coupled variants, followed by the EUM variant's name.</summary>
    public const string CoupledPrefix = "eum-";

    /// <summary>Most steps of eq. 1 kept in the trace (and iterated when there is no closed form).</summary>
    public const int MaxSteps = 1000;

    /// <summary>The variants, default first: stand-alone, then one coupled variant per EUM variant.</summary>
    public static IReadOnlyList<(string Variant, string Description)> Variants { get; } =
    [
        (Standalone, "Friedkin & Johnsen equilibrium x* = (I − ΛW)⁻¹(I − Λ)x(0): followers pulled toward their leaders, weights from `follows` relations."),
        .. EumVariant.All.Select(v => (CoupledPrefix + v.Name,
            $"The EUM ({v.Name}) with one Friedkin–Johnsen influence step after each round: followers move toward their leaders between rounds.")),
    ];

    /// <summary>Runs a variant on one issue of a scenario (network from its relations).</summary>
    public static InfluenceResult Run(Scenario scenario, string issueId, string variant, ModelOptions options)
    {
        var input = SpatialIssue.From(scenario, issueId);
        return Run(input, InfluenceNetwork.From(scenario, issueId), variant, options);
    }

    /// <summary>Runs a variant on an input with its network (actors in the same order).</summary>
    /// <exception cref="ArgumentException">Invalid input or options, unknown variant, or a network of another size.</exception>
    public static InfluenceResult Run(SpatialIssue input, InfluenceNetwork network, string variant, ModelOptions options)
    {
        ModelInput.Validate(input);
        ModelInput.Validate(options);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(variant);
        if (network.Count != input.Count)
            throw new ArgumentException($"Issue '{input.IssueId}': the influence network has {network.Count} actors, the issue {input.Count}.", nameof(network));
        if (string.Equals(variant, Standalone, StringComparison.OrdinalIgnoreCase)) return RunStandalone(input, network);
        if (variant.StartsWith(CoupledPrefix, StringComparison.OrdinalIgnoreCase) && EumVariant.Find(variant[CoupledPrefix.Length..]) is { } eum)
            return RunCoupled(input, network, eum, options);
        throw new ArgumentException($"Unknown variant '{variant}' of model '{Name}'. Valid variants: {string.Join(", ", Variants.Select(v => v.Variant))}.", nameof(variant));
    }

    private static InfluenceResult RunStandalone(SpatialIssue input, InfluenceNetwork network)
    {
        var x0 = input.Position.AsSpan();
        var warnings = network.Warnings.ToBuilder();
        var steps = ImmutableArray.CreateBuilder<ImmutableArray<double>>();
        steps.Add([.. x0]);
        var tol = 1e-9 * Math.Max(1, input.ScaleMax - input.ScaleMin);
        var x = x0.ToArray();
        var settled = false;
        for (var t = 1; t <= MaxSteps; t++)
        {
            var next = FriedkinJohnsen.Step(network, x, x0);
            var moved = 0.0;
            for (var i = 0; i < next.Length; i++) moved = Math.Max(moved, Math.Abs(next[i] - x[i]));
            x = next;
            steps.Add([.. x]);
            if (moved <= tol) { settled = true; break; }
        }
        var final = FriedkinJohnsen.FixedPoint(network, x0);
        if (final is null)
        {
            final = x;
            warnings.Add(new ResultWarning("influence-no-unique-equilibrium",
                settled
                    ? $"I − ΛW is singular on issue '{input.IssueId}' (a closed group of fully susceptible actors): no closed-form equilibrium; the forecast is where eq. 1 iterated from x(0) settled ({steps.Count - 1} steps)."
                    : $"I − ΛW is singular on issue '{input.IssueId}' and eq. 1 did not settle in {MaxSteps} steps: the forecast is the position after {MaxSteps} steps.")
            { Issue = input.IssueId });
        }
        return new InfluenceResult(Standalone, ForecastOf(input, final), [.. final], network)
        {
            Initial = ForecastOf(input, x0.ToArray()),
            Steps = steps.ToImmutable(),
            Warnings = warnings.ToImmutable(),
        };
    }

    private static InfluenceResult RunCoupled(SpatialIssue input, InfluenceNetwork network, EumVariant variant, ModelOptions options)
    {
        var n = input.Count;
        var engine = new EumEngine();
        var delta = input.Position.Max() - input.Position.Min(); // Δ of the initial positions, as in every EUM round
        var current = input.Position.ToArray();
        var rounds = ImmutableArray.CreateBuilder<CoupledRound>(options.Rounds);
        for (var round = 1; round <= options.Rounds; round++)
        {
            var eum = engine.RunRound(input, current, delta, options, variant, round);
            var afterEum = new double[n];
            for (var a = 0; a < n; a++) afterEum[a] = eum.Actors[a].End;
            var after = FriedkinJohnsen.Step(network, afterEum, afterEum);
            var moved = 0.0;
            for (var a = 0; a < n; a++) moved = Math.Max(moved, Math.Abs(after[a] - current[a]));
            current = after;
            rounds.Add(new CoupledRound(round, options.FullTrace ? eum : eum with { EuIJ = [], EuJI = [] }, [.. after], ForecastOf(input, after)));
            if (options.ConvergenceTolerance is { } tol && moved <= tol) break;
        }
        var initial = ForecastOf(input, input.Position.ToArray());
        return new InfluenceResult(CoupledPrefix + variant.Name, rounds.Count > 0 ? rounds[^1].Forecast : initial, [.. current], network)
        {
            Initial = initial,
            Rounds = rounds.ToImmutable(),
            Warnings = network.Warnings,
        };
    }

    /// <summary>Weighted mean and median of positions with weights c·s (as the EUM reports its forecast).</summary>
    internal static Forecast ForecastOf(SpatialIssue input, double[] positions) => new(
        Baselines.WeightedMean(positions, input.Capability.AsSpan(), input.Salience.AsSpan()),
        Baselines.WeightedMedian(positions, input.Capability.AsSpan(), input.Salience.AsSpan()));
}
