using Brink.Numerics;
using CsCheck;

namespace Brink.Tests.Numerics;

public sealed class ReproducibleMathTests
{
    private static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);

    private static long Ulps(double a, double b) => Math.Abs(Bits(a) - Bits(b));

    [Fact]
    public void Vector_lanes_and_scalar_tail_give_the_same_bits_for_exp()
    {
        // Lengths 1..70 put each element once in the vector loop and once (by itself) in the scalar path.
        Gen.Double[-746, 710].Array[1, 70].Sample(x =>
        {
            var y = new double[x.Length];
            ReproducibleMath.Exp(x, y);
            for (var i = 0; i < x.Length; i++)
                Assert.True(Bits(y[i]) == Bits(ReproducibleMath.Exp(x[i])), $"exp({x[i]:R}): span {y[i]:R}, scalar {ReproducibleMath.Exp(x[i]):R}");
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void Vector_lanes_and_scalar_tail_give_the_same_bits_for_log()
    {
        Gen.OneOf(Gen.Double[0, 1], Gen.Double[0, 1e300], Gen.Double[0, 1e-300], Gen.Double.Unit).Array[1, 70].Sample(x =>
        {
            var y = new double[x.Length];
            ReproducibleMath.Log(x, y);
            for (var i = 0; i < x.Length; i++)
                Assert.True(Bits(y[i]) == Bits(ReproducibleMath.Log(x[i])), $"log({x[i]:R}): span {y[i]:R}, scalar {ReproducibleMath.Log(x[i]):R}");
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void Exp_is_within_one_ulp_of_the_C_library()
    {
        Gen.Double[-745, 709].Sample(x =>
        {
            var expected = Math.Exp(x);
            var actual = ReproducibleMath.Exp(x);
            // Subnormal results have fewer significant bits; compare those absolutely.
            if (expected < 2.2250738585072014e-308) Assert.True(Math.Abs(actual - expected) <= 2 * double.Epsilon, $"exp({x:R})");
            else Assert.True(Ulps(actual, expected) <= 1, $"exp({x:R}) = {actual:R}, C library {expected:R}");
        }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void Log_is_within_one_ulp_of_the_C_library()
    {
        Gen.OneOf(Gen.Double[1e-320, 1e-300], Gen.Double[0, 2], Gen.Double[0.5, 1.5], Gen.Double[1, 1e308]).Sample(x =>
        {
            if (x <= 0) return;
            var expected = Math.Log(x);
            var actual = ReproducibleMath.Log(x);
            Assert.True(Ulps(actual, expected) <= 1, $"log({x:R}) = {actual:R}, C library {expected:R}");
        }, iter: 20_000, threads: 1);
    }

    [Fact]
    public void Special_values_in_vector_and_scalar_paths()
    {
        double[] x = [0, -0.0, -1, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1, double.Epsilon, 800, -800, -745.2, 709.79];
        double[] log = [double.NegativeInfinity, double.NegativeInfinity, double.NaN, double.NaN, double.PositiveInfinity, double.NaN, 0, Math.Log(double.Epsilon)];
        double[] exp = [1, 1, Math.Exp(-1), double.NaN, double.PositiveInfinity, 0, Math.E, 1, double.PositiveInfinity, 0, 0, double.PositiveInfinity];
        // The same values repeated so that each also lands in a vector lane.
        var input = x.Concat(x).ToArray();
        var y = new double[input.Length];
        ReproducibleMath.Log(input, y);
        for (var i = 0; i < input.Length; i++)
            if (i % x.Length < log.Length) Assert.Equal(log[i % x.Length], y[i]);
        ReproducibleMath.Exp(input, y);
        for (var i = 0; i < input.Length; i++)
        {
            var expected = exp[i % x.Length];
            if (double.IsFinite(expected) && expected != 0) Assert.True(Ulps(expected, y[i]) <= 1, $"exp({input[i]:R}) = {y[i]:R}");
            else Assert.Equal(expected, y[i]);
        }
        Assert.Equal(double.NegativeInfinity, ReproducibleMath.Log(0));
        Assert.True(double.IsNaN(ReproducibleMath.Log(-2)));
        Assert.Equal(0, ReproducibleMath.Exp(-1000));
    }
}
