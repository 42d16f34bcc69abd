using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Brink.Application;
using Brink.Backtest;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Cluster;

/// <summary>The kinds of sweep: the single-machine command each one reproduces.</summary>
public static class SweepKind
{
    public const string Simulate = "simulate";
    public const string Sensitivity = "sensitivity";
    /// <summary><c>brink backtest deu FILE</c>.</summary>
    public const string Backtest = "backtest";
    /// <summary><c>brink whatif FILE --target X</c>.</summary>
    public const string WhatIf = "whatif";
}

/// <summary>
/// What a sweep computes: the request of the single-machine command (its scenario as text, so that every silo reads the
/// same bytes) and the chunk size. Stored as JSON with the sweep; every silo rebuilds the same <see cref="SweepJob"/> from it.
/// </summary>
public sealed record SweepSpec
{
    public required string Kind { get; init; }
    public SimulateRequest? Simulate { get; init; }
    public SensitivityRequest? Sensitivity { get; init; }
    /// <summary>The DEU back-test (its data and <c>--fit</c> files as text, the protocol as text or values).</summary>
    public DeuBacktestRequest? Backtest { get; init; }
    /// <summary>The what-if search.</summary>
    public WhatIfRequest? WhatIf { get; init; }
    /// <summary>Draws per chunk (simulate) or model runs per chunk (sensitivity, in whole factors, trajectories or samples); 0 = the default.</summary>
    public int ChunkSize { get; init; }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// Reading: field names in any case, with or without underscores (snake_case as every Brink document, or the PascalCase that
    /// <see cref="ToJson"/> writes), enums as numbers or names (<c>"format": "yaml"</c>).
    /// </summary>
    private static readonly JsonSerializerOptions Read = new()
    {
        PropertyNameCaseInsensitive = true,
        // A misspelt field (e.g. "drawz") is refused by name instead of dropped, which would run the sweep on a default.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The spec as PascalCase JSON (enums as numbers): what <c>brink sweep</c> sends and the silos store.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// A spec in either form: snake_case (<c>kind</c>, <c>chunk_size</c>, <c>simulate.scenario.file_name</c>; the preferred form
    /// over HTTP) or PascalCase (<c>Kind</c>, <c>ChunkSize</c>). Names are matched without case and underscores (no request type
    /// has a dictionary, so every object key is a field name).
    /// </summary>
    /// <exception cref="JsonException">Not a sweep spec, a field given twice (e.g. <c>ChunkSize</c> and <c>chunk_size</c>), or an unknown field.</exception>
    public static SweepSpec FromJson(string json)
    {
        var node = JsonNode.Parse(json) ?? throw new JsonException("empty sweep spec");
        var written = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            return Normalise(node, "$", "$", written).Deserialize<SweepSpec>(Read) ?? throw new JsonException("empty sweep spec");
        }
        catch (JsonException e) when (e.Message.Contains("could not be mapped", StringComparison.Ordinal) && e.Path is { } at)
        {
            // The path of the normalised tree (no underscores), named as the request wrote it.
            var field = (written.TryGetValue(at, out var original) ? original : at).TrimStart('$', '.');
            throw new JsonException($"unknown field '{field}'", e);
        }
    }

    /// <summary>
    /// The tree with every object key stripped of underscores (<c>chunk_size</c> → <c>chunksize</c>, matched to <c>ChunkSize</c>);
    /// <paramref name="written"/> maps each new key's path to the path as written.
    /// </summary>
    private static JsonNode Normalise(JsonNode node, string path, string normalisedPath, Dictionary<string, string> written)
    {
        switch (node)
        {
            case JsonObject o:
            {
                var fields = o.ToList();
                o.Clear();
                var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in fields)
                {
                    var name = key.Replace("_", "", StringComparison.Ordinal);
                    if (!seen.TryAdd(name, key)) throw new JsonException($"{path}: the field '{key}' is given twice (also as '{seen[name]}')");
                    written[$"{normalisedPath}.{name}"] = $"{path}.{key}";
                    if (value is not null) Normalise(value, $"{path}.{key}", $"{normalisedPath}.{name}", written);
                    o[name] = value;
                }
                break;
            }
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } item) Normalise(item, $"{path}[{i}]", $"{normalisedPath}[{i}]", written);
                break;
        }
        return node;
    }
}

