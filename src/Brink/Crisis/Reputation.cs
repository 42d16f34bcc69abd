namespace Brink.Crisis;

/// <summary>What an observer saw a threatener do in one crisis.</summary>
public enum ThreatObservation
{
    /// <summary>No threat was made.</summary>
    NoThreat,
    /// <summary>A threat was made and the target conceded (resolve never tested).</summary>
    TargetConceded,
    /// <summary>A threat was made, resisted, and carried out.</summary>
    FollowedThrough,
    /// <summary>A threat was made, resisted, and abandoned (a bluff exposed).</summary>
    BackedDown,
}

/// <summary>
/// Reputation for honesty across crises (Sartori 2002, "The might of the pen", IO 56(1); 2005,
/// <i>Deterrence by Diplomacy</i>). A threatener is honest (threatens only when resolved) or
/// strategic (also bluffs, with rate b, when not resolved). In each crisis it is resolved with
/// probability ρ. An honest type that is resolved follows through except for a tremble ε
/// (ε = 0 in the textbook model: one exposed bluff destroys an honest reputation).
/// </summary>
/// <param name="Resolve">ρ: probability the threatener is resolved in a given crisis.</param>
/// <param name="BluffRate">b: probability a strategic, unresolved threatener threatens anyway.</param>
/// <param name="Tremble">ε: probability an honest, resolved threatener still backs down.</param>
public sealed record ReputationModel(double Resolve, double BluffRate, double Tremble = 0)
{
    /// <summary>
    /// Credibility of a threat, κ = Pr(resolved | threat) = ρ/(ρ + (1 − ρ)(1 − μ)b), where μ is the
    /// observer's belief that the threatener is honest (design §4.3; ε = 0).
    /// </summary>
    public double Credibility(double honest)
    {
        CrisisGuard.RequireProbability(honest, nameof(honest));
        var den = Resolve + (1 - Resolve) * (1 - honest) * BluffRate;
        return den <= 0 ? 0 : Resolve / den;
    }

    /// <summary>Pr(observation | type) for the honest (first) and strategic (second) type.</summary>
    public (double Honest, double Strategic) Likelihood(ThreatObservation observation)
    {
        double r = Resolve, b = BluffRate, e = Tremble;
        return observation switch
        {
            // Honest: threatens iff resolved. Strategic: threatens if resolved, else with rate b.
            ThreatObservation.NoThreat => (1 - r, (1 - r) * (1 - b)),
            ThreatObservation.TargetConceded => (r, r + (1 - r) * b),
            // Resisted: resolved types fight (honest ones tremble with ε), unresolved bluffers back down.
            ThreatObservation.FollowedThrough => (r * (1 - e), r),
            ThreatObservation.BackedDown => (r * e, (1 - r) * b),
            _ => throw new ArgumentOutOfRangeException(nameof(observation)),
        };
    }

    /// <summary>Bayes' rule: μ' = μ·L_h / (μ·L_h + (1 − μ)·L_s). If both likelihoods vanish μ is kept.</summary>
    public double Update(double honest, ThreatObservation observation)
    {
        CrisisGuard.RequireProbability(honest, nameof(honest));
        var (lh, ls) = Likelihood(observation);
        var den = honest * lh + (1 - honest) * ls;
        return den <= 0 ? honest : honest * lh / den;
    }

    /// <summary>Applies <see cref="Update(double, ThreatObservation)"/> over a history, oldest first.</summary>
    public double Update(double honest, IEnumerable<ThreatObservation> history)
    {
        foreach (var o in history) honest = Update(honest, o);
        return honest;
    }
}

/// <summary>
/// The empirical twin of <see cref="ReputationModel"/>: a Beta–Bernoulli record of whether an
/// actor's resisted threats were carried out, with exponential forgetting φ ∈ (0, 1]: after each
/// observation y ∈ {0, 1}, α ← α₀ + φ(α − α₀) + y and β ← β₀ + φ(β − β₀) + (1 − y), i.e. past
/// evidence decays towards the prior Beta(α₀, β₀) (φ = 1: ordinary conjugate updating).
/// </summary>
public sealed record FollowThroughRecord(double Alpha, double Beta, double PriorAlpha = 1, double PriorBeta = 1, double Forgetting = 1)
{
    /// <summary>A fresh record at the prior.</summary>
    public static FollowThroughRecord Prior(double alpha = 1, double beta = 1, double forgetting = 1)
    {
        CrisisGuard.RequirePositive(alpha, nameof(alpha));
        CrisisGuard.RequirePositive(beta, nameof(beta));
        if (!(forgetting > 0 && forgetting <= 1)) throw new ArgumentOutOfRangeException(nameof(forgetting), "forgetting must be in (0, 1].");
        return new FollowThroughRecord(alpha, beta, alpha, beta, forgetting);
    }

    /// <summary>Posterior mean follow-through rate α/(α + β).</summary>
    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>Effective number of observations α + β − α₀ − β₀.</summary>
    public double Evidence => Alpha + Beta - PriorAlpha - PriorBeta;

    /// <summary>Adds one resisted threat: followed through (true) or backed down (false).</summary>
    public FollowThroughRecord Observe(bool followedThrough) => this with
    {
        Alpha = PriorAlpha + Forgetting * (Alpha - PriorAlpha) + (followedThrough ? 1 : 0),
        Beta = PriorBeta + Forgetting * (Beta - PriorBeta) + (followedThrough ? 0 : 1),
    };

    /// <summary>Adds counts with no order known (no forgetting between them).</summary>
    public FollowThroughRecord AddCounts(double followed, double backedDown)
    {
        CrisisGuard.RequireNonNegative(followed, nameof(followed));
        CrisisGuard.RequireNonNegative(backedDown, nameof(backedDown));
        return this with { Alpha = Alpha + followed, Beta = Beta + backedDown };
    }
}
