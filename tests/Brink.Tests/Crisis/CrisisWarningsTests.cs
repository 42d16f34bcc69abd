using System.Collections.Immutable;
using System.Text.Json;
using Brink.Crisis;
using Brink.Models;
using Brink.Scenarios;
using Brink.Tests.Cli;

namespace Brink.Tests.Crisis;

/// <summary>The crisis analysis says which inputs it defaulted, how it chose dyads, and what P(at least one war) means.</summary>
public sealed class CrisisWarningsTests
{
    private static Actor Actor(string id, double capability, double position, double? warCost = null, double? resolve = null, double? audience = null) => new()
    {
        Id = id,
        Capability = capability,
        Stances = ImmutableDictionary<string, Stance>.Empty.Add("nato", new Stance(position, 0.8)),
        WarCost = warCost,
        Resolve = resolve,
        AudienceCost = audience,
    };

    private static Scenario Scenario(params Actor[] actors) => new()
    {
        Title = "test",
        Issues = [new Issue { Id = "nato", Min = 0, Max = 100 }],
        Actors = [.. actors],
    };

    private static ResultWarning[] Coded(CrisisAnalysisResult r, string code) => [.. r.Warnings.Where(w => w.Code == code)];

    [Fact]
    public void Defaulted_parameters_are_listed_per_parameter_with_the_actors_that_took_them()
    {
        var r = CrisisAnalysis.Run(Scenario(
            Actor("usa", 0.5, 0, warCost: 0.2, resolve: 0.6, audience: 0.8),
            Actor("rus", 0.3, 100, warCost: 0.3, audience: 0.5),
            Actor("pol", 0.1, 10, warCost: 0.4)), new CrisisOptions());
        Assert.Empty(Coded(r, CrisisAnalysis.NoInputsCode));
        var defaults = Coded(r, CrisisAnalysis.DefaultInputCode);
        Assert.Equal(2, defaults.Length);
        var resolve = defaults.Single(w => w.Message.StartsWith("resolve", StringComparison.Ordinal));
        Assert.Equal(new[] { "rus", "pol" }, resolve.Actors.ToArray());
        Assert.Contains("took the default 0.5 for 2 actors (rus, pol)", resolve.Message);
        Assert.Contains("P(war) in 3 of 3 analysed dyads", resolve.Message);
        var audience = defaults.Single(w => w.Message.StartsWith("audience_cost", StringComparison.Ordinal));
        Assert.Equal(new[] { "pol" }, audience.Actors.ToArray());
        Assert.Contains("P(war) in 2 of 3 analysed dyads", audience.Message);
    }

    [Fact]
    public void Without_any_crisis_input_one_warning_says_P_war_follows_from_defaults()
    {
        var r = CrisisAnalysis.Run(Scenario(Actor("a", 1, 0), Actor("b", 1, 100)), new CrisisOptions());
        var w = Assert.Single(Coded(r, CrisisAnalysis.NoInputsCode));
        Assert.Contains("war cost 0.1, resolve 0.5, audience cost 0", w.Message);
        Assert.Empty(Coded(r, CrisisAnalysis.DefaultInputCode));
    }

    [Fact]
    public void Fully_specified_actors_get_no_default_warning()
    {
        var r = CrisisAnalysis.Run(Scenario(Actor("a", 1, 0, 0.1, 0.5, 0.2), Actor("b", 1, 100, 0.2, 0.6, 0.3)), new CrisisOptions());
        Assert.Empty(Coded(r, CrisisAnalysis.NoInputsCode));
        Assert.Empty(Coded(r, CrisisAnalysis.DefaultInputCode));
        // One dyad: P(at least one war) is that dyad's P(war), nothing to explain.
        Assert.Empty(Coded(r, CrisisAnalysis.AnyWarIndependentCode));
        Assert.Single(Coded(r, CrisisAnalysis.EveryDyadCode));
    }

