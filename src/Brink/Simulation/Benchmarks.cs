using System.Collections.Immutable;
using System.Diagnostics;
using Brink.Models;

namespace Brink.Simulation;

/// <summary>A model implementation the benchmark can time: run one issue with given options.</summary>
public delegate IModelResult IssueRunner(SpatialIssue issue, ModelOptions options);

/// <summary>The fast and the plain reference implementation of the same model.</summary>
public sealed record BenchModels(string Model, string Variant, IssueRunner Fast, IssueRunner Reference);

/// <summary>Settings of <see cref="Benchmarks.Run"/>.</summary>
public sealed record BenchOptions
{
    /// <summary>Actor counts of the synthetic issues timed (the scaling cases).</summary>
    public ImmutableArray<int> ActorCounts { get; init; } = [10, 50, 200, 400];
    /// <summary>EUM rounds per run.</summary>
    public int Rounds { get; init; } = 10;
    /// <summary>Monte Carlo draws of the emission example.</summary>
    public int Draws { get; init; } = 10_000;
    /// <summary>Global noise used to make the emission example uncertain (see <see cref="IssueTemplate.WithNoise"/>).</summary>
    public double Noise { get; init; } = 0.1;
    /// <summary>Threads of the Monte Carlo case's fast side; 0 = one per processor.</summary>
    public int Threads { get; init; }
    /// <summary>From this many actors on, the reference runs <see cref="ReferenceRoundsLarge"/> rounds and its time is scaled to <see cref="Rounds"/>.</summary>
    public int LargeActors { get; init; } = 200;
    /// <summary>Rounds the reference runs on large issues (see <see cref="LargeActors"/>).</summary>
    public int ReferenceRoundsLarge { get; init; } = 2;
    /// <summary>Each timing repeats until this much time has passed (at least once), and reports the median repetition.</summary>
    public double MinSeconds { get; init; } = 0.25;
    /// <summary>Seed of the synthetic issues and the Monte Carlo draws.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// One benchmark case: wall-clock times (median repetition) of the fast and the reference
/// implementation, ratio = reference / fast (of wall time for the one-threaded scaling cases, of CPU
/// time for the Monte Carlo case, whose two sides run on different thread counts), and the process
/// CPU time per repetition (all threads; on a shared machine the CPU time is the steadier figure).
/// </summary>
public sealed record BenchCase(string Name, int Actors, int Rounds, double FastMs, double ReferenceMs, double Ratio, string? Note = null)
{
    /// <summary>Process CPU time of the fast implementation per repetition, all threads (ms).</summary>
    public double FastCpuMs { get; init; }
    /// <summary>Process CPU time of the reference per repetition, all threads (ms).</summary>
    public double ReferenceCpuMs { get; init; }
}

/// <summary>All cases plus the fitted exponent b of time ∝ actors^b (least squares on log–log).</summary>
public sealed record BenchReport(string Model, string Variant, int Threads, ImmutableArray<BenchCase> Cases, double FastExponent, double ReferenceExponent)
{
    /// <summary>The spatial model of politics measured in the same run (null when not asked for).</summary>
    public BenchReport? Smp { get; init; }
}

/// <summary>Settings of <see cref="Benchmarks.RunSmp"/>.</summary>
public sealed record SmpBenchOptions
{
    /// <summary>Actor counts of the synthetic multi-dimensional issues timed.</summary>
    public ImmutableArray<int> ActorCounts { get; init; } = [50, 100, 250, 1000];
    /// <summary>Dimensions of each synthetic issue.</summary>
    public int Dimensions { get; init; } = 3;
    /// <summary>Turns timed per run (the run is cut after this many turns, so times are per this many turns).</summary>
    public int Turns { get; init; } = 1;
    /// <summary>
    /// The reference keeps n³ doubles (n perspective matrices of n × n): it is run only where those fit in this many
    /// bytes; null = <see cref="ModelMemory.DefaultLimitBytes"/> (half of the memory available, as <c>brink run</c>'s limit).
    /// </summary>
    public long? ReferenceMaxBytes { get; init; }
    /// <summary>Each timing repeats until this much time has passed (at least once), and reports the median repetition; 0 = one timed repetition.</summary>
    public double MinSeconds { get; init; }
    /// <summary>Seed of the synthetic issues.</summary>
    public ulong Seed { get; init; } = 1;
}

/// <summary>Speed benchmark of a fast model against its plain reference on the same inputs (design §8).</summary>
public static class Benchmarks
{
    /// <summary>
    /// The EC emission-standards example (Bueno de Mesquita 1994, p. 78; Scholz, Calbert &amp; Smith
    /// 2011, Table 1): position = year of introduction, salience printed on 0–100 and divided by 100.
    /// </summary>
    public static SpatialIssue EmissionExample() => SpatialIssue.Create(
        ["Netherlands", "Belgium", "Luxembourg", "Germany", "France", "Italy", "UK", "Ireland", "Denmark", "Greece"],
        [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08],
        [4, 7, 4, 4, 10, 10, 10, 7, 4, 7],
        [0.80, 0.40, 0.20, 0.80, 0.60, 0.60, 0.90, 0.10, 1.00, 0.70],
        issueId: "emission");

