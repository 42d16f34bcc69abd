using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Brink.Models;
using Brink.Models.Smp;
using Brink.Scenarios;

namespace Brink.Simulation;

/// <summary>
/// A joint model (<see cref="IJointIssueModel"/>) that runs once per draw on a whole package: a negotiation over several
/// dimensions (<see cref="Scenario.Packages"/>, design §10). It is what the spatial model of politics (<see cref="SmpIssueModel"/>)
/// and Nash bargaining on the product space (<see cref="Models.Nash.PackageNashIssueModel"/>) share. Every Monte Carlo draw
/// perturbs the inputs of all the package's dimensions together (<see cref="JointDraws"/>: one template per dimension with the
/// run's noise, an actor's capability drawn once for all of them), the model runs once on the package (<see cref="Run"/>) and
/// each dimension's value in that draw is the run's forecast on it, so the dimensions' distributions are the marginals of the
/// same joint draws. One run per draw serves every dimension of a request (or every chunk of one run). Sensitivity and what-if
/// (<see cref="CreateWorker"/>) vary one dimension's inputs, the other dimensions at their point values.
/// </summary>
public abstract class PackageJointModel : IJointIssueModel, IDrawNotes
{
    private readonly Dictionary<string, Package> _packageOf = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DrawCache> _runs = new(StringComparer.Ordinal);

    /// <summary>The model over every package of <paramref name="scenario"/> (a one-dimensional issue is a package of one).</summary>
    protected PackageJointModel(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Scenario = scenario;
        foreach (var (id, dims) in scenario.Packages())
        {
            var package = new Package(id, [.. dims.Select(d => d.Id)]);
            foreach (var dim in dims) _packageOf[dim.Id] = package;
        }
        Space = [.. scenario.Packages().SelectMany(p => p.Dimensions.Select(d => d.Id))];
    }

