using System.Collections.Immutable;
using System.Globalization;
using Brink.Scenarios;

namespace Brink.Models.Influence;

/// <summary>
/// The social-influence network of one issue (Friedkin &amp; Johnsen 1990, 1999; design §9): a
/// row-stochastic weight matrix W (w_ij ≥ 0, Σ_j w_ij = 1) and susceptibilities Λ = diag(λ_i), λ_i ∈ [0, 1].
/// </summary>
/// <remarks>
/// <para>How a scenario becomes W (our reading, documented in docs/models.md): a relation
/// <c>{from: i, to: j, kind: follows, weight: w}</c> gives follower i an influence weight w_ij = w on
/// leader j (several relations to the same leader add up). The self-weight is the rest of the row,
/// w_ii = 1 − Σ_{j≠i} w_ij. A row whose leader weights sum to more than 1 is divided by its sum
/// (then w_ii = 0), with a warning. An actor with no leader has w_ii = 1.</para>
/// <para>Susceptibility: the actor attribute <c>susceptibility</c> (a number in [0, 1]) when given;
/// otherwise λ_i = 1 − w_ii, the coupling Friedkin &amp; Johnsen (1999, 2011) use
/// when no independent measure exists. The default is reported as a <see cref="ResultWarning"/>
/// (code <see cref="DefaultSusceptibilityCode"/>) naming the followers it was applied to.</para>
/// </remarks>
public sealed record InfluenceNetwork
{
    /// <summary>Relation kind read as a leader–follower tie (from = follower, to = leader).</summary>
    public const string FollowsKind = "follows";

    /// <summary>Actor attribute that sets λ_i.</summary>
    public const string SusceptibilityAttribute = "susceptibility";

    /// <summary>Warning code when λ_i = 1 − w_ii was used for at least one follower.</summary>
    public const string DefaultSusceptibilityCode = "influence-default-susceptibility";

    /// <summary>Actor ids (or names), in the order of the issue's model input.</summary>
    public required ImmutableArray<string> Actors { get; init; }

    /// <summary>W, n×n row-major, row-stochastic.</summary>
    public required ImmutableArray<double> Weights { get; init; }

    /// <summary>λ_i per actor.</summary>
    public required ImmutableArray<double> Susceptibility { get; init; }

