using Brink.Ledger;
using Brink.Ledger.Scoring;
using CsCheck;

namespace Brink.Tests.Ledger;

public sealed class ScoringRulesTests
{
    private static readonly Gen<double> Prob = Gen.Double[0.001, 0.999];

    /// <summary>A random probability vector with 2..6 options.</summary>
    private static readonly Gen<double[]> Vector = Gen.Int[2, 6].SelectMany(k => Gen.Double[0.01, 1].Array[k]).Select(w =>
    {
        var s = w.Sum();
        return w.Select(x => x / s).ToArray();
    });

    private static double Expected(Func<double[], int, double> rule, double[] forecast, double[] truth) =>
        truth.Select((q, k) => q * rule(forecast, k)).Sum();

    public sealed class KnownValues
    {
        [Fact]
        public void Brier_of_a_binary_forecast_is_the_squared_error() => Assert.Equal(0.09, ScoringRules.Brier(0.7, true), 12);

        [Fact]
        public void Brier_sum_follows_Brier_1950_summing_over_options()
        {
            // (0.7 − 1)² + 0.2² + 0.1² = 0.14; normalised: half that.
            Assert.Equal(0.14, ScoringRules.BrierSum([0.7, 0.2, 0.1], 0), 12);
            Assert.Equal(0.07, ScoringRules.BrierNormalised([0.7, 0.2, 0.1], 0), 12);
        }

        [Fact]
        public void Brier_sum_of_a_binary_forecast_is_twice_the_binary_Brier() =>
            Assert.Equal(2 * ScoringRules.Brier(0.3, false), ScoringRules.BrierSum([0.7, 0.3], 0), 12);

        [Fact]
        public void Log_score_is_minus_the_log_of_the_probability_of_what_happened()
        {
            Assert.Equal(-Math.Log(0.25), ScoringRules.Log([0.5, 0.25, 0.25], 1), 12);
            Assert.Equal(-Math.Log(0.3), ScoringRules.Log(0.7, false), 12);
        }

        [Fact]
        public void Log_score_of_a_certain_miss_is_finite() => Assert.Equal(-Math.Log(ScoringRules.LogFloor), ScoringRules.Log(1.0, false), 9);

        [Fact]
        public void Ranked_probability_score_uses_cumulative_probabilities()
        {
            // Epstein 1969: P = (0.2, 0.7, 1.0), O = (0, 1, 1) for outcome index 1 → (0.04 + 0.09)/2.
            Assert.Equal(0.065, ScoringRules.RankedProbability([0.2, 0.5, 0.3], 1), 12);
        }

        [Fact]
        public void Ranked_probability_score_equals_Brier_for_two_options() =>
            Assert.Equal(ScoringRules.Brier(0.35, true), ScoringRules.RankedProbability([0.65, 0.35], 1), 12);

        [Fact]
        public void Crps_of_a_point_forecast_is_the_absolute_error() => Assert.Equal(3.0, ScoringRules.Crps([5.0], 2.0), 12);

        [Fact]
        public void Crps_of_two_samples_matches_the_kernel_formula()
        {
            // E|X − y| = (|0 − 1| + |2 − 1|)/2 = 1; ½E|X − X′| = ½ · (0 + 2 + 2 + 0)/4 = 0.5.
            Assert.Equal(0.5, ScoringRules.Crps([0.0, 2.0], 1.0), 12);
        }

        [Fact]
        public void Crps_of_normal_samples_approaches_the_closed_form()
        {
            // Gneiting & Raftery 2007, eq. 5 (Gneiting et al. 2005): CRPS(N(μ, σ²), y) = σ[z(2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ.
            // Evenly spaced quantiles of N(0, 1) stand in for samples, so the only error is discretisation, O(1/n).
            const int n = 20_000;
            var samples = Enumerable.Range(0, n).Select(i => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, (i + 0.5) / n)).ToArray();
            const double y = 0.8;
            var exact = y * (2 * MathNet.Numerics.Distributions.Normal.CDF(0, 1, y) - 1) + 2 * MathNet.Numerics.Distributions.Normal.PDF(0, 1, y) - 1 / Math.Sqrt(Math.PI);
            Assert.Equal(exact, ScoringRules.Crps(samples, y), 3);
        }

