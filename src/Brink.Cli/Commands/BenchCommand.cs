using System.CommandLine;
using System.Globalization;
using Brink.Simulation;
using Spectre.Console;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink bench</c>: times the fast EUM against the plain reference implementation in one process,
/// on synthetic issues of 10–400 actors and on Monte Carlo draws of the emission example; prints
/// times, ratios and the fitted exponent of time against actors.
/// </summary>
public sealed class BenchCommand : ICliCommand
{
    public Command Build(CliContext context)
    {
        var format = SimulationCli.FormatOption();
        var variant = new Option<string?>("--variant") { Description = "EUM variant (default: the model's default)." };
        var draws = new Option<int>("--draws") { Description = "Monte Carlo draws of the emission example.", DefaultValueFactory = _ => 10_000 };
        var threads = new Option<int>("--threads", "-t") { Description = "Worker threads of the fast Monte Carlo (0 = one per core)." };
        var actors = new Option<string>("--actors") { Description = "Actor counts of the synthetic issues.", DefaultValueFactory = _ => "10,50,200,400" };
        var rounds = new Option<int>("--rounds") { Description = "EUM rounds.", DefaultValueFactory = _ => 10 };
        var referenceRounds = new Option<int>("--reference-rounds") { Description = "Rounds the reference runs from 200 actors on (its time is scaled to --rounds).", DefaultValueFactory = _ => 2 };
        var smpActors = new Option<string>("--smp-actors")
        {
            Description = "Actor counts of the synthetic negotiations for the spatial model of politics (3 dimensions), or 'none'.",
            DefaultValueFactory = _ => "50,100,250,1000",
        };
        var smpTurns = new Option<int>("--smp-turns") { Description = "Turns of each timed SMP run.", DefaultValueFactory = _ => 1 };
        var wholeProcess = new Option<bool>("--whole-process")
        {
            Description = "Time brink's commands as whole processes (start-up, run, simulate, run --model smp; repetitions interleaved) beside the in-process kernel. --actors defaults to 200,1000 and --smp-actors to 250 here.",
        };
        var repeat = new Option<int>("--repeat") { Description = "With --whole-process: repetitions of each command (the median is reported).", DefaultValueFactory = _ => 3 };
        var command = new Command("bench", "Time the fast models (EUM, spatial model of politics) against their reference implementations, or (--whole-process) whole commands against the kernel.")
        {
            format, variant, draws, threads, actors, rounds, referenceRounds, smpActors, smpTurns, wholeProcess, repeat,
        };
        command.SetAction(parse => parse.GetValue(wholeProcess)
            ? RunWholeProcess(context, parse.GetValue(format)!, parse.GetValue(variant), parse.GetValue(draws),
                parse.GetResult(actors) is { Implicit: false } ? parse.GetValue(actors)! : "200,1000", parse.GetValue(repeat),
                parse.GetResult(smpActors) is { Implicit: false } ? parse.GetValue(smpActors)! : "250")
            : Run(context, parse.GetValue(format)!, parse.GetValue(variant), parse.GetValue(draws), parse.GetValue(threads),
                parse.GetValue(actors)!, parse.GetValue(rounds), parse.GetValue(referenceRounds), parse.GetValue(smpActors)!, parse.GetValue(smpTurns)));
        return command;
    }