/// <summary>Which part of the work a chunk is: draws of one issue (simulate) or units of one part of a sensitivity analysis.</summary>
public enum ChunkPart { Draws, Tornado, Morris, Sobol, Backtest, WhatIf }

/// <summary>One chunk: units [Start, End) of a part (of issue <see cref="Issue"/> for draws; for a back-test, a <see cref="Brink.Backtest.BacktestUnit"/> of model <see cref="Issue"/>).</summary>
public readonly record struct ChunkItem(ChunkPart Part, int Issue, int Start, int End);

/// <summary>
/// A sweep's work split into chunks that follow the random streams of the single-machine run (draws; tornado factors,
/// Morris trajectories, Sobol samples), each computed on its own by any silo, and merged in a fixed order into the
/// outcome of <see cref="SimulateService.Run"/> / <see cref="SensitivityService.Run"/>, byte for byte.
/// </summary>
public sealed class SweepJob
{
    /// <summary>Most chunks one sweep may have (each is a grain call and a stored row).</summary>
    public const int MaxChunks = 100_000;
    public const int DefaultSimulateChunk = 250;
    public const int DefaultSensitivityChunk = 2000;
    /// <summary>Issues per chunk of a back-test's direct forecasts and warnings (a cross-validated model is one chunk per fold fit).</summary>
    public const int DefaultBacktestChunk = 20;
    /// <summary>Candidates (actor × parameter) per chunk of a what-if search.</summary>
    public const int DefaultWhatIfChunk = 8;

    private readonly SimulatePlan? _simulate;
    private readonly SensitivityPlan? _sensitivity;
    private readonly BacktestPlan? _backtest;
    private readonly ImmutableArray<BacktestUnit> _backtestUnits;
    private readonly WhatIfPlan? _whatIf;

    private SweepJob(SweepSpec spec, SimulatePlan? simulate, SensitivityPlan? sensitivity, IReadOnlyList<ChunkItem> items)
    {
        Spec = spec;
        _simulate = simulate;
        _sensitivity = sensitivity;
        Items = items;
    }

    private SweepJob(SweepSpec spec, WhatIfPlan whatIf, IReadOnlyList<ChunkItem> items)
    {
        Spec = spec;
        _whatIf = whatIf;
        Items = items;
    }

    private SweepJob(SweepSpec spec, BacktestPlan backtest, ImmutableArray<BacktestUnit> units)
    {
        Spec = spec;
        _backtest = backtest;
        _backtestUnits = units;
        Items = [.. units.Select(u => new ChunkItem(ChunkPart.Backtest, u.Model, u.Start, u.End))];
    }

    public SweepSpec Spec { get; }
    public IReadOnlyList<ChunkItem> Items { get; }
    public IReadOnlyList<string> Notices => _simulate?.Notices ?? _sensitivity?.Notices ?? _backtest?.Notices ?? _whatIf!.Notices;
    public IReadOnlyList<Diagnostic> Diagnostics => _simulate?.Diagnostics ?? _sensitivity?.Diagnostics ?? _backtest?.Diagnostics ?? _whatIf!.Diagnostics;
    /// <summary>Model runs of the whole sweep (a back-test: forecasts of single issues, fold fits and warning checks; a what-if search: candidates).</summary>
    public long Runs => _simulate is { } s ? (long)s.Request.Draws * s.Templates.Count * s.Models.Count
        : _sensitivity is { } t ? t.Runs
        : _whatIf is { } w ? w.Search.Candidates
        : _backtestUnits.Sum(u => u.Part == BacktestPart.Fold ? 1L : u.End - u.Start);

