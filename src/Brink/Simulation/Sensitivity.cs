using System.Collections.Immutable;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Simulation;

/// <summary>Which number of a forecast a sensitivity or what-if analysis looks at.</summary>
public enum ForecastMeasure
{
    /// <summary>The forecast's mean (<see cref="Models.Forecast.Mean"/>).</summary>
    Mean,
    /// <summary>The forecast's median (<see cref="Models.Forecast.Median"/>).</summary>
    Median,
}

/// <summary>The parts of <see cref="Sensitivity.Run(IssueTemplate, IIssueModel, SensitivityOptions, CancellationToken)"/> that can be computed in chunks (<see cref="Sensitivity.RunChunk"/>).</summary>
public enum SensitivityPart
{
    /// <summary>The one-at-a-time tornado (two runs per factor).</summary>
    Tornado,
    /// <summary>Morris elementary effects (r(k + 1) runs).</summary>
    Morris,
    /// <summary>Sobol first-order and total indices (N(k + 2) runs).</summary>
    Sobol,
}

/// <summary>Settings of <see cref="Sensitivity.Run(IssueTemplate, IIssueModel, SensitivityOptions, CancellationToken)"/>.</summary>
public sealed record SensitivityOptions
{
    /// <summary>Default range of a position without a distribution: ± this fraction of the scale width.</summary>
    public double PositionRange { get; init; } = 0.1;
    /// <summary>Default range of a salience without a distribution: ± this (salience on [0,1]).</summary>
    public double SalienceRange { get; init; } = 0.2;
    /// <summary>Default range of a capability without a distribution: ± this fraction of its value.</summary>
    public double CapabilityRange { get; init; } = 0.25;
    /// <summary>Morris trajectories r (r(k + 1) model runs).</summary>
    public int MorrisTrajectories { get; init; } = 20;
    /// <summary>Levels p of the Morris grid.</summary>
    public int MorrisLevels { get; init; } = 4;
    /// <summary>Base sample N of the Sobol estimators (N(k + 2) model runs).</summary>
    public int SobolSamples { get; init; } = 512;
    /// <summary>Which number of the forecast the indices describe.</summary>
    public ForecastMeasure Measure { get; init; } = ForecastMeasure.Mean;
    /// <summary>Seed of the Morris and Sobol designs (the same seed gives the same indices at any thread count).</summary>
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads; 0 = one per processor.</summary>
    public int Threads { get; init; }
}

/// <summary>One bar of the tornado: the forecast with one input at its 5th and at its 95th percentile.</summary>
public sealed record TornadoBar(string Input, string Actor, IssueField Parameter, double LowInput, double HighInput, double LowForecast, double HighForecast)
{
    /// <summary>|high forecast − low forecast|: the bar's length, in scale units.</summary>
    public double Swing => Math.Abs(HighForecast - LowForecast);
}

/// <summary>Sensitivity of one factor (actor × parameter) by every method.</summary>
public sealed record FactorSensitivity(string Input, string Actor, IssueField Parameter, double Mu, double MuStar, double Sigma,
    double SobolFirst, double SobolFirstSe, double SobolTotal, double SobolTotalSe);

/// <summary>Result of <see cref="Sensitivity.Run(IssueTemplate, IIssueModel, SensitivityOptions, CancellationToken)"/>: tornado (sorted by swing), Morris and Sobol indices per factor.</summary>
public sealed record SensitivityResult(string Model, string Variant, string IssueId, ForecastMeasure Measure, double Baseline,
    ImmutableArray<TornadoBar> Tornado, ImmutableArray<FactorSensitivity> Factors, int MorrisEvaluations, int SobolEvaluations, int SobolSamples, double OutputVariance)
{
    /// <summary>Inputs the scenario gave no range or distribution, analysed over a default uniform range (<see cref="SensitivityOptions"/>).</summary>
    public ImmutableArray<string> DefaultRanges { get; init; } = [];
    /// <summary>One warning per parameter whose ranges were defaulted, naming the range and the actors.</summary>
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}

