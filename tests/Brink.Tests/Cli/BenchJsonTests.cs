using System.Text.Json;
using Brink.Application;
using Brink.Cli.Commands;
using Brink.Simulation;

namespace Brink.Tests.Cli;

/// <summary><c>brink bench --format json</c>: a figure not measured is null, never NaN.</summary>
public sealed class BenchJsonTests
{
    [Fact]
    public void The_smp_reference_not_run_at_1000_actors_is_null_in_json()
    {
        // What Benchmarks.RunSmp reports where the reference's n³ matrices exceed SmpBenchOptions.ReferenceMaxBytes: no reference time, hence no ratio.
        var smp = new BenchReport("smp", "brink", 2,
            [new BenchCase("smp-250-actors-3d", 250, 1, 300, 800, 2.7) { FastCpuMs = 290, ReferenceCpuMs = 790 },
             new BenchCase("smp-1000-actors-3d", 1000, 1, 20_000, double.NaN, double.NaN, "reference not run") { FastCpuMs = 19_000, ReferenceCpuMs = double.NaN }],
            3.0, double.NaN);
        var report = new BenchReport("eum", "scholz-code", 2, [new BenchCase("eum-10", 10, 10, 1, 2, 2)], 2.0, 2.1) { Smp = smp };
        var text = BrinkJson.Serialize(BenchJson.From(report));
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(text);
        var big = doc.RootElement.GetProperty("smp").GetProperty("cases")[1];
        Assert.Equal(JsonValueKind.Null, big.GetProperty("reference_ms").ValueKind);
        Assert.Equal(JsonValueKind.Null, big.GetProperty("ratio").ValueKind);
        Assert.Equal(JsonValueKind.Null, big.GetProperty("reference_cpu_ms").ValueKind);
        Assert.Equal(20_000, big.GetProperty("fast_ms").GetDouble());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("smp").GetProperty("reference_exponent").ValueKind);
        Assert.Equal(2.7, doc.RootElement.GetProperty("smp").GetProperty("cases")[0].GetProperty("ratio").GetDouble());
        Assert.Equal(2.1, doc.RootElement.GetProperty("reference_exponent").GetDouble());
    }
}
