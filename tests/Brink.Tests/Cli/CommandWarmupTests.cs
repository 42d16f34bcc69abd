using System.Text.Json;

namespace Brink.Tests.Cli;

/// <summary>The warm-up thread (CommandWarmup) really runs the services: a broken built-in scenario would make it a silent no-op.</summary>
public sealed class CommandWarmupTests
{
    [Fact]
    public void The_warm_up_simulates_its_scenario_with_every_default_model() => AssertEveryDefaultModel(Brink.Cli.CommandWarmup.Simulate());

    [Fact]
    public void The_run_warm_up_runs_every_default_model_on_its_scenario() => AssertEveryDefaultModel(Brink.Cli.CommandWarmup.Run());

    private static void AssertEveryDefaultModel(string? json)
    {
        Assert.NotNull(json);
        using var doc = JsonDocument.Parse(json);
        var text = doc.RootElement.ToString();
        foreach (var model in Brink.Models.ModelCatalog.DefaultModels)
            Assert.Contains($"\"{model}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_warms_up_only_for_a_large_scenario_file_and_other_commands_never()
    {
        var folder = Directory.CreateTempSubdirectory("brink-warmup-");
        try
        {
            var small = Path.Combine(folder.FullName, "small.csv");
            var large = Path.Combine(folder.FullName, "large.csv");
            File.WriteAllText(small, Brink.Cli.Commands.WholeProcessBench.ActorTable(10));
            File.WriteAllText(large, Brink.Cli.Commands.WholeProcessBench.ActorTable(1000));
            Assert.True(new FileInfo(large).Length >= Brink.Cli.CommandWarmup.LargeScenarioBytes);
            Assert.Null(Brink.Cli.CommandWarmup.WorkFor(["run", small, "--model", "eum"]));
            Assert.NotNull(Brink.Cli.CommandWarmup.WorkFor(["run", large, "--model", "eum"]));
            Assert.Null(Brink.Cli.CommandWarmup.WorkFor(["run", "--model", "eum", Path.Combine(folder.FullName, "missing.csv")]));
            Assert.NotNull(Brink.Cli.CommandWarmup.WorkFor(["simulate", small]));
            Assert.Null(Brink.Cli.CommandWarmup.WorkFor(["validate", large]));
            Assert.Null(Brink.Cli.CommandWarmup.WorkFor([]));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