    /// <summary>The sweep's work in words, for the client's first line: model runs, what-if candidates or back-test pieces.</summary>
    public string Work => _whatIf is not null ? $"{Runs:N0} candidates (actor × parameter)"
        : _backtest is not null ? $"{Runs:N0} issue forecasts, fold fits and warning checks"
        : $"{Runs:N0} model runs";

    /// <summary>Every check of the single-machine command, then the chunks; or the diagnostics that refuse the sweep before any work.</summary>
    public static SweepJob? Create(SweepSpec spec, out IReadOnlyList<Diagnostic> problems, out IReadOnlyList<string> notices)
    {
        ArgumentNullException.ThrowIfNull(spec);
        problems = [];
        notices = [];
        if (spec.ChunkSize < 0) { problems = [Outcome.RequestError("chunk-size", $"--chunk-size must be 1 or more, or 0 for the default (got {spec.ChunkSize})")]; return null; }
        switch (spec.Kind)
        {
            case SweepKind.Simulate when spec.Simulate is { } request:
            {
                if (request.KeepSamples) { problems = [Outcome.RequestError("record", "sweeps do not record in the ledger (--record); run brink simulate for that")]; return null; }
                var (plan, failure) = SimulateService.Prepare(request);
                if (plan is null) { problems = failure!.Diagnostics; notices = failure.Notices; return null; }
                var size = spec.ChunkSize > 0 ? spec.ChunkSize : DefaultSimulateChunk;
                var items = new List<ChunkItem>();
                for (var issue = 0; issue < plan.Templates.Count; issue++)
                    for (var start = 0; start < request.Draws; start += size)
                    {
                        items.Add(new ChunkItem(ChunkPart.Draws, issue, start, Math.Min(request.Draws, start + size)));
                        if (items.Count > MaxChunks) return TooMany(out problems, out notices, plan.Notices);
                    }
                notices = plan.Notices;
                return new SweepJob(spec, plan, null, items);
            }
            case SweepKind.Sensitivity when spec.Sensitivity is { } request:
            {
                var (plan, failure) = SensitivityService.Prepare(request);
                if (plan is null) { problems = failure!.Diagnostics; notices = failure.Notices; return null; }
                var runs = spec.ChunkSize > 0 ? spec.ChunkSize : DefaultSensitivityChunk;
                var items = new List<ChunkItem>();
                foreach (var (part, sensitivityPart) in new[] { (ChunkPart.Tornado, SensitivityPart.Tornado), (ChunkPart.Morris, SensitivityPart.Morris), (ChunkPart.Sobol, SensitivityPart.Sobol) })
                {
                    var units = Brink.Simulation.Sensitivity.Units(sensitivityPart, plan.Factors, request.Options);
                    var size = Math.Max(1, runs / Brink.Simulation.Sensitivity.RunsPerUnit(sensitivityPart, plan.Factors));
                    for (var start = 0; start < units; start += size)
                    {
                        items.Add(new ChunkItem(part, 0, start, Math.Min(units, start + size)));
                        if (items.Count > MaxChunks) return TooMany(out problems, out notices, plan.Notices);
                    }
                }
                notices = plan.Notices;
                return new SweepJob(spec, null, plan, items);
            }
            case SweepKind.Backtest when spec.Backtest is { } request:
            {
                if (request.ProtocolPath is not null) { problems = [Outcome.RequestError("protocol", "a sweep takes the protocol as text (the client reads the file), not as a path")]; return null; }
                if (request.Data.Path is not null || request.Fit?.Path is not null) { problems = [Outcome.RequestError("data", "a sweep takes the DEU files as text (the client reads them), not as paths")]; return null; }
                var (plan, failure) = BacktestService.Prepare(request);
                if (plan is null) { problems = failure!.Diagnostics; notices = failure.Notices; return null; }
                var units = plan.Units(spec.ChunkSize > 0 ? spec.ChunkSize : DefaultBacktestChunk);
                notices = plan.Notices;
                if (units.Length > MaxChunks) return TooMany(out problems, out notices, plan.Notices);
                return new SweepJob(spec, plan, units);
            }
            case SweepKind.WhatIf when spec.WhatIf is { } request:
            {
                var (plan, failure) = WhatIfService.Prepare(request);
                if (plan is null) { problems = failure!.Diagnostics; notices = failure.Notices; return null; }
                var size = spec.ChunkSize > 0 ? spec.ChunkSize : DefaultWhatIfChunk;
                var count = plan.Search.Candidates;
                notices = plan.Notices;
                if ((count + (long)size - 1) / size > MaxChunks) return TooMany(out problems, out notices, plan.Notices);
                var items = new List<ChunkItem>();
                for (var start = 0; start < count; start += size) items.Add(new ChunkItem(ChunkPart.WhatIf, 0, start, Math.Min(count, start + size)));
                return new SweepJob(spec, plan, items);
            }
            default:
                problems = [Outcome.RequestError("kind", $"a sweep is one of {SweepKind.Simulate}, {SweepKind.Sensitivity}, {SweepKind.Backtest}, {SweepKind.WhatIf} with its request (got '{spec.Kind}')")];
                return null;
        }
    }

