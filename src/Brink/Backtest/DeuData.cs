using System.Collections.Immutable;

namespace Brink.Backtest;

/// <summary>How actors' capabilities are set for a DEU issue (DEU has none of its own).</summary>
public enum DeuCapabilities
{
    /// <summary>Council votes of the treaty regime in force at the proposal's introduction; the Commission and the Parliament get the largest member state's weight.</summary>
    Votes,
    /// <summary>GDP from the file's second row (the Commission and the Parliament as coded there).</summary>
    Gdp,
    /// <summary>Every actor 1.</summary>
    Equal,
}

/// <summary>One actor's coded stance on a DEU issue: position on 0–100 and salience on [0,1] (file value /100).</summary>
public sealed record DeuStance(string Actor, double Position, double Salience);

/// <summary>One controversial issue of the DEU data: one row of the file.</summary>
public sealed record DeuIssue
{
    /// <summary>Proposal id (<c>prnr</c>), the unit for cross-validation folds and the bootstrap.</summary>
    public required string Proposal { get; init; }
    /// <summary>Issue id (<c>isnr</c>).</summary>
    public required string IssueId { get; init; }
    /// <summary>The proposal's title, when coded.</summary>
    public string? ProposalName { get; init; }
    /// <summary>Legal instrument (directive, regulation, decision), when coded.</summary>
    public string? LegalType { get; init; }
    /// <summary>The Council formation that handled it, when coded.</summary>
    public string? CouncilFormation { get; init; }
    /// <summary><c>COD</c> (codecision) or <c>CNS</c> (consultation), as coded.</summary>
    public required string Procedure { get; init; }
    /// <summary><c>QMV</c> or <c>unanimity</c>.</summary>
    public required string VotingRule { get; init; }
    /// <summary>The proposal's introduction date, repaired where the file's spreadsheet history mangled it; null if unreadable.</summary>
    public DateOnly? Introduced { get; init; }
    /// <summary>Reference point (status quo) on 0–100, when coded.</summary>
    public double? ReferencePoint { get; init; }
    /// <summary>The decision outcome on 0–100, when coded.</summary>
    public double? Outcome { get; init; }
    /// <summary>The coded stances of the actors that took a position on the issue.</summary>
    public required ImmutableArray<DeuStance> Stances { get; init; }
    /// <summary>1-based line of the row in the file.</summary>
    public int Line { get; init; }
}

/// <summary>A DEU file: its issues and the GDP weights of its second row (actor code → GDP).</summary>
public sealed record DeuDataset(string File, ImmutableArray<DeuIssue> Issues, ImmutableDictionary<string, double> Gdp)
{
    /// <summary>The issue with this id (case-insensitive), or null.</summary>
    public DeuIssue? FindIssue(string issueId) => Issues.FirstOrDefault(i => string.Equals(i.IssueId, issueId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The actors of the DEU layout: the column suffix (<c>pcom</c>/<c>scom</c> → <c>com</c>) and the name.</summary>
public static class DeuActors
{
    /// <summary>Column code of the European Commission.</summary>
    public const string Commission = "com";
    /// <summary>Column code of the European Parliament.</summary>
    public const string Parliament = "ep";

    /// <summary>Every actor of the DEU layout: its column code and name, institutions first.</summary>
    public static ImmutableArray<(string Code, string Name)> All { get; } =
    [
        ("com", "European Commission"), ("ep", "European Parliament"),
        ("at", "Austria"), ("be", "Belgium"), ("bu", "Bulgaria"), ("cr", "Croatia"), ("cy", "Cyprus"),
        ("cz", "Czech Republic"), ("dk", "Denmark"), ("ee", "Estonia"), ("fi", "Finland"), ("fr", "France"),
        ("de", "Germany"), ("el", "Greece"), ("hu", "Hungary"), ("ie", "Ireland"), ("it", "Italy"),
        ("lv", "Latvia"), ("lt", "Lithuania"), ("lu", "Luxembourg"), ("mt", "Malta"), ("nl", "Netherlands"),
        ("pl", "Poland"), ("pt", "Portugal"), ("ro", "Romania"), ("si", "Slovenia"), ("sk", "Slovakia"),
        ("es", "Spain"), ("se", "Sweden"), ("uk", "United Kingdom"),
    ];

    /// <summary>The name of actor <paramref name="code"/>, or the code itself when unknown.</summary>
    public static string NameOf(string code) => All.FirstOrDefault(a => a.Code == code).Name ?? code;

    /// <summary>True for the Commission and the Parliament, false for member states.</summary>
    public static bool IsInstitution(string code) => code is Commission or Parliament;
}
