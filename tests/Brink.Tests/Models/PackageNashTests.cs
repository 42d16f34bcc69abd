using Brink.Models;
using Brink.Models.Nash;
using Brink.Models.Smp;
using CsCheck;

namespace Brink.Tests.Models;

/// <summary>Nash bargaining on the product space of a multi-dimensional issue: hand cases, the one-dimensional reduction, optimality.</summary>
public sealed class PackageNashTests
{
    private static SmpInput Package(double?[] statusQuo, (double C, double[] X, double[] S)[] actors, double min = 0, double max = 100) => new()
    {
        Id = "package",
        Actors = [.. actors.Select((_, i) => $"a{i}")],
        Dimensions = [.. statusQuo.Select((sq, k) => new SmpDimension($"d{k}", min, max) { StatusQuo = sq })],
        Capability = [.. actors.Select(a => a.C)],
        Position = [.. actors.SelectMany(a => a.X)],
        Salience = [.. actors.SelectMany(a => a.S)],
    };

    [Fact]
    public void A_trade_across_dimensions_beats_the_status_quo_where_no_single_dimension_can()
    {
        // A wants d0 low and cares mostly about it; B wants d1 low and cares mostly about that; each
        // dimension alone has the two on both sides of the status quo (50, 50). On the diagonal
        // x = (50 − t, 50 − t) each gain is 80t − t² (×1/100²), largest at t = 40; by the symmetry
        // (A ↔ B, d0 ↔ d1) and strict concavity the solution is (10, 10).
        var input = Package([50, 50], [(1, [0, 100], [0.9, 0.1]), (1, [100, 0], [0.1, 0.9])]);
        var result = PackageNash.Run(input);
        Assert.True(result.Feasible);
        Assert.Equal(10, result.Solution[0], 9);
        Assert.Equal(10, result.Solution[1], 9);
        Assert.Empty(result.Warnings);
        foreach (var k in new[] { 0, 1 })
        {
            var oneDimension = SpatialIssue.Create(["a0", "a1"], [1, 1], [input.Position[k], input.Position[2 + k]], [input.Salience[k], input.Salience[2 + k]], statusQuo: 50);
            Assert.False(NashBargaining.Run(oneDimension with { ScaleMin = 0, ScaleMax = 100 }).Feasible);
        }
    }

