using System.CommandLine;
using System.Globalization;
using Brink.Application;
using Brink.Simulation;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink whatif FILE --target X</c>: the single change of one actor's position or salience, within
/// bounds, that brings the forecast closest to X, with the five next-best alternatives.
/// </summary>
public sealed class WhatIfCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var options = new WhatIfCliOptions("Worker threads (0 = one per core).");
        var format = SimulationCli.FormatOption();
        var command = new Command("whatif", "Find the one change (an actor's position or salience) that moves the forecast closest to a target.");
        options.AddTo(command);
        command.Options.Add(format);
        command.SetAction(parse => Run(context, options.Request(parse, ScenarioSource.FromFile(parse.GetValue(options.File)!)), parse.GetValue(format)!));
        return command;
    }

    /// <summary>The command after parsing, a thin mapping onto <see cref="WhatIfService"/>; <paramref name="preloaded"/> skips loading <c>file</c> (tests).</summary>
    internal static int Run(CliContext context, string file, double target, string modelName, string? variant, string? issueId, string[] actorArgs,
        double? maxPos, double? maxSal, string parameters, ForecastMeasure measure, int threads, string format, Scenarios.Scenario? preloaded = null) =>
        Run(context, new WhatIfRequest
        {
            Scenario = ScenarioSource.FromFile(file), Target = target, Model = modelName, Variant = variant, Issue = issueId, Actors = actorArgs,
            MaxPositionChange = maxPos, MaxSalienceChange = maxSal, Measure = measure, Threads = threads,
            Parameters = WhatIfCliOptions.ParseParameters(parameters),
        }, format, preloaded);

    private static int Run(CliContext context, WhatIfRequest request, string format, Scenarios.Scenario? preloaded = null)
    {
        var outcome = WhatIfService.Run(request, new SimulationCli.Progress(context), preloaded, context.Cancellation);
        ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, "brink: ");
        if (!outcome.Ok || outcome.Result is not { } result) return ExitCodes.BadInput;
        if (format == "json")
        {
            JsonOutput.Write(context, result);
            return ExitCodes.Ok;
        }
        WriteTable(context, result);
        return ExitCodes.Ok;
    }

    /// <summary>The table of <c>brink whatif</c> (also drawn by <c>brink sweep whatif --format table</c>).</summary>
    internal static void WriteTable(CliContext context, WhatIfResult result)
    {
        var measure = result.Measure;
        var target = result.Target;
        var console = context.Console;
        console.WriteLine($"What moves the {result.Model} ({result.Variant}) forecast {measure.ToString().ToLowerInvariant()} on issue {result.IssueId} toward {F(target)}? Now {F(Pick(result.Baseline, measure))}.");
        var table = new Table().AddColumns("Rank", "Actor", "Parameter", "From", "To", "Change", "Forecast", "Distance to target");
        var rank = 1;
        foreach (var c in new[] { result.Best }.Concat(result.Alternatives))
            table.AddRow((rank++).ToString(CultureInfo.InvariantCulture), Markup.Escape(c.Actor), UserWords.Of(c.Parameter), F(c.From), F(c.To), F(c.Change),
                F(Pick(c.Forecast, measure)), F(c.Distance));
        console.Write(table);
        console.WriteLine($"Best: {result.Best.Actor} {UserWords.Of(result.Best.Parameter)} {F(result.Best.From)} → {F(result.Best.To)} gives {F(Pick(result.Best.Forecast, measure))} ({result.Evaluations} model runs).");
        console.WriteLine($"Bounds searched: {string.Join("; ", result.Bounds.Select(b => $"{UserWords.Of(b.Parameter)} {b.Rule}"))}.");
        Rendering.WarningOutput.Write(console, result.Warnings);
    }

    private static double Pick(Models.Forecast f, ForecastMeasure m) => m == ForecastMeasure.Mean ? f.Mean : f.Median;

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>
/// The options of <c>brink whatif</c>, shared with <c>brink sweep whatif</c> (which takes the same arguments), and their
/// mapping onto a <see cref="WhatIfRequest"/>.
/// </summary>
internal sealed class WhatIfCliOptions(string threadsDescription)
{
    public Argument<string> File { get; } = new("file") { Description = "Scenario file (YAML, JSON or CSV)." };
    private readonly Option<double> _target = new("--target") { Description = "Forecast value to approach (on the issue's scale).", Required = true };
    private readonly Option<string?> _model = new("--model", "-m") { Description = $"Model: {string.Join(", ", ModelRegistry.SimulatedNames)} (default: {ModelRunner.DefaultModel})." };
    private readonly Option<string?> _variant = new("--variant") { Description = "Model variant." };
    private readonly Option<string?> _issue = new("--issue") { Description = "Issue (default: the first)." };
    private readonly Option<string[]> _actors = new("--actors") { Description = "Only these actors may change (ids, comma-separated).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<double?> _maxPosition = new("--max-position-change") { Description = "Largest allowed change of a position, in scale units (default: a quarter of the scale width; the output states the bound used)." };
    private readonly Option<double?> _maxSalience = new("--max-salience-change") { Description = "Largest allowed change of a salience, on [0,1] (default: 0.25; the output states the bound used)." };
    private readonly Option<string> _parameters = Choice("--parameters", "Which numbers may change.", "position,salience", "position,salience", "position", "salience");
    private readonly Option<string> _measure = Choice("--measure", "Forecast number to move.", "mean", "mean", "median");
    private readonly Option<int> _threads = new("--threads", "-t") { Description = threadsDescription };

    private static Option<string> Choice(string name, string description, string fallback, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    /// <summary>Adds the file argument and every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        foreach (var option in new Option[] { _target, _model, _variant, _issue, _actors, _maxPosition, _maxSalience, _parameters, _measure, _threads })
            command.Options.Add(option);
    }

    /// <summary>The request the parsed options describe, on <paramref name="scenario"/>.</summary>
    public WhatIfRequest Request(ParseResult parse, ScenarioSource scenario) => new()
    {
        Scenario = scenario, Target = parse.GetValue(_target), Model = parse.GetValue(_model) ?? ModelRunner.DefaultModel, Variant = parse.GetValue(_variant),
        Issue = parse.GetValue(_issue), Actors = parse.GetValue(_actors) ?? [], MaxPositionChange = parse.GetValue(_maxPosition),
        MaxSalienceChange = parse.GetValue(_maxSalience), Measure = parse.GetValue(_measure) == "median" ? ForecastMeasure.Median : ForecastMeasure.Mean,
        Threads = parse.GetValue(_threads), Parameters = ParseParameters(parse.GetValue(_parameters)!),
    };

    /// <summary><c>--parameters</c> as fields (the option accepts only position, salience or both).</summary>
    public static IssueField[] ParseParameters(string text) => [.. text.Split(',').Select(x => x == "position" ? IssueField.Position : IssueField.Salience)];
}
