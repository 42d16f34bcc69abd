using Brink.Crisis;
using CsCheck;

namespace Brink.Tests.Crisis;

public sealed class InteractionGameTests
{
    // Order: sq, nego, acq_a, acq_b, cap_a, cap_b, war_a, war_b.
    private static readonly InteractionPayoffs B = InteractionPayoffs.FromList([0, 1, 2, -1, 3, -2, -0.5, 0.5]);
    private static readonly InteractionPayoffs AWarlike = InteractionPayoffs.FromList([0, 1, -1, 2, -2, 3, 1.5, -0.5]);
    private static readonly InteractionPayoffs APeaceful = InteractionPayoffs.FromList([0, 1, -1, 2, -2, 3, 0.5, -0.5]);

    [Fact]
    public void Backward_induction_on_hand_built_payoffs_gives_war_started_by_A()
    {
        // Node 7: B retaliates (−0.5 > −2); node 5: A uses force (1.5 > 1); node 3: B counters (−0.5 > −1);
        // node 1: A demands (1.5 > 1 from node 2, where B demands and A and B then negotiate).
        var s = InteractionGame.BackwardInduction(AWarlike, B);
        Assert.Equal(1, s.Outcomes[InteractionOutcome.WarA], 12);
        Assert.Equal(InteractionOutcome.WarA, s.Modal);
        Assert.Equal(1.5, s.ExpectedUtilityA, 12);
    }

    [Fact]
    public void Backward_induction_on_hand_built_payoffs_gives_negotiation_when_force_pays_less()
    {
        var s = InteractionGame.BackwardInduction(APeaceful, B);
        Assert.Equal(1, s.Outcomes[InteractionOutcome.Negotiation], 12);
    }

    [Fact]
    public void With_lambda_zero_every_move_is_a_coin_flip()
    {
        var s = InteractionGame.QuantalResponse(AWarlike, B, 0);
        Assert.Equal(0.25, s.Outcomes[InteractionOutcome.StatusQuo], 12);
        Assert.Equal(0.25, s.Outcomes[InteractionOutcome.AcquiescenceB], 12);
        Assert.Equal(0.125 + 0.0625, s.Outcomes[InteractionOutcome.Negotiation], 12); // via node 5 and node 6
        Assert.Equal(0.0625, s.Outcomes[InteractionOutcome.WarA], 12);
    }

    [Fact]
    public void Quantal_response_probabilities_sum_to_one() =>
        Gen.Select(Gen.Double[-3, 3].Array[8], Gen.Double[-3, 3].Array[8], Gen.Double[0, 50]).Sample((a, b, lambda) =>
        {
            var s = InteractionGame.QuantalResponse(InteractionPayoffs.FromList(a), InteractionPayoffs.FromList(b), lambda);
            Assert.Equal(1, s.Outcomes.Values.Sum(), 10);
            Assert.All(s.Outcomes.Values, v => Assert.InRange(v, 0, 1));
        }, iter: 300, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void Quantal_response_tends_to_the_backward_induction_outcome_as_lambda_grows()
    {
        var bi = InteractionGame.BackwardInduction(AWarlike, B);
        var previous = 0.0;
        foreach (var lambda in new[] { 1.0, 5, 20, 100 })
        {
            var p = InteractionGame.QuantalResponse(AWarlike, B, lambda).Outcomes[bi.Modal];
            Assert.True(p > previous, $"P(BI outcome) did not grow at λ = {lambda}");
            previous = p;
        }
        Assert.True(previous > 0.999);
    }

    [Fact]
    public void Negative_lambda_is_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => InteractionGame.QuantalResponse(AWarlike, B, -1));
}
