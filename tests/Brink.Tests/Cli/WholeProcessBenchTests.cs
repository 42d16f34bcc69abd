using Brink.Application;
using Brink.Cli.Commands;
using Brink.Models.Smp;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Tests.Cli;

/// <summary><c>brink bench --whole-process</c> times <c>brink run --model smp</c> on a KTAB file and the kernel on what that file holds: the two must be the same negotiation.</summary>
public sealed class WholeProcessBenchTests
{
    [Fact]
    public void The_KTAB_table_reads_back_as_the_synthetic_negotiation()
    {
        const int n = 40;
        var load = ScenarioInputs.Load(ScenarioSource.FromText(WholeProcessBench.KtabTable(n), ScenarioFormat.Csv, "smp-40.csv"));
        Assert.True(load.Ok, string.Join("; ", load.Diagnostics.Select(d => d.Message)));
        var read = SmpInputs.From(load.Scenario!, load.Scenario!.Packages()[0].Id, out var leftOut);
        var synthetic = Benchmarks.SyntheticSmp(n, 3, 1);
        Assert.Empty(leftOut);
        Assert.Equal(synthetic.Actors.ToArray(), read.Actors.ToArray());
        Assert.Equal(synthetic.Capability.ToArray(), read.Capability.ToArray());
        Assert.Equal(synthetic.Position.ToArray(), read.Position.ToArray());
        for (var x = 0; x < synthetic.Salience.Length; x++) Assert.Equal(synthetic.Salience[x], read.Salience[x], 1e-15);
        Assert.Equal(SmpModel.Run(synthetic, new SmpOptions { MaxTurns = 3 }).Turns.Length, SmpModel.Run(read, new SmpOptions { MaxTurns = 3 }).Turns.Length);
    }
}