/// <summary>
/// Sensitivity of a model's forecast to every actor × parameter of one issue (design §5): a
/// one-at-a-time tornado, Morris elementary effects and Sobol indices. The factors are every
/// actor's capability, position and salience: with the scenario's distribution where it gives one,
/// otherwise a uniform range around the point value (<see cref="SensitivityOptions"/>).
/// </summary>
public static class Sensitivity
{
    /// <summary>The factors: the template's uncertain slots, completed by default ranges.</summary>
    public static ImmutableArray<InputSlot> Factors(IssueTemplate template, SensitivityOptions options)
    {
        var list = new List<InputSlot>();
        var width = template.ScaleMax - template.ScaleMin;
        foreach (var field in (ReadOnlySpan<IssueField>)[IssueField.Position, IssueField.Salience, IssueField.Capability])
            for (var i = 0; i < template.Count; i++)
            {
                var given = template.Slots.FirstOrDefault(s => s.Actor == i && s.Field == field);
                if (given is not null) { list.Add(given); continue; }
                Distribution range = field switch
                {
                    IssueField.Position => Uniform(template.BasePosition[i], options.PositionRange * width, template.ScaleMin, template.ScaleMax),
                    IssueField.Salience => Uniform(template.BaseSalience[i], options.SalienceRange, 0, 1),
                    _ => Uniform(template.BaseCapability[i], options.CapabilityRange * template.BaseCapability[i], 0, double.MaxValue),
                };
                list.Add(new InputSlot(new ParameterRef(template.ActorIds[i], IssueTemplate.ToParameter(field), field == IssueField.Capability ? null : template.IssueId),
                    field, i, range));
            }
        // Risk slots the scenario gives a distribution for are factors too.
        list.AddRange(template.Slots.Where(s => s.Field == IssueField.Risk));
        return [.. list];
    }

    /// <summary>Runs the tornado, Morris and Sobol analyses of <paramref name="model"/> on one issue; throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public static SensitivityResult Run(IssueTemplate template, IIssueModel model, SensitivityOptions options, CancellationToken cancel = default) =>
        Run(template, model, options, null, cancel);

    /// <summary>
    /// As <see cref="Run(IssueTemplate, IIssueModel, SensitivityOptions, CancellationToken)"/>, calling <paramref name="progress"/> with the
    /// model runs done as they are done: 2k for the tornado, then one per Morris and Sobol run (2k + r(k + 1) + N(k + 2) in all).
    /// </summary>
    public static SensitivityResult Run(IssueTemplate template, IIssueModel model, SensitivityOptions options, Action<int>? progress, CancellationToken cancel = default)
    {
        var factors = Factors(template, options);
        var k = factors.Length;
        var tornado = Tornado(template, model, options, factors, 0, k, cancel);
        progress?.Invoke(2 * k);
        UnitFunction Factory()
        {
            UnitFunction f = Evaluator(template, factors, model, options.Measure).All;
            return progress is null ? f : u => { var y = f(u); progress(1); return y; };
        }
        var morris = GlobalSensitivity.Morris(k, Factory, options.MorrisTrajectories, options.MorrisLevels, options.Seed, options.Threads, cancel);
        var sobol = GlobalSensitivity.Sobol(k, Factory, options.SobolSamples, options.Seed, options.Threads, cancel);
        return Assemble(template, model, options, factors, tornado, morris, sobol);
    }

    /// <summary>How many units a part of the analysis has: factors (tornado), trajectories (Morris), base samples (Sobol).</summary>
    public static int Units(SensitivityPart part, int factors, SensitivityOptions options) => part switch
    {
        SensitivityPart.Tornado => factors,
        SensitivityPart.Morris => options.MorrisTrajectories,
        _ => options.SobolSamples,
    };

    /// <summary>Model runs per unit of a part: 2 per tornado factor, k + 1 per Morris trajectory, k + 2 per Sobol sample.</summary>
    public static int RunsPerUnit(SensitivityPart part, int factors) => part switch
    {
        SensitivityPart.Tornado => 2,
        SensitivityPart.Morris => factors + 1,
        _ => factors + 2,
    };

    /// <summary>
    /// The model outputs of units [<paramref name="from"/>, <paramref name="to"/>) of one part of <see cref="Run(IssueTemplate, IIssueModel, SensitivityOptions, CancellationToken)"/>, computed on their own
    /// (every design point comes from its own counter-based stream): <see cref="RunsPerUnit"/> outputs per unit, unit by unit
    /// (tornado: low then high; Morris: the trajectory's k + 1 points; Sobol: A_j, B_j, then A_j with column i from B_j).
    /// <see cref="Merge"/> of every unit gives the bytes of <see cref="Run(IssueTemplate, IIssueModel, SensitivityOptions, CancellationToken)"/>.
    /// </summary>
    public static double[] RunChunk(IssueTemplate template, IIssueModel model, SensitivityOptions options, SensitivityPart part, int from, int to, CancellationToken cancel = default)
    {
        var factors = Factors(template, options);
        var k = factors.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(to, from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to, Units(part, k, options));
        UnitFunction Factory() => Evaluator(template, factors, model, options.Measure).All;
        switch (part)
        {
            case SensitivityPart.Tornado:
                var bars = Tornado(template, model, options, factors, from, to, cancel);
                return [.. bars.SelectMany(b => new[] { b.LowForecast, b.HighForecast })];
            case SensitivityPart.Morris:
                return GlobalSensitivity.Evaluate(GlobalSensitivity.MorrisPoints(k, options.MorrisLevels, options.Seed, from, to), k, Factory, options.Threads, cancel);
            default:
                return GlobalSensitivity.Evaluate(GlobalSensitivity.SobolPoints(k, options.Seed, from, to), k, Factory, options.Threads, cancel);
        }
    }

