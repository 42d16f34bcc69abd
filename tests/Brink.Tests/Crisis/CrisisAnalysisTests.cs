using System.Collections.Immutable;
using Brink.Crisis;
using Brink.Models;
using Brink.Scenarios;
using CsCheck;

namespace Brink.Tests.Crisis;

public sealed class DyadCrisisTests
{
    [Fact]
    public void Threat_stage_then_bargaining_computed_by_hand()
    {
        // A challenges for sure. Threat stage (B's view): q* = 1/(0.6 + 0.6) = 5/6, π = 0.4,
        // β* = 0.4·(1/6)/((5/6)·0.6) = 2/15, a = 1 → σ* = 1/2; P(threat) = 0.4 + 0.6·2/15 = 0.48.
        // Standoff 0.4·0.5 = 0.2; A's demand with c_B ~ U[0, 1.2]: t = min((1.2 − 0.2)/2, 1 − 0.6) = 0.4, P(reject) = 1/3.
        var r = DyadCrisis.Solve(new DyadCrisisInputs
        {
            PTrue = 0.6, PViewA = 0.6, PViewB = 0.6, CostA = 0.2, CostB = 0.6, ResolveA = 0.4, AudienceCostA = 1, ChallengerWeightA = 1,
        });
        Assert.Equal(0.2 / 3, r.Outcome.War, 12);
        Assert.Equal(0.2 * 2 / 3, r.Outcome.Settlement, 12);
        Assert.Equal(0.48 * 0.5, r.Outcome.CapitulationB, 12);
        Assert.Equal(0.6 * 2.0 / 15 * 0.5, r.Outcome.CapitulationA, 12);
        Assert.Equal(0.52, r.Outcome.StatusQuo, 12);
        Assert.Equal(r.Outcome.War, r.WarByCause[WarCause.Information], 12);
    }

    [Fact]
    public void Outcome_probabilities_sum_to_one_and_causes_add_up_to_P_war() =>
        Gen.Select(Gen.Double[0, 1], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Double[0, 0.6], Gen.Double[0, 0.6]).Sample((p, pa, pb, ca, cb) =>
        {
            var r = DyadCrisis.Solve(new DyadCrisisInputs
            {
                PTrue = p, PViewA = pa, PViewB = pb, CostA = ca, CostB = cb, ResolveA = pa, ResolveB = pb,
                AudienceCostA = ca * 3, AudienceCostB = cb * 2, ChallengerWeightA = pb, HonestB = p > 0.5 ? pa : null,
            });
            Assert.Equal(1, r.Outcome.Total, 10);
            Assert.Equal(r.Outcome.War, r.WarByCause.Values.Sum(), 10);
            Assert.All([r.Outcome.War, r.Outcome.Settlement, r.Outcome.CapitulationA, r.Outcome.CapitulationB, r.Outcome.StatusQuo],
                v => Assert.InRange(v, -1e-12, 1 + 1e-12));
        }, iter: 500, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void Mutual_optimism_makes_war_certain_and_tags_it()
    {
        var r = DyadCrisis.Solve(new DyadCrisisInputs { PTrue = 0.5, PViewA = 0.8, PViewB = 0.4, CostA = 0.1, CostB = 0.1 });
        Assert.Equal(1, r.Outcome.War);
        Assert.Equal(1, r.WarByCause[WarCause.Misperception]);
        Assert.Equal(WarCause.Misperception, Assert.Single(r.Conditions));
    }

    [Fact]
    public void An_indivisible_good_with_no_feasible_split_is_tagged_indivisibility()
    {
        var r = DyadCrisis.Solve(new DyadCrisisInputs { PTrue = 0.5, PViewA = 0.5, PViewB = 0.5, CostA = 0.1, CostB = 0.1, Indivisible = true });
        Assert.Equal(1, r.WarByCause[WarCause.Indivisibility]);
    }

    [Fact]
    public void A_sharp_power_shift_is_tagged_commitment()
    {
        var r = DyadCrisis.Solve(new DyadCrisisInputs { PTrue = 0.8, PViewA = 0.8, PViewB = 0.8, CostA = 0.1, CostB = 0.1, PNext = 0.2 });
        Assert.Equal(1, r.WarByCause[WarCause.Commitment]);
    }

    [Fact]
    public void A_credible_record_makes_the_target_concede()
    {
        // q* = 1/(0.6 + 0.9) = 2/3; with μ = 1 the threat is fully credible (κ = 1 ≥ q*): the target concedes.
        var honest = DyadCrisis.Solve(new DyadCrisisInputs
        {
            PTrue = 0.6, PViewA = 0.6, PViewB = 0.6, CostA = 0.1, CostB = 0.9, ResolveA = 0.4, ChallengerWeightA = 1, HonestA = 1,
        });
        Assert.Equal(0, honest.Outcome.War, 12);
        Assert.Equal(0.4, honest.Outcome.CapitulationB, 12);
        // With μ = 0 and b = 0.5: κ = 0.4/(0.4 + 0.6·0.5) = 4/7 < q*: the target resists.
        var bluffer = DyadCrisis.Solve(new DyadCrisisInputs
        {
            PTrue = 0.6, PViewA = 0.6, PViewB = 0.6, CostA = 0.1, CostB = 0.9, ResolveA = 0.4, ChallengerWeightA = 1, HonestA = 0,
        });
        Assert.Equal(4.0 / 7, bluffer.Stages[0].TargetBelief, 12);
        Assert.Equal(0.6 * 0.5, bluffer.Outcome.CapitulationA, 12);
        Assert.True(bluffer.Outcome.War > 0);
    }
}

public sealed class CrisisAnalysisTests
{
    private static Actor Actor(string id, double capability, double position, double? warCost = null, double? resolve = null,
        double? audience = null, params (string Key, string Value)[] attributes) => new()
        {
            Id = id,
            Capability = capability,
            Stances = ImmutableDictionary<string, Stance>.Empty.Add("nato", new Stance(position, 0.8)),
            WarCost = warCost,
            Resolve = resolve,
            AudienceCost = audience,
            Attributes = attributes.ToImmutableDictionary(a => a.Key, a => a.Value),
        };

