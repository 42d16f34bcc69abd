using System.Collections.Immutable;
using Brink.Models;
using Brink.Models.Eum;
using Brink.Models.Influence;
using Brink.Scenarios;
using CsCheck;

namespace Brink.Tests.Models.Influence;

/// <summary>Friedkin–Johnsen influence model (design §9): closed form, hand-computed cases and invariants.</summary>
public sealed class InfluenceModelTests
{
    private static readonly ModelOptions Options = new();

    internal static Scenario TwoIssueScenario(IEnumerable<Relation> relations, string? followerSusceptibility = null)
    {
        static Actor A(string id, double c, double x, double s, ImmutableDictionary<string, string>? attributes = null) => new()
        {
            Id = id,
            Capability = c,
            Stances = ImmutableDictionary<string, Stance>.Empty.Add("a", new Stance(x, s)).Add("b", new Stance(100 - x, s)),
            Attributes = attributes ?? ImmutableDictionary<string, string>.Empty,
        };
        var attrs = followerSusceptibility is null ? null : ImmutableDictionary<string, string>.Empty.Add("susceptibility", followerSusceptibility);
        return new Scenario
        {
            Title = "test",
            Issues = [new Issue { Id = "a" }, new Issue { Id = "b" }],
            Actors = [A("leader", 50, 100, 0.5), A("follower", 20, 0, 0.8, attrs), A("loner", 30, 40, 0.6)],
            Relations = [.. relations],
        };
    }

    public sealed class FixedPoint
    {
        [Fact]
        public void Given_a_follower_at_0_with_weight_08_on_a_leader_at_100_then_it_settles_at_64_over_84_of_the_way()
        {
            // w_ff = 0.2, λ_f = 1 − 0.2 = 0.8: x_f = 0.8(0.2 x_f + 0.8·100) + 0.2·0 → x_f = 64/0.84.
            var scenario = TwoIssueScenario([new Relation("follower", "leader", "follows", 0.8)]);
            var result = InfluenceModel.Run(scenario, "a", InfluenceModel.Standalone, Options);
            Assert.Equal(100, result.FinalPositions[0], 12);
            Assert.Equal(64 / 0.84, result.FinalPositions[1], 10);
            Assert.Equal(40, result.FinalPositions[2], 12);
            // Forecast: weighted mean with weights c·s = 25, 16, 18.
            var expected = (25 * 100 + 16 * (64 / 0.84) + 18 * 40) / 59.0;
            Assert.Equal(expected, result.Forecast.Mean, 10);
            var warning = Assert.Single(result.Warnings);
            Assert.Equal(InfluenceNetwork.DefaultSusceptibilityCode, warning.Code);
            Assert.Equal(["follower"], warning.Actors.ToArray());
        }

        [Fact]
        public void Given_a_susceptibility_attribute_then_it_is_used_and_no_default_is_reported()
        {
            // λ_f = 0.5: x_f = 0.5(0.2 x_f + 80) + 0.5·0 → 0.9 x_f = 40.
            var scenario = TwoIssueScenario([new Relation("follower", "leader", "follows", 0.8)], followerSusceptibility: "0.5");
            var result = InfluenceModel.Run(scenario, "a", InfluenceModel.Standalone, Options);
            Assert.Equal(40 / 0.9, result.FinalPositions[1], 10);
            Assert.Empty(result.Warnings);
        }

        [Fact]
        public void Given_an_invalid_susceptibility_then_the_error_names_the_actor_and_attribute()
        {
            var scenario = TwoIssueScenario([new Relation("follower", "leader", "follows", 0.8)], followerSusceptibility: "1.5");
            var ex = Assert.Throws<ArgumentException>(() => InfluenceModel.Run(scenario, "a", InfluenceModel.Standalone, Options));
            Assert.Contains("actors[follower].attributes.susceptibility", ex.Message);
        }

        [Fact]
        public void Given_leader_weights_above_one_then_the_row_is_normalised_with_a_warning()
        {
            var scenario = TwoIssueScenario([new Relation("follower", "leader", "follows", 0.9), new Relation("follower", "loner", "follows", 0.6)]);
            var network = InfluenceNetwork.From(scenario, "a");
            Assert.Equal(0.6, network.Weight(1, 0), 12);
            Assert.Equal(0.4, network.Weight(1, 2), 12);
            Assert.Equal(0, network.Weight(1, 1));
            Assert.Contains(network.Warnings, w => w.Code == "influence-weights-normalised");
        }

        [Fact]
        public void Given_two_actors_fully_following_each_other_then_there_is_no_closed_form_and_the_result_says_so()
        {
            var network = InfluenceNetwork.Create(["p", "q"], [0, 1, 1, 0]);
            Assert.Null(FriedkinJohnsen.FixedPoint(network, [0, 100]));
            var input = SpatialIssue.Create(["p", "q"], [1, 1], [0, 100], [1, 1]);
            var result = InfluenceModel.Run(input, network, InfluenceModel.Standalone, Options);
            Assert.Contains(result.Warnings, w => w.Code == "influence-no-unique-equilibrium");
            Assert.All(result.FinalPositions, x => Assert.True(double.IsFinite(x)));
        }

