using System.Collections.Immutable;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Simulation;

/// <summary>Settings of a Monte Carlo run.</summary>
public sealed record MonteCarloOptions
{
    /// <summary>Number of draws N.</summary>
    public int Draws { get; init; } = 1000;
    /// <summary>Seed of every random stream; the same seed gives the same result whatever <see cref="Threads"/>.</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads; 0 = one per core.</summary>
    public int Threads { get; init; }
    /// <summary>Bins of the outcome histograms.</summary>
    public int HistogramBins { get; init; } = 20;
    /// <summary>Draws per scheduling chunk (cancellation and progress are checked per chunk).</summary>
    public int ChunkSize { get; init; } = 64;
    /// <summary>Keep every draw's forecast mean in <see cref="ModelDistribution.Samples"/> (for recording in the ledger).</summary>
    public bool KeepSamples { get; init; }
}

/// <summary>Equal-width histogram: <c>Edges</c> has one more entry than <c>Counts</c>.</summary>
public sealed record Histogram(ImmutableArray<double> Edges, ImmutableArray<int> Counts);

/// <summary>Summary of a sample of outcomes: mean, median, 5–95 % interval and histogram.</summary>
public sealed record OutcomeSummary(double Mean, double Median, double StdDev, double P05, double P95, double Min, double Max, Histogram Histogram)
{
    /// <summary>Summarises values taken in the given order (sums run in that order, so the result is reproducible).</summary>
    public static OutcomeSummary From(ReadOnlySpan<double> values, int bins = 20)
    {
        var n = values.Length;
        if (n == 0) return new OutcomeSummary(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, new Histogram([], []));
        double sum = 0;
        foreach (var v in values) sum += v;
        var mean = sum / n;
        double ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var min = sorted[0];
        var max = sorted[^1];
        bins = Math.Max(1, bins);
        var edges = new double[bins + 1];
        var counts = new int[bins];
        var width = (max - min) / bins;
        for (var b = 0; b <= bins; b++) edges[b] = min + b * width;
        edges[bins] = max;
        foreach (var v in sorted)
        {
            var b = width > 0 ? (int)((v - min) / width) : 0;
            counts[Math.Clamp(b, 0, bins - 1)]++;
        }
        return new OutcomeSummary(mean, Quantile(sorted, 0.5), n > 1 ? Math.Sqrt(ss / (n - 1)) : 0, Quantile(sorted, 0.05), Quantile(sorted, 0.95),
            min, max, new Histogram([.. edges], [.. counts]));
    }

    /// <summary>Sample quantile of sorted data by linear interpolation between order statistics (Hyndman &amp; Fan 1996, type 7), by Math.NET (<see cref="Numerics.SampleQuantile.Linear"/>); NaN for no data.</summary>
    public static double Quantile(double[] sorted, double p) => Numerics.SampleQuantile.Linear(sorted, p);
}

/// <summary>How often dyad (i, j), from receiver i's view, ended in each EUM outcome.</summary>
public sealed record DyadProbabilities(string Actor, string Other, double Conflict, double Compromise, double Capitulation, double StatusQuo);

/// <summary>One model's outcome distribution on one issue.</summary>
public sealed record ModelDistribution(string Model, string Variant, Forecast PointForecast, OutcomeSummary ForecastMean, OutcomeSummary ForecastMedian)
{
    /// <summary>Per ordered dyad (i ≠ j) the share of draws ending in each outcome; empty for models without dyads.</summary>
    public ImmutableArray<DyadProbabilities> Dyads { get; init; } = [];
    /// <summary>The forecast mean of every completed draw, in draw order, when <see cref="MonteCarloOptions.KeepSamples"/> is set; else empty.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ImmutableArray<double> Samples { get; init; } = [];
    /// <summary>The model's warnings on the point values (fallbacks, cycles, pivotal moves); empty when none.</summary>
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
    /// <summary>
    /// For a model that bargains over several issues at once (<see cref="IJointIssueModel"/>, the exchange model): the issues
    /// whose inputs every draw perturbed jointly; null (absent from JSON) for one-issue models.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Space { get; init; }
}

/// <summary>
/// The outputs of draws [<see cref="Start"/>, <see cref="End"/>) of a Monte Carlo run (<see cref="MonteCarlo.RunChunk"/>): per model
/// each draw's forecast mean and median (index 0 = draw <see cref="Start"/>) and the dyad outcome counts over these draws
/// (n·n·4 per model with dyads, else empty).
/// </summary>
public sealed record MonteCarloChunk(int Start, int End, double[][] Means, double[][] Medians, long[][] DyadCounts)
{
    /// <summary>Per model, how many of these draws carried each of its <see cref="IDrawNotes.DrawNotes"/> (empty for models without notes; empty altogether when no model has any).</summary>
    public long[][] NoteCounts { get; init; } = [];
}

