using System.Collections.Immutable;
using Brink.Models;

namespace Brink.Backtest;

/// <summary>Something that forecasts the outcome of an issue; null means it abstains (e.g. no status quo coded).</summary>
public interface IForecaster
{
    /// <summary>The model name shown in reports (<c>compromise</c>, <c>influence</c>, …).</summary>
    string Name { get; }
    /// <summary>The forecast outcome of case <paramref name="c"/> on the issue's 0–100 scale, or null to abstain.</summary>
    double? Forecast(BacktestCase c);
}

/// <summary>
/// A model in a back-test. Models that learn nothing return themselves from <see cref="Fit"/>; learned
/// ones are fitted on training issues only (cross-validation folds or <c>--fit DEVFILE</c>).
/// </summary>
public interface IBacktestModel
{
    /// <summary>The model name, as given to <c>--models</c> and shown in reports.</summary>
    string Name { get; }
    /// <summary>One line on what the model does, for the report.</summary>
    string Description { get; }
    /// <summary>True when <see cref="Fit"/> learns parameters from the training issues.</summary>
    bool Learns { get; }
    /// <summary>The forecaster fitted on <paramref name="training"/> (tuned as <paramref name="protocol"/> says); a model that learns nothing returns itself.</summary>
    IForecaster Fit(IReadOnlyList<BacktestCase> training, BacktestProtocol protocol);
}

/// <summary>A fitted forecaster whose parameters can be stored as JSON and reloaded (see <see cref="FittedModels"/>).</summary>
public interface IFittedForecaster : IForecaster
{
    /// <summary>The fitted parameters as a <see cref="FittedModel"/>, labelled with the capability weights used, the file fitted on and its issue count.</summary>
    FittedModel Export(string capabilities, string fittedOn, int issues);
}

/// <summary>
/// A model that needs no fitting, from a function of the case. Catalog models plug in through
/// <see cref="Spatial"/>, e.g. <c>BacktestModel.Spatial("nash", "…", i =&gt; ModelCatalog.Run("nash", "", i, new()).Forecast.Mean)</c>.
/// </summary>
public sealed class BacktestModel(string name, string description, Func<BacktestCase, double?> forecast) : IBacktestModel, IForecaster
{
    /// <inheritdoc/>
    public string Name { get; } = name;
    /// <inheritdoc/>
    public string Description { get; } = description;
    /// <inheritdoc/>
    public bool Learns => false;
    /// <inheritdoc/>
    public double? Forecast(BacktestCase c) => forecast(c);
    /// <inheritdoc/>
    public IForecaster Fit(IReadOnlyList<BacktestCase> training, BacktestProtocol protocol) => this;

    /// <summary>
    /// Adapter for any one-issue bargaining model (SpatialIssue → point forecast). A model that rejects
    /// an input with <see cref="ArgumentException"/> abstains on that issue instead of failing the run.
    /// </summary>
    public static BacktestModel Spatial(string name, string description, Func<SpatialIssue, double> model) =>
        new(name, description, c =>
        {
            try { return model(c.Issue); }
            catch (ArgumentException) { return null; }
        });
}

/// <summary>The naive and classic baselines of the DEU literature (design §4.1, §7).</summary>
public static class BaselineForecasts
{
    /// <summary>Compromise model: Σ c·s·x / Σ c·s (design §4.1; Achen 2006, in Thomson et al., <i>The European Union Decides</i>).</summary>
    public static double Compromise(SpatialIssue i) => Baselines.WeightedMean(i.Position.AsSpan(), i.Capability.AsSpan(), i.Salience.AsSpan());

    /// <summary>Median actor: the position where half the weight c·s is reached (design §4.1).</summary>
    public static double Median(SpatialIssue i) => Baselines.WeightedMedian(i.Position.AsSpan(), i.Capability.AsSpan(), i.Salience.AsSpan());

    /// <summary>The compromise model as a back-test model (abstains only if the model rejects the input).</summary>
    public static BacktestModel CompromiseModel { get; } = BacktestModel.Spatial("compromise", "weighted mean of positions, weights capability × salience", Compromise);
    /// <summary>The weighted median model as a back-test model.</summary>
    public static BacktestModel MedianModel { get; } = BacktestModel.Spatial("median", "weighted median of positions, weights capability × salience", Median);
    /// <summary>The naive baseline that always forecasts the middle of the scale.</summary>
    public static BacktestModel Constant50 { get; } = new("constant50", "the middle of the scale", c => (c.Issue.ScaleMin + c.Issue.ScaleMax) / 2);
    /// <summary>The naive baseline that forecasts the reference point (status quo); abstains where none is coded.</summary>
    public static BacktestModel StatusQuo { get; } = new("status-quo", "the reference point (abstains where none is coded)", c => c.ReferencePoint);
}
