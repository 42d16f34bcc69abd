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
    /// <summary>Id of the issue in the scenario.</summary>
    public required string IssueId { get; init; }
    /// <summary>Ids of the actors that hold a stance on the issue, in scenario order.</summary>
    public required ImmutableArray<string> Actors { get; init; }
    /// <summary>c_i per actor: capability, ≥ 0, on the scenario's own scale (only ratios matter).</summary>
    public required ImmutableArray<double> Capability { get; init; }
    /// <summary>x_i per actor, on the issue's scale [<see cref="ScaleMin"/>, <see cref="ScaleMax"/>].</summary>
    public required ImmutableArray<double> Position { get; init; }
    /// <summary>s_i per actor, in [0, 1]: how much the issue matters to it.</summary>
    public required ImmutableArray<double> Salience { get; init; }
    /// <summary>Fixed risk exponents per actor where the scenario sets them (null = computed by the EUM).</summary>
    public ImmutableArray<double?> Risk { get; init; } = [];
    /// <summary>Lower end of the issue's scale.</summary>
    public double ScaleMin { get; init; }
    /// <summary>Upper end of the issue's scale (default 100).</summary>
    public double ScaleMax { get; init; } = 100;
    /// <summary>The status quo on the scale, when the scenario gives one (Nash's disagreement outcome).</summary>
    public double? StatusQuo { get; init; }
    /// <summary>The scenario's decision rule as free text ("unanimity", "qmv", …); carried for reporting, no one-dimensional model reads it.</summary>
    public string? DecisionRule { get; init; }

    /// <summary>Number of actors n.</summary>
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