    /// <summary>The result of <see cref="Run(IssueTemplate, IIssueModel, SensitivityOptions, CancellationToken)"/> from the outputs of every unit of each part, in unit order (as <see cref="RunChunk"/> gives them).</summary>
    /// <exception cref="ArgumentException">An output array has the wrong length.</exception>
    public static SensitivityResult Merge(IssueTemplate template, IIssueModel model, SensitivityOptions options, double[] tornado, double[] morris, double[] sobol)
    {
        ArgumentNullException.ThrowIfNull(tornado);
        ArgumentNullException.ThrowIfNull(sobol);
        var factors = Factors(template, options);
        var k = factors.Length;
        if (tornado.Length != 2 * k) throw new ArgumentException($"expected {2 * k} tornado outputs, got {tornado.Length}", nameof(tornado));
        var bars = new TornadoBar[k];
        for (var i = 0; i < k; i++) bars[i] = Bar(factors[i], tornado[2 * i], tornado[2 * i + 1]);
        var n = options.SobolSamples;
        if (sobol.Length != n * (k + 2L)) throw new ArgumentException($"expected {n * (k + 2L)} Sobol outputs, got {sobol.Length}", nameof(sobol));
        // From sample order (j·(k+2) + block) to the estimators' block order (block·N + j).
        var blocks = new double[sobol.Length];
        for (var j = 0; j < n; j++)
            for (var block = 0; block < k + 2; block++) blocks[block * n + j] = sobol[j * (k + 2) + block];
        var morrisResult = GlobalSensitivity.MorrisFromOutputs(k, options.MorrisTrajectories, options.MorrisLevels, options.Seed, morris);
        return Assemble(template, model, options, factors, bars, morrisResult, GlobalSensitivity.SobolFromOutputs(k, n, blocks));
    }

