namespace Brink.Models.Eum;

/// <summary>How the EUM turns votes into the probability that x_i beats x_j (design §4.2).</summary>
public enum EumProbabilityRule
{
    /// <summary>
    /// The replication that reproduces Scholz, Calbert &amp; Smith (2011): votes
    /// c_k s_k [(|x_k−x_j|/Δ)^{r_k} − (|x_k−x_i|/Δ)^{r_k}], positive part summed, divided by one
    /// normaliser, the sum of |votes| over all voters and all ordered pairs of actors.
    /// </summary>
    GlobalPowered,

    /// <summary>
    /// Bueno de Mesquita (1994) as printed: linear votes c_k s_k (|x_k−x_j| − |x_k−x_i|), positive
    /// part over the sum of |votes| of the same dyad, so P_ij + P_ji = 1.
    /// </summary>
    PerDyadLinear,

    /// <summary>
    /// Reading used by another replication (dmasad): the signed sum of the linear votes of the dyad,
    /// clipped at 0, over the sum of their absolute values.
    /// </summary>
    SignedSumLinear,
}

/// <summary>Which offer an actor accepts when several are on the table.</summary>
public enum EumOfferChoice
{
    /// <summary>
    /// The Scholz replication: a lost conflict first (nearest proposer), then the compromise with the
    /// smallest (|e_ij|·x_i + |e_ji|·x_j)/(|e_ij| + |e_ji|), then a capitulation (nearest proposer).
    /// </summary>
    ScholzPriority,

    /// <summary>Bueno de Mesquita (1994): the offer that changes the receiver's position the least.</summary>
    LeastChange,
}

/// <summary>
/// A named EUM variant: the probability reading, the offer choice and whether capitulation offers are
/// recognised. Offers whose keys agree to within <see cref="EumTolerances.TieScale"/> are tied: the
/// lower target position wins, then the proposer listed first (the replication takes the first listed).
/// </summary>
public sealed record EumVariant(string Name, EumProbabilityRule Probability, EumOfferChoice OfferChoice, bool Capitulation, string Description)
{
    /// <summary>
    /// Actors closer than this fraction of Δ count as one position and make each other no offers (and
    /// their dyad reads as status quo). <see cref="ScholzCode"/> follows the replication's exact equality
    /// of positions (<see cref="EumTolerances.RoundingEquality"/>: equal up to rounding only); the other
    /// variants use Brink's resolution <see cref="EumTolerances.PositionResolution"/>.
    /// </summary>
    public double PositionResolution { get; init; } = EumTolerances.PositionResolution;

    /// <summary>The code that reproduces Scholz, Calbert &amp; Smith (2011), including its capitulation test that never fires.</summary>
    public static EumVariant ScholzCode { get; } = new("scholz-code", EumProbabilityRule.GlobalPowered, EumOfferChoice.ScholzPriority, false,
        "Replication that reproduces Scholz, Calbert & Smith (2011): global vote normaliser with r-powered votes, conflict-compromise priority, capitulation never fires.")
    {
        // The replication compares positions with ==, so two actors 1e-9 apart still make offers.
        PositionResolution = EumTolerances.RoundingEquality,
    };

    /// <summary>As <see cref="ScholzCode"/> with the capitulation test corrected (e_ij &lt; 0 &lt; e_ji, |e_ij| &gt; e_ji).</summary>
    public static EumVariant ScholzCodeFixed { get; } = new("scholz-code-fixed", EumProbabilityRule.GlobalPowered, EumOfferChoice.ScholzPriority, true,
        "scholz-code with the capitulation test corrected: an actor with no conflict or compromise offer capitulates to the nearest proposer that makes one.");

    /// <summary>The formulas as printed by Bueno de Mesquita (1994): per-dyad probability, least-change offer choice.</summary>
    public static EumVariant Paper { get; } = new("paper", EumProbabilityRule.PerDyadLinear, EumOfferChoice.LeastChange, true,
        "Bueno de Mesquita (1994) as printed: per-dyad probability with linear votes (P_ij + P_ji = 1), the offer that changes the position least.");

    /// <summary>The variants <see cref="ModelCatalog"/> lists, default first.</summary>
    public static IReadOnlyList<EumVariant> All { get; } = [ScholzCode, ScholzCodeFixed, Paper];

    /// <summary>Finds a listed variant by name (case-insensitive); null if unknown.</summary>
    public static EumVariant? Find(string name) =>
        All.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}