        [Fact]
        public void Crps_from_many_quantiles_approaches_crps_from_samples()
        {
            var levels = Enumerable.Range(1, 999).Select(i => i / 1000.0).ToArray();
            var quantiles = levels.Select(l => new QuantilePoint(l, MathNet.Numerics.Distributions.Normal.InvCDF(10, 2, l))).ToList();
            var samples = levels.Select(l => MathNet.Numerics.Distributions.Normal.InvCDF(10, 2, l)).ToArray();
            Assert.Equal(ScoringRules.Crps(samples, 13), ScoringRules.CrpsFromQuantiles(quantiles, 13), 2);
        }

        [Fact]
        public void Interval_score_is_width_plus_penalty_outside()
        {
            Assert.Equal(10.0, ScoringRules.Interval(5, 15, 10, 0.1), 12);
            // Below: 10 + (2/0.1)·(5 − 3) = 50.
            Assert.Equal(50.0, ScoringRules.Interval(5, 15, 3, 0.1), 12);
            // Above: 10 + 20·0.5 = 20.
            Assert.Equal(20.0, ScoringRules.Interval(5, 15, 15.5, 0.1), 12);
        }
    }

    public sealed class Properness
    {
        [Fact]
        public void Binary_brier_and_log_expected_scores_are_minimised_by_the_true_probability() =>
            Gen.Select(Prob, Prob).Sample((q, p) =>
            {
                double E(Func<double, bool, double> s, double f) => q * s(f, true) + (1 - q) * s(f, false);
                return E(ScoringRules.Brier, q) <= E(ScoringRules.Brier, p) + 1e-12
                    && E(ScoringRules.Log, q) <= E(ScoringRules.Log, p) + 1e-12;
            });

        [Fact]
        public void Multi_option_rules_are_proper() =>
            Vector.SelectMany(t => Vector.Where(v => v.Length == t.Length).Select(f => (t, f))).Sample(x =>
            {
                var (truth, other) = x;
                return Expected(ScoringRules.BrierSum, truth, truth) <= Expected(ScoringRules.BrierSum, other, truth) + 1e-12
                    && Expected(ScoringRules.BrierNormalised, truth, truth) <= Expected(ScoringRules.BrierNormalised, other, truth) + 1e-12
                    && Expected(ScoringRules.Log, truth, truth) <= Expected(ScoringRules.Log, other, truth) + 1e-12
                    && Expected(ScoringRules.RankedProbability, truth, truth) <= Expected(ScoringRules.RankedProbability, other, truth) + 1e-12;
            }, iter: 2000);

        [Fact]
        public void Crps_is_proper_for_a_discrete_truth()
        {
            // Truth: a distribution on a few points with integer weights; the truthful forecast is its sample
            // multiset. Any other multiset (a perturbed one) must not do better in expectation.
            var gen = Gen.Int[2, 4].SelectMany(k => Gen.Select(Gen.Double[-5, 5].Array[k], Gen.Int[1, 4].Array[k], Gen.Double[-2, 2].Array[k]));
            gen.Sample((points, weights, shift) =>
            {
                var truthful = points.SelectMany((x, i) => Enumerable.Repeat(x, weights[i])).ToArray();
                var other = points.Select((x, i) => x + shift[i]).SelectMany((x, i) => Enumerable.Repeat(x, weights[i])).ToArray();
                var total = weights.Sum();
                double E(double[] f) => points.Select((y, i) => weights[i] * ScoringRules.Crps(f, y)).Sum() / total;
                return E(truthful) <= E(other) + 1e-9;
            }, iter: 1000);
        }
    }

    public sealed class Ranges
    {
        [Fact]
        public void Scores_stay_in_their_ranges() =>
            Vector.SelectMany(v => Gen.Int[0, v.Length - 1].Select(o => (v, o))).Sample(x =>
            {
                var (p, o) = x;
                var sum = ScoringRules.BrierSum(p, o);
                var rps = ScoringRules.RankedProbability(p, o);
                return sum is >= 0 and <= 2 && ScoringRules.BrierNormalised(p, o) is >= 0 and <= 1 && rps is >= 0 and <= 1 && ScoringRules.Log(p, o) >= 0;
            });

        [Fact]
        public void Crps_and_interval_score_are_non_negative() =>
            Gen.Select(Gen.Double[-100, 100].Array[1, 50], Gen.Double[-100, 100]).Sample((s, y) => ScoringRules.Crps(s, y) >= -1e-9);
    }
}
