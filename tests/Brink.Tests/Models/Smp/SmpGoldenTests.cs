using Brink.Models.Reference;
using Brink.Models.Smp;
using Brink.Scenarios;

namespace Brink.Tests.Models.Smp;

/// <summary>
/// Golden tests: with KTAB's default parameters and seed, Brink reproduces KTAB's own recorded runs
/// (reference-runs/20170530_ref-*.txt) — risk-neutral value matrices, inferred risk attitudes, every
/// challenge's probability and expected gains from both sides, positions after every turn — to the
/// digits printed, and stops at the same turn. Both engines are checked.
/// </summary>
public sealed class SmpGoldenTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "main", "dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt" },
        { "reference", "dummyData_3Dim.csv", "20170530_ref-dummyData_3Dim.txt" },
        { "main", "SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt" },
        { "reference", "SOE-Pol-Comp.csv", "20170530_ref-SOE-Pol-Comp.txt" },
    };

    internal static SmpInput LoadKtab(string csv)
    {
        var load = ScenarioLoader.Load(TestPaths.Reference("ktab", "inputs", csv));
        Assert.True(load.Ok, string.Join("\n", load.Diagnostics));
        var scenario = load.Value!;
        var package = Assert.Single(scenario.Packages());
        var input = SmpInputs.From(scenario, package.Id, out var leftOut);
        Assert.Empty(leftOut);
        return input;
    }

    internal static SmpResult Run(string engine, SmpInput input, SmpOptions options) =>
        engine == "main" ? SmpModel.Run(input, options) : ReferenceSmp.Run(input, options);

    [Theory, MemberData(nameof(Cases))]
    public void Reproduces_KTAB_reference_run(string engine, string csv, string log)
    {
        var input = LoadKtab(csv);
        int n = input.Count, d = input.DimensionCount;
        var reference = KtabReferenceRun.Load(log, n, d);
        var result = Run(engine, input, new SmpOptions { Trace = true, TraceValues = true });

        // Same stopping turn: KTAB prints the number of states (turn 0 included).
        Assert.Equal(reference.States, result.Turns.Length);
        Assert.Equal(reference.States, reference.Values.Count);
        Assert.Equal(reference.States - 1, reference.Positions.Count);

        for (var t = 0; t < result.Turns.Length; t++)
        {
            var turn = result.Turns[t];
            for (var x = 0; x < n * n; x++)
                Near(reference.Values[t][x], turn.RiskNeutralValue[x], 3, $"state {t}: value[{x / n},{x % n}]");
            for (var i = 0; i < n; i++)
                Near(reference.Risks[t][i], turn.Risk[i], 3, $"state {t}: risk of actor {i}");
            if (t > 0)
                for (var x = 0; x < n * d; x++)
                    Near(reference.Positions[t - 1][x], turn.Positions[x], 4, $"state {t}: position of actor {x / d} on dimension {x % d}");
        }
        var challenges = 0;
        for (var t = 0; t < result.Turns.Length - 1; t++)
        {
            var byInitiator = result.Turns[t].Challenges.ToDictionary(c => c.Initiator);
            for (var i = 0; i < n; i++)
            {
                if (reference.Challenges.TryGetValue((t, i), out var expected))
                {
                    Assert.True(byInitiator.TryGetValue(i, out var c), $"turn {t}: actor {i} makes no challenge, KTAB has it target {expected.Target}");
                    Assert.Equal(expected.Target, c!.Target);
                    var where = $"turn {t}, {i}>{c.Target}";
                    Near(expected.Prob[0], c.ProbByInitiator, 4, where + " prob by initiator");
                    Near(expected.Gain[0], c.GainToInitiatorByInitiator, 4, where + " gain to initiator by initiator");
                    Near(expected.Prob[1], c.ProbByInitiator, 4, where + " prob by initiator");
                    Near(expected.Gain[1], c.GainToTargetByInitiator, 4, where + " gain to target by initiator");
                    Near(expected.Prob[2], c.ProbByTarget, 4, where + " prob by target");
                    Near(expected.Gain[2], c.GainToInitiatorByTarget, 4, where + " gain to initiator by target");
                    Near(expected.Prob[3], c.ProbByTarget, 4, where + " prob by target");
                    Near(expected.Gain[3], c.GainToTargetByTarget, 4, where + " gain to target by target");
                    challenges++;
                }
                else
                {
                    Assert.True(reference.NoTarget.Contains((t, i)), $"turn {t}: the log has neither a challenge nor 'no target' for actor {i}");
                    Assert.False(byInitiator.ContainsKey(i), $"turn {t}: actor {i} challenges, KTAB found no advantageous target");
                }
            }
        }
        Assert.Equal(reference.Challenges.Count, challenges);
    }

    /// <summary>|expected − actual| within half a unit of the last printed digit (plus round-off).</summary>
    private static void Near(double expected, double actual, int digits, string what)
    {
        var tolerance = 0.5 * Math.Pow(10, -digits) + 1e-9;
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: KTAB {expected}, Brink {actual}");
    }
}

/// <summary>The golden comparison can fail: the parsed logs are complete, and a changed parameter no longer matches.</summary>
public sealed class SmpGoldenSanityTests
{
    [Theory]
    [InlineData("20170530_ref-dummyData_3Dim.txt", 7, 3, 11)]
    [InlineData("20170530_ref-SOE-Pol-Comp.txt", 13, 2, 28)]
    public void Reference_logs_are_read_in_full(string log, int n, int d, int states)
    {
        var run = KtabReferenceRun.Load(log, n, d);
        Assert.Equal(states, run.States);
        Assert.Equal(states, run.Values.Count);
        Assert.Equal(states, run.Risks.Count);
        Assert.Equal(states - 1, run.Positions.Count);
        Assert.Equal((states - 1) * n, run.Challenges.Count + run.NoTarget.Count);
    }

    [Fact]
    public void Another_risk_adjustment_gives_another_trajectory()
    {
        var input = SmpGoldenTests.LoadKtab("dummyData_3Dim.csv");
        var ktab = SmpModel.Run(input, new SmpOptions());
        var half = SmpModel.Run(input, new SmpOptions { BigRAdjust = SmpBigRAdjust.Half });
        var differ = ktab.Turns.Length != half.Turns.Length ||
            ktab.Turns.Zip(half.Turns).Any(p => p.First.Positions.Zip(p.Second.Positions).Any(x => Math.Abs(x.First - x.Second) > 1e-3));
        Assert.True(differ);
    }
}
