using System.Globalization;
using Brink.Models;
using Brink.Scenarios;

namespace Brink.Backtest;

/// <summary>
/// One issue to forecast in a back-test: the bargaining input (actor ids are DEU codes such as
/// <c>com</c>, <c>ep</c>, <c>de</c>; the status quo is the reference point), the procedure and voting
/// rule, the proposal it belongs to (the unit of folds and of the bootstrap) and the actual outcome.
/// </summary>
public sealed record BacktestCase(string Proposal, string IssueId, SpatialIssue Issue, string Procedure, string VotingRule, double Outcome, int Line = 0)
{
    /// <summary>The reference point (status quo), when coded.</summary>
    public double? ReferencePoint => Issue.StatusQuo;

    /// <summary>Position of an actor on the issue, or null if it is not coded.</summary>
    public double? PositionOf(string actor)
    {
        var k = Issue.Actors.IndexOf(actor);
        return k < 0 ? null : Issue.Position[k];
    }

    /// <summary>
    /// The case for an issue of a scenario (e.g. one built by <see cref="DeuImporter.ToScenario"/>):
    /// procedure, voting rule, proposal and outcome come from its metadata; the outcome is NaN when unknown.
    /// </summary>
    public static BacktestCase FromScenario(Scenario scenario, string issueId)
    {
        var issue = SpatialIssue.From(scenario, issueId);
        var ids = scenario.Actors.Where(a => a.Stances.ContainsKey(issueId)).Select(a => a.Id);
        var meta = scenario.Metadata;
        var rule = meta.GetValueOrDefault("voting_rule") ?? (scenario.FindIssue(issueId)?.DecisionRule is "qmv" ? "QMV" : scenario.FindIssue(issueId)?.DecisionRule ?? "");
        var outcome = meta.TryGetValue("outcome", out var o) && double.TryParse(o, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
        return new BacktestCase(meta.GetValueOrDefault("proposal") ?? issueId, issueId, issue with { Actors = [.. ids] },
            meta.GetValueOrDefault("procedure") ?? "", rule, outcome);
    }
}
