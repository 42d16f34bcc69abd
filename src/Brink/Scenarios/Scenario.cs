using System.Collections.Immutable;

namespace Brink.Scenarios;

/// <summary>
/// A negotiation or crisis described in a scenario file (design §3): who the actors are, what the
/// issues are, where each actor stands, and the evidence behind each number. Immutable; build a
/// changed copy with <c>with</c>, or edit its text in place with <see cref="ScenarioTextEdits"/>.
/// </summary>
public sealed record Scenario
{
    /// <summary>One-line title of the scenario.</summary>
    public required string Title { get; init; }
    /// <summary>The question the scenario asks, in words (e.g. "Will Russia and NATO settle on Ukraine's status?").</summary>
    public string? Question { get; init; }
    /// <summary>The date the inputs describe: evidence after it is not used.</summary>
    public DateOnly? AsOf { get; init; }
    /// <summary>The documents, speeches and data sets the numbers cite.</summary>
    public ImmutableArray<Source> Sources { get; init; } = [];
    /// <summary>The issues, each on its own scale (dimensions of a multi-dimensional issue are listed as issues).</summary>
    public required ImmutableArray<Issue> Issues { get; init; }
    /// <summary>The actors with their capabilities and stances.</summary>
    public required ImmutableArray<Actor> Actors { get; init; }
    /// <summary>Alliances and leader–follower ties (the influence model reads <c>follows</c>).</summary>
    public ImmutableArray<Relation> Relations { get; init; } = [];
    /// <summary>Where an actor believes another's number differs from the truth (for the perspectives run).</summary>
    public ImmutableArray<Belief> Beliefs { get; init; } = [];
    /// <summary>Issues an actor declares linked: it concedes on one only in return for movement on others (read by the exchange model).</summary>
    public ImmutableArray<IssueLinkage> Linkages { get; init; } = [];
    /// <summary>Inputs that carry a distribution instead of (around) a point value (design §5).</summary>
    public ImmutableArray<UncertainInput> Uncertain { get; init; } = [];
    /// <summary>Rank correlations between uncertain inputs (Iman–Conover).</summary>
    public ImmutableArray<InputCorrelation> Correlations { get; init; } = [];
    /// <summary>Links from a field path (e.g. <c>actors[russia].positions[nato].position</c>) to a source and quote.</summary>
    public ImmutableArray<EvidenceLink> Evidence { get; init; } = [];
    /// <summary>
    /// Global relative noise for inputs without their own range (e.g. 0.1 = ±10%), used by Monte Carlo
    /// on plain tables; null when the scenario does not ask for it.
    /// </summary>
    public double? Noise { get; init; }
    /// <summary>Free metadata (DEU procedure, voting rule, date …).</summary>
    public ImmutableDictionary<string, string> Metadata { get; init; } = ImmutableDictionary<string, string>.Empty;
    /// <summary>Where the scenario was read from (for messages), or null when built in code.</summary>
    public string? SourceFile { get; init; }
    /// <summary>What the capability numbers mean in this scenario (e.g. "relative influence over the talks, United States = 100"); null when not stated.</summary>
    public string? CapabilityScale { get; init; }
    /// <summary>
    /// Notices for fields that were read but that no model uses (actor attributes outside
    /// <see cref="ModelInputs.ActorAttributes"/>), located by file, line and field; <c>brink validate</c> prints them.
    /// </summary>
    public ImmutableArray<Diagnostic> UnusedFields { get; init; } = [];

    /// <summary>The actor with this id (ordinal), or null.</summary>
    public Actor? FindActor(string id) => Actors.FirstOrDefault(a => a.Id == id);
    /// <summary>The issue with this id (ordinal), or null.</summary>
    public Issue? FindIssue(string id) => Issues.FirstOrDefault(i => i.Id == id);