    // Tornado: one factor at its 5th and 95th percentile, all others at their point values.
    private static TornadoBar[] Tornado(IssueTemplate template, IIssueModel model, SensitivityOptions options, ImmutableArray<InputSlot> factors, int from, int to,
        CancellationToken cancel)
    {
        var tornado = new TornadoBar[to - from];
        ParallelDraws.Run(to - from, 1, options.Threads, () => Evaluator(template, factors, model, options.Measure), (f, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var factor = factors[from + i];
                tornado[i] = Bar(factor, f.Single(from + i, factor.Distribution.Quantile(0.05)), f.Single(from + i, factor.Distribution.Quantile(0.95)));
            }
        }, null, cancel);
        cancel.ThrowIfCancellationRequested();
        return tornado;
    }

    private static TornadoBar Bar(InputSlot factor, double lowForecast, double highForecast) =>
        new(factor.Name, factor.Target.ActorId, factor.Field, factor.Distribution.Quantile(0.05), factor.Distribution.Quantile(0.95), lowForecast, highForecast);

    private static SensitivityResult Assemble(IssueTemplate template, IIssueModel model, SensitivityOptions options, ImmutableArray<InputSlot> factors,
        TornadoBar[] tornado, MorrisResult morris, SobolResult sobol)
    {
        var k = factors.Length;
        var baseline = Pick(model.CreateWorker().Evaluate(template, template.CreateBuffer(), new DyadOutcome[model.HasDyads ? template.Count * template.Count : 0]), options.Measure);
        var rows = ImmutableArray.CreateBuilder<FactorSensitivity>(k);
        for (var i = 0; i < k; i++)
        {
            var m = morris.Indices[i];
            var s = sobol.Indices[i];
            rows.Add(new FactorSensitivity(factors[i].Name, factors[i].Target.ActorId, factors[i].Field, m.Mu, m.MuStar, m.Sigma, s.First, s.FirstSe, s.Total, s.TotalSe));
        }
        var defaulted = factors.Where(f => !template.Slots.Contains(f)).ToList();
        return new SensitivityResult(model.Name, model.Variant, template.IssueId, options.Measure, baseline,
            [.. tornado.OrderByDescending(b => b.Swing).ThenBy(b => b.Input, StringComparer.Ordinal)],
            [.. rows.OrderByDescending(r => r.SobolTotal).ThenBy(r => r.Input, StringComparer.Ordinal)],
            morris.Evaluations, sobol.Evaluations, sobol.BaseSamples, sobol.Variance)
        {
            DefaultRanges = [.. defaulted.Select(f => f.Name)],
            // The model's own warnings on the point values come first (as simulate shows them): a baseline that is a
            // fallback, not a bargaining outcome, makes every index below an index of the fallback.
            Warnings = model.Warnings(template.ToSpatialIssue(template.CreateBuffer()))
                .AddRange(DefaultRangeWarnings(template, options, defaulted))
                .AddRange(model is IInputAdjustments adjusts
                    ? factors.Select(f => adjusts.Adjustment(template, f.Actor, f.Field, f.Distribution.Quantile(0.95))).OfType<ResultWarning>()
                    : []),
        };
    }

    /// <summary>Code: inputs without a range were given a default one.</summary>
    public const string DefaultRangeCode = "sensitivity-default-range";

    // The indices rank inputs by ranges Brink invented for them unless the scenario gave ranges: say so.
    private static ImmutableArray<ResultWarning> DefaultRangeWarnings(IssueTemplate template, SensitivityOptions options, List<InputSlot> defaulted)
    {
        var width = template.ScaleMax - template.ScaleMin;
        var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
        foreach (var field in (ReadOnlySpan<IssueField>)[IssueField.Position, IssueField.Salience, IssueField.Capability])
        {
            var who = defaulted.Where(f => f.Field == field).Select(f => f.Target.ActorId).ToImmutableArray();
            if (who.IsEmpty) continue;
            var range = field switch
            {
                IssueField.Position => $"±{Num(100 * options.PositionRange)} % of the scale (±{Num(options.PositionRange * width)} units)",
                IssueField.Salience => $"±{Num(options.SalienceRange)} of salience",
                _ => $"±{Num(100 * options.CapabilityRange)} % of the value",
            };
            var name = field switch { IssueField.Position => "positions", IssueField.Salience => "saliences", _ => "capabilities" };
            warnings.Add(new ResultWarning(DefaultRangeCode,
                $"{who.Length} of {template.Count} actors' {name} have no range in the scenario; the analysis used a uniform {range}, clipped to the scale, for {string.Join(", ", who)}. " +
                "Their indices measure that invented range, not the evidence.")
            { Actors = who, Issue = template.IssueId });
        }
        return warnings.ToImmutable();
    }

    private static string Num(double x) => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    internal static double Pick(Forecast f, ForecastMeasure m) => m == ForecastMeasure.Mean ? f.Mean : f.Median;

    private static UniformDistribution Uniform(double centre, double half, double min, double max) =>
        new(Math.Max(min, centre - half), Math.Min(max, centre + half));

    private static FactorEvaluator Evaluator(IssueTemplate template, ImmutableArray<InputSlot> factors, IIssueModel model, ForecastMeasure measure) =>
        new(template, factors, model, measure);

    /// <summary>Per-thread evaluator of the model at given factor values.</summary>
    private sealed class FactorEvaluator(IssueTemplate template, ImmutableArray<InputSlot> factors, IIssueModel model, ForecastMeasure measure)
    {
        private readonly IIssueModelWorker _worker = model.CreateWorker();
        private readonly IssueBuffer _buffer = template.CreateBuffer();
        private readonly DyadOutcome[] _dyads = new DyadOutcome[model.HasDyads ? template.Count * template.Count : 0];

        /// <summary>Every factor at the quantile u_i of its distribution.</summary>
        public double All(ReadOnlySpan<double> u)
        {
            template.Reset(_buffer);
            for (var i = 0; i < factors.Length; i++)
                IssueTemplate.Set(_buffer, factors[i].Field, factors[i].Actor, factors[i].Distribution.Quantile(Math.Clamp(u[i], 1e-12, 1 - 1e-12)));
            return Pick(_worker.Evaluate(template, _buffer, _dyads), measure);
        }

        /// <summary>Point values with factor i set to <paramref name="value"/>.</summary>
        public double Single(int i, double value)
        {
            template.Reset(_buffer);
            IssueTemplate.Set(_buffer, factors[i].Field, factors[i].Actor, value);
            return Pick(_worker.Evaluate(template, _buffer, _dyads), measure);
        }
    }
}
