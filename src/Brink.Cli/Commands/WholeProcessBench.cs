using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Brink.Application;
using Brink.Cli.Rendering;
using Brink.Models;
using Brink.Models.Eum;
using Brink.Models.Smp;
using Brink.Simulation;

namespace Brink.Cli.Commands;

/// <summary>
/// <c>brink bench --whole-process</c>: times Brink's own commands as whole processes (start-up, loading,
/// the model, output), repetitions interleaved across cases so that a load change on the machine hits
/// every case alike, and sets each per-round or per-draw figure beside the same work timed inside this
/// process (the kernel, warmed up).
/// </summary>
internal static class WholeProcessBench
{
    /// <summary>One command timed as a process: median CPU (user + system) and wall time, peak resident memory.</summary>
    public sealed record Case(string Name, string Command, string Unit, int Units, double CpuMs, double WallMs, double PeakMb, double? KernelMsPerUnit)
    {
        public double CpuMsPerUnit => Units > 0 ? CpuMs / Units : double.NaN;
        /// <summary>Whole-process CPU per unit over the kernel's; null (JSON null, "–" in the table) when no kernel figure applies (start-up).</summary>
        public double? Ratio => KernelMsPerUnit is > 0 and var k ? CpuMsPerUnit / k : null;
    }

    /// <summary>A timed command exited with an error (its message is in the exception's).</summary>
    public sealed class CommandFailedException(string message) : Exception(message);

    public sealed record Report(string Machine, string Date, int Repeat, IReadOnlyList<Case> Cases);

    private sealed record Spec(string Name, string[] Args, string Unit, int Units, Func<double>? Kernel);

    /// <summary>The progress steps of <see cref="Run"/>: every case timed as a process once per repetition, then once in this process (the kernel).</summary>
    public static int Steps(int actorCounts, int repeat) => (actorCounts + 5) * (repeat + 1);

