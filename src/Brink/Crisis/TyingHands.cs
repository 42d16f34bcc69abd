namespace Brink.Crisis;

/// <summary>Which equilibrium the tying-hands game is in.</summary>
public enum TyingHandsRegime
{
    /// <summary>π &lt; q* &lt; 1: bluffers threaten with β*, the target concedes with σ* (the interesting case).</summary>
    SemiSeparating,
    /// <summary>π ≥ q*: the prior alone makes the target concede; every type threatens.</summary>
    Pooling,
    /// <summary>q* ≥ 1 (p + c_D ≤ 1): the target prefers war to conceding and always resists; bluffers stay quiet.</summary>
    TargetAlwaysResists,
}

/// <summary>
/// Equilibrium of the tying-hands crisis game: the target's threshold belief q*, the bluff rate β,
/// the target's concession probability σ, the target's posterior after a threat, and the outcome
/// probabilities (they sum to one).
/// </summary>
public sealed record TyingHandsResult(
    TyingHandsRegime Regime, double QStar, double Beta, double Sigma, double Posterior,
    double ProbabilityWar, double ProbabilityTargetConcedes, double ProbabilityChallengerBacksDown, double ProbabilityStatusQuo)
{
    /// <summary>Probability that a public threat is made: π + (1 − π)β.</summary>
    public double ProbabilityThreat { get; init; }
}

/// <summary>
/// Audience costs and tying hands (Fearon 1994, "Domestic political audiences and the escalation of
/// international disputes", APSR 88(3); Fearon 1997, "Signaling foreign policy interests", JCR 41(1)).
/// A challenger is resolved with prior π (it fights if resisted) or a bluffer. It may issue a public
/// threat; the target D concedes (losing the good, −1) or resists. A resisted resolved challenger
/// fights: D gets −(p + c_D), with p the challenger's chance of winning. A resisted bluffer backs
/// down and pays the audience cost a. D resists iff its belief q &lt; q* = 1/(p + c_D); the bluffer
/// threatens with β* = π(1 − q*)/(q*(1 − π)) so that D's posterior is q*; D concedes with
/// σ* = a/(1 + a) so that the bluffer is indifferent (σ·1 − (1 − σ)a = 0); P(war) = π(1 − σ*).
/// </summary>
public static class TyingHands
{
    /// <summary>q* = 1/(p + c_D): the belief at which D is indifferent between conceding and resisting.</summary>
    public static double ThresholdBelief(double p, double costD) => 1 / (p + costD);

    /// <summary>σ* = a/(1 + a): D's concession probability that makes a bluffer indifferent.</summary>
    public static double ConcessionProbability(double audienceCost) => audienceCost / (1 + audienceCost);

    /// <summary>β* = π(1 − q*)/(q*(1 − π)): the bluff rate that makes D's posterior equal to q*.</summary>
    public static double BluffRate(double prior, double qStar) => prior * (1 - qStar) / (qStar * (1 - prior));

    /// <summary>D's posterior that a threat is real: π/(π + (1 − π)β) (Bayes' rule).</summary>
    public static double Posterior(double prior, double beta) => prior + (1 - prior) * beta <= 0 ? prior : prior / (prior + (1 - prior) * beta);

    /// <summary>Solves the game.</summary>
    /// <param name="p">Challenger's probability of winning a war, in [0,1].</param>
    /// <param name="costD">Target's cost of war, ≥ 0.</param>
    /// <param name="audienceCost">Challenger's audience cost a, ≥ 0.</param>
    /// <param name="priorResolved">π, the prior that the challenger is resolved, in [0,1].</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter out of range.</exception>
    public static TyingHandsResult Solve(double p, double costD, double audienceCost, double priorResolved)
    {
        CrisisGuard.RequireProbability(p, nameof(p));
        CrisisGuard.RequireNonNegative(costD, nameof(costD));
        CrisisGuard.RequireNonNegative(audienceCost, nameof(audienceCost));
        CrisisGuard.RequireProbability(priorResolved, nameof(priorResolved));
        var pi = priorResolved;
        var qStar = p + costD > 0 ? ThresholdBelief(p, costD) : double.PositiveInfinity;

        TyingHandsRegime regime;
        double beta, sigma;
        if (qStar >= 1)
        {
            // Resisting beats conceding even against a sure-resolved challenger: bluffing only costs a.
            regime = TyingHandsRegime.TargetAlwaysResists;
            beta = 0; sigma = 0;
        }
        else if (pi >= qStar)
        {
            // The prior is already at or above q*: D concedes (indifferent at equality, we take concede), all bluff.
            regime = TyingHandsRegime.Pooling;
            beta = 1; sigma = 1;
        }
        else
        {
            regime = TyingHandsRegime.SemiSeparating;
            beta = BluffRate(pi, qStar);
            sigma = ConcessionProbability(audienceCost);
        }
        var posterior = Posterior(pi, beta);
        var threat = pi + (1 - pi) * beta;
        var war = pi * (1 - sigma);
        var concede = threat * sigma;
        var backDown = (1 - pi) * beta * (1 - sigma);
        var statusQuo = (1 - pi) * (1 - beta);
        return new TyingHandsResult(regime, qStar, beta, sigma, posterior, war, concede, backDown, statusQuo) { ProbabilityThreat = threat };
    }
}
