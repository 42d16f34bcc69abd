using System.Text.Json;
using Brink.Tests.Cli;

namespace Brink.Tests.Crisis;

public sealed class CrisisCliTests
{
    private static JsonElement Json(params string[] args)
    {
        var r = CliRunner.Run([.. args, "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Error);
        return JsonDocument.Parse(r.Out).RootElement;
    }

    [Fact]
    public void Bargain_prints_demand_p_war_and_range()
    {
        var j = Json("crisis", "bargain", "--p", "0.4", "--cost-a", "0.1", "--cost-b-max", "0.5");
        Assert.Equal(0.4 + (0.5 - 0.1) / 2, j.GetProperty("demand").GetDouble(), 12);
        Assert.Equal((0.5 - 0.1) / (2 * 0.5), j.GetProperty("p_war").GetDouble(), 12);
        Assert.Equal(0.3, j.GetProperty("range_low").GetDouble(), 12);
        Assert.Equal(0.9, j.GetProperty("range_high").GetDouble(), 12);
    }

    [Fact]
    public void Audience_prints_the_equilibrium()
    {
        var j = Json("crisis", "audience", "--p", "0.6", "--cost-d", "0.9", "--audience-cost", "0.5", "--prior-resolved", "0.3");
        Assert.Equal(1 / 1.5, j.GetProperty("q_star").GetDouble(), 12);
        Assert.Equal(3.0 / 14, j.GetProperty("beta").GetDouble(), 12);
        Assert.Equal(1.0 / 3, j.GetProperty("sigma").GetDouble(), 12);
        Assert.Equal(0.2, j.GetProperty("p_war").GetDouble(), 12);
    }

    [Fact]
    public void Preventive_reports_the_period_and_the_inequality()
    {
        var j = Json("crisis", "preventive", "--path", "0.8,0.2", "--cost-a", "0.1", "--cost-b", "0.1", "--discount", "0.9");
        Assert.True(j.GetProperty("war").GetBoolean());
        Assert.Equal(1, j.GetProperty("war_period").GetInt32());
        Assert.True(j.GetProperty("two_period_inequality").GetBoolean());
        Assert.Equal("commitment", j.GetProperty("cause").GetString());
    }

    [Theory]
    [InlineData("0.7", "0.45", true)]
    [InlineData("0.7", "0.55", false)]
    public void Optimism_applies_the_threshold(string pA, string pB, bool war)
    {
        var j = Json("crisis", "optimism", "--p-a", pA, "--p-b", pB, "--cost-a", "0.1", "--cost-b", "0.1");
        Assert.Equal(war, j.GetProperty("war").GetBoolean());
        Assert.Equal(0.2, j.GetProperty("threshold").GetDouble(), 12);
    }

    [Fact]
    public void Optimism_sweep_writes_a_png_and_a_csv()
    {
        var dir = Path.Combine(Path.GetTempPath(), "brink-crisis-" + Guid.NewGuid().ToString("N"));
        try
        {
            var r = CliRunner.Run("crisis", "optimism", "--sweep", "--steps", "10", "--cost-max", "0.2", "--out", dir, "--format", "json");
            Assert.True(r.ExitCode == 0, r.Error);
            var png = File.ReadAllBytes(Path.Combine(dir, "crisis-optimism.png"));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            Assert.Equal(12, File.ReadAllLines(Path.Combine(dir, "crisis-optimism.csv")).Length); // header + 11 gaps
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void Interaction_gives_probabilities_that_sum_to_one()
    {
        var j = Json("crisis", "interaction", "--payoffs-a", "0,1,-1,2,-2,3,1.5,-0.5", "--payoffs-b", "0,1,2,-1,3,-2,-0.5,0.5", "--lambda", "2");
        Assert.Equal("war_a", j.GetProperty("backward_induction").GetProperty("outcome").GetString());
        var sum = j.GetProperty("quantal_response").GetProperty("outcomes").EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.Equal(1, sum, 10);
    }

    [Theory]
    [InlineData("--p", "1.5", "--p must be a probability in [0, 1]")]
    [InlineData("--p", "-0.1", "--p must be a probability in [0, 1]")]
    [InlineData("--cost-a", "-1", "--cost-a must be a finite number ≥ 0")]
    public void Bargain_rejects_invalid_parameters_with_exit_2(string option, string value, string message)
    {
        var args = new Dictionary<string, string> { ["--p"] = "0.4", ["--cost-a"] = "0.1", ["--cost-b-max"] = "0.5" };
        args[option] = value;
        var r = CliRunner.Run([.. new[] { "crisis", "bargain" }, .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void Audience_rejects_a_prior_outside_0_1()
    {
        var r = CliRunner.Run("crisis", "audience", "--p", "0.6", "--cost-d", "0.9", "--audience-cost", "0.5", "--prior-resolved", "2");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--prior-resolved must be a probability", r.Error);
    }

    [Fact]
    public void Interaction_rejects_a_short_payoff_list()
    {
        var r = CliRunner.Run("crisis", "interaction", "--payoffs-a", "0,1,2", "--payoffs-b", "0,1,2,-1,3,-2,-0.5,0.5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--payoffs-a needs 8", r.Error);
    }

    [Fact]
    public void A_missing_required_option_is_exit_2()
    {
        var r = CliRunner.Run("crisis", "bargain", "--p", "0.4");
        Assert.Equal(2, r.ExitCode);
    }
}

public sealed class CrisisScenarioOutputTests
{
    [Fact]
    public void The_analysis_of_a_hand_built_scenario_renders_as_json_and_table()
    {
        var scenario = new Brink.Scenarios.Scenario
        {
            Title = "t",
            Issues = [new Brink.Scenarios.Issue { Id = "nato" }],
            Actors =
            [
                new Brink.Scenarios.Actor { Id = "usa", Capability = 0.5, WarCost = 0.1, Stances = System.Collections.Immutable.ImmutableDictionary<string, Brink.Scenarios.Stance>.Empty.Add("nato", new(0, 1)) },
                new Brink.Scenarios.Actor { Id = "rus", Capability = 0.3, WarCost = 0.1, Stances = System.Collections.Immutable.ImmutableDictionary<string, Brink.Scenarios.Stance>.Empty.Add("nato", new(100, 1)) },
            ],
            Beliefs = [new Brink.Scenarios.Belief("rus", new Brink.Scenarios.ParameterRef("usa", Brink.Scenarios.ActorParameter.Capability), 0.1)],
        };
        var result = Brink.Crisis.CrisisAnalysis.Run(scenario, new Brink.Crisis.CrisisOptions());
        var stdout = new StringWriter();
        var context = new Brink.Cli.CliContext(stdout, new StringWriter());
        Brink.Cli.Commands.CrisisScenarioOutput.WriteJson(context, result);
        var json = JsonDocument.Parse(stdout.ToString()).RootElement;
        var dyad = json.GetProperty("dyads")[0];
        Assert.Equal(1, dyad.GetProperty("p_war").GetDouble(), 12);
        Assert.Equal(1, dyad.GetProperty("war_by_cause").GetProperty("misperception").GetDouble(), 12);
        Assert.True(dyad.GetProperty("mutual_optimism").GetBoolean());
        Assert.Equal(-0.4, json.GetProperty("belief_gaps")[0].GetProperty("gap").GetDouble(), 12);

        var table = new StringWriter();
        Brink.Cli.Commands.CrisisScenarioOutput.WriteTable(new Brink.Cli.CliContext(table, new StringWriter(), width: 200), result);
        Assert.Contains("misperception", table.ToString());
    }

    [Fact]
    public void A_scenario_that_cannot_be_loaded_is_exit_2()
    {
        var r = CliRunner.Run("crisis", "scenario", Path.Combine(Path.GetTempPath(), "no-such-brink-scenario.yaml"));
        Assert.Equal(2, r.ExitCode);
    }

    [Theory]
    [InlineData(-0.0, "0")]
    [InlineData(-0.0000001, "0")]
    [InlineData(-0.0005, "-0.0005")]
    [InlineData(0.25, "0.25")]
    public void Crisis_tables_never_print_negative_zero(double value, string shown)
    {
        Assert.Equal(shown, Brink.Cli.Commands.CrisisCli.Show(value));
        Assert.Equal("0", Brink.Cli.Commands.CrisisCli.Show(Math.Round(-0.0004, 3)));
    }
}