    private static Scenario Scenario(ImmutableArray<Belief> beliefs = default, ImmutableArray<Relation> relations = default,
        ImmutableDictionary<string, string>? metadata = null, params Actor[] actors) => new()
        {
            Title = "test",
            Issues = [new Issue { Id = "nato", Min = 0, Max = 100 }],
            Actors = [.. actors],
            Beliefs = beliefs.IsDefault ? [] : beliefs,
            Relations = relations.IsDefault ? [] : relations,
            Metadata = metadata ?? ImmutableDictionary<string, string>.Empty,
        };

    private static EumResult Eum(int n, params (int I, int J, DyadOutcome O)[] cells)
    {
        var dyads = Enumerable.Repeat(DyadOutcome.StatusQuo, n * n).ToArray();
        foreach (var (i, j, o) in cells) dyads[i * n + j] = o;
        return new EumResult("test", [], new Forecast(0, 0), []) { Dyads = [.. dyads] };
    }

    private static readonly Actor[] Three =
    [
        Actor("usa", 0.5, 0, warCost: 0.2, resolve: 0.6, audience: 0.8),
        Actor("rus", 0.3, 100, warCost: 0.3, resolve: 0.7, audience: 0.5),
        Actor("pol", 0.1, 10, warCost: 0.4),
    ];

    [Fact]
    public void Dyads_in_conflict_or_disagreement_are_handed_over_and_agreeing_ones_are_not()
    {
        // usa–rus: conflict in usa's view; usa–pol: both see compromise; rus–pol: rus sees status quo, pol sees capitulation.
        var eum = Eum(3, (0, 1, DyadOutcome.Conflict), (1, 0, DyadOutcome.StatusQuo), (0, 2, DyadOutcome.Compromise), (2, 0, DyadOutcome.Compromise),
            (1, 2, DyadOutcome.StatusQuo), (2, 1, DyadOutcome.Capitulation));
        var r = CrisisAnalysis.Run(Scenario(actors: Three), new Dictionary<string, EumResult> { ["nato"] = eum }, new CrisisOptions());
        Assert.Equal(3, r.Dyads.Length);
        var usaRus = r.Dyads.Single(d => d.ActorA == "usa" && d.ActorB == "rus");
        var usaPol = r.Dyads.Single(d => d.ActorA == "usa" && d.ActorB == "pol");
        var rusPol = r.Dyads.Single(d => d.ActorA == "rus" && d.ActorB == "pol");
        Assert.Equal(HandOverReason.Conflict, usaRus.Reason);
        Assert.Equal(HandOverReason.Agreement, usaPol.Reason);
        Assert.Equal(1, usaPol.Outcome.Settlement);
        Assert.Equal(HandOverReason.Disagreement, rusPol.Reason);
        Assert.Equal(2, r.Overall.HandedOver);
        Assert.All(r.Dyads, d => Assert.Equal(1, d.Outcome.Total, 10));
        // True p is the capability share: 0.5/(0.5 + 0.3).
        Assert.Equal(0.625, usaRus.PTrue, 12);
        Assert.Equal(1 - (1 - usaRus.Outcome.War) * (1 - rusPol.Outcome.War), r.Overall.ProbabilityAnyWar, 12);
    }

