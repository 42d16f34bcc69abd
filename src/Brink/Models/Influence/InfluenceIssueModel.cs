using System.Runtime.CompilerServices;
using Brink.Scenarios;
using Brink.Simulation;

namespace Brink.Models.Influence;

/// <summary>
/// The influence model as the simulation engine sees it: each draw runs <see cref="InfluenceModel"/> on
/// the drawn actor table with the network of the scenario's <c>follows</c> relations (the relations
/// themselves are not drawn). Built with the scenario, because a one-issue template carries no relations.
/// </summary>
public sealed class InfluenceIssueModel(Scenario scenario, string variant, ModelOptions options) : IIssueModel
{
    /// <inheritdoc/>
    public string Name => InfluenceModel.Name;
    /// <inheritdoc/>
    public string Variant => variant;
    /// <inheritdoc/>
    public bool HasDyads => false;
    internal ModelOptions Options => options;
    /// <inheritdoc/>
    public IIssueModelWorker CreateWorker() => new Worker(this);

    /// <summary>
    /// The network of a template's actors (those of the issue, minus any an actor-removal shock took out),
    /// in the template's order.
    /// </summary>
    public InfluenceNetwork NetworkFor(IssueTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var ids = template.ActorIds.ToHashSet(StringComparer.Ordinal);
        return InfluenceNetwork.From(scenario with { Actors = [.. scenario.Actors.Where(a => ids.Contains(a.Id))] }, template.IssueId);
    }

    private sealed class Worker(InfluenceIssueModel model) : IIssueModelWorker
    {
        private readonly ConditionalWeakTable<IssueTemplate, InfluenceNetwork> _networks = [];

        public Forecast Evaluate(IssueTemplate template, IssueBuffer input, Span<DyadOutcome> dyads)
        {
            var network = _networks.GetValue(template, model.NetworkFor);
            return InfluenceModel.Run(template.ToSpatialIssue(input), network, model.Variant, model.Options).Forecast;
        }
    }
}