    private static SweepJob? TooMany(out IReadOnlyList<Diagnostic> problems, out IReadOnlyList<string> notices, IReadOnlyList<string> planNotices)
    {
        problems = [Outcome.RequestError("chunk-size", $"the sweep would have more than {MaxChunks:N0} chunks; give a larger --chunk-size")];
        notices = planNotices;
        return null;
    }

    /// <summary>Computes chunk <paramref name="index"/> on one thread and encodes its outputs.</summary>
    public byte[] Run(int index, CancellationToken cancel = default)
    {
        var item = Items[index];
        if (item.Part == ChunkPart.WhatIf)
        {
            var (changes, evaluations) = _whatIf!.Search.Run(item.Start, item.End, threads: 1, cancel);
            return ChunkCodec.Encode(changes, evaluations);
        }
        if (item.Part == ChunkPart.Backtest) return ChunkCodec.Encode(_backtest!.RunUnit(_backtestUnits[index]));
        if (item.Part == ChunkPart.Draws) return ChunkCodec.Encode(_simulate!.RunChunk(item.Issue, item.Start, item.End, threads: 1, cancel));
        var part = item.Part switch { ChunkPart.Tornado => SensitivityPart.Tornado, ChunkPart.Morris => SensitivityPart.Morris, _ => SensitivityPart.Sobol };
        return ChunkCodec.Encode(_sensitivity!.RunChunk(part, item.Start, item.End, threads: 1, cancel));
    }

    /// <summary>The single-machine outcome from every chunk's outputs (merged in chunk order, whatever order they came in).</summary>
    /// <exception cref="ArgumentException">A chunk is missing or its outputs do not fit.</exception>
    public Outcome Merge(IReadOnlyList<ChunkRecord> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var byIndex = chunks.ToDictionary(c => c.Chunk, c => c.Payload);
        var missing = Enumerable.Range(0, Items.Count).Where(i => !byIndex.ContainsKey(i)).Take(5).ToList();
        if (missing.Count > 0) throw new ArgumentException($"chunks missing: {string.Join(", ", missing)}", nameof(chunks));
        if (_whatIf is { } whatIf)
        {
            var decoded = Items.Select((item, i) => ChunkCodec.DecodeWhatIf(byIndex[i], item.End - item.Start)).ToList();
            return whatIf.Finish([.. decoded.SelectMany(d => d.Changes)], [.. decoded.SelectMany(d => d.Evaluations)]);
        }
        if (_backtest is { } backtest)
            return backtest.Merge([.. _backtestUnits.Select((u, i) => (u, ChunkCodec.DecodeBacktest(byIndex[i])))]);
        if (_simulate is { } plan)
        {
            var perIssue = Enumerable.Range(0, plan.Templates.Count)
                .Select(issue => Items.Select((item, i) => (item, i)).Where(x => x.item.Issue == issue).Select(x => ChunkCodec.DecodeMonteCarlo(byIndex[x.i], x.item.Start, x.item.End)))
                .ToList();
            return plan.Merge(perIssue);
        }
        double[] Part(ChunkPart part) => [.. Items.Select((item, i) => (item, i)).Where(x => x.item.Part == part).SelectMany(x => ChunkCodec.DecodeDoubles(byIndex[x.i]))];
        return _sensitivity!.Merge(Part(ChunkPart.Tornado), Part(ChunkPart.Morris), Part(ChunkPart.Sobol));
    }

