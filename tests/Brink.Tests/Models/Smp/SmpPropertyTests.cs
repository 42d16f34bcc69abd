using Brink.Models.Reference;
using Brink.Models.Smp;
using CsCheck;

namespace Brink.Tests.Models.Smp;

/// <summary>The fast SMP engine equals the plain reference on random multi-dimensional scenarios, and basic laws hold.</summary>
public sealed class SmpPropertyTests
{
    private const double Tolerance = 1e-9;

    /// <summary>Random scenario: 3–12 actors, 1–4 dimensions (some on shifted scales), positions continuous or on a coarse grid (ties).</summary>
    internal static Gen<SmpInput> Input(int maxActors = 12, int maxDims = 4) =>
        from n in Gen.Int[3, maxActors]
        from d in Gen.Int[1, maxDims]
        from grid in Gen.Bool
        from caps in Gen.Double[1, 200].Array[n]
        from raw in Gen.Double[0, 1].Array[n * d]
        from weights in Gen.Double[0.05, 1].Array[n * d]
        from totals in Gen.Double[0.3, 1].Array[n]
        from shifted in Gen.Bool
        select Build(n, d, grid, caps, raw, weights, totals, shifted);

    private static SmpInput Build(int n, int d, bool grid, double[] caps, double[] raw, double[] weights, double[] totals, bool shifted)
    {
        var dims = Enumerable.Range(0, d).Select(k => shifted && k % 2 == 1 ? new SmpDimension($"d{k}", -10, 10) : new SmpDimension($"d{k}", 0, 100)).ToArray();
        var pos = new double[n * d];
        var sal = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            double sum = 0;
            for (var k = 0; k < d; k++) sum += weights[i * d + k];
            for (var k = 0; k < d; k++)
            {
                sal[i * d + k] = weights[i * d + k] / sum * totals[i];
                var u = grid ? Math.Round(raw[i * d + k] * 4) / 4 : raw[i * d + k];
                pos[i * d + k] = dims[k].Min + u * (dims[k].Max - dims[k].Min);
            }
        }
        return new SmpInput
        {
            Id = "random", Actors = [.. Enumerable.Range(0, n).Select(i => $"a{i}")], Dimensions = [.. dims],
            Capability = [.. caps], Position = [.. pos], Salience = [.. sal],
        };
    }

    internal static Gen<SmpOptions> Options =>
        from vpm in Gen.Enum<SmpVictoryProbModel>()
        from vr in Gen.Enum<SmpVotingRule>()
        from pce in Gen.Enum<SmpPceModel>()
        from stm in Gen.Enum<SmpStateTransitions>()
        from rr in Gen.Enum<SmpBigRRange>()
        from ra in Gen.Enum<SmpBigRAdjust>()
        from tpc in Gen.Enum<SmpThirdPartyCommit>()
        from ivb in Gen.Enum<SmpInterVecBargain>()
        from bm in Gen.Enum<SmpBargainModel>()
        from variant in Gen.Enum<SmpVariant>()
        from seed in Gen.ULong[1, ulong.MaxValue]
        from turns in Gen.Int[1, 6]
        select new SmpOptions
        {
            VictoryProbModel = vpm, VotingRule = vr, PceModel = pce, StateTransitions = stm, BigRRange = rr, BigRAdjust = ra,
            ThirdPartyCommit = tpc, InterVecBargain = ivb, BargainModel = bm, Variant = variant, Seed = seed,
            MaxTurns = turns, MinTurns = Math.Min(2, turns), Trace = true, TraceValues = true,
        };

    private static string Print(SmpInput input, SmpOptions o) =>
        $"n={input.Count} d={input.DimensionCount} cap=[{string.Join(",", input.Capability)}] pos=[{string.Join(",", input.Position)}] sal=[{string.Join(",", input.Salience)}] {o}";

    [Fact]
    public void Fast_engine_equals_the_reference_on_random_multi_dimensional_scenarios() =>
        Gen.Select(Input(), Options).Sample((input, options) =>
        {
            SmpResult? fast = null, reference = null;
            Exception? fastError = null, referenceError = null;
            try { reference = ReferenceSmp.Run(input, options); } catch (InvalidOperationException ex) { referenceError = ex; }
            try { fast = SmpModel.Run(input, options); } catch (InvalidOperationException ex) { fastError = ex; }
            Assert.Equal(referenceError?.Message, fastError?.Message);
            if (reference is null || fast is null) return;
            AssertSame(reference, fast);
        }, iter: 250, threads: 1, print: t => Print(t.Item1, t.Item2));

    [Fact]
    public void Fast_engine_equals_the_reference_with_KTABs_defaults_for_whole_runs() =>
        Gen.Select(Input(14, 4), Gen.Enum<SmpStateTransitions>(), Gen.ULong[1, ulong.MaxValue]).Sample((input, stm, seed) =>
        {
            var options = new SmpOptions { StateTransitions = stm, Seed = seed, MaxTurns = 30, Trace = true, TraceValues = true };
            AssertSame(ReferenceSmp.Run(input, options), SmpModel.Run(input, options));
        }, iter: 120, threads: 1, print: t => Print(t.Item1, new SmpOptions { StateTransitions = t.Item2, Seed = t.Item3 }));

    /// <summary>Negotiations large enough for several vector blocks, groups of four pairs and groups of four bargains in a turn.</summary>
    [Fact]
    public void Fast_engine_equals_the_reference_on_larger_negotiations() =>
        Gen.Select(Input(64, 3), Gen.ULong[1, ulong.MaxValue]).Sample((input, seed) =>
        {
            var options = new SmpOptions { Seed = seed, MaxTurns = 4, Trace = true, TraceValues = true };
            AssertSame(ReferenceSmp.Run(input, options), SmpModel.Run(input, options));
        }, iter: 12, threads: 1, print: t => Print(t.Item1, new SmpOptions { Seed = t.Item2 }));

    internal static void AssertSame(SmpResult reference, SmpResult fast)
    {
        Assert.Equal(reference.Turns.Length, fast.Turns.Length);
        Assert.Equal(reference.Converged, fast.Converged);
        Assert.Equal(reference.Warnings.Select(w => w.Code), fast.Warnings.Select(w => w.Code));
        for (var t = 0; t < reference.Turns.Length; t++)
        {
            var (r, f) = (reference.Turns[t], fast.Turns[t]);
            Close(r.Positions, f.Positions, $"turn {t} positions");
            Close(r.Risk, f.Risk, $"turn {t} risk");
            Close(r.RiskNeutralValue, f.RiskNeutralValue, $"turn {t} values");
            Assert.Equal(r.ChosenBargain.ToArray(), f.ChosenBargain.ToArray());
            Assert.Equal(r.Challenges.Select(c => (c.Initiator, c.Target)), f.Challenges.Select(c => (c.Initiator, c.Target)));
            foreach (var (rc, fc) in r.Challenges.Zip(f.Challenges))
                Close([rc.ProbByInitiator, rc.GainToInitiatorByInitiator, rc.GainToTargetByInitiator, rc.ProbByTarget, rc.GainToInitiatorByTarget, rc.GainToTargetByTarget],
                    [fc.ProbByInitiator, fc.GainToInitiatorByInitiator, fc.GainToTargetByInitiator, fc.ProbByTarget, fc.GainToInitiatorByTarget, fc.GainToTargetByTarget], $"turn {t} challenge {rc.Initiator}>{rc.Target}");
        }
    }

    private static void Close(IReadOnlyList<double> a, IReadOnlyList<double> b, string what)
    {
        Assert.Equal(a.Count, b.Count);
        for (var x = 0; x < a.Count; x++)
            Assert.True(Math.Abs(a[x] - b[x]) <= Tolerance, $"{what}[{x}]: reference {a[x]}, fast {b[x]}");
    }

    [Fact]
    public void Positions_stay_on_their_scales_and_between_the_initial_extremes() =>
        Gen.Select(Input(10, 3), Options).Sample((input, options) =>
        {
            SmpResult result;
            try { result = SmpModel.Run(input, options with { MaxTurns = 4 }); } catch (InvalidOperationException) { return; }
            int n = input.Count, d = input.DimensionCount;
            for (var k = 0; k < d; k++)
            {
                var lo = Enumerable.Range(0, n).Min(i => input.Position[i * d + k]) - 5.0001e-5 * (input.Dimensions[k].Max - input.Dimensions[k].Min); // KTAB rounds bargains to 4 decimals on [0,1]
                var hi = Enumerable.Range(0, n).Max(i => input.Position[i * d + k]) + 5.0001e-5 * (input.Dimensions[k].Max - input.Dimensions[k].Min);
                foreach (var turn in result.Turns)
                    for (var i = 0; i < n; i++)
                        Assert.InRange(turn.Positions[i * d + k], lo, hi);
            }
            Assert.All(result.Turns.SelectMany(t => t.Positions), x => Assert.True(double.IsFinite(x)));
        }, iter: 150, threads: 1, print: t => Print(t.Item1, t.Item2));

    [Fact]
    public void The_same_seed_gives_the_same_stochastic_run_and_another_seed_may_differ()
    {
        var input = SmpGoldenTests.LoadKtab("dummyData_3Dim.csv");
        var options = new SmpOptions { StateTransitions = SmpStateTransitions.Stochastic, MaxTurns = 8 };
        var a = SmpModel.Run(input, options);
        var b = SmpModel.Run(input, options);
        Assert.Equal(a.Turns.SelectMany(t => t.Positions), b.Turns.SelectMany(t => t.Positions));
    }

    [Fact]
    public void KTABs_generator_is_the_64_bit_Mersenne_twister_under_KTABs_transformation()
    {
        // std::mt19937_64 with the default seed 5489: the 10000th output is 9981545732273789042 (C++11 §26.5.5).
        var mt = new KtabRandom(5489);
        ulong x = 0;
        for (var i = 0; i < 10000; i++) x = mt.NextRaw();
        Assert.Equal(9981545732273789042UL, x);
        // KTAB's q(i) = (i + 0xE08C1D668B756F83)(2i + 3) mod 2^64 on top of it.
        var a = new KtabRandom(42);
        var b = new KtabRandom(42);
        var raw = a.NextRaw();
        Assert.Equal(unchecked((raw + 0xE08C1D668B756F83UL) * (2 * raw + 3)), b.Next());
    }
}