    /// <summary>
    /// Why <paramref name="model"/> cannot run on some package of <paramref name="scenario"/> (checked before any draw, so that a
    /// user gets the package and the actors named rather than a failure inside the simulation), or null when every package can run:
    /// <paramref name="problems"/> gives a package input's problems (e.g. <see cref="SmpInput.Problems"/>).
    /// </summary>
    public static string? InputProblem(Scenario scenario, string model, Func<SmpInput, IReadOnlyList<string>> problems)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(problems);
        foreach (var (id, _) in scenario.Packages())
        {
            var input = SmpInputs.From(scenario, id, out var leftOut);
            if (problems(input) is not { Count: > 0 } found) continue;
            var partial = leftOut.Count == 0 ? "" : $" ({string.Join(", ", leftOut)} hold a stance on some but not all of its dimensions, and are left out)";
            return $"model '{model}' cannot run on {scenario.SourceFile ?? "the scenario"}: {string.Join("; ", found)}{partial}";
        }
        return null;
    }

    /// <summary>The scenario whose packages the model runs on.</summary>
    protected Scenario Scenario { get; }

    /// <inheritdoc/>
    public abstract string Name { get; }
    /// <inheritdoc/>
    public abstract string Variant { get; }
    /// <inheritdoc/>
    public bool HasDyads => false;
    /// <summary>Every dimension of every package of the scenario (<see cref="SpaceOf"/> gives the one a dimension belongs to).</summary>
    public ImmutableArray<string> Space { get; }
    /// <inheritdoc/>
    public abstract ImmutableArray<DrawNote> DrawNotes { get; }

    /// <summary>
    /// True when an actor's saliences over the dimensions add up to at most 1 (KTAB's rule): a draw over that is scaled down in
    /// proportion (<see cref="Run"/> is told), and a changed salience keeps its value while the actor's other dimensions make room.
    /// </summary>
    protected virtual bool CapsAttention => false;

    /// <summary>One run of the model on the package input <paramref name="input"/>; <paramref name="attentionScaled"/>: a draw's saliences were scaled down (<see cref="CapsAttention"/>).</summary>
    protected abstract PackageRun Run(SmpInput input, bool attentionScaled);

    /// <summary>The warning that the package's runs leave out <paramref name="leftOut"/>, who hold a stance on some but not all of its dimensions.</summary>
    protected abstract ResultWarning PartialActorsWarning(string packageId, IReadOnlyList<string> leftOut);

    /// <summary>The dimensions of the package <paramref name="issueId"/> belongs to, in order.</summary>
    /// <exception cref="ArgumentException">The issue is not in the scenario.</exception>
    public ImmutableArray<string> SpaceOf(string issueId) => Find(issueId).Dimensions;

    /// <summary>A worker that runs the package with the given dimension's buffer and its other dimensions at their point values.</summary>
    public IIssueModelWorker CreateWorker() => new PointWorker(this);

    /// <summary>The warnings of the run on the point values (with <paramref name="pointValues"/> on its dimension).</summary>
    public ImmutableArray<ResultWarning> Warnings(SpatialIssue pointValues)
    {
        ArgumentNullException.ThrowIfNull(pointValues);
        var package = Find(pointValues.IssueId);
        var focal = package.Dimensions.IndexOf(pointValues.IssueId);
        var state = new PackageState(this, package, [.. package.Dimensions.Select(id => IssueTemplate.From(Scenario, id))]);
        var result = state.RunFocal(focal, pointValues.Position.AsSpan(), pointValues.Salience.AsSpan(), pointValues.Capability.AsSpan());
        return state.LeftOut.Count > 0 ? result.Warnings.Add(PartialActorsWarning(package.Id, state.LeftOut)) : result.Warnings;
    }

    /// <summary>The package input with actor <paramref name="actor"/>'s <paramref name="field"/> on the template's dimension set to <paramref name="value"/>, every other input at its point value.</summary>
    protected SmpInput PointInputWith(IssueTemplate template, int actor, IssueField field, double value)
    {
        ArgumentNullException.ThrowIfNull(template);
        var package = Find(template.IssueId);
        var focal = package.Dimensions.IndexOf(template.IssueId);
        var state = new PackageState(this, package, [.. package.Dimensions.Select((id, k) => k == focal ? template : IssueTemplate.From(Scenario, id))]);
        var buffer = template.CreateBuffer();
        template.Reset(buffer);
        var values = field switch
        {
            IssueField.Position => buffer.Position,
            IssueField.Salience => buffer.Salience,
            IssueField.Capability => buffer.Capability,
            _ => null,
        };
        if (values is not null) values[actor] = value;
        return state.FocalInput(focal, buffer.Position, buffer.Salience, buffer.Capability);
    }

    /// <inheritdoc/>
    public IJointDrawModel Bind(IssueTemplate template, MonteCarloOptions options, IReadOnlyList<InputCorrelation> correlations)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        var package = Find(template.IssueId);
        var focal = package.Dimensions.IndexOf(template.IssueId);
        // The simulated dimension's own template (its slots as the caller built them); the others with the same global noise.
        var templates = package.Dimensions.Select((id, k) => k == focal ? template : IssueTemplate.From(Scenario, id, template.Noise)).ToList();
        var draws = JointDraws.Create(templates, correlations, options.Draws, options.Seed, options.Threads);
        // The runs of a package's dimensions in one request (or the chunks of one run) draw the same joint inputs, so one model
        // run per draw serves them all: the key is everything a draw depends on.
        var key = string.Join("\n", [package.Id, options.Seed.ToString(CultureInfo.InvariantCulture),
            options.Draws.ToString(CultureInfo.InvariantCulture),
            .. templates.SelectMany(t => t.Slots.Select(slot => $"{slot.Target}={Describe(slot.Distribution)}")), .. correlations.Select(c => c.ToString())]);
        var cache = _runs.GetOrAdd(key, _ => new DrawCache(options.Draws, package.Dimensions.Length));
        return new Bound(new PackageState(this, package, draws.Issues), draws, focal, cache);
    }

    /// <summary>A distribution in words that tell any two apart (a record's own text shows a list only by its type).</summary>
    private static string Describe(Distribution distribution) => distribution is DiscreteDistribution discrete
        ? $"discrete({string.Join(",", discrete.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))};" +
          $"{string.Join(",", discrete.Weights.Select(w => w.ToString("R", CultureInfo.InvariantCulture)))})"
        : distribution.ToString();

    private Package Find(string issueId) =>
        _packageOf.TryGetValue(issueId, out var package) ? package
            : throw new ArgumentException($"Issue '{issueId}' is not a dimension of any negotiation of the scenario ({string.Join(", ", Space)}).", nameof(issueId));

    private Forecast Finite(Forecast forecast) => ResultGuard.EnsureFinite(forecast, Name, Variant);

    private sealed record Package(string Id, ImmutableArray<string> Dimensions);

    /// <summary>The package's point input and, per dimension, where each of its actors sits in that dimension's template.</summary>
    private sealed class PackageState
    {
        private readonly PackageJointModel _model;
        private readonly int[][] _slot;

        public PackageState(PackageJointModel model, Package package, IReadOnlyList<IssueTemplate> templates)
        {
            _model = model;
            Templates = templates;
            Point = SmpInputs.From(model.Scenario, package.Id, out var leftOut);
            LeftOut = leftOut;
            var holders = model.Scenario.Actors.Where(a => package.Dimensions.All(d => a.Stances.ContainsKey(d))).Select(a => a.Id).ToList();
            _slot = [.. templates.Select(t => holders.Select(id => t.ActorIds.IndexOf(id)).ToArray())];
        }

        public PackageJointModel Model => _model;
        public IReadOnlyList<IssueTemplate> Templates { get; }
        public SmpInput Point { get; }
        public IReadOnlyList<string> LeftOut { get; }

        /// <summary>The run with every dimension's values from <paramref name="buffers"/>; with <see cref="CapsAttention"/>, an actor's saliences over 1 are scaled to 1.</summary>
        public PackageRun RunDraw(IssueBuffer[] buffers)
        {
            int n = Point.Count, d = Point.DimensionCount;
            var capability = new double[n];
            var position = new double[n * d];
            var salience = new double[n * d];
            var scaled = false;
            for (var i = 0; i < n; i++)
            {
                capability[i] = buffers[0].Capability[_slot[0][i]];
                double total = 0;
                for (var k = 0; k < d; k++)
                {
                    position[i * d + k] = buffers[k].Position[_slot[k][i]];
                    total += salience[i * d + k] = buffers[k].Salience[_slot[k][i]];
                }
                if (_model.CapsAttention && total > 1)
                {
                    scaled = true;
                    for (var k = 0; k < d; k++) salience[i * d + k] /= total;
                }
            }
            return _model.Run(With(capability, position, salience), scaled);
        }

        /// <summary>The run with dimension <paramref name="focal"/>'s values given (its template's actor order) and the others at their point values.</summary>
        public PackageRun RunFocal(int focal, ReadOnlySpan<double> focalPosition, ReadOnlySpan<double> focalSalience, ReadOnlySpan<double> focalCapability) =>
            _model.Run(FocalInput(focal, focalPosition, focalSalience, focalCapability), false);

        /// <summary>The input of <see cref="RunFocal"/>.</summary>
        public SmpInput FocalInput(int focal, ReadOnlySpan<double> focalPosition, ReadOnlySpan<double> focalSalience, ReadOnlySpan<double> focalCapability)
        {
            int n = Point.Count, d = Point.DimensionCount;
            var capability = new double[n];
            var position = Point.Position.ToArray();
            var salience = Point.Salience.ToArray();
            for (var i = 0; i < n; i++)
            {
                var slot = _slot[focal][i];
                capability[i] = focalCapability[slot];
                position[i * d + focal] = focalPosition[slot];
                var kept = salience[i * d + focal] = focalSalience[slot];
                if (!_model.CapsAttention) continue;
                double others = 0;
                for (var k = 0; k < d; k++) if (k != focal) others += salience[i * d + k];
                // The changed salience stays as given; the actor's other dimensions make room for it.
                if (kept + others > 1 && others > 0)
                    for (var k = 0; k < d; k++) if (k != focal) salience[i * d + k] *= Math.Max(0, 1 - kept) / others;
            }
            return With(capability, position, salience);
        }

        private SmpInput With(double[] capability, double[] position, double[] salience) => Point with
        {
            Capability = ImmutableArray.Create(capability),
            Position = ImmutableArray.Create(position),
            Salience = ImmutableArray.Create(salience),
        };
    }

    private sealed class PointWorker(PackageJointModel model) : IIssueModelWorker
    {
        private PackageState? _state;

        public Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads)
        {
            var package = model.Find(template.IssueId);
            var focal = package.Dimensions.IndexOf(template.IssueId);
            if (_state is null || _state.Templates[focal].IssueId != template.IssueId || !_state.Templates[focal].ActorIds.SequenceEqual(template.ActorIds))
                _state = new PackageState(model, package, [.. package.Dimensions.Select((id, k) => k == focal ? template : IssueTemplate.From(model.Scenario, id))]);
            return model.Finite(_state.RunFocal(focal, input.Position, input.Salience, input.Capability).Forecasts[focal]);
        }
    }

    private sealed class Bound(PackageState state, JointDraws draws, int focal, DrawCache cache) : IJointDrawModel
    {
        public IJointDrawWorker CreateWorker() => new Worker(state, draws, focal, cache);
    }

    /// <summary>Per draw, the forecast on every dimension and the notes of its one run; written once (a draw run twice at once gives the same numbers).</summary>
    private sealed class DrawCache(int draws, int dimensions)
    {
        private readonly Forecast[] _forecasts = new Forecast[draws * dimensions];
        private readonly int[] _notes = new int[draws];
        private readonly int[] _ready = new int[draws];

        public bool TryGet(int draw, int dimension, out Forecast forecast, out int notes)
        {
            var ready = Volatile.Read(ref _ready[draw]) != 0;
            forecast = ready ? _forecasts[draw * dimensions + dimension] : default;
            notes = ready ? _notes[draw] : 0;
            return ready;
        }

        /// <summary>Keeps the run of <paramref name="draw"/>; returns its forecast on <paramref name="dimension"/>.</summary>
        public Forecast Put(int draw, PackageRun run, PackageJointModel model, int dimension)
        {
            for (var k = 0; k < dimensions; k++) _forecasts[draw * dimensions + k] = model.Finite(run.Forecasts[k]);
            _notes[draw] = run.Notes;
            Volatile.Write(ref _ready[draw], 1);
            return _forecasts[draw * dimensions + dimension];
        }
    }

    private sealed class Worker : IJointDrawWorker
    {
        private readonly PackageState _state;
        private readonly JointDraws _draws;
        private readonly int _focal;
        private readonly IssueBuffer[] _buffers;
        private readonly double[] _row;
        private readonly double[][] _issueRows;
        private readonly DrawCache _cache;

        public Worker(PackageState state, JointDraws draws, int focal, DrawCache cache)
        {
            _state = state;
            _draws = draws;
            _focal = focal;
            _cache = cache;
            (_buffers, _row, _issueRows) = draws.CreateBuffers();
        }

        public int LastNotes { get; private set; }

        public Forecast Evaluate(int draw, Span<DyadOutcome> dyads)
        {
            if (!_cache.TryGet(draw, _focal, out var forecast, out var notes))
            {
                _draws.Fill(draw, _buffers, _row, _issueRows);
                var run = _state.RunDraw(_buffers);
                notes = run.Notes;
                forecast = _cache.Put(draw, run, _state.Model, _focal);
            }
            LastNotes = notes;
            return forecast;
        }
    }
}

/// <summary>One run of a <see cref="PackageJointModel"/> on a package.</summary>
/// <param name="Forecasts">The forecast on each dimension, in the package's order.</param>
/// <param name="Notes">The model's <see cref="IDrawNotes.DrawNotes"/> that applied to the run (bit k = note k).</param>
/// <param name="Warnings">The run's warnings (reported for the run on the point values).</param>
public sealed record PackageRun(ImmutableArray<Forecast> Forecasts, int Notes, ImmutableArray<ResultWarning> Warnings);