    /// <summary>The <c>--format json</c> document of the single-machine command for this outcome (as <c>JsonOutput.Write</c> prints it, without the newline).</summary>
    public static string Document(Outcome outcome) => outcome switch
    {
        SimulateOutcome { Report: { } report } => BrinkJson.Serialize(report),
        SensitivityOutcome { Result: { } result } => BrinkJson.Serialize(SensitivityDocument.Of(result, [])),
        BacktestOutcome { Document: { } document } => BrinkJson.Serialize(document),
        WhatIfOutcome { Result: { } result } => BrinkJson.Serialize(result),
        _ => throw new ArgumentException("the outcome has no result", nameof(outcome)),
    };
}

/// <summary>Chunk outputs as bytes: doubles and counts written bit for bit (little-endian), so a merge sees exactly what the silo computed.</summary>
public static class ChunkCodec
{
    public static byte[] Encode(MonteCarloChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(chunk.Start);
            w.Write(chunk.End);
            w.Write(chunk.Means.Length);
            for (var a = 0; a < chunk.Means.Length; a++)
            {
                WriteDoubles(w, chunk.Means[a]);
                WriteDoubles(w, chunk.Medians[a]);
                w.Write(chunk.DyadCounts[a].Length);
                foreach (var c in chunk.DyadCounts[a]) w.Write(c);
            }
            // The draw-note counts follow every model's arrays, so a chunk stored before they existed still reads (with none).
            w.Write(chunk.NoteCounts.Length);
            foreach (var notes in chunk.NoteCounts)
            {
                w.Write(notes.Length);
                foreach (var c in notes) w.Write(c);
            }
        }
        return stream.ToArray();
    }

    /// <exception cref="ArgumentException">The bytes are not the chunk [start, end).</exception>
    public static MonteCarloChunk DecodeMonteCarlo(byte[] payload, int start, int end)
    {
        using var r = new BinaryReader(new MemoryStream(payload));
        var s = r.ReadInt32();
        var e = r.ReadInt32();
        if (s != start || e != end) throw new ArgumentException($"the stored chunk covers draws [{s}, {e}), expected [{start}, {end})", nameof(payload));
        var m = r.ReadInt32();
        var means = new double[m][];
        var medians = new double[m][];
        var counts = new long[m][];
        for (var a = 0; a < m; a++)
        {
            means[a] = ReadDoubles(r);
            medians[a] = ReadDoubles(r);
            counts[a] = new long[r.ReadInt32()];
            for (var i = 0; i < counts[a].Length; i++) counts[a][i] = r.ReadInt64();
        }
        var notes = new long[r.BaseStream.Position < r.BaseStream.Length ? r.ReadInt32() : 0][];
        for (var a = 0; a < notes.Length; a++)
        {
            notes[a] = new long[r.ReadInt32()];
            for (var i = 0; i < notes[a].Length; i++) notes[a][i] = r.ReadInt64();
        }
        return new MonteCarloChunk(s, e, means, medians, counts) { NoteCounts = notes };
    }

    /// <summary>What-if candidates: each one's best change (actor, parameter, from, to, forecast, distance) and its model runs.</summary>
    public static byte[] Encode(IReadOnlyList<WhatIfChange> changes, IReadOnlyList<int> evaluations)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(evaluations);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write(changes.Count);
            for (var i = 0; i < changes.Count; i++)
            {
                var c = changes[i];
                w.Write(c.Actor);
                w.Write((int)c.Parameter);
                w.Write(c.From);
                w.Write(c.To);
                w.Write(c.Forecast.Mean);
                w.Write(c.Forecast.Median);
                w.Write(c.Distance);
                w.Write(evaluations[i]);
            }
        }
        return stream.ToArray();
    }

    /// <exception cref="ArgumentException">Not <paramref name="count"/> what-if candidates.</exception>
    public static (WhatIfChange[] Changes, int[] Evaluations) DecodeWhatIf(byte[] payload, int count)
    {
        using var r = new BinaryReader(new MemoryStream(payload));
        var n = r.ReadInt32();
        if (n != count) throw new ArgumentException($"the stored chunk has {n} candidates, expected {count}", nameof(payload));
        var changes = new WhatIfChange[n];
        var evaluations = new int[n];
        for (var i = 0; i < n; i++)
        {
            var actor = r.ReadString();
            var parameter = (IssueField)r.ReadInt32();
            var from = r.ReadDouble();
            var to = r.ReadDouble();
            var mean = r.ReadDouble();
            var median = r.ReadDouble();
            changes[i] = new WhatIfChange(actor, parameter, from, to, new Brink.Models.Forecast(mean, median), r.ReadDouble());
            evaluations[i] = r.ReadInt32();
        }
        return (changes, evaluations);
    }

    /// <summary>A back-test piece: forecasts (a flag byte per value, then the double) or warning codes per case.</summary>
    public static byte[] Encode(BacktestUnitOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            if (output.Forecasts is { } forecasts)
            {
                w.Write((byte)1);
                w.Write(forecasts.Length);
                foreach (var f in forecasts)
                {
                    w.Write(f.HasValue);
                    if (f is { } v) w.Write(v);
                }
            }
            else
            {
                var codes = output.Codes ?? [];
                w.Write((byte)2);
                w.Write(codes.Length);
                foreach (var perCase in codes)
                {
                    w.Write(perCase.Length);
                    foreach (var code in perCase) w.Write(code);
                }
            }
        }
        return stream.ToArray();
    }

    /// <exception cref="ArgumentException">Not a back-test piece.</exception>
    public static BacktestUnitOutput DecodeBacktest(byte[] payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload));
        var kind = r.ReadByte();
        var n = r.ReadInt32();
        if (kind == 1)
        {
            var forecasts = new double?[n];
            for (var i = 0; i < n; i++) forecasts[i] = r.ReadBoolean() ? r.ReadDouble() : null;
            return new BacktestUnitOutput(forecasts, null);
        }
        if (kind != 2) throw new ArgumentException($"not a back-test chunk (kind {kind})", nameof(payload));
        var codes = new string[n][];
        for (var i = 0; i < n; i++)
        {
            codes[i] = new string[r.ReadInt32()];
            for (var k = 0; k < codes[i].Length; k++) codes[i][k] = r.ReadString();
        }
        return new BacktestUnitOutput(null, codes);
    }

    public static byte[] Encode(double[] values)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream)) WriteDoubles(w, values);
        return stream.ToArray();
    }

    public static double[] DecodeDoubles(byte[] payload)
    {
        using var r = new BinaryReader(new MemoryStream(payload));
        return ReadDoubles(r);
    }

    private static void WriteDoubles(BinaryWriter w, double[] values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    private static double[] ReadDoubles(BinaryReader r)
    {
        var values = new double[r.ReadInt32()];
        for (var i = 0; i < values.Length; i++) values[i] = r.ReadDouble();
        return values;
    }
}