    private static int Run(CliContext context, string format, string? variant, int draws, int threads, string actorList, int rounds, int referenceRounds,
        string smpActorList, int smpTurns)
    {
        if (smpTurns is < 1 or > 100) return SimulationCli.Fail(context, $"--smp-turns must be between 1 and 100 (got {smpTurns})");
        if (!TryParseSmpActors(context, smpActorList, out var smpCounts)) return ExitCodes.BadInput;
        if (draws < 1) return SimulationCli.Fail(context, $"--draws must be at least 1 (got {draws})");
        if (threads < 0) return SimulationCli.Fail(context, $"--threads must be 0 (all cores) or more (got {threads})");
        if (rounds < 1 || referenceRounds < 1) return SimulationCli.Fail(context, "--rounds and --reference-rounds must be at least 1");
        var counts = new List<int>();
        foreach (var part in actorList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 2)
                return SimulationCli.Fail(context, $"--actors: '{part}' is not a whole number ≥ 2");
            counts.Add(n);
        }
        var models = ModelRunner.Bench(variant, out var error);
        if (models is null)
        {
            context.Error.WriteLine($"brink: {error}.");
            return ExitCodes.InternalError;
        }
        var options = new BenchOptions { ActorCounts = [.. counts], Draws = draws, Threads = threads, Rounds = rounds, ReferenceRoundsLarge = Math.Min(referenceRounds, rounds) };
        // Counting progress: the core announces each case as it starts (the scaling cases, then the Monte Carlo case).
        var report = SimulationCli.WithProgress(context, "bench", counts.Count + 1, done => Benchmarks.Run(models, options, CaseCounter(done), context.Cancellation));
        if (smpCounts.Count > 0)
            report = report with
            {
                Smp = SimulationCli.WithProgress(context, "bench smp", 2 * smpCounts.Count, // each size: the engine, then the reference
                    done => Benchmarks.RunSmp(new SmpBenchOptions { ActorCounts = [.. smpCounts], Turns = smpTurns }, CaseCounter(done), context.Cancellation)),
            };
        if (format == "json")
        {
            JsonOutput.Write(context, BenchJson.From(report));
            return ExitCodes.Ok;
        }
        var console = context.Console;
        console.WriteLine($"{report.Model} ({report.Variant}), fast vs reference, {report.Threads} threads for the fast Monte Carlo");
        var table = new Table().AddColumns("Case", "Actors", "Rounds", "Fast ms", "Reference ms", "Ratio", "Fast CPU ms", "Reference CPU ms", "Note");
        foreach (var c in report.Cases)
            table.AddRow(c.Name, c.Actors.ToString(CultureInfo.InvariantCulture), c.Rounds.ToString(CultureInfo.InvariantCulture), F(c.FastMs), F(c.ReferenceMs),
                c.Ratio.ToString("0.0", CultureInfo.InvariantCulture), F(c.FastCpuMs), F(c.ReferenceCpuMs), Markup.Escape(c.Note ?? ""));
        console.Write(table);
        console.WriteLine("Times: median wall-clock repetition; CPU: process CPU time per repetition, all threads.");
        console.WriteLine($"Time ∝ actors^b (log–log fit): fast b = {Exponent(report.FastExponent)}, reference b = {Exponent(report.ReferenceExponent)}");
        if (report.Smp is { } smp)
        {
            console.WriteLine();
            console.WriteLine($"smp (spatial model of politics, KTAB defaults), fast vs reference, synthetic negotiations in 3 dimensions, {smp.Threads} cores");
            var smpTable = new Table().AddColumns("Case", "Actors", "Turns", "Fast ms", "Reference ms", "Ratio", "Fast CPU ms", "Reference CPU ms", "Note");
            foreach (var c in smp.Cases)
                smpTable.AddRow(c.Name, c.Actors.ToString(CultureInfo.InvariantCulture), c.Rounds.ToString(CultureInfo.InvariantCulture), F(c.FastMs), F(c.ReferenceMs),
                    double.IsFinite(c.Ratio) ? c.Ratio.ToString("0.0", CultureInfo.InvariantCulture) : "–", F(c.FastCpuMs), F(c.ReferenceCpuMs), Markup.Escape(c.Note ?? ""));
            console.Write(smpTable);
            console.WriteLine($"Time ∝ actors^b (log–log fit): fast b = {Exponent(smp.FastExponent)}, reference b = {Exponent(smp.ReferenceExponent)} (reference on the sizes it ran)");
        }
        return ExitCodes.Ok;
    }

    /// <summary>Reads <c>--smp-actors</c> (a comma-separated list, or 'none'); prints the error and returns false when it is not one.</summary>
    private static bool TryParseSmpActors(CliContext context, string list, out List<int> counts)
    {
        counts = [];
        if (list.Equals("none", StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var part in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 3 || n > 5000)
            {
                SimulationCli.Fail(context, $"--smp-actors: '{part}' is not a whole number from 3 to 5000 (or 'none')");
                return false;
            }
            counts.Add(n);
        }
        return true;
    }

    private static int RunWholeProcess(CliContext context, string format, string? variant, int draws, string actorList, int repeat, string smpActorList)
    {
        if (!TryParseSmpActors(context, smpActorList, out var smpCounts)) return ExitCodes.BadInput;
        if (!OperatingSystem.IsLinux()) return SimulationCli.Fail(context, "--whole-process reads child CPU time and memory the Linux way (getrusage, /proc); it runs on Linux only");
        if (draws < 1) return SimulationCli.Fail(context, $"--draws must be at least 1 (got {draws})");
        if (repeat < 1) return SimulationCli.Fail(context, $"--repeat must be at least 1 (got {repeat})");
        var counts = new List<int>();
        foreach (var part in actorList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 2)
                return SimulationCli.Fail(context, $"--actors: '{part}' is not a whole number ≥ 2");
            counts.Add(n);
        }
        if (variant is not null && Brink.Models.Eum.EumVariant.Find(variant) is null)
            return SimulationCli.Fail(context, $"unknown EUM variant '{variant}'; valid variants: {string.Join(", ", Brink.Models.Eum.EumVariant.All.Select(x => x.Name))}");
        WholeProcessBench.Report report;
        try
        {
            report = SimulationCli.WithProgress(context, "bench --whole-process", WholeProcessBench.Steps(counts.Count + smpCounts.Count, repeat),
                step => WholeProcessBench.Run(counts, smpCounts, draws, repeat, variant, step, context.Cancellation));
        }
        catch (WholeProcessBench.CommandFailedException ex)
        {
            return SimulationCli.Fail(context, ex.Message);
        }
        if (format == "json")
        {
            JsonOutput.Write(context, report);
            return ExitCodes.Ok;
        }
        var console = context.Console;
        console.WriteLine($"Whole processes vs the in-process kernel, {report.Date}, {report.Machine}; median of {report.Repeat} interleaved repetitions.");
        var table = new Table().AddColumns("Case", "CPU ms", "Wall ms", "Peak MB", "Per", "CPU ms per", "Kernel CPU ms per", "Ratio");
        foreach (var c in report.Cases)
            table.AddRow(Markup.Escape(c.Name), F(c.CpuMs), F(c.WallMs), F(c.PeakMb), c.Unit, F(c.CpuMsPerUnit),
                c.KernelMsPerUnit is { } kernel ? F(kernel) : "–", c.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "–");
        console.Write(table);
        console.WriteLine("CPU: user + system of the child process (getrusage), all threads; Peak MB: resident high-water mark sampled every 10 ms.");
        console.WriteLine("Per: the figure divided by rounds (run) or draws (simulate); Ratio: whole-process CPU per unit over the kernel's, timed in this process after warm-up.");
        foreach (var c in report.Cases) console.WriteLine($"  {Markup.Escape(c.Name)}: {Markup.Escape(c.Command)}");
        return ExitCodes.Ok;
    }

    private static string F(double v) => !double.IsFinite(v) ? "–" : v.ToString(v < 10 ? "0.###" : "0.#", CultureInfo.InvariantCulture);

    /// <summary>A fitted growth exponent, or a dash where fewer than two sizes were timed (the fit is then undefined).</summary>
    private static string Exponent(double b) => double.IsFinite(b) ? b.ToString("0.00", CultureInfo.InvariantCulture) : "– (needs two actor counts)";

    /// <summary>Turns the benchmark's "case starting" messages into counts: each new case means the one before it is done.</summary>
    private static Action<string> CaseCounter(Action<int> done)
    {
        var started = 0;
        return _ => { if (started++ > 0) done(1); };
    }
}

/// <summary>
/// The JSON of <c>brink bench</c>: the report's fields, with a figure that was not measured (the SMP reference
/// above its actor limit, the ratio and exponent that need it) as null, never NaN.
/// </summary>
internal static class BenchJson
{
    public sealed record CaseDoc(string Name, int Actors, int Rounds, double? FastMs, double? ReferenceMs, double? Ratio, string? Note, double? FastCpuMs, double? ReferenceCpuMs);

    public sealed record ReportDoc(string Model, string Variant, int Threads, IReadOnlyList<CaseDoc> Cases, double? FastExponent, double? ReferenceExponent, ReportDoc? Smp);

    public static ReportDoc From(BenchReport r) => new(r.Model, r.Variant, r.Threads,
        [.. r.Cases.Select(c => new CaseDoc(c.Name, c.Actors, c.Rounds, N(c.FastMs), N(c.ReferenceMs), N(c.Ratio), c.Note, N(c.FastCpuMs), N(c.ReferenceCpuMs)))],
        N(r.FastExponent), N(r.ReferenceExponent), r.Smp is null ? null : From(r.Smp));

    private static double? N(double x) => double.IsFinite(x) ? x : null;
}