        [Fact]
        public void The_closed_form_equals_the_limit_of_the_iteration_on_random_networks() =>
            Gen.Int[1, 8].SelectMany(n => Gen.Select(Gen.Double[0, 1].Array[n * n], Gen.Double[0, 0.95].Array[n], Gen.Double[0, 100].Array[n]))
                .Sample(t =>
                {
                    var (weights, lambda, x0) = t;
                    var n = x0.Length;
                    // Sparse random ties: keep about a third of them, scaled so rows sum to at most 1.
                    var leader = weights.Select((w, k) => k % n == k / n || w < 0.66 ? 0 : w / n).ToArray();
                    var network = InfluenceNetwork.Create([.. Enumerable.Range(0, n).Select(i => $"A{i}")], leader, [.. lambda.Select(l => (double?)l)]);
                    var closed = FriedkinJohnsen.FixedPoint(network, x0)!;
                    var x = x0.ToArray();
                    for (var step = 0; step < 2000; step++) x = FriedkinJohnsen.Step(network, x, x0);
                    for (var i = 0; i < n; i++) Assert.Equal(x[i], closed[i], 1e-7);
                    // x* solves x = ΛWx + (I − Λ)x(0) exactly.
                    var again = FriedkinJohnsen.Step(network, closed, x0);
                    for (var i = 0; i < n; i++) Assert.Equal(closed[i], again[i], 1e-9);
                }, iter: 300, threads: 1);
    }

    public sealed class Invariants
    {
        public static TheoryData<string> EumVariants => new() { "scholz-code", "scholz-code-fixed", "paper" };

        [Fact]
        public void Given_no_relations_then_the_standalone_model_leaves_every_position_where_it_is() =>
            ModelGen.Issue(12).Sample(issue =>
            {
                var result = InfluenceModel.Run(issue, InfluenceNetwork.None(issue.Actors), InfluenceModel.Standalone, Options);
                Assert.Equal(issue.Position.ToArray(), result.FinalPositions.ToArray());
            }, iter: 100, threads: 1);

        [Theory, MemberData(nameof(EumVariants))]
        public void Given_no_relations_then_the_coupled_model_leaves_positions_where_the_EUM_puts_them(string variant) =>
            ModelGen.Issue(12).Sample(issue =>
            {
                var eum = EumModel.Run(issue, Options, EumVariant.Find(variant)!);
                var coupled = InfluenceModel.Run(issue, InfluenceNetwork.None(issue.Actors), InfluenceModel.CoupledPrefix + variant, Options);
                Assert.Equal(eum.FinalPositions.ToArray(), coupled.FinalPositions.ToArray());
                Assert.Equal(eum.Forecast.Mean, coupled.Forecast.Mean, 1e-9);
                Assert.Equal(eum.Forecast.Median, coupled.Forecast.Median, 1e-9);
                Assert.Equal(eum.Rounds.Length, coupled.Rounds.Length);
            }, iter: 100, threads: 1, print: ModelGen.Print);

        [Theory]
        [InlineData("friedkin-johnsen")]
        [InlineData("eum-paper")]
        [InlineData("eum-scholz-code")]
        public void Relabelling_actors_permutes_the_positions_and_leaves_the_forecast(string variant) =>
            Gen.Select(ModelGen.Issue(9), Gen.Int, Gen.Int).Sample((issue, seed, tieSeed) =>
            {
                var n = issue.Count;
                var rng = new Random(tieSeed);
                var leader = new double[n * n];
                for (var i = 0; i < n; i++)
                    if (n > 1 && rng.NextDouble() < 0.6)
                    {
                        var j = rng.Next(n - 1);
                        leader[i * n + (j >= i ? j + 1 : j)] = rng.NextDouble();
                    }
                var network = InfluenceNetwork.Create(issue.Actors, leader);
                var perm = ModelGen.Permutation(n, seed);
                var permLeader = new double[n * n];
                for (var a = 0; a < n; a++)
                    for (var b = 0; b < n; b++)
                        permLeader[a * n + b] = leader[perm[a] * n + perm[b]];
                var permNetwork = InfluenceNetwork.Create([.. perm.Select(k => issue.Actors[k])], permLeader);
                // The EUM-coupled variants choose each actor's best offer by a maximum, so over ten rounds a last-bit
                // difference from summing in another order can flip a near-tie and send the trajectory elsewhere
                // (CsCheck_Seed=7C1NrSqeLSW5 did: 28.51 against 24.02). One round is the step that must not depend on
                // the order, as in EumPropertyTests.Reordering_actors_changes_nothing, which also compares per round.
                var options = variant == "friedkin-johnsen" ? Options : Options with { Rounds = 1 };
                var plain = InfluenceModel.Run(issue, network, variant, options);
                var permuted = InfluenceModel.Run(ModelGen.Permute(issue, perm), permNetwork, variant, options);
                for (var k = 0; k < n; k++) Assert.Equal(plain.FinalPositions[perm[k]], permuted.FinalPositions[k], 1e-7);
                Assert.Equal(plain.Forecast.Mean, permuted.Forecast.Mean, 1e-7);
            }, iter: 100, threads: 1);
    }

    public sealed class Catalog
    {
        [Fact]
        public void The_model_runs_by_name_on_a_scenario_with_its_relations()
        {
            var scenario = TwoIssueScenario([new Relation("follower", "leader", "follows", 0.8)]);
            var result = Assert.IsType<InfluenceResult>(ModelCatalog.Run("influence", null, scenario, "a", Options));
            Assert.Equal(64 / 0.84, result.FinalPositions[1], 10);
            var coupled = Assert.IsType<InfluenceResult>(ModelCatalog.Run("influence", "eum-paper", scenario, "b", Options));
            Assert.Equal("eum-paper", coupled.Variant);
        }

        [Fact]
        public void Without_a_scenario_the_result_says_that_there_were_no_relations()
        {
            var issue = SpatialIssue.Create(["p", "q"], [1, 1], [0, 100], [1, 1]);
            var result = ModelCatalog.Run("influence", null, issue, Options);
            Assert.Contains(result.Warnings, w => w.Code == "influence-no-relations");
        }
    }
}