    [Fact]
    public void The_handed_over_dyad_equals_the_dyad_model_on_the_mapped_parameters()
    {
        var eum = Eum(3, (0, 1, DyadOutcome.Conflict), (1, 0, DyadOutcome.Conflict));
        var r = CrisisAnalysis.Run(Scenario(actors: Three), new Dictionary<string, EumResult> { ["nato"] = eum }, new CrisisOptions());
        var d = r.Dyads.Single(x => x.ActorA == "usa" && x.ActorB == "rus");
        var expected = DyadCrisis.Solve(new DyadCrisisInputs
        {
            PTrue = 0.625, PViewA = 0.625, PViewB = 0.625, CostA = 0.2, CostB = 0.3, CostBSeenByA = 0.3, CostASeenByB = 0.2,
            ResolveA = 0.6, ResolveB = 0.7, AudienceCostA = 0.8, AudienceCostB = 0.5, ChallengerWeightA = 0.5,
        });
        Assert.Equal(expected.Outcome, d.Outcome);
    }

    [Fact]
    public void Beliefs_create_perspectives_and_mutual_optimism_is_flagged()
    {
        // Russia thinks the US is weak (0.1 instead of 0.5): Russia's view of P(usa wins) = 0.1/0.4 = 0.25, the US's 0.625.
        var beliefs = ImmutableArray.Create(new Belief("rus", new ParameterRef("usa", ActorParameter.Capability), 0.1));
        Actor[] actors = [Actor("usa", 0.5, 0, warCost: 0.1), Actor("rus", 0.3, 100, warCost: 0.1)];
        var r = CrisisAnalysis.Run(Scenario(beliefs, actors: actors), new CrisisOptions());
        var d = r.Dyads.Single(x => x.ActorA == "usa" && x.ActorB == "rus");
        Assert.Equal(HandOverReason.NoEum, d.Reason);
        Assert.Equal(0.625, d.PViewA, 12);
        Assert.Equal(0.25, d.PViewB, 12);
        Assert.Equal(0.375, d.MisperceptionGap, 12);
        Assert.True(d.MutualOptimism); // 0.375 > 0.1 + 0.1
        Assert.Equal(1, d.WarByCause[WarCause.Misperception]);
        var gap = Assert.Single(r.BeliefGaps);
        Assert.Equal(-0.4, gap.Gap, 12);
    }

    [Fact]
    public void Allies_add_their_capability_to_their_side()
    {
        var relations = ImmutableArray.Create(new Relation("pol", "usa", "alliance", 1.0));
        var r = CrisisAnalysis.Run(Scenario(relations: relations, actors: Three), new CrisisOptions());
        var d = r.Dyads.Single(x => x.ActorA == "usa" && x.ActorB == "rus");
        Assert.Equal(0.6 / 0.9, d.PTrue, 12);
    }

    [Fact]
    public void Metadata_marks_an_issue_indivisible()
    {
        var meta = ImmutableDictionary<string, string>.Empty.Add("crisis.indivisible", "nato");
        var r = CrisisAnalysis.Run(Scenario(metadata: meta, actors: [Three[0], Three[1]]), new CrisisOptions());
        // p = 0.625, range [0.425, 0.925]: neither 0 nor 1 inside.
        Assert.Equal(1, r.Dyads[0].WarByCause[WarCause.Indivisibility]);
    }

    [Fact]
    public void A_threat_record_in_the_attributes_feeds_credibility()
    {
        var usa = Actor("usa", 0.5, 0, warCost: 0.2, resolve: 0.6, audience: 0.8, ("threat_record", "B,B,B"));
        var r = CrisisAnalysis.Run(Scenario(actors: [usa, Three[1]]), new CrisisOptions());
        var d = r.Dyads[0];
        Assert.NotNull(d.Inputs!.HonestA);
        Assert.True(d.Inputs.HonestA < 0.5);
        Assert.Contains(d.Detail!.Stages, s => s.Challenger == "a" && s.Mechanism == "reputation");
    }

    [Fact]
    public void A_bad_attribute_is_reported_not_thrown()
    {
        var usa = Actor("usa", 0.5, 0, attributes: ("capability_next", "lots"));
        var r = CrisisAnalysis.Run(Scenario(actors: [usa, Three[1]]), new CrisisOptions());
        var diag = Assert.Single(r.Diagnostics);
        Assert.Equal("actors[usa].attributes.capability_next", diag.FieldPath);
    }