    /// <summary>Defaults and repairs applied while building the network (see the remarks).</summary>
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];

    /// <summary>Number of actors n.</summary>
    public int Count => Actors.Length;

    /// <summary>w_ij.</summary>
    public double Weight(int i, int j) => Weights[i * Count + j];

    /// <summary>True when no actor puts weight on another (W = I): the model leaves every position where it is.</summary>
    public bool IsEmpty
    {
        get
        {
            for (var i = 0; i < Count; i++)
                if (Weight(i, i) < 1) return false;
            return true;
        }
    }

    /// <summary>The network without ties: W = I, Λ = 0.</summary>
    public static InfluenceNetwork None(IEnumerable<string> actors)
    {
        var ids = actors.ToImmutableArray();
        var n = ids.Length;
        var w = new double[n * n];
        for (var i = 0; i < n; i++) w[i * n + i] = 1;
        return new InfluenceNetwork { Actors = ids, Weights = [.. w], Susceptibility = [.. new double[n]] };
    }

    /// <summary>
    /// Builds a network from leader weights (leader[i·n + j] = weight follower i puts on leader j, the
    /// diagonal ignored) and optional susceptibilities (null entries: λ_i = 1 − w_ii, reported).
    /// </summary>
    /// <exception cref="ArgumentException">A weight is negative or not finite, or a susceptibility is outside [0, 1].</exception>
    public static InfluenceNetwork Create(IReadOnlyList<string> actors, IReadOnlyList<double> leader, IReadOnlyList<double?>? susceptibility = null, string? issueId = null)
    {
        ArgumentNullException.ThrowIfNull(actors);
        ArgumentNullException.ThrowIfNull(leader);
        var n = actors.Count;
        if (leader.Count != n * n) throw new ArgumentException($"Leader weights must be {n}×{n} (got {leader.Count} values).", nameof(leader));
        if (susceptibility is not null && susceptibility.Count != n)
            throw new ArgumentException($"Susceptibility must have one value per actor ({n}).", nameof(susceptibility));
        var w = new double[n * n];
        var lambda = new double[n];
        var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
        var normalised = new List<string>();
        var defaulted = new List<string>();
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                if (i == j) continue;
                var v = leader[i * n + j];
                if (!double.IsFinite(v) || v < 0)
                    throw new ArgumentException($"Influence weight of '{actors[i]}' on '{actors[j]}' must be a finite number ≥ 0 (got {v.ToString(CultureInfo.InvariantCulture)}).", nameof(leader));
                w[i * n + j] = v;
                sum += v;
            }
            if (sum > 1)
            {
                for (var j = 0; j < n; j++) w[i * n + j] /= sum;
                normalised.Add(actors[i]);
            }
            else w[i * n + i] = 1 - sum;

            if (susceptibility?[i] is { } given)
            {
                if (!(given >= 0 && given <= 1))
                    throw new ArgumentException($"Susceptibility of '{actors[i]}' must be in [0, 1] (got {given.ToString(CultureInfo.InvariantCulture)}).", nameof(susceptibility));
                lambda[i] = given;
            }
            else
            {
                lambda[i] = 1 - w[i * n + i];
                if (lambda[i] > 0) defaulted.Add(actors[i]);
            }
        }
        if (normalised.Count > 0)
            warnings.Add(new ResultWarning("influence-weights-normalised",
                $"The leader weights of {string.Join(", ", normalised)} sum to more than 1; each such row was divided by its sum (self-weight 0).")
            { Actors = [.. normalised], Issue = issueId });
        if (defaulted.Count > 0)
            warnings.Add(new ResultWarning(DefaultSusceptibilityCode,
                $"Susceptibility λ = 1 − self-weight (Friedkin & Johnsen 1999) for {string.Join(", ", defaulted)}: no '{SusceptibilityAttribute}' attribute given.")
            { Actors = [.. defaulted], Issue = issueId });
        return new InfluenceNetwork { Actors = [.. actors], Weights = [.. w], Susceptibility = [.. lambda], Warnings = warnings.ToImmutable() };
    }

    /// <summary>
    /// The network of one issue of a scenario: its actors are those holding a stance on the issue, in
    /// scenario order (the order of <see cref="SpatialIssue.From"/>); ties come from <c>follows</c>
    /// relations between two of them, λ from the <c>susceptibility</c> attribute.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown issue, a negative weight or a susceptibility that is not a number in [0, 1] (the message names the actor).</exception>
    public static InfluenceNetwork From(Scenario scenario, string issueId)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.FindIssue(issueId) is null) throw new ArgumentException($"Unknown issue '{issueId}'.", nameof(issueId));
        var actors = scenario.Actors.Where(a => a.Stances.ContainsKey(issueId)).ToList();
        var n = actors.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++) index[actors[i].Id] = i;
        var leader = new double[n * n];
        var skipped = new List<string>();
        foreach (var r in scenario.Relations.Where(r => string.Equals(r.Kind, FollowsKind, StringComparison.OrdinalIgnoreCase)))
        {
            if (!index.TryGetValue(r.From, out var i) || !index.TryGetValue(r.To, out var j))
            {
                skipped.Add($"{r.From} → {r.To}");
                continue;
            }
            if (i == j) continue;
            if (!double.IsFinite(r.Weight) || r.Weight < 0)
                throw new ArgumentException($"relations: '{r.From}' follows '{r.To}' with weight {r.Weight.ToString(CultureInfo.InvariantCulture)}; an influence weight must be a finite number ≥ 0.", nameof(scenario));
            leader[i * n + j] += r.Weight;
        }
        var lambda = new double?[n];
        for (var i = 0; i < n; i++)
        {
            if (!actors[i].Attributes.TryGetValue(SusceptibilityAttribute, out var text)) continue;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= 0 && v <= 1))
                throw new ArgumentException($"actors[{actors[i].Id}].attributes.{SusceptibilityAttribute}: must be a number in [0, 1] (got '{text}').", nameof(scenario));
            lambda[i] = v;
        }
        var network = Create([.. actors.Select(a => a.Id)], leader, lambda, issueId);
        if (skipped.Count > 0)
            network = network with
            {
                Warnings = network.Warnings.Add(new ResultWarning("influence-relation-skipped",
                    $"{skipped.Count} follows relation(s) name an actor without a stance on issue '{issueId}' and do not apply to it: {string.Join(", ", skipped)}.")
                { Issue = issueId }),
            };
        return network;
    }

    /// <summary>
    /// The scenario in which the named actors break ranks: their <c>follows</c> relations (as followers)
    /// are dropped, so they keep their own positions; everything else is unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">An id that is not an actor of the scenario (the message lists them).</exception>
    public static Scenario BreakRanks(Scenario scenario, IEnumerable<string> actors)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var ids = actors.ToHashSet(StringComparer.Ordinal);
        foreach (var id in ids)
            if (scenario.FindActor(id) is null)
                throw new ArgumentException($"--break-ranks: unknown actor '{id}'; the scenario's actors are: {string.Join(", ", scenario.Actors.Select(a => a.Id))}.", nameof(actors));
        return scenario with
        {
            Relations = [.. scenario.Relations.Where(r => !(ids.Contains(r.From) && string.Equals(r.Kind, FollowsKind, StringComparison.OrdinalIgnoreCase)))],
        };
    }

    /// <summary>The same network with actor <paramref name="actor"/>'s ties to its leaders cut (it "breaks ranks": w_ii = 1, λ_i = 0).</summary>
    public InfluenceNetwork BreakRanks(string actor)
    {
        var i = Actors.IndexOf(actor);
        if (i < 0) throw new ArgumentException($"Unknown actor '{actor}'; the network's actors are: {string.Join(", ", Actors)}.", nameof(actor));
        var n = Count;
        var w = Weights.ToArray();
        for (var j = 0; j < n; j++) w[i * n + j] = i == j ? 1 : 0;
        var lambda = Susceptibility.ToArray();
        lambda[i] = 0;
        return this with { Weights = [.. w], Susceptibility = [.. lambda] };
    }
}
