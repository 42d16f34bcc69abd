using System.Text.RegularExpressions;
using Brink.Cli;
using Brink.Tests.Backtest;

namespace Brink.Tests.Cli;

/// <summary>
/// The main commands' tables on an 80-column terminal: no line is longer than 80, and nothing is lost or cut on the
/// way. Every word and number of the same output rendered wide (200 columns) is still there, whole, at 80: a column
/// that was dropped, or a number or identifier split over two lines, would be missing.
/// </summary>
public sealed partial class NarrowTerminalTests : IDisposable
{
    private const int Width = 80;
    private static readonly string Nato = TestPaths.InRepo("scenarios", "nato-2022.yaml");
    private static readonly string Emission = TestPaths.InRepo("scenarios", "emission.yaml");
    private readonly string _dir = Directory.CreateTempSubdirectory("brink-narrow-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Error) Render(int width, string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = BrinkApp.Run(args, new CliContext(stdout, stderr, ansi: false, width: width));
        return (code, stdout.ToString(), stderr.ToString());
    }

    // Box-drawing characters and whitespace separate words; what is left are the words and numbers a reader reads.
    [GeneratedRegex(@"[\s\u2500-\u257F]+")]
    private static partial Regex Separators();

    private static HashSet<string> Words(string text) => [.. Separators().Split(text).Where(w => w.Length > 0)];

    private static void AssertFitsAt80(params string[] args)
    {
        var wide = Render(200, args);
        var narrow = Render(Width, args);
        Assert.True(wide.Code == 0, wide.Error);
        Assert.Equal(wide.Code, narrow.Code);
        var lines = narrow.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var tooLong = lines.Where(l => l.Length > Width).ToList();
        Assert.True(tooLong.Count == 0, $"brink {string.Join(' ', args)}: {tooLong.Count} lines over {Width} columns, e.g.\n{string.Join('\n', tooLong.Take(3))}");
        var missing = Words(wide.Out).Except(Words(narrow.Out)).ToList();
        Assert.True(missing.Count == 0, $"brink {string.Join(' ', args)}: at {Width} columns these words are cut or gone: {string.Join(", ", missing.Take(12))}\n{narrow.Out}");
    }

    [Fact]
    public void Run_fits() => AssertFitsAt80("run", Nato);

    [Fact]
    public void Run_of_the_emission_example_fits() => AssertFitsAt80("run", Emission);

    [Fact]
    public void Run_of_the_crisis_model_fits() => AssertFitsAt80("run", Nato, "--model", "crisis");

    [Fact]
    public void Simulate_fits() => AssertFitsAt80("simulate", Nato, "--draws", "200", "--seed", "7");

    [Fact]
    public void Sensitivity_fits() =>
        AssertFitsAt80("sensitivity", Emission, "--model", "eum", "--samples", "16", "--trajectories", "4", "--out", Path.Combine(_dir, "sens"));

    [Fact]
    public void Crisis_scenario_fits() => AssertFitsAt80("crisis", "scenario", Nato);

    [Fact]
    public void Crisis_bargain_fits() => AssertFitsAt80("crisis", "bargain", "--p", "0.4", "--cost-a", "0.1", "--cost-b-max", "0.5");

    [Fact]
    public void Backtest_fits()
    {
        var protocol = Path.Combine(_dir, "protocol.json");
        File.WriteAllText(protocol, (Brink.Backtest.BacktestProtocol.Default with { CvSeeds = [1], InfluencePenalties = [30], BootstrapReplicates = 100 }).ToJson());
        AssertFitsAt80("backtest", "deu", DeuImporterTests.DevFile, "--models", "compromise,median,status-quo,influence", "--protocol", protocol);
    }
}
