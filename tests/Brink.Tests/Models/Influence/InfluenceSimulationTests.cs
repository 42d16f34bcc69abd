using System.Text.Json;
using Brink.Tests.Cli;

namespace Brink.Tests.Models.Influence;

/// <summary>The influence model in Monte Carlo (<c>brink simulate --model influence</c>).</summary>
public sealed class InfluenceSimulationTests
{
    private static readonly string Nato = TestPaths.InRepo("scenarios", "nato-2022.yaml");

    private static JsonElement Model(int threads)
    {
        var r = CliRunner.Run(["simulate", Nato, "--model", "influence", "--variant", "eum-paper", "--draws", "200", "--seed", "5",
            "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture), "--issue", "nato_membership", "--format", "json"]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("Susceptibility λ = 1 − self-weight", r.Error); // the defaulted input is reported as a notice
        return JsonDocument.Parse(r.Out).RootElement.GetProperty("issues")[0].GetProperty("models")[0].Clone();
    }

    [Fact]
    public void The_point_forecast_is_the_run_forecast_with_the_scenarios_relations_and_draws_do_not_depend_on_threads()
    {
        var one = Model(1);
        var run = CliRunner.Run(["run", Nato, "--model", "influence", "--variant", "eum-paper", "--issue", "nato_membership", "--format", "csv"]);
        Assert.True(run.ExitCode == 0, run.Error);
        var mean = double.Parse(run.Out.Split('\n').First(l => l.StartsWith("nato_membership,", StringComparison.Ordinal)).Split(',')[3], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(mean, one.GetProperty("point_forecast").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(JsonSerializer.Serialize(one), JsonSerializer.Serialize(Model(2)));
    }

    [Fact]
    public void The_exchange_model_runs_in_the_simulation_over_every_issue_of_the_scenario()
    {
        var r = CliRunner.Run(["simulate", Nato, "--model", "exchange", "--draws", "10", "--issue", "nato_membership"]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("exchange", r.Out);
        Assert.Contains("drawn jointly", r.Out);
    }
}