    [Fact]
    public void Out_of_range_scenario_values_and_beliefs_are_reported_and_replaced_by_defaults()
    {
        var usa = Actor("usa", 0.5, 0, warCost: -0.2, resolve: 1.5);
        var beliefs = ImmutableArray.Create(new Belief("rus", new ParameterRef("usa", ActorParameter.Capability), -1),
            new Belief("rus", new ParameterRef("nobody", ActorParameter.Capability), 0.2));
        var r = CrisisAnalysis.Run(Scenario(beliefs, actors: [usa, Three[1]]), new CrisisOptions());
        Assert.Contains(r.Diagnostics, d => d.FieldPath == "actors[usa].war_cost");
        Assert.Contains(r.Diagnostics, d => d.FieldPath == "actors[usa].resolve");
        Assert.Contains(r.Diagnostics, d => d.FieldPath == "beliefs[0]");
        Assert.Contains(r.Diagnostics, d => d.FieldPath == "beliefs[1]");
        Assert.Equal(0.1, r.Dyads[0].Inputs!.CostA, 12);
        Assert.Equal(r.Dyads[0].PTrue, r.Dyads[0].PViewB, 12);
    }

    [Fact]
    public void The_delegate_form_runs_the_EUM_once_per_issue()
    {
        var calls = 0;
        var r = CrisisAnalysis.Run(Scenario(actors: Three), issue => { calls++; return Eum(issue.Count, (0, 1, DyadOutcome.Conflict)); }, new CrisisOptions());
        Assert.Equal(1, calls);
        Assert.Equal(HandOverReason.Conflict, r.Dyads[0].Reason);
    }

    [Fact]
    public void A_dyad_matrix_of_the_wrong_size_is_rejected() =>
        Assert.Throws<ArgumentException>(() =>
            CrisisAnalysis.Run(Scenario(actors: Three), new Dictionary<string, EumResult> { ["nato"] = Eum(2) }, new CrisisOptions()));

    [Theory]
    [InlineData(DyadOutcome.Compromise, DyadOutcome.Compromise, HandOverReason.Agreement)]
    [InlineData(DyadOutcome.StatusQuo, DyadOutcome.StatusQuo, HandOverReason.Agreement)]
    [InlineData(DyadOutcome.Capitulation, DyadOutcome.Capitulation, HandOverReason.Disagreement)]
    [InlineData(DyadOutcome.Compromise, DyadOutcome.StatusQuo, HandOverReason.Disagreement)]
    [InlineData(DyadOutcome.StatusQuo, DyadOutcome.Conflict, HandOverReason.Conflict)]
    public void Hand_over_rule(DyadOutcome a, DyadOutcome b, HandOverReason expected) =>
        Assert.Equal(expected, CrisisAnalysis.Reason(a, b, DyadSelection.ConflictOrDisagreement));

    [Theory]
    [InlineData(DyadOutcome.Conflict, DyadOutcome.Conflict, 0.5)]
    [InlineData(DyadOutcome.Compromise, DyadOutcome.StatusQuo, 0.25)]
    [InlineData(DyadOutcome.Compromise, DyadOutcome.Capitulation, 0.5)]
    [InlineData(DyadOutcome.StatusQuo, DyadOutcome.Compromise, 0.75)]
    public void Challenger_weight_rule(DyadOutcome a, DyadOutcome b, double expected) =>
        Assert.Equal(expected, CrisisAnalysis.ChallengerWeight(a, b), 12);
}

public sealed class CrisisSamplerTests
{
    [Fact]
    public void Draw_frequencies_match_the_probabilities_and_wars_carry_their_cause()
    {
        var r = DyadCrisis.Solve(new DyadCrisisInputs
        {
            PTrue = 0.6, PViewA = 0.6, PViewB = 0.6, CostA = 0.2, CostB = 0.6, ResolveA = 0.4, AudienceCostA = 1, ChallengerWeightA = 1,
        });
        // A grid of u values is an exact quadrature of the inverse CDF: frequencies equal probabilities to 1/n.
        const int n = 100_000;
        var counts = new Dictionary<CrisisEnd, int>();
        for (var k = 0; k < n; k++)
        {
            var d = CrisisSampler.Draw(r, (k + 0.5) / n);
            counts[d.End] = counts.GetValueOrDefault(d.End) + 1;
            if (d.End == CrisisEnd.War) Assert.Equal(WarCause.Information, d.Cause);
            else Assert.Null(d.Cause);
        }
        Assert.Equal(r.Outcome.War, counts[CrisisEnd.War] / (double)n, tolerance: 2.0 / n);
        Assert.Equal(r.Outcome.CapitulationB, counts[CrisisEnd.CapitulationB] / (double)n, tolerance: 2.0 / n);
        Assert.Equal(r.Outcome.StatusQuo, counts[CrisisEnd.StatusQuo] / (double)n, tolerance: 2.0 / n);
    }

    [Fact]
    public void A_certain_war_from_misperception_is_always_drawn_as_such()
    {
        var r = DyadCrisis.Solve(new DyadCrisisInputs { PTrue = 0.5, PViewA = 0.9, PViewB = 0.3, CostA = 0.1, CostB = 0.1 });
        Assert.Equal(new CrisisDraw(CrisisEnd.War, WarCause.Misperception), CrisisSampler.Draw(r, 0.999));
    }
}
