using System.CommandLine;
using System.Globalization;
using Brink.Cli.Charts;
using Brink.Simulation;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink sensitivity FILE</c>: which actor × parameter moves the forecast most: one-at-a-time
/// tornado, Morris elementary effects, Sobol first-order and total indices; charts with <c>--out</c>.
/// </summary>
public sealed class SensitivityCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Scenario file (YAML, JSON or CSV)." };
        var outDir = OptionChecks.OutputDirectory(new Option<string?>("--out", "-o") { Description = "Write sensitivity JSON and tornado/morris/sobol charts (PNG and SVG) into this folder." });
        var a = new SensitivityArguments("Worker threads (0 = one per core).");
        var format = SimulationCli.FormatOption();
        var command = new Command("sensitivity", "Which inputs drive the forecast: tornado, Morris and Sobol indices by actor × parameter.")
        {
            file, outDir, a.Model, a.Variant, a.Issue, a.Samples, a.Trajectories, a.Seed, a.Threads, a.Measure, a.PositionRange, a.SalienceRange, a.CapabilityRange, format,
        };
        command.SetAction(parse =>
        {
            return Run(context, parse.GetValue(file)!, parse.GetValue(outDir), parse.GetValue(a.Model) ?? ModelRunner.DefaultModel, parse.GetValue(a.Variant),
                parse.GetValue(a.Issue), a.Read(parse), parse.GetValue(format)!);
        });
        return command;
    }

    /// <summary>The command after parsing; <paramref name="preloaded"/> skips loading <c>file</c> (tests).</summary>
    internal static int Run(CliContext context, string file, string? outDir, string modelName, string? variant, string? issueId, SensitivityOptions options, string format, Scenarios.Scenario? preloaded = null)
    {
        var outcome = SensitivityService.Run(new SensitivityRequest
        {
            Scenario = ScenarioSource.FromFile(file), Model = modelName, Variant = variant, Issue = issueId, Options = options,
        }, new SimulationCli.Progress(context), preloaded, context.Cancellation);
        ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, "brink: ");
        if (!outcome.Ok || outcome.Result is not { } result) return ExitCodes.BadInput;
        var issue = result.IssueId;

        IReadOnlyList<string> charts = [];
        if (outDir is not null)
        {
            try
            {
                charts = SensitivityCharts.Write(result, outDir);
                var json = Path.Combine(outDir, $"sensitivity-{issue}-{result.Model}.json");
                File.WriteAllText(json, System.Text.Json.JsonSerializer.Serialize(result, JsonOutput.Options));
                charts = [json, .. charts];
            }
            catch (IOException ex)
            {
                return SimulationCli.Fail(context, $"--out {outDir}: {ex.Message}");
            }
            catch (UnauthorizedAccessException ex)
            {
                return SimulationCli.Fail(context, $"--out {outDir}: {ex.Message}");
            }
        }
        if (format == "json") JsonOutput.Write(context, SensitivityDocument.Of(result, charts));
        else
        {
            WriteTable(context, result);
            foreach (var path in charts) context.Console.WriteLine($"wrote {path}");
        }
        return ExitCodes.Ok;
    }

    internal static void WriteTable(CliContext context, SensitivityResult r)
    {
        var console = context.Console;
        console.WriteLine($"Sensitivity of the {r.Model} ({r.Variant}) forecast {r.Measure.ToString().ToLowerInvariant()} on issue {r.IssueId}; baseline {F(r.Baseline)}");
        console.WriteLine($"Tornado: forecast with one input at its 5th / 95th percentile, the others at their point values.");
        var tornado = new Table().AddColumns("Input", "Low input", "High input", "Forecast low", "Forecast high", "Swing");
        foreach (var b in r.Tornado) tornado.AddRow(Markup.Escape(b.Input), F(b.LowInput), F(b.HighInput), F(b.LowForecast), F(b.HighForecast), F(b.Swing));
        console.Write(tornado);
        console.WriteLine($"Global indices: Morris ({r.MorrisEvaluations} runs; μ*, σ per unit of probability level) and Sobol ({r.SobolEvaluations} runs; ± is one standard error).");
        var global = new Table().AddColumns("Input", "μ*", "σ", "Sobol S1", "±", "Sobol ST", "±");
        foreach (var f in r.Factors) global.AddRow(Markup.Escape(f.Input), F(f.MuStar), F(f.Sigma), F(f.SobolFirst), F(f.SobolFirstSe), F(f.SobolTotal), F(f.SobolTotalSe));
        console.Write(global);
        Rendering.WarningOutput.Write(console, r.Warnings);
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>The options that <c>brink sensitivity</c> and <c>brink sweep sensitivity</c> share, declared once so that both take the same arguments.</summary>
internal sealed class SensitivityArguments(string threadsDescription)
{
    public Option<string?> Model { get; } = new("--model", "-m") { Description = $"Model: {string.Join(", ", ModelRegistry.SimulatedNames)} (default: {ModelRunner.DefaultModel})." };
    public Option<string?> Variant { get; } = new("--variant") { Description = "Model variant." };
    public Option<string?> Issue { get; } = new("--issue") { Description = "Issue (default: the first)." };
    public Option<int> Samples { get; } = new("--samples") { Description = "Sobol base sample N (the model runs N·(k+2) times).", DefaultValueFactory = _ => 512 };
    public Option<int> Trajectories { get; } = new("--trajectories") { Description = "Morris trajectories.", DefaultValueFactory = _ => 20 };
    public Option<ulong> Seed { get; } = new("--seed", "-s") { Description = "Seed.", DefaultValueFactory = _ => 1 };
    public Option<int> Threads { get; } = new("--threads", "-t") { Description = threadsDescription };
    public Option<string> Measure { get; } = MeasureOption();
    public Option<double> PositionRange { get; } = new("--position-range") { Description = "Range of a position without a distribution: ± this fraction of the scale.", DefaultValueFactory = _ => 0.1 };
    public Option<double> SalienceRange { get; } = new("--salience-range") { Description = "Range of a salience without a distribution: ± this.", DefaultValueFactory = _ => 0.2 };
    public Option<double> CapabilityRange { get; } = new("--capability-range") { Description = "Range of a capability without a distribution: ± this fraction.", DefaultValueFactory = _ => 0.25 };

    public SensitivityOptions Read(ParseResult parse) => new()
    {
        SobolSamples = parse.GetValue(Samples),
        MorrisTrajectories = parse.GetValue(Trajectories),
        Seed = parse.GetValue(Seed),
        Threads = parse.GetValue(Threads),
        Measure = parse.GetValue(Measure) == "median" ? ForecastMeasure.Median : ForecastMeasure.Mean,
        PositionRange = parse.GetValue(PositionRange),
        SalienceRange = parse.GetValue(SalienceRange),
        CapabilityRange = parse.GetValue(CapabilityRange),
    };

    private static Option<string> MeasureOption()
    {
        var measure = new Option<string>("--measure") { Description = "Forecast number analysed.", DefaultValueFactory = _ => "mean" };
        measure.AcceptOnlyFromAmong("mean", "median");
        return measure;
    }
}