    /// <summary>A synthetic one-dimensional issue: capability U(0.1, 1), position U(0, 100), salience U(0.2, 1).</summary>
    public static SpatialIssue Synthetic(int actors, ulong seed)
    {
        var rng = new DrawRandom(seed, 0x7000, (ulong)actors);
        var c = new double[actors];
        var x = new double[actors];
        var s = new double[actors];
        for (var i = 0; i < actors; i++)
        {
            c[i] = 0.1 + 0.9 * rng.NextDouble();
            x[i] = 100 * rng.NextDouble();
            s[i] = 0.2 + 0.8 * rng.NextDouble();
        }
        var issue = SpatialIssue.Create(Enumerable.Range(0, actors).Select(i => $"a{i}"), c, x, s, issueId: $"synthetic-{actors}");
        return issue with { ScaleMin = 0, ScaleMax = 100 };
    }

    /// <summary>Times the scaling cases and the Monte Carlo case; <paramref name="progress"/> is told the case about to run.</summary>
    public static BenchReport Run(BenchModels models, BenchOptions options, Action<string>? progress = null, CancellationToken cancel = default)
    {
        var cases = ImmutableArray.CreateBuilder<BenchCase>();
        var fastOptions = new ModelOptions { Rounds = options.Rounds, FullTrace = false };
        foreach (var n in options.ActorCounts)
        {
            cancel.ThrowIfCancellationRequested();
            progress?.Invoke($"{n} actors");
            var issue = Synthetic(n, options.Seed);
            var fast = Time(() => models.Fast(issue, fastOptions), options.MinSeconds);
            string? note = null;
            (double Wall, double Cpu) reference;
            if (n >= options.LargeActors && options.ReferenceRoundsLarge < options.Rounds)
            {
                var r = options.ReferenceRoundsLarge;
                var scale = options.Rounds / (double)r;
                var t = Time(() => models.Reference(issue, new ModelOptions { Rounds = r, FullTrace = false }), options.MinSeconds);
                reference = (t.Wall * scale, t.Cpu * scale);
                note = $"reference timed on {r} rounds and scaled ×{scale}";
            }
            else reference = Time(() => models.Reference(issue, fastOptions), options.MinSeconds);
            cases.Add(new BenchCase($"eum-{n}-actors", n, options.Rounds, fast.Wall, reference.Wall, reference.Wall / fast.Wall, note)
            {
                FastCpuMs = fast.Cpu,
                ReferenceCpuMs = reference.Cpu,
            });
        }

        cancel.ThrowIfCancellationRequested();
        progress?.Invoke($"{options.Draws} Monte Carlo draws");
        var emission = EmissionExample();
        var template = IssueTemplate.From(emission).WithNoise(options.Noise);
        var fastModel = IssueModels.FromFunction(models.Model, models.Variant, issue => models.Fast(issue, fastOptions));
        var mcOptions = new MonteCarloOptions { Draws = options.Draws, Seed = options.Seed, Threads = options.Threads };
        var fastMc = Time(() => MonteCarlo.Run(template, [fastModel], mcOptions, cancel: cancel), 0);
        var refMc = Time(() => ReferenceMonteCarlo(template, models.Reference, fastOptions, options.Draws, options.Seed), 0);
        // Equal work: the fast side may run on several threads and the reference on one, so the ratio
        // is of process CPU time (all threads), not of wall time; the wall times are reported as measured.
        cases.Add(new BenchCase($"monte-carlo-emission-{options.Draws}", emission.Count, options.Rounds, fastMc.Wall, refMc.Wall, refMc.Cpu / fastMc.Cpu,
            $"ratio of CPU time (equal work); wall: fast engine on {ParallelDraws.ResolveThreads(options.Threads)} threads, reference a plain serial loop with a new model input per draw")
        {
            FastCpuMs = fastMc.Cpu,
            ReferenceCpuMs = refMc.Cpu,
        });

        var scaling = cases.Where(c => options.ActorCounts.Contains(c.Actors) && c.Name.StartsWith("eum-", StringComparison.Ordinal)).ToList();
        return new BenchReport(models.Model, models.Variant, ParallelDraws.ResolveThreads(options.Threads), cases.ToImmutable(),
            Exponent(scaling.Select(c => (double)c.Actors), scaling.Select(c => c.FastMs)),
            Exponent(scaling.Select(c => (double)c.Actors), scaling.Select(c => c.ReferenceMs)));
    }