    /// <summary>
    /// Why <paramref name="issueId"/> names no issue, listing the issues; a multi-dimensional issue's id gets
    /// its dimensions named, since the one-dimensional commands run on one dimension at a time.
    /// </summary>
    public string UnknownIssueMessage(string issueId)
    {
        var package = Issues.Where(i => i.Package == issueId).Select(i => i.Id).ToList();
        return package.Count > 0
            ? $"'{issueId}' is an issue with {package.Count} dimensions; this command analyses one dimension at a time: choose one of {string.Join(", ", package)} " +
              "(brink run analyses the dimensions together: Nash on the product space, --model smp)"
            : $"no issue '{issueId}'; issues: {string.Join(", ", Issues.Select(i => i.Id))}";
    }

    /// <summary>
    /// The negotiations the spatial model of politics runs on, in issue order: each multi-dimensional
    /// issue (its dimensions, in order) and each one-dimensional issue on its own.
    /// </summary>
    public IReadOnlyList<(string Id, ImmutableArray<Issue> Dimensions)> Packages() =>
        [.. Issues.GroupBy(i => i.Package ?? i.Id, StringComparer.Ordinal).Select(g => (g.Key, g.ToImmutableArray()))];
}

/// <summary>A source of evidence: a document, speech or data set.</summary>
public sealed record Source(string Id, string? Title = null, string? Url = null, string? Date = null, string? Quote = null)
{
    /// <summary>How the quote was checked, or a paraphrase (never put in <see cref="Quote"/>, which holds only verbatim words).</summary>
    public string? Note { get; init; }
}

/// <summary>A labelled point on an issue scale, e.g. 0 = "Ukraine joins NATO on its own timetable".</summary>
public sealed record ScaleLabel(double Value, string Label);

/// <summary>One issue on a one-dimensional scale [Min, Max].</summary>
public sealed record Issue
{
    /// <summary>Issue id, unique in the scenario (<c>package.dimension</c> for a dimension).</summary>
    public required string Id { get; init; }
    /// <summary>What the issue is about, in words.</summary>
    public string? Description { get; init; }
    /// <summary>Lower end of the scale.</summary>
    public double Min { get; init; }
    /// <summary>Upper end of the scale (default 100).</summary>
    public double Max { get; init; } = 100;
    /// <summary>What chosen points of the scale mean.</summary>
    public ImmutableArray<ScaleLabel> Labels { get; init; } = [];
    /// <summary>Where the issue stands now, on the scale; null when not given (Nash then takes each actor's worst point as disagreement).</summary>
    public double? StatusQuo { get; init; }
    /// <summary>Free text such as "unanimity", "qmv", "majority".</summary>
    public string? DecisionRule { get; init; }
    /// <summary>
    /// Id of the multi-dimensional issue this issue is one dimension of (the issue's id is then
    /// <c>package.dimension</c>); null for an ordinary one-dimensional issue. One-dimensional models
    /// run on each dimension; the spatial model of politics runs on the package as a whole.
    /// </summary>
    public string? Package { get; init; }
    /// <summary>The dimension's own id within its package (null when <see cref="Package"/> is null).</summary>
    public string? Dimension { get; init; }
}

/// <summary>An actor's position on an issue and how much the issue matters to it (salience in [0,1]).</summary>
public sealed record Stance(double Position, double Salience);

