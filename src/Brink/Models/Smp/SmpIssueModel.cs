using System.Collections.Immutable;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Models.Smp;

/// <summary>
/// The spatial model of politics as the simulation engine sees it (<c>brink simulate / sensitivity / whatif --model smp</c>):
/// a joint model (<see cref="IJointIssueModel"/>) whose space is the negotiation a dimension belongs to. Every Monte Carlo
/// draw perturbs the inputs of all the negotiation's dimensions together (<see cref="JointDraws"/>: one template per
/// dimension with the run's noise, an actor's capability drawn once for all of them), runs <see cref="SmpModel"/> once on
/// the package and reports the forecast (capability × salience weighted mean and median of the final positions) on the
/// dimension simulated; so the dimensions' distributions are the marginals of the same joint draws. Sensitivity and
/// what-if vary one dimension's inputs, the other dimensions at their point values.
/// </summary>
/// <remarks>
/// KTAB's rule that an actor's saliences add up to at most 1 over the dimensions (smpread.cpp) can be broken by drawn or
/// changed saliences. A draw scales that actor's saliences down in proportion until they add up to 1, and the run counts the
/// draws in which it did (<see cref="SalienceScaledCode"/>). A sensitivity or what-if change keeps the changed salience and
/// scales the actor's other dimensions down to make room. Draws that end at the turn limit rather than settling are counted
/// too (<see cref="NoConvergenceCode"/>).
/// </remarks>
public sealed class SmpIssueModel : IJointIssueModel, IDrawNotes, IInputAdjustments
{
    /// <summary>Draw note: an actor's drawn saliences added up to more than 1 and were scaled down to 1.</summary>
    public const string SalienceScaledCode = "smp-draw-salience-scaled";
    /// <summary>Code: a changed salience left too little room, and the actor's other dimensions were scaled down.</summary>
    public const string SalienceRoomCode = "smp-salience-room";
    /// <summary>Draw note: the run reached the turn limit without settling.</summary>
    public const string NoConvergenceCode = "smp-draw-no-convergence";

    private readonly Scenario _scenario;
    private readonly SmpOptions _options;
    private readonly Dictionary<string, Package> _packageOf = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DrawCache> _runs = new(StringComparer.Ordinal);

    /// <summary>The model over every negotiation of <paramref name="scenario"/> (<see cref="Scenario.Packages"/>) under <paramref name="options"/>.</summary>
    public SmpIssueModel(Scenario scenario, SmpOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        _scenario = scenario;
        _options = options with { Trace = false, TraceValues = false };
        foreach (var (id, dims) in scenario.Packages())
        {
            var package = new Package(id, [.. dims.Select(d => d.Id)]);
            foreach (var dim in dims) _packageOf[dim.Id] = package;
        }
        Space = [.. scenario.Packages().SelectMany(p => p.Dimensions.Select(d => d.Id))];
        DrawNotes =
        [
            new DrawNote(SalienceScaledCode, "an actor's drawn saliences added up to more than 1 over the dimensions (KTAB's limit) and were scaled down in proportion to add up to 1"),
            new DrawNote(NoConvergenceCode, $"the run reached the limit of {_options.MaxTurns} turns without settling; those draws' forecasts are where the run was cut"),
        ];
    }

    /// <inheritdoc/>
    public string Name => "smp";
    /// <inheritdoc/>
    public string Variant => _options.Variant == SmpVariant.Ktab ? "ktab" : "brink";
    /// <inheritdoc/>
    public bool HasDyads => false;
    /// <summary>Every dimension of every negotiation of the scenario (<see cref="SpaceOf"/> gives the one a dimension belongs to).</summary>
    public ImmutableArray<string> Space { get; }
    /// <inheritdoc/>
    public ImmutableArray<DrawNote> DrawNotes { get; }

    /// <summary>The dimensions of the negotiation <paramref name="issueId"/> belongs to, in order.</summary>
    public ImmutableArray<string> SpaceOf(string issueId) => Find(issueId).Dimensions;

    /// <summary>A worker that runs the negotiation with the given dimension's buffer and its other dimensions at their point values.</summary>
    public IIssueModelWorker CreateWorker() => new PointWorker(this);

