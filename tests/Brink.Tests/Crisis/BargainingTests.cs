using Brink.Crisis;
using CsCheck;
using MathNet.Numerics.Distributions;

namespace Brink.Tests.Crisis;

public sealed class BargainingTests
{
    public sealed class Range
    {
        [Fact]
        public void Given_p_and_costs_then_the_range_is_p_minus_cA_to_p_plus_cB()
        {
            var r = FearonBargaining.Range(0.6, 0.1, 0.2);
            Assert.Equal(0.5, r.Low, 12);
            Assert.Equal(0.8, r.High, 12);
            Assert.Equal(0.3, r.Width, 12);
        }

        [Fact]
        public void Given_p_outside_0_1_then_it_throws_naming_p()
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => FearonBargaining.Range(1.2, 0.1, 0.1));
            Assert.Equal("p", ex.ParamName);
        }

        [Fact]
        public void Given_a_negative_cost_then_it_throws() =>
            Assert.Throws<ArgumentOutOfRangeException>(() => FearonBargaining.Range(0.5, -0.1, 0.1));
    }

    public sealed class UniformPrivateCost
    {
        // Fearon (1995): x* = p + (c̄ − c_A)/2 and P(war) = (c̄ − c_A)/(2c̄) when the clamps do not bind.
        [Theory]
        [InlineData(0.4, 0.1, 0.5)]
        [InlineData(0.3, 0.05, 0.3)]
        [InlineData(0.5, 0.0, 0.8)]
        public void Interior_demand_and_war_probability_follow_the_closed_form(double p, double cA, double cBar)
        {
            var s = FearonBargaining.UniformPrivateCost(p, cA, cBar);
            Assert.Equal(p + (cBar - cA) / 2, s.Demand, 12);
            Assert.Equal((cBar - cA) / (2 * cBar), s.ProbabilityWar, 12);
        }

        [Fact]
        public void When_A_costs_exceed_the_highest_B_cost_then_A_demands_p_and_there_is_no_war()
        {
            var s = FearonBargaining.UniformPrivateCost(0.5, 0.4, 0.3);
            Assert.Equal(0.5, s.Demand, 12);
            Assert.Equal(0, s.ProbabilityWar, 12);
        }

        [Fact]
        public void When_the_interior_demand_exceeds_the_whole_good_then_it_is_clamped_to_1()
        {
            // p + (c̄ − c_A)/2 = 0.9 + 0.2 > 1: demand 1, B rejects iff c_B < 0.1.
            var s = FearonBargaining.UniformPrivateCost(0.9, 0.1, 0.5);
            Assert.Equal(1, s.Demand, 12);
            Assert.Equal(0.1 / 0.5, s.ProbabilityWar, 12);
        }

        [Fact]
        public void The_numeric_optimiser_agrees_with_the_closed_form() =>
            Gen.Select(Gen.Double[0, 1], Gen.Double[0, 0.5], Gen.Double[0.05, 1]).Sample((p, cA, cBar) =>
            {
                var closed = FearonBargaining.UniformPrivateCost(p, cA, cBar);
                var numeric = FearonBargaining.PrivateCost(p, cA, new ContinuousUniform(0, cBar));
                Assert.Equal(closed.ExpectedUtility, numeric.ExpectedUtility, tolerance: 1e-9);
                Assert.Equal(closed.Demand, numeric.Demand, tolerance: 1e-4);
                Assert.Equal(closed.ProbabilityWar, numeric.ProbabilityWar, tolerance: 1e-3);
            }, iter: 200, seed: "0N0XIzNsQ0O2");
    }

    public sealed class PrivateCost
    {
        [Fact]
        public void With_an_exponential_cost_the_demand_maximises_expected_utility()
        {
            var dist = new Exponential(1 / 0.2); // mean 0.2
            var s = FearonBargaining.PrivateCost(0.4, 0.05, dist);
            double Eu(double x) { var f = dist.CumulativeDistribution(x - 0.4); return x * (1 - f) + f * (0.4 - 0.05); }
            for (var x = 0.4; x <= 1; x += 0.001) Assert.True(Eu(x) <= s.ExpectedUtility + 1e-9, $"EU({x}) beats the optimum");
            // First-order condition for the exponential: 1 − λ(x − p + c_A) = 0 → x = p + 1/λ − c_A.
            Assert.Equal(0.4 + 0.2 - 0.05, s.Demand, 4);
        }
    }

    public sealed class PrivateCapability
    {
        [Fact]
        public void With_almost_known_power_the_demand_approaches_the_top_of_the_range()
        {
            var s = FearonBargaining.PrivateCapability(new ContinuousUniform(0.499, 0.501), 0.1, 0.1);
            Assert.InRange(s.Demand, 0.598, 0.601);
            Assert.True(s.ProbabilityWar < 0.6);
        }

        [Fact]
        public void With_uniform_power_on_0_1_the_demand_solves_the_first_order_condition()
        {
            // G = U[0,1], c_B = 0.1, c_A = 0.1: EU(x) = x(1 − (x − c_B)) + ∫_0^{x−c_B} (q − c_A) dq;
            // EU'(x) = 1 − 2x + c_B + (x − c_B − c_A) = 1 − x − c_A → x* = 0.9.
            var s = FearonBargaining.PrivateCapability(new ContinuousUniform(0, 1), 0.1, 0.1);
            Assert.Equal(0.9, s.Demand, 4);
            Assert.Equal(0.8, s.ProbabilityWar, 4);
        }
    }

    public sealed class Indivisibility
    {
        [Fact]
        public void When_neither_all_nor_nothing_is_in_the_range_there_is_no_feasible_split() =>
            Assert.Null(FearonBargaining.FeasibleSplit(0.5, 0.1, 0.1, [0.0, 1.0]));

        [Fact]
        public void When_the_whole_good_is_in_the_range_A_gets_it() =>
            Assert.Equal(1.0, FearonBargaining.FeasibleSplit(0.95, 0.1, 0.1, [0.0, 1.0]));
    }
}
