using System.CommandLine;
using System.Globalization;
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

    /// <summary>The command after parsing; <paramref name="preloaded"/> skips loading <c>file</c> (tests).</summary>
    internal static int Run(CliContext context, string file, double target, string modelName, string? variant, string? issueId, string[] actorArgs,
        double? maxPos, double? maxSal, string parameters, ForecastMeasure measure, int threads, string format, Scenarios.Scenario? preloaded = null)
    {
        if (!double.IsFinite(target)) return SimulationCli.Fail(context, "--target must be a finite number");
        if (maxPos is { } p && !(p >= 0)) return SimulationCli.Fail(context, $"--max-position-change must be ≥ 0 (got {p})");
        if (maxSal is { } s && !(s >= 0)) return SimulationCli.Fail(context, $"--max-salience-change must be ≥ 0 (got {s})");
        if (threads < 0) return SimulationCli.Fail(context, $"--threads must be 0 (all cores) or more (got {threads})");
        var scenario = preloaded!;
        if (preloaded is null && !ScenarioInput.TryLoad(context, file, out scenario)) return ExitCodes.BadInput;
        if (!SimulationCli.TryIssues(context, scenario, issueId, all: false, out var issues)) return ExitCodes.BadInput;
        if (!SimulationCli.TryModels(context, [modelName], variant, out var models)) return ExitCodes.BadInput;
        if (!SimulationCli.TryLimits(context, scenario, issues, models)) return ExitCodes.BadInput;
        var template = IssueTemplate.From(scenario, issues[0]);
        if (template.Count == 0) return SimulationCli.Fail(context, $"{file}: issue '{issues[0]}' has no actors with a stance");
        var issue = scenario.FindIssue(issues[0])!;
        if (target < issue.Min || target > issue.Max)
            context.Error.WriteLine($"brink: notice: target {F(target)} lies outside the scale [{F(issue.Min)}, {F(issue.Max)}] of issue '{issue.Id}'.");

        var actorIds = actorArgs.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var id in actorIds.Where(id => !template.ActorIds.Contains(id)))
            return SimulationCli.Fail(context, $"--actors: no actor '{id}' on issue '{issue.Id}'; actors: {string.Join(", ", template.ActorIds)}");
        var options = new WhatIfOptions
        {
            Target = target,
            Actors = actorIds.Count > 0 ? actorIds : null,
            MaxPositionChange = maxPos,
            MaxSalienceChange = maxSal,
            Parameters = [.. parameters.Split(',').Select(x => x == "position" ? IssueField.Position : IssueField.Salience)],
            Measure = measure,
            Threads = threads,
        };
        WhatIfResult result;
        try
        {
            result = SimulationCli.WithProgress(context, $"whatif {issue.Id}", 1, _ => WhatIf.Search(template, models[0], options, context.Cancellation));
        }
        catch (ArgumentException ex)
        {
            return SimulationCli.Fail(context, ex.Message);
        }
        if (format == "json")
        {
            JsonOutput.Write(context, result);
            return ExitCodes.Ok;
        }
        var console = context.Console;
        console.WriteLine($"What moves the {result.Model} ({result.Variant}) forecast {measure.ToString().ToLowerInvariant()} on issue {result.IssueId} toward {F(target)}? Now {F(Pick(result.Baseline, measure))}.");
        var table = new Table().AddColumns("Rank", "Actor", "Parameter", "From", "To", "Change", "Forecast", "Distance to target");
        var rank = 1;
        foreach (var c in new[] { result.Best }.Concat(result.Alternatives))
            table.AddRow((rank++).ToString(CultureInfo.InvariantCulture), Markup.Escape(c.Actor), Rendering.UserWords.Of(c.Parameter), F(c.From), F(c.To), F(c.Change),
                F(Pick(c.Forecast, measure)), F(c.Distance));
        console.Write(table);
        console.WriteLine($"Best: {result.Best.Actor} {Rendering.UserWords.Of(result.Best.Parameter)} {F(result.Best.From)} → {F(result.Best.To)} gives {F(Pick(result.Best.Forecast, measure))} ({result.Evaluations} model runs).");
        console.WriteLine($"Bounds searched: {string.Join("; ", result.Bounds.Select(b => $"{Rendering.UserWords.Of(b.Parameter)} {b.Rule}"))}.");
        Rendering.WarningOutput.Write(console, result.Warnings);
        return ExitCodes.Ok;
    }

    private static double Pick(Models.Forecast f, ForecastMeasure m) => m == ForecastMeasure.Mean ? f.Mean : f.Median;

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