    /// <summary>A synthetic multi-dimensional negotiation: capability U(10, 200), positions U(0, 100), saliences summing to U(0.75, 0.99) (as KTAB's randomSMP).</summary>
    public static Models.Smp.SmpInput SyntheticSmp(int actors, int dimensions, ulong seed)
    {
        var rng = new DrawRandom(seed, 0x5A9, (ulong)actors);
        var cap = new double[actors];
        var pos = new double[actors * dimensions];
        var sal = new double[actors * dimensions];
        for (var i = 0; i < actors; i++)
        {
            cap[i] = 10 + 190 * rng.NextDouble();
            var total = 0.75 + 0.24 * rng.NextDouble();
            var w = new double[dimensions];
            for (var k = 0; k < dimensions; k++) w[k] = 0.1 + 0.9 * rng.NextDouble();
            var sum = w.Sum();
            for (var k = 0; k < dimensions; k++)
            {
                pos[i * dimensions + k] = 100 * rng.NextDouble();
                sal[i * dimensions + k] = total * w[k] / sum;
            }
        }
        return new Models.Smp.SmpInput
        {
            Id = $"synthetic-{actors}x{dimensions}",
            Actors = [.. Enumerable.Range(0, actors).Select(i => $"a{i}")],
            Dimensions = [.. Enumerable.Range(0, dimensions).Select(k => new Models.Smp.SmpDimension($"d{k}", 0, 100))],
            Capability = [.. cap], Position = [.. pos], Salience = [.. sal],
        };
    }

    /// <summary>
    /// Times the fast SMP engine against the plain reference on synthetic negotiations of each size,
    /// both cut after <see cref="SmpBenchOptions.Turns"/> turns, in one process; ratio = reference / fast.
    /// </summary>
    public static BenchReport RunSmp(SmpBenchOptions options, Action<string>? progress = null, CancellationToken cancel = default)
    {
        var cases = ImmutableArray.CreateBuilder<BenchCase>();
        var smpOptions = new Models.Smp.SmpOptions { MaxTurns = options.Turns, MinTurns = Math.Min(2, options.Turns) };
        foreach (var n in options.ActorCounts)
        {
            cancel.ThrowIfCancellationRequested();
            progress?.Invoke($"smp, {n} actors");
            var input = SyntheticSmp(n, options.Dimensions, options.Seed);
            var fast = Time(() => Models.Smp.SmpModel.Run(input, smpOptions, cancel), options.MinSeconds, warmup: n < 500);
            progress?.Invoke($"smp reference, {n} actors"); // announced even where it is not run, so that every size is two steps
            var turns = $"{options.Turns} turn{(options.Turns == 1 ? "" : "s")}";
            var referenceBytes = 8.0 * n * n * n;
            var limit = options.ReferenceMaxBytes ?? ModelMemory.DefaultLimitBytes;
            var perspectives = $"the reference keeps n³ = {ModelMemory.Format((long)referenceBytes)} of perspective matrices (fast: O(n²·d))";
            if (referenceBytes <= limit)
            {
                var reference = Time(() => Models.Reference.ReferenceSmp.Run(input, smpOptions), options.MinSeconds, warmup: n < 500);
                cases.Add(new BenchCase($"smp-{n}-actors-{options.Dimensions}d", n, options.Turns, fast.Wall, reference.Wall, reference.Wall / fast.Wall,
                    n >= 500 ? $"{turns}; {perspectives}" : turns)
                { FastCpuMs = fast.Cpu, ReferenceCpuMs = reference.Cpu });
            }
            else
            {
                cases.Add(new BenchCase($"smp-{n}-actors-{options.Dimensions}d", n, options.Turns, fast.Wall, double.NaN, double.NaN,
                    $"{turns}; reference not run: {perspectives}, over the memory limit of {ModelMemory.Format(limit)}")
                { FastCpuMs = fast.Cpu, ReferenceCpuMs = double.NaN });
            }
        }
        var all = cases.ToList();
        var withReference = all.Where(c => double.IsFinite(c.ReferenceMs)).ToList();
        return new BenchReport("smp", "brink", Environment.ProcessorCount, cases.ToImmutable(),
            Exponent(all.Select(c => (double)c.Actors), all.Select(c => c.FastMs)),
            Exponent(withReference.Select(c => (double)c.Actors), withReference.Select(c => c.ReferenceMs)));
    }

