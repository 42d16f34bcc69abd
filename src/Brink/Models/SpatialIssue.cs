using System.Collections.Immutable;
using Brink.Scenarios;

namespace Brink.Models;

/// <summary>
/// The input every one-dimensional bargaining model takes: the actors that hold a stance on one
/// issue, with capability c_i, position x_i and salience s_i in [0,1] (design §4). Arrays are
/// parallel and indexed by actor.
/// </summary>
public sealed record SpatialIssue
{
    public required string IssueId { get; init; }
    public required ImmutableArray<string> Actors { get; init; }
    public required ImmutableArray<double> Capability { get; init; }
    public required ImmutableArray<double> Position { get; init; }
    public required ImmutableArray<double> Salience { get; init; }
    /// <summary>Fixed risk exponents per actor where the scenario sets them (null = computed by the EUM).</summary>
    public ImmutableArray<double?> Risk { get; init; } = [];
    public double ScaleMin { get; init; }
    public double ScaleMax { get; init; } = 100;
    public double? StatusQuo { get; init; }
    public string? DecisionRule { get; init; }

    public int Count => Actors.Length;

    /// <summary>Builds the model input for one issue from the actors that hold a stance on it.</summary>
    public static SpatialIssue From(Scenario scenario, string issueId)
    {
        var issue = scenario.FindIssue(issueId) ?? throw new ArgumentException($"Unknown issue '{issueId}'.", nameof(issueId));
        var actors = scenario.Actors.Where(a => a.Stances.ContainsKey(issueId)).ToList();
        return new SpatialIssue
        {
            IssueId = issueId,
            Actors = [.. actors.Select(a => a.DisplayName)],
            Capability = [.. actors.Select(a => a.Capability)],
            Position = [.. actors.Select(a => a.Stances[issueId].Position)],
            Salience = [.. actors.Select(a => a.Stances[issueId].Salience)],
            Risk = [.. actors.Select(a => a.Risk)],
            ScaleMin = issue.Min,
            ScaleMax = issue.Max,
            StatusQuo = issue.StatusQuo,
            DecisionRule = issue.DecisionRule,
        };
    }

    /// <summary>Builds an input from plain arrays (tests, benchmarks, importers).</summary>
    public static SpatialIssue Create(IEnumerable<string> actors, IEnumerable<double> capability, IEnumerable<double> position,
        IEnumerable<double> salience, double? statusQuo = null, string issueId = "issue")
    {
        var pos = position.ToImmutableArray();
        return new SpatialIssue
        {
            IssueId = issueId,
            Actors = [.. actors],
            Capability = [.. capability],
            Position = pos,
            Salience = [.. salience],
            ScaleMin = pos.IsEmpty ? 0 : pos.Min(),
            ScaleMax = pos.IsEmpty ? 0 : pos.Max(),
            StatusQuo = statusQuo,
        };
    }
}

/// <summary>A model's point forecast: the weighted mean and weighted median of the final positions.</summary>
public readonly record struct Forecast(double Mean, double Median);