    /// <summary>Times every case; <paramref name="step"/> is called with 1 after each of the <see cref="Steps"/> timings.</summary>
    /// <param name="smpActorCounts">Sizes of the synthetic 3-dimensional negotiations run with <c>--model smp</c> (up to <see cref="SmpTurns"/> turns).</param>
    public static Report Run(IReadOnlyList<int> actorCounts, IReadOnlyList<int> smpActorCounts, int draws, int repeat, string? variant, Action<int> step, CancellationToken cancel)
    {
        var folder = Path.Combine(Path.GetTempPath(), "brink-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            var emission = FindScenario("emission.yaml");
            var v = EumVariant.Find(variant ?? ModelCatalog.DefaultVariant("eum")) ?? throw new ArgumentException($"unknown EUM variant '{variant}'");
            var options = new ModelOptions { FullTrace = false };
            var specs = new List<Spec>
            {
                new("start-up: validate", ["validate", emission], "process", 1, null),
                new("run 10 actors", ["run", emission, "--model", "eum", "--variant", v.Name, "--format", "json"], "round", options.Rounds,
                    () => KernelRunMs(Benchmarks.EmissionExample(), options, v) / options.Rounds),
            };
            foreach (var n in actorCounts)
            {
                var file = WriteActorTable(folder, n);
                var issue = Benchmarks.Synthetic(n, 1);
                specs.Add(new($"run {n} actors", ["run", file, "--model", "eum", "--variant", v.Name, "--format", "json"], "round", options.Rounds,
                    () => KernelRunMs(issue, options, v) / options.Rounds));
            }
            var template = IssueTemplate.From(Benchmarks.EmissionExample()).WithNoise(0.1);
            foreach (var d in new[] { draws, 10 * draws })
                specs.Add(new($"simulate 10 actors, {d} draws", ["simulate", emission, "--draws", d.ToString(CultureInfo.InvariantCulture), "--noise", "0.1", "--model", "eum", "--variant", v.Name, "--format", "json"],
                    "draw", d, () => KernelMonteCarloMs(template, d, options, v) / d));
            {
                const int n = 200, d = 1000;
                var file = WriteActorTable(folder, n);
                var big = IssueTemplate.From(Benchmarks.Synthetic(n, 1)).WithNoise(0.1);
                specs.Add(new($"simulate {n} actors, {d} draws", ["simulate", file, "--draws", d.ToString(CultureInfo.InvariantCulture), "--noise", "0.1", "--model", "eum", "--variant", v.Name, "--format", "json"],
                    "draw", d, () => KernelMonteCarloMs(big, d, options, v) / d));
            }

            foreach (var n in smpActorCounts)
            {
                var file = WriteKtabTable(folder, n);
                var input = LoadSmp(file);
                var smpOptions = new SmpOptions { MaxTurns = SmpTurns };
                var turns = SmpModel.Run(input, smpOptions, cancel).Turns.Length - 1;
                var estimate = ModelMemory.Format(ModelMemory.EstimateBytes(ModelRegistry.SmpModel, n));
                specs.Add(new($"run smp {n} actors, 3 dimensions (estimate {estimate})",
                    ["run", file, "--model", "smp", "--max-turns", SmpTurns.ToString(CultureInfo.InvariantCulture), "--format", "json"], "turn", turns,
                    () => KernelCpuMs(() => SmpModel.Run(input, smpOptions, cancel)) / turns));
            }

            var cpu = specs.Select(_ => new List<double>()).ToArray();
            var wall = specs.Select(_ => new List<double>()).ToArray();
            var peak = new double[specs.Count];
            for (var rep = 0; rep < repeat; rep++)
                for (var k = 0; k < specs.Count; k++)
                {
                    cancel.ThrowIfCancellationRequested();
                    var t = TimeProcess(specs[k].Args);
                    cpu[k].Add(t.CpuMs);
                    wall[k].Add(t.WallMs);
                    peak[k] = Math.Max(peak[k], t.PeakMb);
                    step(1);
                }

            var cases = new List<Case>();
            for (var k = 0; k < specs.Count; k++)
            {
                cancel.ThrowIfCancellationRequested();
                var kernel = specs[k].Kernel?.Invoke();
                step(1);
                cases.Add(new Case(specs[k].Name, "brink " + string.Join(' ', specs[k].Args.Select(a => a.StartsWith(folder, StringComparison.Ordinal) ? Path.GetFileName(a) : a)),
                    specs[k].Unit, specs[k].Units, Median(cpu[k]), Median(wall[k]), peak[k], kernel));
            }
            var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30):0.#} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {TimedCli().Build}";
            return new Report(machine, DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), repeat, cases);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string FindScenario(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "scenarios", name);
            if (File.Exists(path)) return path;
        }
        var here = Path.Combine(Environment.CurrentDirectory, "scenarios", name);
        return File.Exists(here) ? here : throw new FileNotFoundException($"scenarios/{name} not found above {AppContext.BaseDirectory} or in the working directory");
    }

    /// <summary>The synthetic issue of <c>brink bench</c> as a classic actor table, so the process and the kernel see the same actors.</summary>
    private static string WriteActorTable(string folder, int n)
    {
        var path = Path.Combine(folder, $"actors-{n}.csv");
        File.WriteAllText(path, ActorTable(n));
        return path;
    }

    /// <summary>The synthetic issue of <c>brink bench</c> with <paramref name="n"/> actors as a classic actor table (CSV).</summary>
    internal static string ActorTable(int n)
    {
        var issue = Benchmarks.Synthetic(n, 1);
        return CsvOutput.ToText(csv =>
        {
            csv.Row("actor", "capability", "position", "salience");
            for (var i = 0; i < n; i++)
                csv.Row(issue.Actors[i], R(issue.Capability[i]), R(issue.Position[i]), R(issue.Salience[i]));
        }, "\n");
        static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Turns of each timed <c>--model smp</c> run (<c>--max-turns</c>; KTAB's rule may stop it at 2).</summary>
    public const int SmpTurns = 3;

    private static string WriteKtabTable(string folder, int n)
    {
        var path = Path.Combine(folder, $"smp-{n}.csv");
        File.WriteAllText(path, KtabTable(n));
        return path;
    }

    /// <summary><see cref="Benchmarks.SyntheticSmp"/> (3 dimensions) as a KTAB SMP CSV file, which <c>brink run</c> reads as it is (saliences in percent).</summary>
    internal static string KtabTable(int n)
    {
        var input = Benchmarks.SyntheticSmp(n, 3, 1);
        var d = input.DimensionCount;
        return CsvOutput.ToText(csv =>
        {
            csv.Row([input.Id, "synthetic negotiation of brink bench", n.ToString(CultureInfo.InvariantCulture), d.ToString(CultureInfo.InvariantCulture)]);
            csv.Row(["Actor", "Description", "Power", .. Enumerable.Range(1, d).SelectMany(k => new[] { $"Pstn{k}", $"Sal{k}" })]);
            for (var i = 0; i < n; i++)
                csv.Row([input.Actors[i], "synthetic actor", R(input.Capability[i]), .. Enumerable.Range(0, d).SelectMany(k => new[] { R(input.Position[i * d + k]), R(100 * input.Salience[i * d + k]) })]);
        }, "\n");
        static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The negotiation of a KTAB file as <c>brink run --model smp</c> reads it, so that the process and the kernel run the same numbers.</summary>
    private static SmpInput LoadSmp(string file)
    {
        var load = ScenarioInputs.Load(ScenarioSource.FromFile(file));
        if (!load.Ok) throw new CommandFailedException($"bench --whole-process: {file}: {string.Join("; ", load.Diagnostics.Select(x => x.Message))}");
        var scenario = load.Scenario!;
        return SmpInputs.From(scenario, scenario.Packages()[0].Id, out _);
    }

    /// <summary>CPU ms (all threads) of one trace-free EUM run in this process, after warming up.</summary>
    private static double KernelRunMs(SpatialIssue issue, ModelOptions options, EumVariant variant)
    {
        var engine = new EumEngine();
        var final = new double[issue.Count];
        return KernelCpuMs(() => engine.RunForecast(issue.Capability.AsSpan(), issue.Position.AsSpan(), issue.Salience.AsSpan(), default, options, variant, final));
    }

    /// <summary>CPU ms (all threads) of <paramref name="draws"/> Monte Carlo draws on the simulate path, in this process.</summary>
    private static double KernelMonteCarloMs(IssueTemplate template, int draws, ModelOptions options, EumVariant variant)
    {
        if (!ModelRunner.TryResolve("eum", variant.Name, options, out var model, out var error)) throw new InvalidOperationException(error);
        return KernelCpuMs(() => MonteCarlo.Run(template, [model], new MonteCarloOptions { Draws = draws, Seed = 1 }));
    }

    private static double KernelCpuMs(Action action)
    {
        var warm = Stopwatch.StartNew();
        var calls = 0;
        do { action(); calls++; } while (calls < 30 && warm.Elapsed.TotalSeconds < 0.5);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var total = Stopwatch.StartNew();
        var reps = 0;
        do { action(); reps++; } while (total.Elapsed.TotalSeconds < 0.5 && reps < 200);
        process.Refresh();
        return (process.TotalProcessorTime - cpu0).TotalMilliseconds / reps;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : OutcomeSummary.Quantile(sorted, 0.5);
    }

    /// <summary>Runs this CLI as a child process; CPU from getrusage(RUSAGE_CHILDREN) around it, peak memory sampled from /proc (VmHWM).</summary>
    private static (double CpuMs, double WallMs, double PeakMb) TimeProcess(string[] args)
    {
        var (host, _) = TimedCli();
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(WholeProcessBench).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        var before = ChildrenCpuMs();
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new CommandFailedException("bench --whole-process: could not start " + host);
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var stderr = process.StandardError.ReadToEndAsync();
        double peakKb = 0;
        var status = $"/proc/{process.Id}/status";
        while (!process.WaitForExit(10))
            peakKb = Math.Max(peakKb, ReadHighWaterKb(status));
        process.WaitForExit();
        stdout.Wait();
        var wallMs = sw.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
            throw new CommandFailedException($"bench --whole-process: `brink {string.Join(' ', args)}` exited with {process.ExitCode}: {stderr.Result.Trim()}");
        return (ChildrenCpuMs() - before, wallMs, peakKb / 1024);
    }

    private const string NativeBuildName = "native build";

    /// <summary>
    /// The CLI that is timed: the one <c>./brink</c> runs, so its native binary (named by <c>BRINK_NATIVE_CLI</c>) when it
    /// has one, which runs validate, run and simulate itself; otherwise this process's own build.
    /// </summary>
    internal static (string Host, string Build) TimedCli()
    {
        var native = Environment.GetEnvironmentVariable("BRINK_NATIVE_CLI");
        if (!string.IsNullOrEmpty(native) && File.Exists(native)) return (native, NativeBuildName);
        var host = Environment.ProcessPath ?? "dotnet";
        return (host, NativeBuild.IsThisBuild ? NativeBuildName : "ReadyToRun build");
    }

    private static double ReadHighWaterKb(string status)
    {
        try
        {
            foreach (var line in File.ReadLines(status))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this project; the struct is blittable.
    private static extern int GetRUsage(int who, out RUsage usage);
#pragma warning restore SYSLIB1054

    private static double ChildrenCpuMs()
    {
        const int children = -1; // RUSAGE_CHILDREN: every waited-for child
        if (GetRUsage(children, out var u) != 0) throw new InvalidOperationException("getrusage failed");
        return (u.UserSeconds + u.SystemSeconds) * 1000.0 + (u.UserMicroseconds + u.SystemMicroseconds) / 1000.0;
    }
}