/// <summary>The result of <see cref="MonteCarlo.Run"/>.</summary>
public sealed record MonteCarloResult(string IssueId, ulong Seed, int DrawsRequested, int DrawsCompleted, ImmutableArray<string> Inputs, ImmutableArray<ModelDistribution> Models)
{
    /// <summary>True when the run was cancelled; the summaries then cover the completed draws only.</summary>
    public bool Partial => DrawsCompleted < DrawsRequested;
    /// <summary>Uncertain inputs of the scenario this issue does not use.</summary>
    public ImmutableArray<string> IgnoredInputs { get; init; } = [];
    /// <summary>Warnings about the run itself (e.g. no uncertain inputs, so every draw is the same).</summary>
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}

/// <summary>
/// Monte Carlo over uncertain inputs (design §5): draws every input, runs each model per draw and
/// summarises the forecasts and (for the EUM) the dyad outcomes. Bit-identical for a seed whatever
/// the thread count: inputs come from per-draw counter-based streams, forecasts are stored by draw
/// index and summarised in draw order, dyad counts are integers.
/// </summary>
public static class MonteCarlo
{
    /// <summary>Code: the issue has no uncertain inputs.</summary>
    public const string NoUncertainInputsCode = "simulate-no-uncertain-inputs";

    /// <exception cref="ArgumentException">Invalid options or inconsistent rank correlations.</exception>
    public static MonteCarloResult Run(IssueTemplate template, IReadOnlyList<IIssueModel> models, MonteCarloOptions options,
        IReadOnlyList<InputCorrelation>? correlations = null, Action<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        CheckOptions(options);
        var draws = options.Draws;
        var (chunk, done) = RunRange(template, models, options, correlations, 0, draws, progress, cancel);
        var completed = ParallelDraws.CompletedIndices(done, draws, options.ChunkSize);
        return Summarise(template, models, options, chunk, completed);
    }

