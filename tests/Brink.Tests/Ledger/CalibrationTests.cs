using Brink.Ledger.Scoring;
using CsCheck;

namespace Brink.Tests.Ledger;

public sealed class CalibrationTests
{
    [Fact]
    public void Wilson_interval_matches_the_published_example()
    {
        // Wilson (1927) score interval for 8 successes in 10 at 95% (z = 1.96): 0.490 to 0.943
        // (e.g. Newcombe 1998, Statistics in Medicine 17, Table I, method 3).
        var (lo, hi) = Calibration.Wilson(8, 10, 1.959964);
        Assert.Equal(0.490, lo, 3);
        Assert.Equal(0.943, hi, 3);
    }

    [Fact]
    public void Bins_report_centre_count_and_observed_frequency()
    {
        var table = Calibration.Build([(0.05, false), (0.08, true), (0.72, true), (0.75, true), (0.78, false), (1.0, true)], binCount: 10);
        Assert.Equal(6, table.Events);
        var low = table.Bins[0];
        Assert.Equal((0.05, 2, 0.5), (low.Centre, low.Count, low.ObservedFrequency));
        var mid = table.Bins.Single(b => b.Lower == 0.7);
        Assert.Equal(0.75, mid.Centre, 12);
        Assert.Equal(2.0 / 3, mid.ObservedFrequency, 12);
        Assert.Equal(0.75, mid.MeanForecast, 12);
        Assert.Equal(0.95, table.Bins[^1].Centre, 12);
    }

    [Fact]
    public void Every_event_lands_in_exactly_one_bin_inside_its_interval() =>
        Gen.Select(Gen.Double[0, 1], Gen.Bool).Array[1, 200].Sample(events =>
        {
            var table = Calibration.Build(events.Select(e => (e.Item1, e.Item2)), 7);
            return table.Bins.Sum(b => b.Count) == events.Length
                && table.Bins.All(b => b.WilsonLow <= b.ObservedFrequency + 1e-12 && b.ObservedFrequency <= b.WilsonHigh + 1e-12
                                       && b.MeanForecast >= b.Lower - 1e-12 && b.MeanForecast <= b.Upper + 1e-12);
        });
}
