using Brink.Models;
using Brink.Models.Eum;
using CsCheck;

namespace Brink.Tests.Models;

/// <summary>The row-parallel EUM round (<see cref="ModelOptions.Threads"/>) gives the serial engine's bits for every thread count.</summary>
public sealed class EumParallelTests
{
    public static TheoryData<string> Variants => new() { "scholz-code", "scholz-code-fixed", "paper" };

    // 50–600 actors: above EumEngine.ParallelFrom, so the rows really are split over workers.
    private static Gen<SpatialIssue> Large(bool grid) =>
        Gen.Int[50, 600].SelectMany(n => Gen.Select(
            Gen.Double[0.01, 1].Array[n],
            (grid ? Gen.Int[0, 4].Select(v => v * 25.0) : Gen.Double[0, 100]).Array[n],
            Gen.Double[0.05, 1].Array[n],
            (c, x, s) => SpatialIssue.Create(Enumerable.Range(0, n).Select(i => $"A{i}"), c, x, s)));

    [Theory, MemberData(nameof(Variants))]
    public void Parallel_rounds_are_bit_identical_to_serial(string variant) =>
        Large(grid: false).Sample(issue => AssertSameForThreads(issue, new ModelOptions { Rounds = 6 }, EumVariant.Find(variant)!), iter: 6, threads: 1);

    [Theory, MemberData(nameof(Variants))]
    public void Parallel_rounds_are_bit_identical_to_serial_when_actors_share_positions(string variant) =>
        Large(grid: true).Sample(issue => AssertSameForThreads(issue, new ModelOptions { Rounds = 4 }, EumVariant.Find(variant)!), iter: 4, threads: 1);

    [Theory, MemberData(nameof(Variants))]
    public void Parallel_rounds_are_bit_identical_with_Q_T_and_fixed_risk(string variant) =>
        Gen.Select(Large(grid: false), Gen.Double[0, 1], Gen.Double[0, 1], Gen.Double[0.5, 2]).Sample((issue, q, t, risk) =>
        {
            var withRisk = issue with { Risk = [.. Enumerable.Range(0, issue.Count).Select(i => i % 3 == 0 ? risk : (double?)null)] };
            AssertSameForThreads(withRisk, new ModelOptions { Q = q, T = t, Rounds = 4, ConvergenceTolerance = 1e-6 }, EumVariant.Find(variant)!);
        }, iter: 4, threads: 1);

    [Fact]
    public void Trace_free_runs_are_bit_identical_to_serial() =>
        Large(grid: false).Sample(issue =>
        {
            var options = new ModelOptions { FullTrace = false };
            var serial = Forecast(issue, options, 1, out var serialFinal, out var serialDyads);
            foreach (var threads in new[] { 2, 3, 8 })
            {
                var parallel = Forecast(issue, options with { Threads = threads }, threads, out var final, out var dyads);
                Assert.Equal(Bits(serial.Mean), Bits(parallel.Mean));
                Assert.Equal(Bits(serial.Median), Bits(parallel.Median));
                Assert.Equal(serialFinal.Select(Bits).ToArray(), final.Select(Bits).ToArray());
                Assert.Equal(serialDyads, dyads);
            }

            static Forecast Forecast(SpatialIssue issue, ModelOptions options, int threads, out double[] final, out DyadOutcome[] dyads)
            {
                var n = issue.Count;
                final = new double[n];
                dyads = new DyadOutcome[n * n];
                return new EumEngine().RunForecast(issue.Capability.AsSpan(), issue.Position.AsSpan(), issue.Salience.AsSpan(), default,
                    options with { Threads = threads }, EumVariant.ScholzCode, final, dyads);
            }
        }, iter: 6, threads: 1);

    [Fact]
    public void One_engine_switches_thread_counts_between_runs()
    {
        var random = new Random(1234);
        var issue = SpatialIssue.Create(Enumerable.Range(0, 300).Select(i => $"A{i}"), [.. Enumerable.Range(0, 300).Select(_ => 0.01 + random.NextDouble())],
            [.. Enumerable.Range(0, 300).Select(_ => 100 * random.NextDouble())], [.. Enumerable.Range(0, 300).Select(_ => 0.05 + 0.95 * random.NextDouble())]);
        var engine = new EumEngine();
        var options = new ModelOptions { Rounds = 5 };
        var first = engine.Run(issue, options, EumVariant.ScholzCode);
        var parallel = engine.Run(issue, options with { Threads = 4 }, EumVariant.ScholzCode);
        var again = engine.Run(issue, options, EumVariant.ScholzCode);
        AssertSame(first, parallel);
        AssertSame(first, again);
    }

    private static void AssertSameForThreads(SpatialIssue issue, ModelOptions options, EumVariant variant)
    {
        var serial = new EumEngine().Run(issue, options, variant);
        foreach (var threads in new[] { 2, 3, 0 })
            AssertSame(serial, new EumEngine().Run(issue, options with { Threads = threads }, variant));
    }

    private static void AssertSame(EumResult serial, EumResult parallel)
    {
        Assert.Equal(serial.Rounds.Length, parallel.Rounds.Length);
        for (var k = 0; k < serial.Rounds.Length; k++)
        {
            EumRound a = serial.Rounds[k], b = parallel.Rounds[k];
            Assert.Equal(a.Actors.Select(x => Bits(x.End)).ToArray(), b.Actors.Select(x => Bits(x.End)).ToArray());
            Assert.Equal(a.Actors.Select(x => Bits(x.Risk)).ToArray(), b.Actors.Select(x => Bits(x.Risk)).ToArray());
            Assert.Equal(a.Actors.Select(x => x.Offer).ToArray(), b.Actors.Select(x => x.Offer).ToArray());
            Assert.Equal(a.Security.Select(Bits).ToArray(), b.Security.Select(Bits).ToArray());
            Assert.Equal(a.EuIJ.Select(Bits).ToArray(), b.EuIJ.Select(Bits).ToArray());
            Assert.Equal(a.EuJI.Select(Bits).ToArray(), b.EuJI.Select(Bits).ToArray());
            Assert.Equal(Bits(a.Forecast.Mean), Bits(b.Forecast.Mean));
            Assert.Equal(Bits(a.Forecast.Median), Bits(b.Forecast.Median));
        }
        Assert.Equal(serial.FinalPositions.Select(Bits).ToArray(), parallel.FinalPositions.Select(Bits).ToArray());
        Assert.Equal(serial.Dyads.ToArray(), parallel.Dyads.ToArray());
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);
}
