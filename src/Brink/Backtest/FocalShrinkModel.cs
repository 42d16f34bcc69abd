using System.Collections.Immutable;

namespace Brink.Backtest;

/// <summary>Shrinkage toward a focal position for one procedure.</summary>
/// <param name="Strength">Share α of the way from the base forecast to the nearest focal position (0 = base forecast, 1 = the focal position).</param>
/// <param name="Reach">Only a focal position within this many scale points of the base forecast attracts it.</param>
public sealed record FocalShrinkage(double Strength, double Reach)
{
    /// <summary>No shrinkage: the base forecast unchanged.</summary>
    public static FocalShrinkage None { get; } = new(0, 0);
}

/// <summary>
/// Focal shrinkage: outcomes of DEU issues cluster on salient points (the ends and the middle of the
/// scale, the reference point, the Commission's proposal), so the forecast f of a base model is moved a
/// share α of the way to the nearest focal position z when |z − f| ≤ τ: f + α (z − f) (cf. Schelling
/// 1960 on focal points). α and τ are chosen per procedure (COD, CNS) by grid search minimising the mean
/// absolute error on the training issues, given the base model fitted on the same training issues; a
/// procedure without training issues is not shrunk.
/// </summary>
public sealed class FocalShrinkModel(string name, IBacktestModel baseModel) : IBacktestModel
{
    /// <inheritdoc/>
    public string Name { get; } = name;
    /// <inheritdoc/>
    public string Description => $"{baseModel.Name} moved toward the nearest focal position (0, 50, 100, reference point, Commission) with a per-procedure strength (fitted)";
    /// <inheritdoc/>
    public bool Learns => true;
    /// <summary>The model whose forecasts are shrunk.</summary>
    public IBacktestModel Base => baseModel;

    internal static readonly double[] StrengthGrid = [0, 0.25, 0.5, 0.75, 1];
    internal static readonly double[] ReachGrid = [5, 10, 20, 30, 100];

    /// <summary>The focal positions of an issue: the ends and the middle of the scale, the reference point and the Commission's position where coded.</summary>
    public static IReadOnlyList<double> Focals(BacktestCase c)
    {
        var issue = c.Issue;
        var list = new List<double> { issue.ScaleMin, (issue.ScaleMin + issue.ScaleMax) / 2, issue.ScaleMax };
        if (c.ReferencePoint is { } q) list.Add(q);
        if (c.PositionOf(DeuActors.Commission) is { } com) list.Add(com);
        return list;
    }

    /// <summary>The base forecast f moved toward the nearest focal position (the first listed on a tie).</summary>
    public static double Shrink(double f, BacktestCase c, FocalShrinkage s)
    {
        var focals = Focals(c);
        var z = focals[0];
        foreach (var v in focals) if (Math.Abs(v - f) < Math.Abs(z - f)) z = v;
        return Math.Abs(z - f) <= s.Reach ? f + s.Strength * (z - f) : f;
    }

    /// <inheritdoc/>
    public IForecaster Fit(IReadOnlyList<BacktestCase> training, BacktestProtocol protocol)
    {
        var fitted = baseModel.Fit(training, protocol);
        var rows = training.Select(c => (Case: c, Base: fitted.Forecast(c))).Where(r => r.Base is not null).ToList();
        var byProcedure = ImmutableDictionary.CreateBuilder<string, FocalShrinkage>(StringComparer.Ordinal);
        foreach (var group in rows.GroupBy(r => r.Case.Procedure, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var best = FocalShrinkage.None;
            var bestLoss = double.PositiveInfinity;
            foreach (var a in StrengthGrid)
                foreach (var t in ReachGrid)
                {
                    var s = new FocalShrinkage(a, t);
                    double loss = 0;
                    foreach (var (c, f) in group) loss += Math.Abs(Shrink(f!.Value, c, s) - c.Outcome);
                    if (loss < bestLoss - 1e-9) { bestLoss = loss; best = s; }
                }
            byProcedure[group.Key] = best;
        }
        return new FocalShrinkForecaster(Name, fitted, byProcedure.ToImmutable());
    }
}

/// <summary>A fitted base forecaster with fixed per-procedure focal shrinkage.</summary>
public sealed class FocalShrinkForecaster(string name, IForecaster baseForecaster, ImmutableDictionary<string, FocalShrinkage> byProcedure) : IForecaster
{
    /// <inheritdoc/>
    public string Name { get; } = name;
    /// <summary>The shrinkage per procedure code (COD, CNS); a procedure not in it is not shrunk.</summary>
    public ImmutableDictionary<string, FocalShrinkage> ByProcedure { get; } = byProcedure;

    /// <inheritdoc/>
    public double? Forecast(BacktestCase c) =>
        baseForecaster.Forecast(c) is { } f ? FocalShrinkModel.Shrink(f, c, ByProcedure.GetValueOrDefault(c.Procedure, FocalShrinkage.None)) : null;
}
