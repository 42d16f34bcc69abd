using System.CommandLine;
using System.Globalization;
using Brink.Application;
using Brink.Crisis;
using Brink.Models;
using Brink.Scenarios;
using Brink.Simulation;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink simulate FILE</c>: Monte Carlo over the scenario's uncertain inputs: per issue and model
/// the distribution of the forecast and, for models with dyads (the EUM), how often each dyad ends
/// in conflict, compromise, capitulation or status quo; with <c>--shocks</c> a stability summary.
/// </summary>
public sealed class SimulateCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Scenario file (YAML, JSON or CSV)." };
        var draws = new Option<int>("--draws", "-n") { Description = "Number of Monte Carlo draws.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the random streams (same seed, same result whatever --threads).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads", "-t") { Description = "Worker threads (0 = one per core)." };
        var format = SimulationCli.FormatOption();
        var model = new Option<string[]>("--model", "-m")
        {
            Description = $"Model(s) to run: {string.Join(", ", ModelRegistry.SimulatedNames)} (default: {string.Join(", ", ModelRunner.Models)}); {RunCommand.CrisisModel} (alone): the EUM joined to the crisis model, as brink run --model {RunCommand.CrisisModel}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var variant = new Option<string?>("--variant") { Description = $"Model variant (default: the model's default; with --model {RunCommand.CrisisModel} the EUM variant, default {RunCommand.CrisisDefaultEumVariant})." };
        var noise = new Option<double?>("--noise") { Description = "Global noise for numbers without a range: sd as a fraction of the scale (positions), of 1 (saliences), of the value (capabilities). Default: the scenario's noise, else 0." };
        var issue = new Option<string?>("--issue") { Description = "Only this issue (default: every issue)." };
        var shocks = new Option<bool>("--shocks") { Description = "Add the stability summary: random salience shocks and removal of each actor in turn." };
        var bins = new Option<int>("--bins") { Description = "Histogram bins.", DefaultValueFactory = _ => 20 };
        var dyadCount = new Option<int>("--dyads")
        {
            Description = $"Dyads shown per model in the table: the N most likely to end in conflict, then least likely to stay at the status quo (0 = all; default {DefaultTopDyads}). JSON always has every dyad.",
            DefaultValueFactory = _ => DefaultTopDyads,
        };
        var record = ModelRecording.RecordOption();
        var db = LedgerCli.Db();
        var threats = LedgerThreatCommands.FromLedgerOption();
        var command = new Command("simulate", "Monte Carlo over uncertain inputs: forecast distributions and dyad outcome probabilities; --model crisis: P(war) and the other crisis outcomes.")
        {
            file, draws, seed, threads, format, model, variant, noise, issue, shocks, bins, dyadCount, record, db, threats,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var names = parse.GetValue(model) ?? [];
            var question = parse.GetValue(record);
            if (IsCrisis(names))
            {
                if (names.SelectMany(Split).Count() > 1) return SimulationCli.Fail(context, $"--model {RunCommand.CrisisModel} runs alone (it runs the EUM itself)");
                if (parse.GetValue(shocks)) return SimulationCli.Fail(context, $"--shocks does not apply to --model {RunCommand.CrisisModel}");
                var crisisCode = RunCrisis(context, path, parse.GetValue(draws), parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(format)!,
                    parse.GetValue(variant), parse.GetValue(noise), parse.GetValue(issue), parse.GetValue(bins), null, out var crisis,
                    parse.GetValue(threats) ? parse.GetValue(db) ?? "" : null);
                if (crisisCode != ExitCodes.Ok || question is null) return crisisCode;
                return ModelRecording.RecordProbability(context, parse, db, question, path, RunCommand.CrisisModel, crisis!.EumVariant,
                    crisis.Overall.War.Mean, unchecked((long)crisis.Seed), "brink simulate");
            }
            if (parse.GetValue(threats)) return SimulationCli.Fail(context, $"--threats-from-ledger applies to --model {RunCommand.CrisisModel}");
            if (parse.GetValue(dyadCount) < 0) return SimulationCli.Fail(context, $"--dyads must be 0 (all) or more (got {parse.GetValue(dyadCount)})");
            var code = Execute(context, path, parse.GetValue(draws), parse.GetValue(seed), parse.GetValue(threads), parse.GetValue(format)!, names,
                parse.GetValue(variant), parse.GetValue(noise), parse.GetValue(issue), parse.GetValue(shocks), parse.GetValue(bins), null,
                keepSamples: question is not null, out var report, parse.GetValue(dyadCount));
            if (code != ExitCodes.Ok || question is null) return code;
            if (report!.Issues.Count != 1) return SimulationCli.Fail(context, $"{path}: the issue has no actors with a stance; nothing to record");
            var entries = report.Issues[0].Models.Select(m => new ModelForecastRecorder.Entry(m.Model, m.Variant, m.Samples));
            return ModelRecording.Record(context, parse, db, question, path, entries, unchecked((long)report.Seed), "brink simulate");
        });
        return command;
    }

    private static IEnumerable<string> Split(string names) => names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsCrisis(string[] names) =>
        names.SelectMany(Split).Any(n => string.Equals(n, RunCommand.CrisisModel, StringComparison.OrdinalIgnoreCase));

    /// <summary>The command after parsing; <paramref name="preloaded"/> skips loading <c>file</c> (tests).</summary>
    internal static int Run(CliContext context, string file, int draws, ulong seed, int threads, string format, string[] modelNames, string? variant,
        double? noiseOption, string? issueId, bool withShocks, int bins, Scenarios.Scenario? preloaded = null) =>
        Execute(context, file, draws, seed, threads, format, modelNames, variant, noiseOption, issueId, withShocks, bins, preloaded, keepSamples: false, out _);

    /// <summary>Maps the options onto a <see cref="SimulateRequest"/>, draws progress, prints the report.</summary>
    private static int Execute(CliContext context, string file, int draws, ulong seed, int threads, string format, string[] modelNames, string? variant,
        double? noiseOption, string? issueId, bool withShocks, int bins, Scenarios.Scenario? preloaded, bool keepSamples, out SimulationReport? output,
        int topDyads = DefaultTopDyads)
    {
        output = null;
        var request = new SimulateRequest
        {
            Scenario = ScenarioSource.FromFile(file), Draws = draws, Seed = seed, Threads = threads, Models = modelNames, Variant = variant,
            Noise = noiseOption, Issue = issueId, Shocks = withShocks, Bins = bins, KeepSamples = keepSamples,
        };
        var outcome = SimulateService.Run(request, new SimulationCli.Progress(context), preloaded, context.Cancellation);
        ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, "brink: ");
        if (!outcome.Ok || outcome.Report is not { } report) return ExitCodes.BadInput;
        if (format == "json") JsonOutput.Write(context, report);
        else WriteTable(context, report, topDyads);
        output = report;
        if (report.Partial) context.Error.WriteLine($"brink: interrupted: results are partial ({report.DrawsCompleted} of {draws} draws).");
        return report.Partial ? 130 : ExitCodes.Ok;
    }

    /// <summary>
    /// <c>--model crisis</c>: Monte Carlo of the crisis model joined to the EUM (as <c>brink run --model crisis</c>) over
    /// every uncertain input of the scenario; <paramref name="preloaded"/> skips loading <c>file</c> (tests).
    /// </summary>
    internal static int RunCrisis(CliContext context, string file, int draws, ulong seed, int threads, string format, string? variant,
        double? noiseOption, string? issueId, int bins, Scenarios.Scenario? preloaded, out CrisisMonteCarloResult? output, string? threatLedger = null)
    {
        output = null;
        var request = new CrisisSimulateRequest
        {
            Scenario = ScenarioSource.FromFile(file), Draws = draws, Seed = seed, Threads = threads, Variant = variant, Noise = noiseOption, Issue = issueId,
            Bins = bins,
        };
        if (request.Validate() is { Count: > 0 } problems)
        {
            ScenarioInput.Print(context, problems, [], "brink: ");
            return ExitCodes.BadInput;
        }
        if (threatLedger is not null)
        {
            if (!LedgerThreatCommands.TryRead(context, threatLedger, "brink simulate", out var records)) return ExitCodes.BadInput;
            request = request with { ThreatRecords = records };
        }
        var outcome = CrisisSimulateService.Run(request, new SimulationCli.Progress(context), preloaded, context.Cancellation);
        ScenarioInput.Print(context, outcome.Diagnostics, outcome.Notices, "brink: ");
        if (!outcome.Ok || outcome.Result is not { } result) return ExitCodes.BadInput;
        if (format == "json") JsonOutput.Write(context, outcome.Document!);
        else WriteCrisisTable(context, outcome.Title!, outcome.Noise, result);
        if (result.Partial)
        {
            context.Error.WriteLine($"brink: interrupted: results are partial ({result.DrawsCompleted} of {draws} draws).");
            return 130;
        }
        output = result;
        return ExitCodes.Ok;
    }

    private static IReadOnlyDictionary<string, double> Causes(IReadOnlyDictionary<WarCause, double> c) => CrisisDocument.Causes(c);

    private static void WriteCrisisTable(CliContext context, string title, double noise, CrisisMonteCarloResult r)
    {
        var console = context.Console;
        console.WriteLine($"{title}: crisis model (EUM {r.EumVariant}), {r.DrawsCompleted} of {r.DrawsRequested} draws, seed {r.Seed}, {r.Inputs.Length} uncertain inputs" +
            $"{(noise > 0 ? $", noise {F(noise)}" : "")}{(r.Partial ? " (PARTIAL)" : "")}");
        var t = new Table().AddColumns("issue", "A", "B", "handed over", "P(war) point", "P(war) mean", "5 %", "95 %", "P(settle)", "P(cap A)", "P(cap B)", "P(sq)",
            "main cause", "optimism");
        foreach (var d in r.Dyads)
        {
            var cause = d.Mean.War > 0 ? d.WarByCause.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key.ToString().ToLowerInvariant() : "-";
            t.AddRow(Markup.Escape(d.Issue), Markup.Escape(d.ActorA), Markup.Escape(d.ActorB), F(d.HandedOver), F(d.Point.War), F(d.War.Mean), F(d.War.P05), F(d.War.P95),
                F(d.Mean.Settlement), F(d.Mean.CapitulationA), F(d.Mean.CapitulationB), F(d.Mean.StatusQuo), cause, F(d.MutualOptimism));
        }
        console.Write(t);
        var o = r.Overall;
        console.WriteLine($"Overall (mean over {o.Dyads} dyads): P(war) {F(o.War.Mean)} [5–95 %: {F(o.War.P05)}–{F(o.War.P95)}] (point {F(o.Point.War)}), " +
            $"P(settlement) {F(o.Mean.Settlement)}, P(cap A) {F(o.Mean.CapitulationA)}, P(cap B) {F(o.Mean.CapitulationB)}, P(status quo) {F(o.Mean.StatusQuo)}.");
        console.WriteLine($"P(at least one war) {F(o.AnyWar.Mean)} [5–95 %: {F(o.AnyWar.P05)}–{F(o.AnyWar.P95)}] (point {F(o.PointAnyWar)}); " +
            $"war by cause: {string.Join(", ", Causes(o.WarByCause).Select(kv => $"{kv.Key} {F(kv.Value)}"))}; " +
            $"handed over {F(o.HandedOver)} of dyads, mutual optimism {F(o.MutualOptimism)}.");
        console.WriteLine("handed over / optimism: share of draws in which the EUM handed the dyad to the crisis model / the two sides' win estimates left no split both prefer.");
        Rendering.WarningOutput.Write(console, r.Warnings);
    }

    /// <summary>Dyads in the table by default: 10 of the 110 of an eleven-actor scenario; the rest on request (<c>--dyads 0</c>).</summary>
    public const int DefaultTopDyads = 10;

    internal static void WriteTable(CliContext context, SimulationReport report, int topDyads)
    {
        var console = context.Console;
        console.WriteLine($"{report.Scenario}: {report.Draws} draws, seed {report.Seed}{(report.Noise > 0 ? $", noise {F(report.Noise)}" : "")}{(report.Partial ? " (PARTIAL)" : "")}");
        foreach (var issue in report.Issues)
        {
            console.WriteLine();
            console.WriteLine($"Issue {issue.Issue}: {issue.DrawsCompleted} draws, {issue.Inputs.Count} uncertain inputs{(issue.Partial ? " (partial)" : "")}");
            var table = new Table().AddColumns("Model", "Variant", "Point forecast", "Mean", "Median", "5 %", "95 %", "Sd", "Histogram");
            foreach (var m in issue.Models)
            {
                var s = m.ForecastMean;
                table.AddRow(Markup.Escape(m.Model), Markup.Escape(m.Variant), F(m.PointForecast.Mean), F(s.Mean), F(s.Median), F(s.P05), F(s.P95), F(s.StdDev), Spark(s.Histogram));
            }
            console.Write(table);
            console.WriteLine("Point forecast: the model on the point values. Mean … histogram: the forecast over the draws (for the EUM the weighted mean of the final positions).");
            foreach (var m in issue.Models.Where(m => m.Space is { Count: > 0 }))
                console.WriteLine($"{m.Model} ({m.Variant}): each draw perturbs the inputs of every issue of its space ({string.Join(", ", m.Space!)}), drawn jointly; shown: the outcome on {issue.Issue}.");
            Rendering.WarningOutput.Write(console, issue.Warnings.Concat(issue.Models.SelectMany(m => m.Warnings.Select(w => w with { Message = $"{m.Model} ({m.Variant}), point values: {w.Message}" }))));
            foreach (var m in issue.Models.Where(m => !m.Dyads.IsEmpty))
            {
                var dyads = new Table().AddColumns("Actor (receiver)", "Other", "P(conflict)", "P(compromise)", "P(capitulation)", "P(status quo)");
                // The dyads most likely to end in conflict first, then those least likely to stay at the status quo
                // (ties: input order); the table stops at topDyads (the workbench's heat map ranks them the same way).
                var ranked = DyadHeatmap.Ranked(m.Dyads);
                var shown = topDyads == 0 ? ranked : [.. ranked.Take(topDyads)];
                foreach (var d in shown)
                    dyads.AddRow(Markup.Escape(d.Actor), Markup.Escape(d.Other), F(d.Conflict), F(d.Compromise), F(d.Capitulation), F(d.StatusQuo));
                console.WriteLine(shown.Count == ranked.Count
                    ? $"{m.Model} ({m.Variant}): how each dyad ends, share of draws, most likely conflict first"
                    : $"{m.Model} ({m.Variant}): how dyads end, share of draws: the {shown.Count} of {ranked.Count} most likely to end in conflict, then least likely to stay at the status quo (--dyads 0 shows all; JSON has every dyad)");
                console.Write(dyads);
                if (shown.Count < ranked.Count)
                {
                    var rest = ranked.Skip(shown.Count).ToList();
                    console.WriteLine($"  the other {rest.Count} dyads: P(conflict) at most {F(rest.Max(d => d.Conflict))}, mean {F(rest.Average(d => d.Conflict))}; " +
                        $"P(status quo) at least {F(rest.Min(d => d.StatusQuo))}");
                }
            }
            foreach (var st in issue.Stability ?? [])
            {
                console.WriteLine($"Stability of {st.Model} ({st.Variant}), baseline forecast {F(st.Baseline.Mean)}:");
                console.WriteLine($"  salience shocks (sd {F(st.Salience.Sd)}, {st.Salience.Draws} draws): mean |shift| {F(st.Salience.MeanAbsShift)}, 95 % {F(st.Salience.P95AbsShift)}, max {F(st.Salience.MaxAbsShift)}, dyads changed {F(st.Salience.DyadChangeRate)}");
                var removal = new Table().AddColumns("Removed actor", "Forecast", "Shift", "Dyads changed");
                foreach (var r in st.Removals) removal.AddRow(Markup.Escape(r.Actor), F(r.Forecast.Mean), F(r.Shift), F(r.DyadChangeRate));
                console.Write(removal);
                console.WriteLine($"  most pivotal actor: {st.MostPivotalActor} (shift {F(st.MaxRemovalShift)})");
            }
        }
    }

    private static string Spark(Histogram h)
    {
        const string blocks = " ▁▂▃▄▅▆▇█";
        var max = h.Counts.IsEmpty ? 0 : h.Counts.Max();
        return max == 0 ? "" : string.Concat(h.Counts.Select(c => blocks[(int)Math.Ceiling(8.0 * c / max)]));
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>What the simulation commands share: option parsing, model and issue lookup, progress.</summary>
internal static class SimulationCli
{
    public static Option<string> FormatOption()
    {
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    public static int Fail(CliContext context, string message)
    {
        context.Error.WriteLine($"brink: {message}");
        return ExitCodes.BadInput;
    }

    /// <summary>The issues to analyse: the named one, or every issue (<paramref name="all"/>) or the first one.</summary>
    public static bool TryIssues(CliContext context, Scenario scenario, string? issueId, bool all, out List<string> issues)
    {
        issues = [];
        if (issueId is not null)
        {
            if (scenario.FindIssue(issueId) is null)
            {
                Fail(context, $"{scenario.SourceFile ?? "scenario"}: --issue: {scenario.UnknownIssueMessage(issueId)}");
                return false;
            }
            issues.Add(issueId);
            return true;
        }
        if (scenario.Issues.IsEmpty)
        {
            Fail(context, $"{scenario.SourceFile ?? "scenario"}: the scenario has no issues");
            return false;
        }
        if (all) issues.AddRange(scenario.Issues.Select(i => i.Id));
        else
        {
            issues.Add(scenario.Issues[0].Id);
            if (scenario.Issues.Length > 1)
                context.Error.WriteLine($"brink: notice: analysing issue '{issues[0]}'; use --issue for another ({string.Join(", ", scenario.Issues.Skip(1).Select(i => i.Id))}).");
        }
        return true;
    }

    /// <summary>Refuses (with the issue, the count and how many fit) an issue with more actors than a chosen model takes.</summary>
    public static bool TryLimits(CliContext context, Scenario scenario, IEnumerable<string> issues, IEnumerable<IIssueModel> models)
    {
        foreach (var issue in issues)
        {
            var actors = scenario.Actors.Count(a => a.Stances.ContainsKey(issue));
            foreach (var model in models)
                if (ModelLimits.ActorProblem(model.Name, issue, actors) is { } problem)
                {
                    Fail(context, $"{scenario.SourceFile ?? "scenario"}: {problem}");
                    return false;
                }
        }
        return true;
    }

    public static bool TryModels(CliContext context, IEnumerable<string> names, string? variant, out List<IIssueModel> models)
    {
        models = [];
        var options = new ModelOptions { FullTrace = false };
        foreach (var name in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (!ModelRunner.TryResolve(name, variant, options, out var model, out var error))
            {
                Fail(context, $"--model: {error}");
                return false;
            }
            models.Add(model);
        }
        return true;
    }

    /// <summary>The terminal progress bar of <see cref="WithProgress"/> as the application layer's progress runner.</summary>
    public sealed class Progress(CliContext context) : IProgressRunner
    {
        public T Run<T>(string label, long total, Func<Action<int>, T> work) => WithProgress(context, label, total, work);
    }

    /// <summary>Runs <paramref name="work"/>, drawing a Spectre progress bar on stderr when it is a terminal.</summary>
    public static T WithProgress<T>(CliContext context, string label, long total, Func<Action<int>, T> work)
    {
        if (!context.InteractiveProgress) return work(_ => { });
        long done = 0;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(context.Error),
            Interactive = InteractionSupport.Yes,
            Ansi = AnsiSupport.Detect,
        });
        T result = default!;
        console.Progress().AutoClear(true).HideCompleted(true).Start(ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(label), maxValue: Math.Max(1, total));
            task.IsIndeterminate = total <= 1;
            var job = Task.Run(() => work(n => Interlocked.Add(ref done, n)));
            while (!job.Wait(100))
            {
                var now = Math.Min(Interlocked.Read(ref done), total);
                task.Value = now;
                // A counting bar says how far it is: "label 1,234/10,000".
                if (total > 1) task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{label} {now:N0}/{total:N0}"));
            }
            task.Value = total;
            result = job.GetAwaiter().GetResult();
        });
        return result;
    }
}