    [Fact]
    public void The_product_over_independent_dyads_is_explained_when_there_are_several()
    {
        var r = CrisisAnalysis.Run(Scenario(Actor("a", 1, 0), Actor("b", 1, 100), Actor("c", 1, 50)), new CrisisOptions());
        Assert.True(r.Overall.ProbabilityAnyWar > 0);
        var w = Assert.Single(Coded(r, CrisisAnalysis.AnyWarIndependentCode));
        Assert.Contains("over 3 dyads treats them as independent", w.Message);
    }

    [Fact]
    public void Joined_to_the_eum_the_result_says_how_many_dyads_it_handed_over()
    {
        var n = 2;
        var eum = new EumResult("test", [], new Forecast(0, 0), []) { Dyads = [DyadOutcome.StatusQuo, DyadOutcome.Compromise, DyadOutcome.Compromise, DyadOutcome.StatusQuo] };
        Assert.Equal(n * n, eum.Dyads.Length);
        var r = CrisisAnalysis.Run(Scenario(Actor("a", 1, 0), Actor("b", 1, 100)), new Dictionary<string, EumResult> { ["nato"] = eum }, new CrisisOptions());
        var w = Assert.Single(Coded(r, CrisisAnalysis.EumJoinCode));
        Assert.StartsWith("0 of 1 dyads were handed to the crisis games", w.Message);
        Assert.Empty(Coded(r, CrisisAnalysis.EveryDyadCode));
    }

    [Fact]
    public void Emission_has_no_crisis_inputs_and_the_table_and_json_say_so()
    {
        var emission = TestPaths.InRepo("scenarios", "emission.yaml");
        var table = CliRunner.Run("run", emission, "--model", "crisis");
        Assert.Equal(0, table.ExitCode);
        var flat = ResultWarningCliTests.Flat(table.Out);
        Assert.Contains("warning crisis-no-inputs: The scenario gives no crisis inputs", flat);
        Assert.Contains("warning crisis-any-war-independent:", flat);
        Assert.Contains("warning crisis-eum-join:", flat);

        var json = CliRunner.Run("run", emission, "--model", "crisis", "--format", "json");
        using var doc = JsonDocument.Parse(json.Out);
        var codes = doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
        Assert.Contains("crisis-no-inputs", codes);
        Assert.Contains("crisis-any-war-independent", codes);
        Assert.True(doc.RootElement.GetProperty("overall").TryGetProperty("p_any_war", out _), "the field is kept");
    }

    [Fact]
    public void Crisis_scenario_and_run_model_crisis_each_say_why_they_differ()
    {
        var nato = TestPaths.InRepo("scenarios", "nato-2022.yaml");
        using var scenario = JsonDocument.Parse(CliRunner.Run("crisis", "scenario", nato, "--format", "json").Out);
        using var run = JsonDocument.Parse(CliRunner.Run("run", nato, "--model", "crisis", "--format", "json").Out);
        static List<string?> Codes(JsonDocument d) => [.. d.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString())];
        Assert.Contains("crisis-every-dyad", Codes(scenario));
        Assert.Contains("crisis-eum-join", Codes(run));
        Assert.Contains("crisis-default-input", Codes(run));
        Assert.DoesNotContain("crisis-no-inputs", Codes(run));
        Assert.NotEqual(scenario.RootElement.GetProperty("overall").GetProperty("p_war").GetDouble(), run.RootElement.GetProperty("overall").GetProperty("p_war").GetDouble());
        var table = ResultWarningCliTests.Flat(CliRunner.Run("crisis", "scenario", nato).Out);
        Assert.Contains("warning crisis-every-dyad: Every dyad is solved by the crisis games without the EUM", table);
    }

    [Fact]
    public void Simulate_crisis_carries_the_point_value_warnings()
    {
        var emission = TestPaths.InRepo("scenarios", "emission.yaml");
        var r = CliRunner.Run("simulate", emission, "--model", "crisis", "--draws", "4", "--format", "json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Contains("crisis-no-inputs", doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()));
        var table = CliRunner.Run("simulate", emission, "--model", "crisis", "--draws", "4");
        Assert.Contains("warning crisis-no-inputs", table.Out);
    }
}