    [Fact]
    public void A_status_quo_inside_the_actors_hull_with_equal_attention_is_Pareto_optimal_and_says_so()
    {
        var input = Package([50, 40], [(1, [0, 0], [0.5, 0.5]), (2, [100, 0], [0.5, 0.5]), (3, [50, 100], [0.5, 0.5])]);
        var result = PackageNash.Run(input);
        Assert.False(result.Feasible);
        Assert.Equal([50.0, 40.0], result.Solution.ToArray());
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(PackageNash.NoFeasibleAgreementCode, warning.Code);
        Assert.Contains("fallback to the status quo", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dimension_nobody_cares_about_stays_at_its_status_quo_with_a_warning()
    {
        var input = Package([50, 30], [(1, [0, 90], [1, 0]), (1, [20, 10], [1, 0]), (1, [10, 0], [1, 0])]);
        var result = PackageNash.Run(input);
        Assert.True(result.Feasible);
        Assert.Equal(30, result.Solution[1]);
        Assert.Contains(result.Warnings, w => w.Code == PackageNash.IndifferentDimensionCode);
    }

    /// <summary>One dimension: exactly the quadratic one-dimensional Nash solution (same feasibility, same point).</summary>
    [Fact]
    public void On_one_dimension_it_is_the_quadratic_Nash_solution() =>
        Gen.Select(ModelGen.Issue(10), Gen.Double[0, 100], Gen.Int[0, 2]).Sample((issue, sq, mode) =>
        {
            var oneD = issue with { ScaleMin = 0, ScaleMax = 100, StatusQuo = mode == 0 ? null : mode == 1 ? sq : Math.Max(0, issue.Position.Min() - sq / 10) };
            // Actors within rounding of the status quo are covered by the hand cases (the product space counts a set that thin as empty).
            if (oneD.StatusQuo is { } q && oneD.Position.Any(x => Math.Abs(x - q) < 1e-6)) return;
            var expected = NashBargaining.Run(oneD, "quadratic");
            var package = new SmpInput
            {
                Id = "p", Actors = oneD.Actors, Dimensions = [new SmpDimension("d", 0, 100) { StatusQuo = oneD.StatusQuo }],
                Capability = oneD.Capability, Position = oneD.Position, Salience = oneD.Salience,
            };
            var result = PackageNash.Run(package);
            Assert.Equal(expected.Feasible, result.Feasible);
            Assert.True(Math.Abs(expected.Solution - result.Solution[0]) <= 1e-7, $"one-dimensional {expected.Solution:R} vs product space {result.Solution[0]:R}");
        }, iter: 300, threads: 1, print: t => ModelGen.Print(t.Item1) + $" sq={t.Item2:R} mode={t.Item3}");

    private static Gen<SmpInput> Packages =>
        from n in Gen.Int[2, 8]
        from d in Gen.Int[2, 4]
        from caps in Gen.Int[1, 1000].Select(v => v / 10.0).Array[n]
        from pos in Gen.Int[0, 10000].Select(v => v / 100.0).Array[n * d]
        from sal in Gen.Int[0, 100].Select(v => v / 100.0).Array[n * d]
        from sq in Gen.Int[0, 1000].Select(v => v / 10.0 + 0.005).Array[d]
        from withSq in Gen.Bool.Array[d]
        select new SmpInput
        {
            Id = "random", Actors = [.. Enumerable.Range(0, n).Select(i => $"a{i}")],
            Dimensions = [.. Enumerable.Range(0, d).Select(k => new SmpDimension($"d{k}", 0, 100) { StatusQuo = withSq[k] ? sq[k] : null })],
            Capability = [.. caps], Position = [.. pos], Salience = [.. sal],
        };

    private static string Print(SmpInput i) =>
        $"c=[{string.Join(", ", i.Capability.Select(v => v.ToString("R")))}] x=[{string.Join(", ", i.Position.Select(v => v.ToString("R")))}] " +
        $"s=[{string.Join(", ", i.Salience.Select(v => v.ToString("R")))}] sq=[{string.Join(", ", i.Dimensions.Select(v => v.StatusQuo?.ToString("R") ?? "-"))}]";

    private static double Loss(SmpInput input, int i, IReadOnlyList<double> x)
    {
        int d = input.DimensionCount;
        var total = Enumerable.Range(0, d).Sum(k => input.Salience[i * d + k]);
        double loss = 0;
        for (var k = 0; k < d; k++)
        {
            var t = (x[k] - input.Position[i * d + k]) / 100;
            loss += input.Salience[i * d + k] / total * t * t;
        }
        return loss;
    }

    /// <summary>The solution gives every weighted actor a positive gain, and no random point nearby where all gain has a larger Nash product.</summary>
    [Fact]
    public void The_solution_is_feasible_and_no_nearby_point_has_a_larger_Nash_product() =>
        Gen.Select(Packages, Gen.Int[0, int.MaxValue]).Sample((input, seed) =>
        {
            var result = PackageNash.Run(input);
            int n = input.Count, d = input.DimensionCount;
            var weighted = Enumerable.Range(0, n).Where(i => Enumerable.Range(0, d).Sum(k => input.Salience[i * d + k]) > 0).ToArray();
            if (weighted.Length < n) return; // zero-salience actors: covered by the hand cases
            var disagreementLoss = weighted.Select(i =>
                Loss(input, i, [.. Enumerable.Range(0, d).Select(k => input.Dimensions[k].StatusQuo ?? (input.Position[i * d + k] >= 50 ? 0.0 : 100.0))])).ToArray();
            double LogProduct(IReadOnlyList<double> x)
            {
                double f = 0;
                for (var a = 0; a < weighted.Length; a++)
                {
                    var i = weighted[a];
                    var gain = disagreementLoss[a] - Loss(input, i, x);
                    if (!(gain > 0)) return double.NegativeInfinity;
                    f += input.Capability[i] * Enumerable.Range(0, d).Sum(k => input.Salience[i * d + k]) * Math.Log(gain);
                }
                return f;
            }
            if (!result.Feasible) return;
            Assert.All(result.Gains, g => Assert.True(g > 0));
            var best = LogProduct(result.Solution);
            Assert.True(double.IsFinite(best));
            var random = new Random(seed);
            for (var trial = 0; trial < 50; trial++)
            {
                var radius = Math.Pow(10, -random.Next(0, 4));
                var y = result.Solution.Select(v => v + radius * (2 * random.NextDouble() - 1)).ToArray();
                Assert.True(LogProduct(y) <= best + 1e-9 * Math.Max(1, Math.Abs(best)), $"point {string.Join(", ", y)} beats the solution {string.Join(", ", result.Solution)}");
            }
        }, iter: 300, threads: 1, print: t => Print(t.Item1));

    [Fact]
    public void Relabelling_the_actors_changes_nothing() =>
        Gen.Select(Packages, Gen.Int[0, 1000]).Sample((input, seed) =>
        {
            int n = input.Count, d = input.DimensionCount;
            var perm = ModelGen.Permutation(n, seed);
            var permuted = input with
            {
                Actors = [.. perm.Select(i => input.Actors[i])],
                Capability = [.. perm.Select(i => input.Capability[i])],
                Position = [.. perm.SelectMany(i => Enumerable.Range(0, d).Select(k => input.Position[i * d + k]))],
                Salience = [.. perm.SelectMany(i => Enumerable.Range(0, d).Select(k => input.Salience[i * d + k]))],
            };
            var a = PackageNash.Run(input);
            var b = PackageNash.Run(permuted);
            Assert.Equal(a.Feasible, b.Feasible);
            for (var k = 0; k < d; k++) Assert.True(Math.Abs(a.Solution[k] - b.Solution[k]) <= 1e-6, $"{a.Solution[k]:R} vs {b.Solution[k]:R}");
        }, iter: 200, threads: 1, print: t => Print(t.Item1));
}
