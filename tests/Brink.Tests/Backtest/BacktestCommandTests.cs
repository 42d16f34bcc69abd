using System.Globalization;
using System.Text.Json;
using Brink.Backtest;
using Brink.Tests.Cli;

namespace Brink.Tests.Backtest;

public sealed class BacktestCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("brink-backtest-").FullName;
    private readonly string _protocol;

    public BacktestCommandTests()
    {
        _protocol = Path.Combine(_dir, "protocol.json");
        File.WriteAllText(_protocol, (BacktestProtocol.Default with { CvSeeds = [1], InfluencePenalties = [30], BootstrapReplicates = 200 }).ToJson());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_the_dev_file_When_backtested_as_json_Then_models_report_mae_and_n()
    {
        var r = CliRunner.Run("backtest", "deu", DeuImporterTests.DevFile, "--models", "compromise,median,constant50,status-quo,influence", "--format", "json", "--protocol", _protocol);
        Assert.True(r.ExitCode == 0, r.Error);
        using var json = JsonDocument.Parse(r.Out);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["compromise", "median", "constant50", "status-quo", "influence"], models.Select(m => m.GetProperty("model").GetString()));
        var compromise = models[0];
        var cases = DeuImporter.Cases(DeuImporterTests.Dev(), DeuCapabilities.Votes);
        Assert.Equal(cases.Length, compromise.GetProperty("n").GetInt32());
        Assert.Equal(cases.Average(c => Math.Abs(BaselineForecasts.Compromise(c.Issue) - c.Outcome)), compromise.GetProperty("mae").GetDouble(), 9);
        Assert.Equal("cross-validated", models[4].GetProperty("evaluation").GetString());
        Assert.Equal(4, compromise.GetProperty("groups").GetArrayLength());
        Assert.True(models[1].GetProperty("vs_baseline").GetProperty("mae_difference").GetDouble() > 0);
    }

    [Fact]
    public void Given_a_table_format_When_backtested_Then_every_model_and_group_is_printed()
    {
        var r = CliRunner.Run("backtest", "deu", DeuImporterTests.DevFile, "--models", "median", "--capabilities", "equal", "--protocol", _protocol);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("compromise", r.Out);
        Assert.Contains("median", r.Out);
        Assert.Contains("unanimity", r.Out);
        Assert.Contains("capabilities equal", r.Out);
    }

    [Fact]
    public void Given_a_separate_fit_file_When_backtested_Then_learned_models_are_fitted_on_it_only_and_outputs_are_written()
    {
        // Split the dev file by proposal into two files: fit on one, evaluate on the other.
        var lines = File.ReadAllLines(DeuImporterTests.DevFile);
        var header = lines[0].Split('\t').Select(h => h.Trim('"')).ToList();
        var prnr = header.IndexOf("prnr");
        var proposals = lines.Skip(2).Select(l => l.Split('\t')[prnr]).Distinct().Order(StringComparer.Ordinal).ToList();
        var devSet = proposals.Where((_, k) => k % 2 == 0).ToHashSet();
        var dev = Path.Combine(_dir, "dev.tsv");
        var test = Path.Combine(_dir, "test.tsv");
        File.WriteAllLines(dev, [lines[0], lines[1], .. lines.Skip(2).Where(l => devSet.Contains(l.Split('\t')[prnr]))]);
        File.WriteAllLines(test, [lines[0], lines[1], .. lines.Skip(2).Where(l => !devSet.Contains(l.Split('\t')[prnr]))]);
        var outDir = Path.Combine(_dir, "out");

        var r = CliRunner.Run("backtest", "deu", test, "--fit", dev, "--models", "compromise,influence,procedural", "--format", "json", "--out", outDir, "--protocol", _protocol);
        Assert.True(r.ExitCode == 0, r.Error);
        using var json = JsonDocument.Parse(r.Out);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal("fitted-on-dev", models[1].GetProperty("evaluation").GetString());
        Assert.DoesNotContain("are in both", r.Error);

        // The evaluated forecasts are those of a model fitted on the dev half only.
        var devCases = DeuImporter.Cases(DeuImporter.Load(dev).Value!, DeuCapabilities.Votes);
        var testCases = DeuImporter.Cases(DeuImporter.Load(test).Value!, DeuCapabilities.Votes);
        var fitted = new InfluenceModel().Fit(devCases, BacktestProtocol.Load(_protocol).Value!);
        var expected = testCases.Average(c => Math.Abs(fitted.Forecast(c)!.Value - c.Outcome));
        Assert.Equal(expected, models[1].GetProperty("mae").GetDouble(), 9);

        var csv = File.ReadAllLines(Path.Combine(outDir, "forecasts.csv"));
        Assert.Equal("proposal,issue,line,procedure,voting_rule,reference_point,outcome,compromise,influence,procedural", csv[0]);
        Assert.Equal(testCases.Length + 1, csv.Length);
        Assert.True(new FileInfo(Path.Combine(outDir, "backtest_mae.png")).Length > 1000);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(outDir, "backtest_mae.svg")));
        var stored = FittedModels.Load(Path.Combine(outDir, "fitted_influence.json"));
        Assert.True(stored.Ok);
        Assert.Equal(devCases.Length, stored.Value!.Issues);
        Assert.Equal(dev, stored.Value.FittedOn);
        _ = CultureInfo.InvariantCulture;
    }

    [Fact]
    public void Given_a_fit_file_sharing_proposals_When_backtested_Then_a_warning_says_the_figures_are_not_out_of_sample()
    {
        var r = CliRunner.Run("backtest", "deu", DeuImporterTests.DevFile, "--fit", DeuImporterTests.DevFile, "--models", "compromise,procedural", "--protocol", _protocol);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("are in both", r.Out);
        Assert.Contains("backtest-fit-overlap", r.Out);
        Assert.Contains("fitted-on-dev", r.Out);
    }

    [Fact]
    public void Given_a_missing_file_When_backtested_Then_exit_2_with_the_file_named()
    {
        var r = CliRunner.Run("backtest", "deu", Path.Combine(_dir, "nope.tsv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nope.tsv", r.Error);
        Assert.DoesNotContain("Exception", r.Error);
    }

    [Fact]
    public void Given_an_unknown_model_When_backtested_Then_exit_2_listing_the_known_ones()
    {
        var r = CliRunner.Run("backtest", "deu", DeuImporterTests.DevFile, "--models", "oracle");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("oracle", r.Error);
        Assert.Contains("influence", r.Error);
    }
}