    /// <summary>
    /// The plain way to run Monte Carlo: serial, and for each draw new arrays and a new model input
    /// built from the drawn values (the same draws as the engine).
    /// </summary>
    public static double ReferenceMonteCarlo(IssueTemplate template, IssueRunner reference, ModelOptions options, int draws, ulong seed)
    {
        var inputs = InputSampler.Sample(template, [], draws, seed, threads: 1);
        var k = template.Slots.Length;
        double sum = 0;
        for (var d = 0; d < draws; d++)
        {
            var c = template.BaseCapability.ToArray();
            var x = template.BasePosition.ToArray();
            var s = template.BaseSalience.ToArray();
            for (var j = 0; j < k; j++)
            {
                var slot = template.Slots[j];
                var target = slot.Field switch { IssueField.Capability => c, IssueField.Position => x, _ => s };
                if (slot.Field != IssueField.Risk) target[slot.Actor] = inputs[d * k + j];
            }
            var issue = SpatialIssue.Create(template.ActorNames, c, x, s, template.StatusQuo, template.IssueId) with { ScaleMin = template.ScaleMin, ScaleMax = template.ScaleMax };
            sum += reference(issue, options).Forecast.Mean;
        }
        return sum / draws;
    }

    /// <summary>Slope b of ln y = a + b ln x by least squares.</summary>
    public static double Exponent(IEnumerable<double> x, IEnumerable<double> y)
    {
        var lx = x.Select(v => Math.Log(v)).ToArray();
        var ly = y.Select(v => Math.Log(v)).ToArray();
        if (lx.Length < 2) return double.NaN;
        var mx = lx.Average();
        var my = ly.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < lx.Length; i++)
        {
            sxy += (lx[i] - mx) * (ly[i] - my);
            sxx += (lx[i] - mx) * (lx[i] - mx);
        }
        return sxx > 0 ? sxy / sxx : double.NaN;
    }

    /// <summary>
    /// Warms up (at least once, then until 50 calls or 0.5 s, so tiered JIT has optimised the hot
    /// code), then repeats until <paramref name="minSeconds"/> have passed; returns the median wall
    /// time and the mean process CPU time per repetition, in ms.
    /// </summary>
    private static (double Wall, double Cpu) Time(Action action, double minSeconds, bool warmup = true)
    {
        var warm = Stopwatch.StartNew();
        var calls = 0;
        if (warmup)
            do { action(); calls++; } while (calls < 50 && warm.Elapsed.TotalSeconds < 0.5);
        var times = new List<double>();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var total = Stopwatch.StartNew();
        do
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        } while (total.Elapsed.TotalSeconds < minSeconds && times.Count < 1000);
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds / times.Count;
        times.Sort();
        return (OutcomeSummary.Quantile(times.ToArray(), 0.5), cpu);
    }
}
