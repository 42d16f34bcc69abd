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
        var file = new Argument<string>("file") { Description = "Scenario file (YAML, JSON or CSV)." };
        var target = new Option<double>("--target") { Description = "Forecast value to approach (on the issue's scale).", Required = true };
        var model = new Option<string?>("--model", "-m") { Description = $"Model (default: {ModelRunner.DefaultModel})." };
        var variant = new Option<string?>("--variant") { Description = "Model variant." };
        var issue = new Option<string?>("--issue") { Description = "Issue (default: the first)." };
        var actors = new Option<string[]>("--actors") { Description = "Only these actors may change (ids, comma-separated).", AllowMultipleArgumentsPerToken = true };
        var maxPos = new Option<double?>("--max-position-change") { Description = "Largest allowed change of a position, in scale units (default: a quarter of the scale width; the output states the bound used)." };
        var maxSal = new Option<double?>("--max-salience-change") { Description = "Largest allowed change of a salience, on [0,1] (default: 0.25; the output states the bound used)." };
        var parameters = new Option<string>("--parameters") { Description = "Which numbers may change.", DefaultValueFactory = _ => "position,salience" };
        parameters.AcceptOnlyFromAmong("position,salience", "position", "salience");
        var measure = new Option<string>("--measure") { Description = "Forecast number to move.", DefaultValueFactory = _ => "mean" };
        measure.AcceptOnlyFromAmong("mean", "median");
        var threads = new Option<int>("--threads", "-t") { Description = "Worker threads (0 = one per core)." };
        var format = SimulationCli.FormatOption();
        var command = new Command("whatif", "Find the one change (an actor's position or salience) that moves the forecast closest to a target.")
        {
            file, target, model, variant, issue, actors, maxPos, maxSal, parameters, measure, threads, format,
        };
        command.SetAction(parse => Run(context, parse.GetValue(file)!, parse.GetValue(target), parse.GetValue(model) ?? ModelRunner.DefaultModel,
            parse.GetValue(variant), parse.GetValue(issue), parse.GetValue(actors) ?? [], parse.GetValue(maxPos), parse.GetValue(maxSal),
            parse.GetValue(parameters)!, parse.GetValue(measure) == "median" ? ForecastMeasure.Median : ForecastMeasure.Mean,
            parse.GetValue(threads), parse.GetValue(format)!));
        return command;
    }

    /// <summary>The command after parsing, a thin mapping onto <see cref="WhatIfService"/>; <paramref name="preloaded"/> skips loading <c>file</c> (tests).</summary>
    internal static int Run(CliContext context, string file, double target, string modelName, string? variant, string? issueId, string[] actorArgs,
        double? maxPos, double? maxSal, string parameters, ForecastMeasure measure, int threads, string format, Scenarios.Scenario? preloaded = null)
    {
        var request = new WhatIfRequest
        {
            Scenario = ScenarioSource.FromFile(file), Target = target, Model = modelName, Variant = variant, Issue = issueId, Actors = actorArgs,
            MaxPositionChange = maxPos, MaxSalienceChange = maxSal, Measure = measure, Threads = threads,
            Parameters = [.. parameters.Split(',').Select(x => x == "position" ? IssueField.Position : IssueField.Salience)],
        };
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
