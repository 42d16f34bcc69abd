using System.Collections.Immutable;

namespace Brink.Crisis;

/// <summary>Which EUM dyads are handed to the crisis model.</summary>
public enum DyadSelection
{
    /// <summary>Dyads that end in conflict in either perspective, or whose two perspectives disagree (design §4.3).</summary>
    ConflictOrDisagreement,
    /// <summary>Every dyad (for exploration).</summary>
    All,
}

/// <summary>Which EUM round's quadrant chart decides how a dyad is read.</summary>
public enum DyadRound
{
    /// <summary>Round 1: the dyads as they stand at the scenario's as-of date, before anyone has moved (Bueno de Mesquita 1994 reads conflicts off this chart).</summary>
    First,
    /// <summary>The last round: how the dyads stand once the EUM's moves have played out.</summary>
    Last,
}

/// <summary>
/// Settings of the crisis analysis of a scenario (docs/crisis.md lists how each maps). Defaults are
/// stated assumptions, not estimates: they are used only where the scenario is silent.
/// </summary>
public sealed record CrisisOptions
{
    /// <summary>War cost (share of the good) for actors without <c>war_cost</c>.</summary>
    public double DefaultWarCost { get; init; } = 0.1;
    /// <summary>Resolve (probability of being willing to fight) for actors without <c>resolve</c>.</summary>
    public double DefaultResolve { get; init; } = 0.5;
    /// <summary>Audience cost for actors without <c>audience_cost</c>.</summary>
    public double DefaultAudienceCost { get; init; }
    /// <summary>A proposer's uncertainty about the target's war cost: uniform on [0, k·ĉ] with ĉ its estimate (k = 2 centres it on ĉ).</summary>
    public double CostSpread { get; init; } = 2.0;
    /// <summary>δ for the shifting-power check.</summary>
    public double Discount { get; init; } = 0.9;
    /// <summary>Relation kinds (case-insensitive) whose members pool capability in a war.</summary>
    public ImmutableHashSet<string> AllianceKinds { get; init; } = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "alliance", "ally", "allies", "allied");
    /// <summary>Issues whose good cannot be divided (only all or nothing); scenario metadata <c>crisis.indivisible</c> adds to these.</summary>
    public ImmutableHashSet<string> IndivisibleIssues { get; init; } = ImmutableHashSet<string>.Empty;
    /// <summary>Prior that a threatener is honest, for actors without <c>honest_prior</c>.</summary>
    public double HonestPrior { get; init; } = 0.5;
    /// <summary>Bluff rate b of a strategic unresolved threatener (reputation model).</summary>
    public double BluffRate { get; init; } = 0.5;
    /// <summary>Tremble ε of honest types in the reputation model.</summary>
    public double Tremble { get; init; } = 0.05;
    /// <summary>Forgetting factor φ of the follow-through record.</summary>
    public double Forgetting { get; init; } = 0.9;
    /// <summary>Which EUM round decides whether a dyad is in conflict (default: round 1, the crisis as it stands).</summary>
    public DyadRound DyadRound { get; init; } = DyadRound.First;
    /// <summary>Which dyads are analysed.</summary>
    public DyadSelection Selection { get; init; } = DyadSelection.ConflictOrDisagreement;

    /// <summary>Problems with the options (empty when valid).</summary>
    public IReadOnlyList<string> Validate() => CrisisGuard.Check(
        CrisisGuard.NonNegative("default war cost", DefaultWarCost),
        CrisisGuard.Probability("default resolve", DefaultResolve),
        CrisisGuard.NonNegative("default audience cost", DefaultAudienceCost),
        CrisisGuard.Positive("cost spread", CostSpread),
        CrisisGuard.Probability("discount", Discount),
        CrisisGuard.Probability("honest prior", HonestPrior),
        CrisisGuard.Probability("bluff rate", BluffRate),
        CrisisGuard.Probability("tremble", Tremble),
        Forgetting is > 0 and <= 1 ? null : "forgetting must be in (0, 1].");
}
