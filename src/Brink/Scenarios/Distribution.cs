using MathNet.Numerics.Distributions;

namespace Brink.Scenarios;

/// <summary>
/// A distribution over one input (design §5). Every distribution exposes its quantile function so
/// that samplers (plain Monte Carlo, Latin hypercube, Iman–Conover) can draw by inversion from a
/// uniform u in (0,1).
/// </summary>
public abstract record Distribution
{
    /// <summary>Inverse CDF at u in (0,1).</summary>
    public abstract double Quantile(double u);
    /// <summary>Smallest and largest values the distribution can produce.</summary>
    public abstract (double Min, double Max) Support { get; }
}

/// <summary>Uniform on [Min, Max].</summary>
public sealed record UniformDistribution(double Min, double Max) : Distribution
{
    /// <inheritdoc/>
    public override double Quantile(double u) => Min + u * (Max - Min);
    /// <inheritdoc/>
    public override (double Min, double Max) Support => (Min, Max);
}

/// <summary>Triangular on [Min, Max] with its peak at Mode.</summary>
public sealed record TriangularDistribution(double Min, double Mode, double Max) : Distribution
{
    /// <inheritdoc/>
    public override double Quantile(double u)
    {
        if (Max <= Min) return Min;
        var fc = (Mode - Min) / (Max - Min);
        return u < fc
            ? Min + Math.Sqrt(u * (Max - Min) * (Mode - Min))
            : Max - Math.Sqrt((1 - u) * (Max - Min) * (Max - Mode));
    }
    /// <inheritdoc/>
    public override (double Min, double Max) Support => (Min, Max);
}

/// <summary>Normal(Mean, Sd) truncated to [Min, Max].</summary>
public sealed record TruncatedNormalDistribution(double Mean, double Sd, double Min, double Max) : Distribution
{
    /// <inheritdoc/>
    public override double Quantile(double u)
    {
        if (Sd <= 0) return Math.Clamp(Mean, Min, Max);
        var lo = Normal.CDF(Mean, Sd, Min);
        var hi = Normal.CDF(Mean, Sd, Max);
        if (hi - lo < 1e-15) return Math.Clamp(Mean, Min, Max);
        return Math.Clamp(Normal.InvCDF(Mean, Sd, lo + u * (hi - lo)), Min, Max);
    }
    /// <inheritdoc/>
    public override (double Min, double Max) Support => (Min, Max);
}

/// <summary>Beta(A, B) rescaled to [Min, Max].</summary>
public sealed record BetaDistribution(double A, double B, double Min = 0, double Max = 1) : Distribution
{
    /// <inheritdoc/>
    public override double Quantile(double u) => Min + (Max - Min) * Beta.InvCDF(A, B, u);
    /// <inheritdoc/>
    public override (double Min, double Max) Support => (Min, Max);
}

/// <summary>A finite set of values with weights (normalised on use).</summary>
public sealed record DiscreteDistribution(IReadOnlyList<double> Values, IReadOnlyList<double> Weights) : Distribution
{
    /// <inheritdoc/>
    public override double Quantile(double u)
    {
        var total = Weights.Sum();
        var acc = 0.0;
        for (var k = 0; k < Values.Count; k++)
        {
            acc += Weights[k] / total;
            if (u < acc) return Values[k];
        }
        return Values[^1];
    }
    /// <inheritdoc/>
    public override (double Min, double Max) Support => (Values.Min(), Values.Max());
}
