using Brink.Application;
using CsCheck;

namespace Brink.Tests.Application;

/// <summary>Explanation numbers show the comparison they state and never read "-0".</summary>
public sealed class NumberTextTests
{
    [Theory]
    [InlineData(0.000955, 0.00101, "0.000955", "0.00101")]
    [InlineData(0.0010004, 0.0010005, "0.001", "0.001001")]
    [InlineData(0.00100041, 0.00100042, "0.00100041", "0.00100042")]
    [InlineData(0.123, 0.123, "0.123", "0.123")]
    [InlineData(-0.0548, 0.123, "-0.0548", "0.123")]
    [InlineData(12.5, 12.5000001, "12.5", "12.5000001")]
    public void A_pair_prints_with_the_digits_that_tell_the_numbers_apart(double a, double b, string sa, string sb) =>
        Assert.Equal((sa, sb), NumberText.Pair(a, b));

    [Theory]
    [InlineData(-1e-20, "0")]
    [InlineData(-0.0, "0")]
    [InlineData(0.0004999, "0.0005")]
    [InlineData(-2.5e-7, "-0.00000025")]
    [InlineData(1234.5678, "1235")]
    public void Significant_never_prints_minus_zero_or_an_exponent(double x, string expected) => Assert.Equal(expected, NumberText.Significant(x));

    [Fact]
    public void Different_numbers_never_print_alike() =>
        Gen.Double[-1, 1].Select(Gen.Double[-1, 1]).Sample((a, b) =>
        {
            var (sa, sb) = NumberText.Pair(a, b);
            Assert.Equal(a == b, sa == sb);
            Assert.NotEqual("-0", sa);
            // Below 1e-12 the digits run out of fixed-point room and the exponent form is used.
            if (Math.Abs(a) >= 1e-12 && Math.Abs(b) >= 1e-12) Assert.DoesNotContain("E", sa + sb);
        }, iter: 2000);
}