/// <summary>A state, alliance, ministry, party or firm.</summary>
public sealed record Actor
{
    /// <summary>Actor id, unique in the scenario, as referenced by relations, beliefs and evidence paths.</summary>
    public required string Id { get; init; }
    /// <summary>Display name, e.g. "United States"; null to show the id.</summary>
    public string? Name { get; init; }
    /// <summary>c_i ≥ 0: the actor's power to shape the outcome, on the scenario's own scale (see <see cref="Scenario.CapabilityScale"/>; only ratios matter).</summary>
    public double Capability { get; init; }
    /// <summary>Position and salience per issue id. An actor may sit out an issue.</summary>
    public ImmutableDictionary<string, Stance> Stances { get; init; } = ImmutableDictionary<string, Stance>.Empty;
    /// <summary>Risk attitude r in [0.5, 2] if fixed by the author; null lets the EUM compute it.</summary>
    public double? Risk { get; init; }
    /// <summary>Audience cost a ≥ 0 paid when a public threat is abandoned (Fearon 1994).</summary>
    public double? AudienceCost { get; init; }
    /// <summary>Resolve in [0,1]: probability the actor is willing to fight if challenged.</summary>
    public double? Resolve { get; init; }
    /// <summary>Cost of war as a share of the good at stake (Fearon 1995), if given.</summary>
    public double? WarCost { get; init; }
    /// <summary>Free attributes for models that need more (kept as text, parsed by the model).</summary>
    public ImmutableDictionary<string, string> Attributes { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <see cref="Name"/> when given, else <see cref="Id"/>.
    public string DisplayName => Name ?? Id;
}

/// <summary>An alliance or leader–follower tie.</summary>
public sealed record Relation(string From, string To, string Kind, double Weight = 1.0);

/// <summary>
/// A declared linkage: <see cref="Actor"/> moves its stance on <see cref="Issue"/> only in return for movement
/// toward it on one of <see cref="Requires"/> (e.g. Russia, January 2022: no agreement on arms control unless the
/// membership question moves). The exchange model enforces it as a constraint on the exchanges it considers.
/// </summary>
/// <param name="Actor">Id of the actor that declares the linkage.</param>
/// <param name="Issue">Id of the issue it will concede on only conditionally.</param>
/// <param name="Requires">Ids of the issues one of which must move toward the actor in the same exchange.</param>
public sealed record IssueLinkage(string Actor, string Issue, ImmutableArray<string> Requires)
{
    /// <summary>Why the linkage is in the scenario (free text), or null.</summary>
    public string? Note { get; init; }
}

/// <summary>Which number of an actor a reference points at.</summary>
public enum ActorParameter
{
    /// <summary><see cref="Actor.Capability"/>.</summary>
    Capability,
    /// <summary><see cref="Stance.Position"/> on one issue.</summary>
    Position,
    /// <summary><see cref="Stance.Salience"/> on one issue.</summary>
    Salience,
    /// <summary><see cref="Actor.Risk"/>.</summary>
    Risk,
    /// <summary><see cref="Actor.AudienceCost"/>.</summary>
    AudienceCost,
    /// <summary><see cref="Actor.Resolve"/>.</summary>
    Resolve,
    /// <summary><see cref="Actor.WarCost"/>.</summary>
    WarCost,
}

/// <summary>Points at one number of one actor (on one issue for position and salience).</summary>
public readonly record struct ParameterRef(string ActorId, ActorParameter Parameter, string? IssueId = null)
{
    /// <c>actor.parameter</c> or <c>actor.issue.parameter</c>, e.g. <c>russia.nato.Position</c>.
    public override string ToString() => IssueId is null ? $"{ActorId}.{Parameter}" : $"{ActorId}.{IssueId}.{Parameter}";
}

/// <summary>What <see cref="Holder"/> believes about another actor's number when it differs from the truth.</summary>
public sealed record Belief(string Holder, ParameterRef About, double Value, string? Note = null);

/// <summary>An input with a distribution (design §5).</summary>
public sealed record UncertainInput(ParameterRef Target, Distribution Distribution);

/// <summary>A Spearman rank correlation between two uncertain inputs.</summary>
public sealed record InputCorrelation(ParameterRef A, ParameterRef B, double Rho);

/// <summary>Evidence behind a number: a source id and quote, or the author's own judgement.</summary>
public sealed record EvidenceLink(string FieldPath, string? SourceId, string? Quote, bool IsJudgement = false)
{
    /// <summary>The author's reasoning (for a judgement) or a remark on the source.</summary>
    public string? Note { get; init; }
}
