using Brink.Models;

namespace Brink.Tests.Models;

public sealed class BaselinesTests
{
    [Fact]
    public void WeightedMean_weights_by_capability_times_salience()
    {
        double[] x = [0, 10], c = [1, 3], s = [1, 1];
        Assert.Equal(7.5, Baselines.WeightedMean(x, c, s), 12);
    }

    [Fact]
    public void WeightedMedian_is_the_position_where_half_the_weight_is_reached()
    {
        double[] x = [0, 5, 10], c = [1, 1, 3], s = [1, 1, 1];
        Assert.Equal(10, Baselines.WeightedMedian(x, c, s));
    }
}
