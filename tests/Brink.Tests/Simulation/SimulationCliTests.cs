using System.Text.Json;
using Brink.Cli;
using Brink.Cli.Commands;
using Brink.Scenarios;
using Brink.Simulation;
using Brink.Tests.Cli;
using static Brink.Tests.Simulation.SimulationFixtures;

namespace Brink.Tests.Simulation;

/// <summary>The simulation commands after parsing, fed a scenario built in code (the file loader is tested elsewhere).</summary>
public sealed class SimulationCliTests
{
    private static (int Code, string Out, string Error) Simulate(Scenario scenario, int threads, string format = "json", bool shocks = false, CancellationToken cancel = default)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, width: 200) { Cancellation = cancel };
        var code = SimulateCommand.Run(context, "test.yaml", 2000, 42, threads, format, ["compromise", "median"], null, null, null, shocks, 10, scenario);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Simulate_json_is_identical_for_any_thread_count_and_summarises_every_model()
    {
        var one = Simulate(Uncertain(), 1);
        var three = Simulate(Uncertain(), 3);
        Assert.Equal(0, one.Code);
        Assert.Equal(one.Out, three.Out);
        using var doc = JsonDocument.Parse(one.Out);
        var root = doc.RootElement;
        Assert.False(root.GetProperty("partial").GetBoolean());
        Assert.Equal(2000, root.GetProperty("draws_completed").GetInt32());
        var models = root.GetProperty("issues")[0].GetProperty("models");
        Assert.Equal(["compromise", "median"], models.EnumerateArray().Select(m => m.GetProperty("model").GetString()));
        var mean = models[0].GetProperty("forecast_mean");
        Assert.True(mean.GetProperty("p05").GetDouble() < mean.GetProperty("median").GetDouble());
        Assert.Equal(2000, mean.GetProperty("histogram").GetProperty("counts").EnumerateArray().Sum(c => c.GetInt32()));
    }

    [Fact]
    public void Simulate_table_shows_distribution_and_stability()
    {
        var r = Simulate(Uncertain(), 2, format: "table", shocks: true);
        Assert.Equal(0, r.Code);
        Assert.Contains("Histogram", r.Out);
        Assert.Contains("compromise", r.Out);
        Assert.Contains("most pivotal actor: a", r.Out);
    }

    [Fact]
    public void Simulate_cancelled_before_start_reports_partial_results()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var r = Simulate(Uncertain(), 2, cancel: cts.Token);
        Assert.Equal(130, r.Code);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.True(doc.RootElement.GetProperty("partial").GetBoolean());
        Assert.Equal(0, doc.RootElement.GetProperty("draws_completed").GetInt32());
        Assert.Contains("partial", r.Error);
    }

    [Fact]
    public void Simulate_warns_when_nothing_is_uncertain()
    {
        var r = Simulate(Uncertain() with { Uncertain = [], Correlations = [] }, 1);
        Assert.Equal(0, r.Code);
        Assert.Contains("no uncertain inputs", r.Error);
    }

    [Fact]
    public void Sensitivity_writes_json_and_charts_as_png_and_svg()
    {
        var dir = Path.Combine(Path.GetTempPath(), "brink-sens-" + Guid.NewGuid().ToString("N"));
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = SensitivityCommand.Run(new CliContext(stdout, stderr, width: 200), "test.yaml", dir, "compromise", null, null,
                new SensitivityOptions { SobolSamples = 128, MorrisTrajectories = 8 }, "table", Uncertain());
            Assert.True(code == 0, stderr.ToString());
            Assert.Contains("Tornado", stdout.ToString());
            var files = Directory.GetFiles(dir).Select(f => Path.GetFileName(f)).Order().ToList();
            Assert.Equal(new List<string> { "morris-i-compromise.png", "morris-i-compromise.svg", "sensitivity-i-compromise.json", "sobol-i-compromise.png", "sobol-i-compromise.svg",
                "tornado-i-compromise.png", "tornado-i-compromise.svg" }, files);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(Path.Combine(dir, "tornado-i-compromise.png"))[..4]);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "sobol-i-compromise.svg")));
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "sensitivity-i-compromise.json")));
            Assert.Equal(15, doc.RootElement.GetProperty("factors").GetArrayLength());
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void WhatIf_json_reports_the_best_change_and_five_alternatives()
    {
        var scenario = new Scenario
        {
            Title = "planted",
            Issues = [new Issue { Id = "i", Min = 0, Max = 100 }],
            Actors = [Actor("x", 1, 0, 1), Actor("y", 1, 50, 1), Actor("z", 4, 100, 1)],
        };
        var stdout = new StringWriter();
        var code = WhatIfCommand.Run(new CliContext(stdout, new StringWriter()), "t.yaml", 72, "compromise", null, null, [], 10, 0.1, "position,salience",
            ForecastMeasure.Mean, 2, "json", scenario);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout.ToString());
        var best = doc.RootElement.GetProperty("best");
        Assert.Equal("z", best.GetProperty("actor").GetString());
        Assert.Equal("position", best.GetProperty("parameter").GetString());
        Assert.Equal(95.5, best.GetProperty("to").GetDouble(), 6);
        Assert.Equal(5, doc.RootElement.GetProperty("alternatives").GetArrayLength());
    }

    [Fact]
    public void WhatIf_rejects_an_unknown_actor()
    {
        var stderr = new StringWriter();
        var code = WhatIfCommand.Run(new CliContext(new StringWriter(), stderr), "t.yaml", 50, "compromise", null, null, ["nobody"], null, null, "position",
            ForecastMeasure.Mean, 1, "table", Uncertain());
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no actor 'nobody'", stderr.ToString());
    }

    [Theory]
    [InlineData("simulate", "s.yaml", "--draws", "0")]
    [InlineData("simulate", "s.yaml", "--noise", "-1")]
    [InlineData("simulate", "s.yaml", "--format", "xml")]
    [InlineData("bench", "--actors", "10,abc")]
    [InlineData("whatif", "s.yaml")]
    [InlineData("sensitivity", "s.yaml", "--samples", "1")]
    public void Bad_arguments_exit_2_with_a_message(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(r.Error));
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void Unknown_model_lists_the_valid_ones()
    {
        var stderr = new StringWriter();
        var code = SimulateCommand.Run(new CliContext(new StringWriter(), stderr), "t.yaml", 10, 1, 1, "table", ["nope"], null, null, null, false, 10, Uncertain());
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("valid models: compromise", stderr.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
