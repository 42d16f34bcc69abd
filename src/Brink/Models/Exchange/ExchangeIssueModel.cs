using System.Collections.Immutable;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Models.Exchange;

/// <summary>
/// The exchange model as the simulation engine sees it (<c>brink simulate --model exchange</c>): a joint model
/// (<see cref="IJointIssueModel"/>). Every draw perturbs the inputs of every issue of the exchange space together
/// (<see cref="JointDraws"/>: the issues' templates with the run's noise, an actor's capability drawn once for all
/// issues), runs <see cref="ExchangeModel"/> once over the space under the scenario's linkages, and reports the
/// forecast on the issue simulated. Built with the scenario, because one issue's template carries no other issue.
/// </summary>
public sealed class ExchangeIssueModel : IJointIssueModel
{
    private readonly Scenario _scenario;
    private readonly ImmutableArray<ExchangeIssue> _points;

    /// <summary>The model over the exchange space of <paramref name="scenario"/> (all its issues with actors, <see cref="ExchangeModel.Space"/>).</summary>
    public ExchangeIssueModel(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _points = ExchangeModel.Space(scenario);
        Space = [.. _points.Select(i => i.Id)];
    }

    /// <inheritdoc/>
    public string Name => ExchangeModel.Name;
    /// <inheritdoc/>
    public string Variant => ExchangeModel.EqualGain;
    /// <inheritdoc/>
    public bool HasDyads => false;
    /// <inheritdoc/>
    public ImmutableArray<string> Space { get; }

    /// <summary>A worker that runs the space with the given issue's buffer and every other issue at its point values.</summary>
    public IIssueModelWorker CreateWorker() => new PointWorker(this);

    /// <inheritdoc/>
    public ImmutableArray<ResultWarning> Warnings(SpatialIssue pointValues)
    {
        ArgumentNullException.ThrowIfNull(pointValues);
        var focal = Focal(pointValues.IssueId);
        var space = _points.SetItem(focal, _points[focal] with { Input = pointValues });
        return Run(space, focal).Warnings;
    }

    /// <inheritdoc/>
    public IJointDrawModel Bind(IssueTemplate template, MonteCarloOptions options, IReadOnlyList<InputCorrelation> correlations)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        var focal = Focal(template.IssueId);
        // The simulated issue's own template (its slots as the caller built them); the others with the same global noise.
        var templates = _points.Select((p, d) => d == focal ? template : IssueTemplate.From(_scenario, p.Id, template.Noise)).ToList();
        return new Bound(this, JointDraws.Create(templates, correlations, options.Draws, options.Seed, options.Threads), focal);
    }

    private int Focal(string issueId)
    {
        for (var d = 0; d < _points.Length; d++)
            if (_points[d].Id == issueId) return d;
        throw new ArgumentException($"Issue '{issueId}' is not in the exchange space ({string.Join(", ", Space)}).", nameof(issueId));
    }

    private ExchangeResult Run(IReadOnlyList<ExchangeIssue> space, int focal)
    {
        var result = ExchangeModel.Run(space, _scenario.Linkages)[focal];
        ResultGuard.EnsureFinite(result.Forecast, Name, Variant);
        return result;
    }

    private sealed class PointWorker(ExchangeIssueModel model) : IIssueModelWorker
    {
        public Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads)
        {
            var focal = model.Focal(template.IssueId);
            var space = model._points.SetItem(focal, new ExchangeIssue(template.ToSpatialIssue(input), template.ActorIds));
            return model.Run(space, focal).Forecast;
        }
    }

    private sealed class Bound(ExchangeIssueModel model, JointDraws draws, int focal) : IJointDrawModel
    {
        public IJointDrawWorker CreateWorker() => new Worker(model, draws, focal);
    }

    private sealed class Worker : IJointDrawWorker
    {
        private readonly ExchangeIssueModel _model;
        private readonly JointDraws _draws;
        private readonly int _focal;
        private readonly IssueBuffer[] _buffers;
        private readonly double[] _row;
        private readonly double[][] _issueRows;
        private readonly ExchangeIssue[] _space;

        public Worker(ExchangeIssueModel model, JointDraws draws, int focal)
        {
            _model = model;
            _draws = draws;
            _focal = focal;
            (_buffers, _row, _issueRows) = draws.CreateBuffers();
            _space = new ExchangeIssue[draws.Issues.Length];
        }

        public Forecast Evaluate(int draw, Span<DyadOutcome> dyads)
        {
            _draws.Fill(draw, _buffers, _row, _issueRows);
            for (var d = 0; d < _space.Length; d++)
            {
                var t = _draws.Issues[d];
                _space[d] = new ExchangeIssue(t.ToSpatialIssue(_buffers[d]), t.ActorIds);
            }
            return _model.Run(_space, _focal).Forecast;
        }
    }
}
