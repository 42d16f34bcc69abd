using System.Collections.Immutable;
using System.Text.Json;
using Brink.Application;
using Brink.Crisis;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Tests.Application;

/// <summary>The crisis request of the application layer: options, the result guard, and the document.</summary>
public sealed class CrisisServiceTests
{
    private static Actor Actor(string id, double capability, double position, double? warCost = null) => new()
    {
        Id = id, Capability = capability, WarCost = warCost,
        Stances = ImmutableDictionary<string, Stance>.Empty.Add("i", new(position, 1)),
    };

    private static Scenario TwoActors(double capabilityA, double warCostB) => new()
    {
        Title = "t",
        Issues = [new Issue { Id = "i", Min = 0, Max = 100 }],
        Actors = [Actor("a", capabilityA, 0, 0.1), Actor("b", 1, 100, warCostB)],
    };

    [Theory]
    [InlineData("rounds=-1", "rounds")]
    [InlineData("variant=nope", "variant")]
    public void Bad_options_are_located_at_the_option(string option, string field)
    {
        var request = new CrisisRequest
        {
            Scenario = ScenarioSource.FromText("", ScenarioFormat.Yaml),
            Rounds = option == "rounds=-1" ? -1 : 10,
            Variant = option == "variant=nope" ? "nope" : null,
        };
        var d = Assert.Single(request.Validate());
        Assert.Equal(field, d.FieldPath);
        Assert.Equal(Outcome.RequestFile, d.File);
        var outcome = CrisisService.Run(request);
        Assert.False(outcome.Ok);
        Assert.Null(outcome.Document);
    }

    [Fact]
    public void A_variant_without_the_eum_join_is_refused() =>
        Assert.Equal("variant", Assert.Single(new CrisisRequest { Scenario = ScenarioSource.FromText("", ScenarioFormat.Yaml), JoinEum = false, Variant = "paper" }.Validate()).FieldPath);

    [Fact]
    public void An_unknown_issue_is_located_at_the_issue_option()
    {
        var yaml = File.ReadAllText(TestPaths.InRepo("scenarios", "nato-2022.yaml"));
        var outcome = CrisisService.Run(new CrisisRequest { Scenario = ScenarioSource.FromText(yaml, ScenarioFormat.Yaml, "nato.yaml"), Issue = "nope" });
        Assert.False(outcome.Ok);
        var d = outcome.Diagnostics.Single(x => x.Severity == Severity.Error);
        Assert.Equal("issue", d.FieldPath);
        Assert.Contains("nope", d.Message);
    }

    [Fact]
    public void A_threshold_undefined_by_design_is_null_with_a_warning_never_infinity()
    {
        // A cannot win (capability 0) and B's war costs nothing: when A threatens, q* = 1/(p + c_B) = 1/0.
        var result = CrisisResultGuard.EnsureFinite(CrisisAnalysis.Run(TwoActors(0, 0), new CrisisOptions()));
        Assert.Contains(result.Dyads[0].Detail!.Stages, s => double.IsPositiveInfinity(s.QStar));
        var warning = Assert.Single(result.Warnings, w => w.Code == CrisisResultGuard.UndefinedThresholdCode);
        Assert.Equal(["a", "b"], warning.Actors.ToArray());

        var json = BrinkJson.Serialize(CrisisDocument.From(result));
        Assert.DoesNotContain("Infinity", json);
        Assert.DoesNotContain("NaN", json);
        var stages = JsonDocument.Parse(json).RootElement.GetProperty("dyads")[0].GetProperty("stages").EnumerateArray().ToList();
        Assert.Contains(stages, s => s.GetProperty("q_star").ValueKind == JsonValueKind.Null);
        Assert.Contains(JsonDocument.Parse(json).RootElement.GetProperty("warnings").EnumerateArray(),
            w => w.GetProperty("code").GetString() == CrisisResultGuard.UndefinedThresholdCode);
    }

    [Fact]
    public void A_defined_threshold_has_no_such_warning()
    {
        var result = CrisisResultGuard.EnsureFinite(CrisisAnalysis.Run(TwoActors(1, 0.1), new CrisisOptions()));
        Assert.DoesNotContain(result.Warnings, w => w.Code == CrisisResultGuard.UndefinedThresholdCode);
        Assert.All(result.Dyads[0].Detail!.Stages, s => Assert.True(double.IsFinite(s.QStar)));
    }

    [Fact]
    public void A_non_finite_probability_is_a_bug_and_never_reaches_a_document()
    {
        var result = CrisisAnalysis.Run(TwoActors(1, 0.1), new CrisisOptions());
        var broken = result with { Dyads = [result.Dyads[0] with { PTrue = double.NaN }] };
        var e = Assert.Throws<NonFiniteResultException>(() => CrisisResultGuard.EnsureFinite(broken));
        Assert.Equal("dyads[0].p_true", e.Field);
        var war = result with { Dyads = [result.Dyads[0] with { Outcome = result.Dyads[0].Outcome with { War = double.PositiveInfinity } }] };
        Assert.Equal("dyads[0].war", Assert.Throws<NonFiniteResultException>(() => CrisisResultGuard.EnsureFinite(war)).Field);
    }

    [Fact]
    public void The_eum_join_and_every_dyad_say_which_they_are()
    {
        var yaml = File.ReadAllText(TestPaths.InRepo("scenarios", "emission.yaml"));
        var joined = CrisisService.Run(new CrisisRequest { Scenario = ScenarioSource.FromText(yaml, ScenarioFormat.Yaml) });
        var every = CrisisService.Run(new CrisisRequest { Scenario = ScenarioSource.FromText(yaml, ScenarioFormat.Yaml), JoinEum = false });
        Assert.True(joined.Ok && every.Ok);
        Assert.Equal(ModelRegistry.CrisisDefaultEumVariant, joined.EumVariant);
        Assert.Null(every.EumVariant);
        Assert.Contains(joined.Document!.Warnings, w => w.Code == CrisisAnalysis.EumJoinCode);
        Assert.Contains(every.Document!.Warnings, w => w.Code == CrisisAnalysis.EveryDyadCode);
        // emission.yaml has no crisis inputs: the result says every P(war) follows from the defaults.
        Assert.Contains(every.Document!.Warnings, w => w.Code == CrisisAnalysis.NoInputsCode);
    }

    [Fact]
    public void The_sweep_point_at_the_sliders_gap_lies_on_the_curve()
    {
        var sweep = CrisisGames.Sweep(new MisperceptionSweepRequest { P = 0.5, CostMax = [0.2], MaxGap = 0.5, Steps = 5, Gap = 0.3 });
        Assert.Equal(6, sweep.Points.Count);
        var at = Assert.Single(sweep.AtGap!);
        Assert.Equal(sweep.Points.Single(p => Math.Abs(p.Gap - 0.3) < 1e-12).ProbabilityWar, at.ProbabilityWar, 12);
        var moved = CrisisGames.MoveGap(sweep, 0.1);
        Assert.Equal(sweep.Points.Single(p => Math.Abs(p.Gap - 0.1) < 1e-12).ProbabilityWar, Assert.Single(moved.AtGap!).ProbabilityWar, 12);
        Assert.True(moved.AtGap![0].ProbabilityWar < at.ProbabilityWar); // a wider gap, likelier war
        Assert.Throws<ArgumentException>(() => CrisisGames.MoveGap(sweep, 1.5));
        Assert.Contains(new MisperceptionSweepRequest { Steps = 0 }.Validate(), d => d.FieldPath == "steps");
    }
}
