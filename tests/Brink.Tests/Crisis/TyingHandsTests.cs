using Brink.Crisis;
using CsCheck;

namespace Brink.Tests.Crisis;

public sealed class TyingHandsTests
{
    [Fact]
    public void Semi_separating_equilibrium_computed_by_hand()
    {
        // p = 0.6, c_D = 0.9: q* = 1/1.5; π = 0.3: β* = 0.3·(1/3)/((2/3)·0.7) = 3/14; a = 0.5: σ* = 1/3; P(war) = 0.3·2/3 = 0.2.
        var r = TyingHands.Solve(0.6, 0.9, 0.5, 0.3);
        Assert.Equal(TyingHandsRegime.SemiSeparating, r.Regime);
        Assert.Equal(2.0 / 3, r.QStar, 12);
        Assert.Equal(3.0 / 14, r.Beta, 12);
        Assert.Equal(1.0 / 3, r.Sigma, 12);
        Assert.Equal(0.2, r.ProbabilityWar, 12);
    }

    [Fact]
    public void In_the_semi_separating_regime_the_laws_of_the_equilibrium_hold() =>
        Gen.Select(Gen.Double[0, 1], Gen.Double[0, 2], Gen.Double[0, 5], Gen.Double[0, 1]).Sample((p, cD, a, pi) =>
        {
            var r = TyingHands.Solve(p, cD, a, pi);
            Assert.Equal(1, r.ProbabilityWar + r.ProbabilityTargetConcedes + r.ProbabilityChallengerBacksDown + r.ProbabilityStatusQuo, 10);
            if (r.Regime != TyingHandsRegime.SemiSeparating || pi == 0) return; // with π = 0 no one threatens and the posterior is undefined
            Assert.Equal(1 / (p + cD), r.QStar, 10);
            Assert.Equal(a / (1 + a), r.Sigma, 10);
            Assert.Equal(pi * (1 - r.QStar) / (r.QStar * (1 - pi)), r.Beta, 10);
            // The target's posterior after a threat equals q*, where it is indifferent: −1 = −q*(p + c_D).
            Assert.Equal(r.QStar, r.Posterior, 10);
            Assert.Equal(-1, -r.Posterior * (p + cD), 10);
            // The bluffer is indifferent between threatening (σ·1 − (1 − σ)a) and staying quiet (0).
            Assert.Equal(0, r.Sigma - (1 - r.Sigma) * a, 10);
            Assert.Equal(pi * (1 - r.Sigma), r.ProbabilityWar, 10);
        }, iter: 500, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void When_war_is_no_worse_than_conceding_the_target_always_resists()
    {
        var r = TyingHands.Solve(0.3, 0.5, 1, 0.4); // p + c_D = 0.8 ≤ 1 → q* ≥ 1
        Assert.Equal(TyingHandsRegime.TargetAlwaysResists, r.Regime);
        Assert.Equal(0, r.Beta);
        Assert.Equal(0.4, r.ProbabilityWar, 12);
    }

    [Fact]
    public void When_the_prior_is_above_the_threshold_the_target_concedes_and_there_is_no_war()
    {
        var r = TyingHands.Solve(0.8, 1.2, 1, 0.6); // q* = 0.5 < π
        Assert.Equal(TyingHandsRegime.Pooling, r.Regime);
        Assert.Equal(0, r.ProbabilityWar, 12);
        Assert.Equal(1, r.ProbabilityTargetConcedes, 12);
    }

    [Fact]
    public void Higher_audience_costs_lower_the_probability_of_war()
    {
        var low = TyingHands.Solve(0.6, 0.9, 0.2, 0.3).ProbabilityWar;
        var high = TyingHands.Solve(0.6, 0.9, 2.0, 0.3).ProbabilityWar;
        Assert.True(high < low);
    }
}

public sealed class ReputationTests
{
    private static readonly ReputationModel Model = new(Resolve: 0.4, BluffRate: 0.5, Tremble: 0.1);

    [Fact]
    public void Credibility_matches_the_formula() =>
        // κ = ρ/(ρ + (1 − ρ)(1 − μ)b) = 0.4/(0.4 + 0.6·0.5·0.5) = 0.4/0.55.
        Assert.Equal(0.4 / 0.55, Model.Credibility(0.5), 12);

    [Fact]
    public void A_fully_honest_threatener_is_fully_credible() => Assert.Equal(1, Model.Credibility(1), 12);

    [Theory]
    // Bayes by hand with μ = 0.5, ρ = 0.4, b = 0.5, ε = 0.1.
    [InlineData(ThreatObservation.BackedDown, 0.5 * 0.04 / (0.5 * 0.04 + 0.5 * 0.3))]     // L_h = ρε, L_s = (1 − ρ)b
    [InlineData(ThreatObservation.FollowedThrough, 0.5 * 0.36 / (0.5 * 0.36 + 0.5 * 0.4))] // L_h = ρ(1 − ε), L_s = ρ
    [InlineData(ThreatObservation.TargetConceded, 0.5 * 0.4 / (0.5 * 0.4 + 0.5 * 0.7))]    // L_h = ρ, L_s = ρ + (1 − ρ)b
    [InlineData(ThreatObservation.NoThreat, 0.5 * 0.6 / (0.5 * 0.6 + 0.5 * 0.3))]          // L_h = 1 − ρ, L_s = (1 − ρ)(1 − b)
    public void Updates_match_hand_computed_Bayes(ThreatObservation o, double expected) =>
        Assert.Equal(expected, Model.Update(0.5, o), 12);

    [Fact]
    public void Without_trembles_one_exposed_bluff_destroys_an_honest_reputation() =>
        Assert.Equal(0, new ReputationModel(0.4, 0.5).Update(0.9, ThreatObservation.BackedDown), 12);

    [Fact]
    public void Repeated_back_downs_lower_credibility()
    {
        var mu = Model.Update(0.5, [ThreatObservation.BackedDown, ThreatObservation.BackedDown, ThreatObservation.BackedDown]);
        Assert.True(Model.Credibility(mu) < Model.Credibility(0.5));
    }

    [Fact]
    public void Follow_through_record_with_forgetting_computed_by_hand()
    {
        // φ = 0.5 from Beta(1,1): F → α = 1 + 0 + 1 = 2, β = 1; B → α = 1 + 0.5·1 = 1.5, β = 1 + 0 + 1 = 2.
        var r = FollowThroughRecord.Prior(forgetting: 0.5).Observe(true).Observe(false);
        Assert.Equal(1.5, r.Alpha, 12);
        Assert.Equal(2, r.Beta, 12);
        Assert.Equal(1.5 / 3.5, r.Mean, 12);
    }

    [Fact]
    public void Without_forgetting_the_record_is_the_conjugate_count()
    {
        var r = FollowThroughRecord.Prior().Observe(false).Observe(false).Observe(true);
        Assert.Equal(2, r.Alpha, 12);
        Assert.Equal(3, r.Beta, 12);
        Assert.Equal(3, r.Evidence, 12);
    }
}
