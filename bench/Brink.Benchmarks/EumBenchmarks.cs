using BenchmarkDotNet.Attributes;
using Brink.Models;
using Brink.Models.Eum;
using Brink.Models.Reference;

namespace Brink.Benchmarks;

/// <summary>
/// A 10-round EUM on random issues of N actors (seeded): the fast engine without trace (the Monte
/// Carlo path), with the full trace, and the plain reference implementation it is checked against.
/// </summary>
[MemoryDiagnoser]
public class EumBenchmarks
{
    private SpatialIssue _issue = null!;
    private double[] _c = [], _x = [], _s = [], _final = [];
    private readonly EumEngine _engine = new();
    private readonly ModelOptions _noTrace = new() { FullTrace = false };
    private readonly ModelOptions _trace = new();

    [Params(10, 50, 200, 400)]
    public int N { get; set; }

    [Params("scholz-code", "paper")]
    public string Variant { get; set; } = "scholz-code";

    private EumVariant _variant = EumVariant.ScholzCode;

    [GlobalSetup]
    public void Setup()
    {
        _issue = RandomIssue(N, seed: 20110401);
        _c = [.. _issue.Capability];
        _x = [.. _issue.Position];
        _s = [.. _issue.Salience];
        _final = new double[N];
        _variant = EumVariant.Find(Variant)!;
    }

    /// <summary>A seeded random issue on a 0–100 scale.</summary>
    public static SpatialIssue RandomIssue(int n, int seed)
    {
        var random = new Random(seed);
        return SpatialIssue.Create(
            Enumerable.Range(0, n).Select(i => $"A{i}"),
            Enumerable.Range(0, n).Select(_ => 0.05 + random.NextDouble()),
            Enumerable.Range(0, n).Select(_ => 100 * random.NextDouble()),
            Enumerable.Range(0, n).Select(_ => 0.1 + 0.9 * random.NextDouble()));
    }

    [Benchmark(Baseline = true)]
    public Forecast Engine() => _engine.RunForecast(_c, _x, _s, [], _noTrace, _variant, _final);

    [Benchmark]
    public EumResult EngineFullTrace() => _engine.Run(_issue, _trace, _variant);

    [Benchmark]
    public EumResult Reference() => ReferenceEum.Run(_issue, _noTrace, _variant);
}