    /// <summary>The warnings of the run on the point values (with <paramref name="pointValues"/> on its dimension).</summary>
    public ImmutableArray<ResultWarning> Warnings(SpatialIssue pointValues)
    {
        ArgumentNullException.ThrowIfNull(pointValues);
        var package = Find(pointValues.IssueId);
        var focal = package.Dimensions.IndexOf(pointValues.IssueId);
        var state = new PackageState(this, package, [.. package.Dimensions.Select(id => IssueTemplate.From(_scenario, id))]);
        var result = state.RunFocal(focal, pointValues.Position.AsSpan(), pointValues.Salience.AsSpan(), pointValues.Capability.AsSpan());
        return state.LeftOut.Count > 0
            ? result.Warnings.Add(new ResultWarning("smp-partial-actors",
                $"{package.Id}: left out {string.Join(", ", state.LeftOut)}, who hold a stance on some but not all of its dimensions"))
            : result.Warnings;
    }

    /// <summary>
    /// Setting a salience to <paramref name="value"/> with the actor's other dimensions at their point values: when they
    /// would add up to more than 1, <see cref="CreateWorker"/>'s runs scale the others down to make room, and this says so.
    /// </summary>
    public ResultWarning? Adjustment(IssueTemplate template, int actor, IssueField field, double value)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (field != IssueField.Salience || actor < 0 || actor >= template.Count) return null;
        var package = Find(template.IssueId);
        var id = template.ActorIds[actor];
        var holder = _scenario.Actors.FirstOrDefault(a => a.Id == id);
        if (holder is null || !package.Dimensions.All(holder.Stances.ContainsKey)) return null;
        var others = package.Dimensions.Where(d => d != template.IssueId).Sum(d => holder.Stances[d].Salience);
        if (value + others <= 1 || others <= 0) return null;
        static string Num(double x) => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        return new ResultWarning(SalienceRoomCode,
            $"{id}: a salience of {Num(value)} on {template.IssueId} leaves {Num(Math.Max(0, 1 - value))} for its other dimensions, which hold {Num(others)}; " +
            "the model scaled them down to that, since KTAB's actors give at most all their attention over the dimensions")
        { Actors = [id], Issue = template.IssueId };
    }

    /// <inheritdoc/>
    public IJointDrawModel Bind(IssueTemplate template, MonteCarloOptions options, IReadOnlyList<InputCorrelation> correlations)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        var package = Find(template.IssueId);
        var focal = package.Dimensions.IndexOf(template.IssueId);
        // The simulated dimension's own template (its slots as the caller built them); the others with the same global noise.
        var templates = package.Dimensions.Select((id, k) => k == focal ? template : IssueTemplate.From(_scenario, id, template.Noise)).ToList();
        var draws = JointDraws.Create(templates, correlations, options.Draws, options.Seed, options.Threads);
        // The runs of a package's dimensions in one request (or the chunks of one run) draw the same joint inputs, so one model
        // run per draw serves them all: the key is everything a draw depends on.
        var key = string.Join("\n", [package.Id, options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            options.Draws.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. templates.SelectMany(t => t.Slots.Select(slot => $"{slot.Target}={Describe(slot.Distribution)}")), .. correlations.Select(c => c.ToString())]);
        var cache = _runs.GetOrAdd(key, _ => new DrawCache(options.Draws, package.Dimensions.Length));
        return new Bound(new PackageState(this, package, draws.Issues), draws, focal, cache);
    }

    /// <summary>A distribution in words that tell any two apart (a record's own text shows a list only by its type).</summary>
    private static string Describe(Distribution distribution) => distribution is DiscreteDistribution discrete
        ? $"discrete({string.Join(",", discrete.Values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))};" +
          $"{string.Join(",", discrete.Weights.Select(w => w.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))})"
        : distribution.ToString();

    private Package Find(string issueId) =>
        _packageOf.TryGetValue(issueId, out var package) ? package
            : throw new ArgumentException($"Issue '{issueId}' is not a dimension of any negotiation of the scenario ({string.Join(", ", Space)}).", nameof(issueId));

    private sealed record Package(string Id, ImmutableArray<string> Dimensions);

    /// <summary>The package's point input and, per dimension, where each of its actors sits in that dimension's template.</summary>
    private sealed class PackageState
    {
        private readonly SmpIssueModel _model;
        private readonly int[][] _slot;

        public PackageState(SmpIssueModel model, Package package, IReadOnlyList<IssueTemplate> templates)
        {
            _model = model;
            Templates = templates;
            Point = SmpInputs.From(model._scenario, package.Id, out var leftOut);
            LeftOut = leftOut;
            var holders = model._scenario.Actors.Where(a => package.Dimensions.All(d => a.Stances.ContainsKey(d))).Select(a => a.Id).ToList();
            _slot = [.. templates.Select(t => holders.Select(id => t.ActorIds.IndexOf(id)).ToArray())];
        }

        public IReadOnlyList<IssueTemplate> Templates { get; }
        public SmpInput Point { get; }
        public IReadOnlyList<string> LeftOut { get; }

        /// <summary>The run with every dimension's values from <paramref name="buffers"/>; <paramref name="scaled"/>: some actor's saliences were scaled to 1.</summary>
        public SmpResult RunDraw(IssueBuffer[] buffers, out bool scaled)
        {
            int n = Point.Count, d = Point.DimensionCount;
            var capability = new double[n];
            var position = new double[n * d];
            var salience = new double[n * d];
            scaled = false;
            for (var i = 0; i < n; i++)
            {
                capability[i] = buffers[0].Capability[_slot[0][i]];
                double total = 0;
                for (var k = 0; k < d; k++)
                {
                    position[i * d + k] = buffers[k].Position[_slot[k][i]];
                    total += salience[i * d + k] = buffers[k].Salience[_slot[k][i]];
                }
                if (total > 1)
                {
                    scaled = true;
                    for (var k = 0; k < d; k++) salience[i * d + k] /= total;
                }
            }
            return Run(capability, position, salience);
        }

        /// <summary>The run with dimension <paramref name="focal"/>'s values given (its template's actor order) and the others at their point values.</summary>
        public SmpResult RunFocal(int focal, ReadOnlySpan<double> focalPosition, ReadOnlySpan<double> focalSalience, ReadOnlySpan<double> focalCapability)
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
                double others = 0;
                for (var k = 0; k < d; k++) if (k != focal) others += salience[i * d + k];
                // The changed salience stays as given; the actor's other dimensions make room for it.
                if (kept + others > 1 && others > 0)
                    for (var k = 0; k < d; k++) if (k != focal) salience[i * d + k] *= Math.Max(0, 1 - kept) / others;
            }
            return Run(capability, position, salience);
        }

        private SmpResult Run(double[] capability, double[] position, double[] salience) =>
            SmpModel.Run(Point with
            {
                Capability = ImmutableArray.Create(capability),
                Position = ImmutableArray.Create(position),
                Salience = ImmutableArray.Create(salience),
            }, _model._options);
    }

    private static Forecast On(SmpResult result, int dimension)
    {
        var f = result.Forecasts()[dimension];
        ResultGuard.EnsureFinite(f, "smp", result.Variant);
        return f;
    }

    private sealed class PointWorker(SmpIssueModel model) : IIssueModelWorker
    {
        private PackageState? _state;

        public Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads)
        {
            var package = model.Find(template.IssueId);
            var focal = package.Dimensions.IndexOf(template.IssueId);
            if (_state is null || _state.Templates[focal].IssueId != template.IssueId || !_state.Templates[focal].ActorIds.SequenceEqual(template.ActorIds))
                _state = new PackageState(model, package, [.. package.Dimensions.Select((id, k) => k == focal ? template : IssueTemplate.From(model._scenario, id))]);
            return On(_state.RunFocal(focal, input.Position, input.Salience, input.Capability), focal);
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
        public Forecast Put(int draw, SmpResult result, int notes, int dimension)
        {
            var forecasts = result.Forecasts();
            for (var k = 0; k < dimensions; k++)
                _forecasts[draw * dimensions + k] = ResultGuard.EnsureFinite(forecasts[k], "smp", result.Variant);
            _notes[draw] = notes;
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
                var result = _state.RunDraw(_buffers, out var scaled);
                notes = (scaled ? 1 : 0) | (result.Converged ? 0 : 2);
                forecast = _cache.Put(draw, result, notes, _focal);
            }
            LastNotes = notes;
            return forecast;
        }
    }
}
