using System.Text.Json;

namespace Brink.Tests.Cli;

/// <summary>simulate's warm-up thread (CommandWarmup) really runs the service: a broken built-in scenario would make it a silent no-op.</summary>
public sealed class CommandWarmupTests
{
    [Fact]
    public void The_warm_up_simulates_its_scenario_with_every_default_model()
    {
        var json = Brink.Cli.CommandWarmup.Simulate();
        Assert.NotNull(json);
        using var doc = JsonDocument.Parse(json);
        var text = doc.RootElement.ToString();
        foreach (var model in Brink.Models.ModelCatalog.DefaultModels)
            Assert.Contains($"\"{model}\"", text, StringComparison.Ordinal);
    }
}