    /// <summary>
    /// Draws [<paramref name="start"/>, <paramref name="end"/>) of the run <see cref="Run"/> would make with these options, computed on
    /// their own (each draw's inputs come from its own counter-based stream; rank-correlated columns are prepared for all
    /// <see cref="MonteCarloOptions.Draws"/> draws, as in the whole run). <see cref="Merge"/> of chunks covering every draw gives the
    /// bytes of <see cref="Run"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options or range, or inconsistent rank correlations.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before every draw of the range was made.</exception>
    public static MonteCarloChunk RunChunk(IssueTemplate template, IReadOnlyList<IIssueModel> models, MonteCarloOptions options,
        IReadOnlyList<InputCorrelation>? correlations, int start, int end, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        CheckOptions(options);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, options.Draws);
        var (chunk, done) = RunRange(template, models, options, correlations, start, end, null, cancel);
        if (done.Any(d => !d)) throw new OperationCanceledException(cancel);
        return chunk;
    }

    /// <summary>The result of <see cref="Run"/> from chunks (any order) that together cover draws [0, <see cref="MonteCarloOptions.Draws"/>) once.</summary>
    /// <exception cref="ArgumentException">The chunks do not cover every draw exactly once, or do not fit the models.</exception>
    public static MonteCarloResult Merge(IssueTemplate template, IReadOnlyList<IIssueModel> models, MonteCarloOptions options, IEnumerable<MonteCarloChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(template);
        CheckOptions(options);
        var draws = options.Draws;
        var m = models.Count;
        var n = template.Count;
        var means = new double[m][];
        var medians = new double[m][];
        var counts = new long[m][];
        var notes = NewNoteCounts(models);
        for (var a = 0; a < m; a++)
        {
            means[a] = new double[draws];
            medians[a] = new double[draws];
            counts[a] = models[a].HasDyads ? new long[n * n * 4] : [];
        }
        var next = 0;
        foreach (var c in chunks.OrderBy(c => c.Start))
        {
            if (c.Start != next || c.End <= c.Start || c.End > draws)
                throw new ArgumentException($"chunks must cover draws 0..{draws} once each; found [{c.Start}, {c.End}) after draw {next}", nameof(chunks));
            if (c.Means.Length != m || c.Medians.Length != m || c.DyadCounts.Length != m)
                throw new ArgumentException($"a chunk has {c.Means.Length} models, expected {m}", nameof(chunks));
            for (var a = 0; a < m; a++)
            {
                if (c.Means[a].Length != c.End - c.Start || c.Medians[a].Length != c.End - c.Start || c.DyadCounts[a].Length != counts[a].Length)
                    throw new ArgumentException($"chunk [{c.Start}, {c.End}) has arrays of the wrong length", nameof(chunks));
                c.Means[a].CopyTo(means[a], c.Start);
                c.Medians[a].CopyTo(medians[a], c.Start);
                for (var i = 0; i < counts[a].Length; i++) counts[a][i] += c.DyadCounts[a][i];
                var chunkNotes = c.NoteCounts.Length == m ? c.NoteCounts[a] : [];
                if (chunkNotes.Length != notes[a].Length)
                    throw new ArgumentException($"chunk [{c.Start}, {c.End}) has {chunkNotes.Length} draw-note counts for model {a}, expected {notes[a].Length}", nameof(chunks));
                for (var i = 0; i < notes[a].Length; i++) notes[a][i] += chunkNotes[i];
            }
            next = c.End;
        }
        if (next != draws) throw new ArgumentException($"chunks must cover draws 0..{draws}; they stop at {next}", nameof(chunks));
        return Summarise(template, models, options, new MonteCarloChunk(0, draws, means, medians, counts) { NoteCounts = notes }, [.. Enumerable.Range(0, draws)]);
    }

    private static void CheckOptions(MonteCarloOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Draws, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Draws, ModelLimits.MaxDraws);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, 1);
    }

    /// <summary>Runs draws [start, end) on the worker threads; returns their outputs (index 0 = draw start) and which scheduling chunks completed.</summary>
    private static (MonteCarloChunk Chunk, bool[] Done) RunRange(IssueTemplate template, IReadOnlyList<IIssueModel> models, MonteCarloOptions options,
        IReadOnlyList<InputCorrelation>? correlations, int start, int end, Action<int>? progress, CancellationToken cancel)
    {
        var n = template.Count;
        var length = end - start;
        var source = DrawSource.Create(template, correlations ?? [], options.Draws, options.Seed, options.Threads);
        var m = models.Count;
        var means = new double[m][];
        var medians = new double[m][];
        for (var a = 0; a < m; a++) { means[a] = new double[length]; medians[a] = new double[length]; }
        var counts = new long[m][];
        for (var a = 0; a < m; a++) counts[a] = models[a].HasDyads ? new long[n * n * 4] : [];
        var notes = NewNoteCounts(models);

        // Models that read other issues draw their inputs themselves, from the same seed (IJointIssueModel).
        var joint = models.Select(model => model is IJointIssueModel j ? j.Bind(template, options, correlations ?? []) : null).ToArray();
        var done = ParallelDraws.Run(length, options.ChunkSize, options.Threads,
            () => new Worker(template, models, joint),
            (w, from, to) =>
            {
                for (var i = from; i < to; i++)
                {
                    var row = w.Row.AsSpan();
                    source.Fill(start + i, row);
                    for (var a = 0; a < m; a++)
                    {
                        Forecast f;
                        if (w.Joint[a] is { } jw) f = jw.Evaluate(start + i, w.Dyads[a]);
                        else
                        {
                            template.Apply(w.Buffer, row);
                            f = w.Workers[a].Evaluate(template, w.Buffer, w.Dyads[a]);
                        }
                        means[a][i] = f.Mean;
                        medians[a][i] = f.Median;
                        var dy = w.Dyads[a];
                        var c = w.Counts[a];
                        for (var j = 0; j < dy.Length; j++) c[j * 4 + (int)dy[j]]++;
                        if (w.Joint[a] is { LastNotes: var bits and not 0 })
                            for (var k = 0; k < w.Notes[a].Length; k++) if ((bits >> k & 1) != 0) w.Notes[a][k]++;
                    }
                }
            },
            w =>
            {
                lock (counts)
                    for (var a = 0; a < m; a++)
                    {
                        for (var i = 0; i < counts[a].Length; i++) counts[a][i] += w.Counts[a][i];
                        for (var i = 0; i < notes[a].Length; i++) notes[a][i] += w.Notes[a][i];
                    }
            }, cancel, progress);
        return (new MonteCarloChunk(start, end, means, medians, counts) { NoteCounts = notes }, done);
    }

    /// <summary>The summaries of a run from every draw's outputs (<paramref name="all"/> covers draws 0..N) and the completed draws.</summary>
    private static MonteCarloResult Summarise(IssueTemplate template, IReadOnlyList<IIssueModel> models, MonteCarloOptions options, MonteCarloChunk all, int[] completed)
    {
        var n = template.Count;
        var m = models.Count;
        var pointBuffer = template.CreateBuffer();
        var results = ImmutableArray.CreateBuilder<ModelDistribution>(m);
        for (var a = 0; a < m; a++)
        {
            var model = models[a];
            var scratch = new DyadOutcome[model.HasDyads ? n * n : 0];
            template.Reset(pointBuffer);
            var point = model.CreateWorker().Evaluate(template, pointBuffer, scratch);
            var dist = new ModelDistribution(model.Name, model.Variant, point,
                OutcomeSummary.From(Gather(all.Means[a], completed), options.HistogramBins),
                OutcomeSummary.From(Gather(all.Medians[a], completed), options.HistogramBins));
            template.Reset(pointBuffer);
            dist = dist with { Warnings = model.Warnings(template.ToSpatialIssue(pointBuffer)) };
            if (model.HasDyads) dist = dist with { Dyads = DyadTable(template, all.DyadCounts[a], completed.Length) };
            if (model is IJointIssueModel joint) dist = dist with { Space = joint.SpaceOf(template.IssueId) };
            if (options.KeepSamples) dist = dist with { Samples = [.. Gather(all.Means[a], completed)] };
            results.Add(dist);
        }
        var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
        if (template.Slots.IsEmpty)
            warnings.Add(new ResultWarning(NoUncertainInputsCode,
                $"Issue '{template.IssueId}' has no uncertain inputs, so every draw is the same and the distributions have no spread; give ranges or distributions, or use noise.")
            { Issue = template.IssueId });
        // What happened in single draws (a run cut at its turn limit, inputs adjusted to a model's rule), with how often.
        var noteCounts = all.NoteCounts.Length == m ? all.NoteCounts : NewNoteCounts(models);
        for (var a = 0; a < m; a++)
            if (models[a] is IDrawNotes noted)
                for (var k = 0; k < noted.DrawNotes.Length; k++)
                {
                    var count = noteCounts[a][k]; // counted by chunk, so only over the completed draws
                    if (count > 0)
                        warnings.Add(new ResultWarning(noted.DrawNotes[k].Code,
                            $"{models[a].Name} ({models[a].Variant}): in {count} of {completed.Length} draws {noted.DrawNotes[k].Message}.")
                        { Issue = template.IssueId });
                }
        return new MonteCarloResult(template.IssueId, options.Seed, options.Draws, completed.Length, [.. template.Slots.Select(s => s.Name)], results.MoveToImmutable())
        {
            IgnoredInputs = template.Ignored,
            Warnings = warnings.ToImmutable(),
        };
    }

    private static double[] Gather(double[] values, int[] indices)
    {
        if (indices.Length == values.Length) return values;
        var r = new double[indices.Length];
        for (var i = 0; i < r.Length; i++) r[i] = values[indices[i]];
        return r;
    }

    private static ImmutableArray<DyadProbabilities> DyadTable(IssueTemplate template, long[] counts, int draws)
    {
        var n = template.Count;
        var b = ImmutableArray.CreateBuilder<DyadProbabilities>(n * (n - 1));
        double p(int idx, DyadOutcome o) => draws == 0 ? double.NaN : (double)counts[idx * 4 + (int)o] / draws;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                if (i == j) continue;
                var idx = i * n + j;
                b.Add(new DyadProbabilities(template.ActorIds[i], template.ActorIds[j], p(idx, DyadOutcome.Conflict), p(idx, DyadOutcome.Compromise),
                    p(idx, DyadOutcome.Capitulation), p(idx, DyadOutcome.StatusQuo)));
            }
        return b.MoveToImmutable();
    }

    private sealed class Worker
    {
        public Worker(IssueTemplate template, IReadOnlyList<IIssueModel> models, IJointDrawModel?[] joint)
        {
            Joint = [.. joint.Select(j => j?.CreateWorker())];
            Buffer = template.CreateBuffer();
            Row = new double[template.Slots.Length];
            var n = template.Count;
            Workers = [.. models.Select(m => m.CreateWorker())];
            Dyads = [.. models.Select(m => new DyadOutcome[m.HasDyads ? n * n : 0])];
            Counts = [.. models.Select(m => new long[m.HasDyads ? n * n * 4 : 0])];
            Notes = NewNoteCounts(models);
        }
        public IssueBuffer Buffer { get; }
        public double[] Row { get; }
        public IIssueModelWorker[] Workers { get; }
        public IJointDrawWorker?[] Joint { get; }
        public DyadOutcome[][] Dyads { get; }
        public long[][] Counts { get; }
        public long[][] Notes { get; }
    }

    /// <summary>Zeroed draw-note counters: per model one per <see cref="IDrawNotes.DrawNotes"/> (none for models without notes).</summary>
    private static long[][] NewNoteCounts(IReadOnlyList<IIssueModel> models) =>
        [.. models.Select(m => new long[m is IDrawNotes d ? d.DrawNotes.Length : 0])];
}
