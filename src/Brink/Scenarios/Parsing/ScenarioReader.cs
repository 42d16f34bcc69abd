using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Brink.Scenarios.Parsing;

/// <summary>
/// Turns a located YAML/JSON tree into a <see cref="Scenario"/>, collecting every problem with its
/// line, column and field path instead of stopping at the first (style guide, practice 5).
/// The format is documented in docs/scenarios.md and schema/brink-scenario.schema.json.
/// </summary>
internal sealed partial class ScenarioReader
{
    private static readonly string[] TopKeys =
        ["$schema", "title", "question", "as_of", "noise", "salience_scale", "capability_scale", "metadata", "sources", "issues", "actors", "relations", "beliefs", "linkages", "correlations", "evidence"];
    private static readonly string[] SourceKeys = ["id", "title", "url", "date", "quote", "note"];
    private static readonly string[] IssueKeys = ["id", "description", "scale", "status_quo", "decision_rule"];
    /// <summary>Keys of a multi-dimensional issue: its dimensions are issue-like entries {id, description, scale, status_quo}.</summary>
    private static readonly string[] PackageKeys = ["id", "description", "decision_rule", "dimensions"];
    private static readonly string[] DimensionKeys = ["id", "description", "scale", "status_quo"];
    private static readonly string[] ScaleKeys = ["min", "max", "labels"];
    private static readonly string[] ActorKeys = ["id", "name", "capability", "risk", "audience_cost", "resolve", "war_cost", "attributes", "positions"];
    private static readonly string[] StanceKeys = ["position", "salience"];
    private static readonly string[] RelationKeys = ["from", "to", "kind", "weight"];
    private static readonly string[] LinkageKeys = ["actor", "issue", "requires", "source", "quote", "judgement", "note"];
    private static readonly string[] BeliefKeys = ["holder", "about", "parameter", "issue", "value", "note"];
    private static readonly string[] CorrelationKeys = ["a", "b", "rho"];
    private static readonly string[] RefKeys = ["actor", "parameter", "issue"];
    private static readonly string[] EvidenceKeys = ["path", "source", "quote", "judgement", "note"];
    private static readonly string[] NumberKeys =
        ["value", "range", "dist", "min", "max", "mode", "mean", "sd", "a", "b", "values", "weights", "source", "quote", "judgement", "note"];
    private static readonly string[] DistributionNames = ["uniform", "triangular", "normal", "beta", "discrete"];
    private static readonly string[] ParameterNames = ["capability", "position", "salience", "risk", "audience_cost", "resolve", "war_cost"];

    private readonly string _file;
    private readonly List<Diagnostic> _diagnostics;
    private readonly Dictionary<string, Source> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Issue> _issues = new(StringComparer.Ordinal);
    /// <summary>Multi-dimensional issues: package id → its dimension issues (ids <c>package.dimension</c>), in order.</summary>
    private readonly Dictionary<string, List<Issue>> _packages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _actorIds = new(StringComparer.Ordinal);
    private readonly List<EvidenceLink> _evidence = [];
    private readonly List<UncertainInput> _uncertain = [];
    private readonly List<(string SourceId, Node Node, string Path)> _sourceRefs = [];
    private readonly List<Diagnostic> _unused = [];
    private double _salienceScale = 1;
    /// <summary>Salience nodes already reported as a typo against the table's scale (not reported again as out of range).</summary>
    private readonly HashSet<Node> _salienceTypos = [];

    public ScenarioReader(string file, List<Diagnostic> diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    public Scenario? Read(Node root)
    {
        if (root is not MapNode map)
        {
            Error(root, "", $"expected a mapping with the scenario fields (title, issues, actors …), found {root.Kind}");
            return null;
        }
        CheckKeys(map, "", TopKeys);

        var title = RequiredString(map, "title", "");
        var question = OptionalString(map, "question", "");
        var capabilityScale = OptionalString(map, "capability_scale", "");
        var asOf = ReadDate(map, "as_of", "");
        var noise = OptionalNumber(map, "noise", "noise", 0, 1, "between 0 and 1 (relative noise, e.g. 0.1 = ±10%)");
        var metadata = ReadStringMap(map.Get("metadata"), "metadata");

        foreach (var source in ReadList(map, "sources", required: false))
            ReadSource(source.Node, source.Path);
        var issues = new List<Issue>();
        foreach (var issue in ReadList(map, "issues", required: true, what: "issue"))
            if (issue.Node is MapNode packageMap && packageMap.Get("dimensions") is not null) issues.AddRange(ReadPackage(packageMap, issue.Path));
            else if (ReadIssue(issue.Node, issue.Path) is { } read) issues.Add(read);

        DetectSalienceScale(map);
        var actors = new List<Actor>();
        foreach (var actor in ReadList(map, "actors", required: true, what: "actor"))
            if (ReadActor(actor.Node, actor.Path) is { } read) actors.Add(read);

        var relations = new List<Relation>();
        foreach (var item in ReadList(map, "relations", required: false))
            if (ReadRelation(item.Node, item.Path) is { } read) relations.Add(read);
        var beliefs = new List<Belief>();
        foreach (var item in ReadList(map, "beliefs", required: false))
            if (ReadBelief(item.Node, item.Path) is { } read) beliefs.Add(read);
        var linkages = new List<IssueLinkage>();
        foreach (var item in ReadList(map, "linkages", required: false))
            if (ReadLinkage(item.Node, item.Path, actors, linkages) is { } read) linkages.Add(read);
        var correlations = new List<InputCorrelation>();
        foreach (var item in ReadList(map, "correlations", required: false))
            if (ReadCorrelation(item.Node, item.Path) is { } read) correlations.Add(read);
        foreach (var item in ReadList(map, "evidence", required: false))
            ReadEvidenceEntry(item.Node, item.Path);

        foreach (var (sourceId, node, path) in _sourceRefs)
            if (!_sources.ContainsKey(sourceId))
                Error(node, path, $"unknown source '{sourceId}'{Known(_sources.Keys, "sources")}");

        foreach (var group in actors.GroupBy(a => a.DisplayName, StringComparer.Ordinal).Where(g => g.Count() > 1))
            Warning(map.Get("actors")!, "actors", $"actors {string.Join(", ", group.Select(a => $"'{a.Id}'"))} share the name '{group.Key}'; results name actors by name, so give each its own");
        foreach (var issue in issues)
        {
            var holders = actors.Count(a => a.Stances.ContainsKey(issue.Id));
            if (holders == 0 && actors.Count > 0)
                Warning(map.Get("issues")!, $"issues[{issue.Id}]", "no actor holds a position on this issue");
        }

        if (_diagnostics.Any(d => d.Severity == Severity.Error) || title is null) return null;
        return new Scenario
        {
            Title = title,
            Question = question,
            AsOf = asOf,
            Noise = noise,
            Sources = [.. _sources.Values],
            Issues = [.. issues],
            Actors = [.. actors],
            Relations = [.. relations],
            Beliefs = [.. beliefs],
            Linkages = [.. linkages],
            Uncertain = [.. _uncertain],
            Correlations = [.. correlations],
            Evidence = [.. _evidence],
            Metadata = metadata,
            SourceFile = _file,
            CapabilityScale = capabilityScale,
            UnusedFields = [.. _unused],
        };
    }

    // ---- sections -------------------------------------------------------------------------

    private void ReadSource(Node node, string path)
    {
        if (ExpectMap(node, path, "a source {id, title, url, date, quote}") is not { } map) return;
        CheckKeys(map, path, SourceKeys);
        var id = RequiredId(map, path);
        var source = new Source(id ?? "", OptionalString(map, "title", path), OptionalString(map, "url", path),
            OptionalString(map, "date", path), OptionalString(map, "quote", path))
        { Note = OptionalString(map, "note", path) };
        if (id is null) return;
        if (!_sources.TryAdd(id, source)) Error(map.Get("id")!, path + ".id", $"duplicate source id '{id}'");
    }

    private Issue? ReadIssue(Node node, string path, string? package = null, string? packageRule = null)
    {
        if (ExpectMap(node, path, package is null ? "an issue {id, description, scale, status_quo, decision_rule}" : "a dimension {id, description, scale, status_quo}") is not { } map) return null;
        CheckKeys(map, path, package is null ? IssueKeys : DimensionKeys);
        var id = RequiredId(map, path);
        var dimension = id;
        if (id is not null && package is not null)
        {
            path = $"issues[{package}].dimensions[{id}]";
            id = $"{package}.{id}";
        }
        else if (id is not null) path = $"issues[{id}]";
        double min = 0, max = 100;
        var labels = new List<ScaleLabel>();
        var scaleOk = true;
        if (map.Get("scale") is { } scaleNode && ExpectMap(scaleNode, path + ".scale", "a scale {min, max, labels}") is { } scale)
        {
            CheckKeys(scale, path + ".scale", ScaleKeys);
            var lo = ReadPlainNumber(scale, "min", path + ".scale", required: true);
            var hi = ReadPlainNumber(scale, "max", path + ".scale", required: true);
            if (lo is { } l && hi is { } h)
            {
                if (l >= h)
                {
                    Error(scale, path + ".scale", $"min ({Fmt(l)}) must be below max ({Fmt(h)})");
                    scaleOk = false;
                }
                else (min, max) = (l, h);
            }
            else scaleOk = false;
            if (scale.Get("labels") is { } labelNode && ExpectMap(labelNode, path + ".scale.labels", "a mapping from scale values to text, e.g. {0: \"…\", 100: \"…\"}") is { } labelMap)
            {
                foreach (var (key, value) in labelMap.Entries)
                {
                    var labelPath = $"{path}.scale.labels[{key.Text}]";
                    if (!TryParseNumber(key.Text, out var at))
                    {
                        Error(key, labelPath, $"label key '{key.Text}' must be a number on the scale");
                        continue;
                    }
                    if (scaleOk && (at < min || at > max)) Error(key, labelPath, $"label at {Fmt(at)} lies outside the scale [{Fmt(min)}, {Fmt(max)}]");
                    if (ScalarText(value, labelPath, "the label text") is { } text) labels.Add(new ScaleLabel(at, text));
                }
            }
        }
        double? statusQuo = null;
        if (map.Get("status_quo") is { } sqNode && ReadNumber(sqNode, path + ".status_quo", null) is { } sq)
        {
            if (scaleOk && (sq.Value < min || sq.Value > max))
                Error(sqNode, path + ".status_quo", $"status quo {Fmt(sq.Value)} lies outside the scale [{Fmt(min)}, {Fmt(max)}]");
            statusQuo = sq.Value;
        }
        var decisionRule = package is null ? OptionalString(map, "decision_rule", path) : packageRule;
        if (id is null) return null;
        var issue = new Issue
        {
            Id = id, Description = OptionalString(map, "description", path), Min = min, Max = max,
            Labels = [.. labels.OrderBy(l => l.Value)], StatusQuo = statusQuo, DecisionRule = decisionRule,
            Package = package, Dimension = package is null ? null : dimension,
        };
        if (!_issues.TryAdd(id, issue))
        {
            Error(map.Get("id")!, path + ".id", $"duplicate issue id '{id}'");
            return null;
        }
        return issue;
    }

    /// <summary>
    /// A multi-dimensional issue {id, description, decision_rule, dimensions: [{id, description, scale,
    /// status_quo}, …]}: each dimension becomes an issue <c>id.dimension</c> with its own scale.
    /// </summary>
    private List<Issue> ReadPackage(MapNode map, string path)
    {
        var read = new List<Issue>();
        CheckKeys(map, path, PackageKeys);
        var id = RequiredId(map, path);
        if (id is null) return read;
        path = $"issues[{id}]";
        if (_issues.ContainsKey(id) || _packages.ContainsKey(id))
        {
            Error(map.Get("id")!, path + ".id", $"duplicate issue id '{id}'");
            return read;
        }
        var rule = OptionalString(map, "decision_rule", path);
        var dims = map.Get("dimensions")!;
        if (dims is not SequenceNode seq || seq.Items.Count == 0)
        {
            Error(dims, path + ".dimensions", "expected a list of dimensions, each {id, description, scale, status_quo}");
            return read;
        }
        for (var x = 0; x < seq.Items.Count; x++)
            if (ReadIssue(seq.Items[x], $"{path}.dimensions[{x}]", id, rule) is { } dim) read.Add(dim);
        _packages[id] = read;
        return read;
    }

    private Actor? ReadActor(Node node, string path)
    {
        if (ExpectMap(node, path, "an actor {id, name, capability, positions …}") is not { } map) return null;
        CheckKeys(map, path, ActorKeys);
        var id = RequiredId(map, path);
        if (id is not null)
        {
            path = $"actors[{id}]";
            if (!_actorIds.Add(id))
            {
                Error(map.Get("id")!, path + ".id", $"duplicate actor id '{id}'");
                id = null;
            }
        }
        var name = OptionalString(map, "name", path);
        var capability = ActorNumber(map, "capability", path, id, ActorParameter.Capability, null, 0, double.PositiveInfinity, "≥ 0", required: true);
        var risk = ActorNumber(map, "risk", path, id, ActorParameter.Risk, null, 0.5, 2, "in [0.5, 2]");
        var audienceCost = ActorNumber(map, "audience_cost", path, id, ActorParameter.AudienceCost, null, 0, double.PositiveInfinity, "≥ 0");
        var resolve = ActorNumber(map, "resolve", path, id, ActorParameter.Resolve, null, 0, 1, "in [0, 1]");
        var warCost = ActorNumber(map, "war_cost", path, id, ActorParameter.WarCost, null, 0, double.PositiveInfinity, "≥ 0");
        var attributes = ReadStringMap(map.Get("attributes"), path + ".attributes");
        if (map.Get("attributes") is MapNode attributeMap)
            foreach (var key in attributeMap.Entries.Select(e => e.Key).Where(k => !ModelInputs.ActorAttributes.Contains(k.Text)))
                _unused.Add(new Diagnostic(_file, key.Line, key.Column, $"{path}.attributes.{key.Text}",
                    $"unused: no model reads the attribute '{key.Text}', so it does not change any result (attributes read by models: {string.Join(", ", ModelInputs.ActorAttributes.Order(StringComparer.Ordinal))})",
                    Severity.Notice));

        var stances = ImmutableDictionary.CreateBuilder<string, Stance>(StringComparer.Ordinal);
        if (map.Get("positions") is { } positionsNode &&
            ExpectMap(positionsNode, path + ".positions", "a mapping from issue id to {position, salience}") is { } positions)
        {
            var entries = new List<(ScalarNode Key, string IssueId, Node Value, string Path)>();
            foreach (var (key, value) in positions.Entries)
            {
                if (!_packages.TryGetValue(key.Text, out var dims))
                {
                    entries.Add((key, key.Text, value, $"{path}.positions[{key.Text}]"));
                    continue;
                }
                // A multi-dimensional issue: {dimension: {position, salience}, …}.
                if (ExpectMap(value, $"{path}.positions[{key.Text}]", "a mapping from dimension id to {position, salience}") is not { } byDim) continue;
                double total = 0;
                foreach (var (dimKey, dimValue) in byDim.Entries)
                {
                    var flat = $"{key.Text}.{dimKey.Text}";
                    if (!_issues.ContainsKey(flat))
                    {
                        Error(dimKey, $"{path}.positions[{key.Text}][{dimKey.Text}]", $"unknown dimension '{dimKey.Text}' of issue '{key.Text}'{Known(dims.Select(d => d.Dimension!), "dimensions")}");
                        continue;
                    }
                    entries.Add((dimKey, flat, dimValue, $"{path}.positions[{flat}]"));
                    var salNode = dimValue is MapNode dm ? dm.Get("salience") : null;
                    if (salNode is MapNode salMap) salNode = salMap.Get("value");
                    if (salNode is ScalarNode { IsString: false } sn && TryParseNumber(sn.Text, out var sx)) total += sx / _salienceScale;
                }
                if (total > 1 + 1e-9)
                    Error(value, $"{path}.positions[{key.Text}]", $"saliences over the dimensions of '{key.Text}' add up to {Fmt(total)}, more than 1 (the spatial model of politics shares one unit of attention among a negotiation's dimensions)");
            }
            foreach (var (key, issueKey, value, stancePath) in entries)
            {
                _issues.TryGetValue(issueKey, out var issue);
                if (issue is null) Error(key, stancePath, $"unknown issue '{key.Text}'{Known(_issues.Values.Where(i => i.Package is null).Select(i => i.Id).Concat(_packages.Keys), "issues")}");
                if (ExpectMap(value, stancePath, "{position, salience}") is not { } stance) continue;
                CheckKeys(stance, stancePath, StanceKeys);
                var (lo, hi) = issue is null ? (double.NegativeInfinity, double.PositiveInfinity) : (issue.Min, issue.Max);
                var position = ActorNumber(stance, "position", stancePath, id, ActorParameter.Position, issue?.Id, lo, hi,
                    issue is null ? "on the issue's scale" : $"on the issue's scale [{Fmt(lo)}, {Fmt(hi)}]", required: true);
                var salience = ActorNumber(stance, "salience", stancePath, id, ActorParameter.Salience, issue?.Id, 0, 1,
                    _salienceScale == 1 ? "in [0, 1]" : "in [0, 100] (0–100 scale detected)", required: true, scale: _salienceScale);
                if (position is { } p && salience is { } s && issue is not null) stances[issue.Id] = new Stance(p, s);
            }
        }
        else if (map.Get("positions") is null)
            Warning(map, path, "the actor holds no position on any issue (add positions: {<issue>: {position, salience}})");

        if (id is null || capability is null) return null;
        return new Actor
        {
            Id = id, Name = name, Capability = capability.Value, Risk = risk, AudienceCost = audienceCost,
            Resolve = resolve, WarCost = warCost, Attributes = attributes, Stances = stances.ToImmutable(),
        };
    }

    private Relation? ReadRelation(Node node, string path)
    {
        if (ExpectMap(node, path, "a relation {from, to, kind, weight}") is not { } map) return null;
        CheckKeys(map, path, RelationKeys);
        var from = ActorRef(map, "from", path);
        var to = ActorRef(map, "to", path);
        var kind = RequiredString(map, "kind", path);
        double weight = 1;
        if (map.Get("weight") is { } w && ReadNumber(w, path + ".weight", null) is { } wn) weight = wn.Value;
        if (from is not null && from == to) Error(map, path, $"a relation needs two different actors (from and to are both '{from}')");
        return from is null || to is null || kind is null ? null : new Relation(from, to, kind, weight);
    }

    private IssueLinkage? ReadLinkage(Node node, string path, List<Actor> actors, List<IssueLinkage> earlier)
    {
        if (ExpectMap(node, path, "a linkage {actor, issue, requires, source, judgement, note}") is not { } map) return null;
        CheckKeys(map, path, LinkageKeys);
        var actorId = ActorRef(map, "actor", path);
        var issueId = IssueRef(map.Get("issue"), path + ".issue", required: map);
        var requires = new List<string>();
        switch (map.Get("requires"))
        {
            case null:
                Error(map, path, "missing field 'requires': the issue or issues that must move for the actor to concede on 'issue'");
                break;
            case SequenceNode seq:
                if (seq.Items.Count == 0) Error(seq, path + ".requires", "an empty list: name at least one issue");
                for (var k = 0; k < seq.Items.Count; k++)
                    if (IssueRef(seq.Items[k], $"{path}.requires[{k}]", required: null) is { } id) requires.Add(id);
                break;
            case var one:
                if (IssueRef(one, path + ".requires", required: null) is { } single) requires.Add(single);
                break;
        }
        if (ReadEvidence(map, path, path) is { } evidence) _evidence.Add(evidence);
        var note = OptionalString(map, "note", path);
        if (actorId is null || issueId is null || requires.Count == 0) return null;
        if (requires.Contains(issueId))
        {
            Error(map.Get("requires")!, path + ".requires", $"'{issueId}' is the linked issue itself: name the other issues that must move");
            return null;
        }
        if (requires.Distinct(StringComparer.Ordinal).Count() != requires.Count)
            Error(map.Get("requires")!, path + ".requires", "an issue is named twice");
        if (earlier.Any(l => l.Actor == actorId && l.Issue == issueId))
            Error(map, path, $"'{actorId}' already has a linkage on '{issueId}': list every required issue in one 'requires'");
        var actor = actors.FirstOrDefault(a => a.Id == actorId);
        foreach (var id in requires.Prepend(issueId))
            if (actor is not null && !actor.Stances.ContainsKey(id))
                Warning(map, path, $"'{actorId}' holds no position on '{id}', so this linkage never binds");
        return new IssueLinkage(actorId, issueId, [.. requires]) { Note = note };
    }

    /// <summary>An issue id (a one-dimensional issue or one dimension of a package), checked against the scenario's issues.</summary>
    private string? IssueRef(Node? node, string path, MapNode? required)
    {
        if (node is null)
        {
            if (required is not null) Error(required, path[..path.LastIndexOf('.')], $"missing field '{path[(path.LastIndexOf('.') + 1)..]}'");
            return null;
        }
        if (ScalarText(node, path, "an issue id") is not { } id) return null;
        if (_issues.ContainsKey(id)) return id;
        Error(node, path, _packages.ContainsKey(id)
            ? $"'{id}' is an issue with several dimensions: name one dimension ({string.Join(", ", _issues.Keys.Where(k => k.StartsWith(id + ".", StringComparison.Ordinal)))})"
            : $"unknown issue '{id}'{Known(_issues.Keys, "issues")}");
        return null;
    }

    private Belief? ReadBelief(Node node, string path)
    {
        if (ExpectMap(node, path, "a belief {holder, about, parameter, issue, value, note}") is not { } map) return null;
        CheckKeys(map, path, BeliefKeys);
        var holder = ActorRef(map, "holder", path);
        var about = ActorRef(map, "about", path);
        var target = ReadParameterTarget(map, path, about);
        var note = OptionalString(map, "note", path);
        if (map.Get("value") is not { } valueNode)
        {
            Missing(map, path, "value", "the number the holder believes");
            return null;
        }
        if (target is not { } t) return null;
        var (lo, hi, range) = Bounds(t.Parameter, t.IssueId);
        var scale = t.Parameter == ActorParameter.Salience ? _salienceScale : 1;
        if (ReadNumber(valueNode, path + ".value", null, scale) is not { } value) return null;
        CheckBounds(value, lo, hi, range, scale);
        return holder is null || about is null ? null : new Belief(holder, t with { ActorId = about }, value.Value, note);
    }

    private InputCorrelation? ReadCorrelation(Node node, string path)
    {
        if (ExpectMap(node, path, "a correlation {a, b, rho}") is not { } map) return null;
        CheckKeys(map, path, CorrelationKeys);
        var a = ReadInputRef(map, "a", path);
        var b = ReadInputRef(map, "b", path);
        double? rho = null;
        if (map.Get("rho") is not { } rhoNode) Missing(map, path, "rho", "a rank correlation in [-1, 1]");
        else if (ReadNumber(rhoNode, path + ".rho", null) is { } r)
        {
            if (r.Value is < -1 or > 1) Error(rhoNode, path + ".rho", $"rho {Fmt(r.Value)} must be in [-1, 1]");
            else rho = r.Value;
        }
        if (a is { } ra && b is { } rb && ra == rb) Error(map, path, "a correlation needs two different inputs");
        return a is null || b is null || rho is null ? null : new InputCorrelation(a.Value, b.Value, rho.Value);
    }

    private void ReadEvidenceEntry(Node node, string path)
    {
        if (ExpectMap(node, path, "an evidence link {path, source, quote, judgement}") is not { } map) return;
        CheckKeys(map, path, EvidenceKeys);
        var target = RequiredString(map, "path", path);
        if (target is not null) CheckFieldPath(target, map.Get("path")!, path + ".path");
        var link = ReadEvidence(map, path, target ?? "");
        if (link is null)
            Error(map, path, "an evidence link needs a source (source: <id>) or judgement: true");
        else if (target is not null) _evidence.Add(link);
    }

    // ---- numbers ----------------------------------------------------------------------------

    /// <summary>A number as read: the point value, an optional distribution, and where it was written.</summary>
    private sealed record Number(double Value, Distribution? Distribution, Node Node, string Path);

    /// <summary>Reads one actor number (point, or map with range/dist/evidence), checks its bounds and records its distribution.</summary>
    private double? ActorNumber(MapNode map, string key, string path, string? actorId, ActorParameter parameter, string? issueId,
        double lo, double hi, string range, bool required = false, double scale = 1)
    {
        var fieldPath = $"{path}.{key}";
        if (map.Get(key) is not { } node)
        {
            if (required) Missing(map, path, key, $"a number {range}");
            return null;
        }
        if (_salienceTypos.Contains(node)) return null;
        var natural = (lo * scale, hi * scale);
        if (ReadNumber(node, fieldPath, natural, scale) is not { } number) return null;
        if (!CheckBounds(number, lo, hi, range, scale)) return null;
        if (number.Distribution is { } distribution && actorId is not null && (issueId is not null || parameter is not (ActorParameter.Position or ActorParameter.Salience)))
            _uncertain.Add(new UncertainInput(new ParameterRef(actorId, parameter, issueId), distribution));
        return number.Value;
    }

    private bool CheckBounds(Number number, double lo, double hi, string range, double scale)
    {
        string Show(double x) => scale == 1 ? Fmt(x) : Fmt(x * scale);
        if (double.IsInfinity(lo) && double.IsInfinity(hi)) return true;
        if (number.Value < lo || number.Value > hi)
        {
            Error(number.Node, number.Path, $"{Show(number.Value)} is out of range: expected a number {range}{(scale == 1 ? ScaleDetection.PercentHint(number.Value, lo, hi) : "")}");
            return false;
        }
        if (number.Distribution is { } d)
        {
            var (min, max) = d.Support;
            if (min < lo - 1e-12 || max > hi + 1e-12)
            {
                Error(number.Node, number.Path, $"the distribution's range [{Show(min)}, {Show(max)}] goes outside the allowed range: expected values {range}");
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Reads a number written plainly or as a map with <c>value</c> and optional <c>range</c>/<c>dist</c> and
    /// evidence. <paramref name="natural"/> is the parameter's valid range (null: uncertainty not allowed here),
    /// used as default truncation; <paramref name="scale"/> divides the value and distribution (salience on 0–100).
    /// </summary>
    private Number? ReadNumber(Node node, string path, (double Lo, double Hi)? natural, double scale = 1)
    {
        if (node is ScalarNode scalar)
            return ParseNumber(scalar, path) is { } x ? new Number(x / scale, null, node, path) : null;
        if (node is not MapNode map)
        {
            Error(node, path, $"expected a number or {{value: …, range: [lo, hi], source: …}}, found {node.Kind}");
            return null;
        }
        CheckKeys(map, path, NumberKeys);
        double? value = null;
        if (map.Get("value") is not { } valueNode) Missing(map, path, "value", "the point estimate");
        else if (valueNode is ScalarNode vs) value = ParseNumber(vs, path + ".value");
        else Error(valueNode, path + ".value", $"expected a number, found {valueNode.Kind}");

        var link = ReadEvidence(map, path, path);
        if (link is not null) _evidence.Add(link);
        else if (map.Get("quote") is not null || map.Get("note") is not null)
            Error(map, path, "a quote or note needs its source (source: <id>) or judgement: true");

        var hasDistribution = map.Get("dist") is not null || map.Get("range") is not null || map.Get("values") is not null;
        if (!hasDistribution)
        {
            foreach (var key in new[] { "min", "max", "mode", "mean", "sd", "a", "b", "weights" })
                if (map.KeyNode(key) is { } stray) Error(stray, $"{path}.{key}", $"'{key}' needs a distribution: add dist: uniform|triangular|normal|beta|discrete or range: [lo, hi]");
            return value is { } v0 ? new Number(v0 / scale, null, node, path) : null;
        }
        if (natural is null)
        {
            Error(map, path, "a range or distribution is only supported on actor numbers (capability, position, salience, risk, audience_cost, resolve, war_cost)");
            return null;
        }
        if (value is not { } v) return null;
        var raw = ReadDistribution(map, path, v, natural.Value);
        if (raw is null) return null;
        return new Number(v / scale, scale == 1 ? raw : Scale(raw, 1 / scale), node, path);
    }

    private Distribution? ReadDistribution(MapNode map, string path, double value, (double Lo, double Hi) natural)
    {
        var name = "uniform";
        if (map.Get("dist") is { } distNode)
        {
            if (ScalarText(distNode, path + ".dist", "a distribution name") is not { } text) return null;
            name = text.ToLowerInvariant();
            if (!DistributionNames.Contains(name))
            {
                Error(distNode, path + ".dist", $"unknown distribution '{text}': expected one of {string.Join(", ", DistributionNames)}");
                return null;
            }
        }
        string[] allowed = name switch
        {
            "uniform" => ["range", "min", "max"],
            "triangular" => ["range", "min", "max", "mode"],
            "normal" => ["range", "min", "max", "mean", "sd"],
            "beta" => ["range", "min", "max", "a", "b"],
            _ => ["values", "weights"],
        };
        var ok = true;
        foreach (var key in new[] { "range", "min", "max", "mode", "mean", "sd", "a", "b", "values", "weights" })
            if (!allowed.Contains(key) && map.KeyNode(key) is { } stray)
            {
                Error(stray, $"{path}.{key}", $"'{key}' does not apply to a {name} distribution (it takes {string.Join(", ", allowed)})");
                ok = false;
            }

        double? min = null, max = null;
        if (map.Get("range") is { } rangeNode)
        {
            if (map.Get("min") is not null || map.Get("max") is not null)
            {
                Error(rangeNode, path + ".range", "give either range: [lo, hi] or min/max, not both");
                ok = false;
            }
            var pair = ReadNumberList(rangeNode, path + ".range");
            if (pair is null) ok = false;
            else if (pair.Count != 2)
            {
                Error(rangeNode, path + ".range", $"expected [lo, hi], found {pair.Count} numbers");
                ok = false;
            }
            else (min, max) = (pair[0], pair[1]);
        }
        else
        {
            if (map.Get("min") is { } minNode) min = ParseNumberNode(minNode, path + ".min");
            if (map.Get("max") is { } maxNode) max = ParseNumberNode(maxNode, path + ".max");
        }

        Distribution? result = null;
        switch (name)
        {
            case "uniform":
            case "triangular":
            {
                if (min is null || max is null)
                {
                    Error(map, path, $"a {name} distribution needs range: [lo, hi] (or min and max)");
                    return null;
                }
                if (!Ordered(map, path, min.Value, max.Value)) return null;
                if (name == "uniform") result = new UniformDistribution(min.Value, max.Value);
                else
                {
                    var mode = value;
                    if (map.Get("mode") is { } modeNode && ParseNumberNode(modeNode, path + ".mode") is { } m) mode = m;
                    if (mode < min || mode > max)
                    {
                        Error(map.Get("mode") ?? map, path + ".mode", $"mode {Fmt(mode)} must lie inside [{Fmt(min.Value)}, {Fmt(max.Value)}]");
                        return null;
                    }
                    result = new TriangularDistribution(min.Value, mode, max.Value);
                }
                break;
            }
            case "normal":
            {
                var mean = value;
                if (map.Get("mean") is { } meanNode && ParseNumberNode(meanNode, path + ".mean") is { } mu) mean = mu;
                double? sd = null;
                if (map.Get("sd") is not { } sdNode) Missing(map, path, "sd", "the standard deviation (> 0)");
                else if (ParseNumberNode(sdNode, path + ".sd") is { } s)
                {
                    if (s <= 0) Error(sdNode, path + ".sd", $"sd {Fmt(s)} must be greater than 0");
                    else sd = s;
                }
                if (sd is null) return null;
                var lo = min ?? Math.Max(natural.Lo, mean - 6 * sd.Value);
                var hi = max ?? Math.Min(natural.Hi, mean + 6 * sd.Value);
                if (!Ordered(map, path, lo, hi)) return null;
                if (mean < lo || mean > hi)
                {
                    Error(map.Get("mean") ?? map, path, $"mean {Fmt(mean)} must lie inside the truncation range [{Fmt(lo)}, {Fmt(hi)}]");
                    return null;
                }
                result = new TruncatedNormalDistribution(mean, sd.Value, lo, hi);
                break;
            }
            case "beta":
            {
                var a = PositiveParameter(map, "a", path);
                var b = PositiveParameter(map, "b", path);
                var lo = min ?? natural.Lo;
                var hi = max ?? natural.Hi;
                if (double.IsInfinity(lo) || double.IsInfinity(hi))
                {
                    Error(map, path, "a beta distribution on an unbounded number needs range: [lo, hi]");
                    return null;
                }
                if (a is null || b is null || !Ordered(map, path, lo, hi)) return null;
                result = new BetaDistribution(a.Value, b.Value, lo, hi);
                break;
            }
            default:
            {
                if (map.Get("values") is not { } valuesNode)
                {
                    Missing(map, path, "values", "the list of possible values");
                    return null;
                }
                var values = ReadNumberList(valuesNode, path + ".values");
                if (values is null) return null;
                if (values.Count == 0)
                {
                    Error(valuesNode, path + ".values", "a discrete distribution needs at least one value");
                    return null;
                }
                var weights = Enumerable.Repeat(1.0, values.Count).ToList();
                if (map.Get("weights") is { } weightsNode)
                {
                    if (ReadNumberList(weightsNode, path + ".weights") is not { } w) return null;
                    if (w.Count != values.Count)
                    {
                        Error(weightsNode, path + ".weights", $"expected {values.Count} weights (one per value), found {w.Count}");
                        return null;
                    }
                    if (w.Any(x => x < 0))
                    {
                        Error(weightsNode, path + ".weights", "weights must be ≥ 0");
                        return null;
                    }
                    if (w.Sum() <= 0)
                    {
                        Error(weightsNode, path + ".weights", "the weights must not all be 0");
                        return null;
                    }
                    weights = w;
                }
                result = new DiscreteDistribution([.. values], [.. weights]);
                break;
            }
        }
        if (!ok) return null;
        var (smin, smax) = result.Support;
        if (value < smin || value > smax)
        {
            Error(map.Get("value") ?? map, path + ".value", $"the point value {Fmt(value)} lies outside its own distribution's range [{Fmt(smin)}, {Fmt(smax)}]");
            return null;
        }
        return result;
    }

    private bool Ordered(Node node, string path, double min, double max)
    {
        if (min < max) return true;
        Error(node, path, $"the range needs lo < hi, found [{Fmt(min)}, {Fmt(max)}]");
        return false;
    }

    private double? PositiveParameter(MapNode map, string key, string path)
    {
        if (map.Get(key) is not { } node)
        {
            Missing(map, path, key, "a shape parameter > 0");
            return null;
        }
        if (ParseNumberNode(node, $"{path}.{key}") is not { } x) return null;
        if (x > 0) return x;
        Error(node, $"{path}.{key}", $"{key} = {Fmt(x)} must be greater than 0");
        return null;
    }

    private static Distribution Scale(Distribution d, double k) => d switch
    {
        UniformDistribution u => new UniformDistribution(u.Min * k, u.Max * k),
        TriangularDistribution t => new TriangularDistribution(t.Min * k, t.Mode * k, t.Max * k),
        TruncatedNormalDistribution n => new TruncatedNormalDistribution(n.Mean * k, n.Sd * k, n.Min * k, n.Max * k),
        BetaDistribution b => new BetaDistribution(b.A, b.B, b.Min * k, b.Max * k),
        DiscreteDistribution x => new DiscreteDistribution([.. x.Values.Select(v => v * k)], x.Weights),
        _ => throw new InvalidOperationException($"Unknown distribution {d.GetType().Name}"),
    };

    /// <summary>Reads source/quote/judgement/note of a number or evidence entry; null when none is given.</summary>
    private EvidenceLink? ReadEvidence(MapNode map, string path, string fieldPath)
    {
        string? sourceId = null;
        if (map.Get("source") is { } sourceNode && ScalarText(sourceNode, path + ".source", "a source id") is { } s)
        {
            sourceId = s;
            _sourceRefs.Add((s, sourceNode, path + ".source"));
        }
        var quote = OptionalString(map, "quote", path);
        var note = OptionalString(map, "note", path);
        var judgement = false;
        if (map.Get("judgement") is { } jNode) judgement = ReadBool(jNode, path + ".judgement") ?? false;
        if (sourceId is null && !judgement) return null;
        return new EvidenceLink(fieldPath, sourceId, quote, judgement) { Note = note };
    }

    // ---- references ----------------------------------------------------------------------

    private string? ActorRef(MapNode map, string key, string path)
    {
        var id = RequiredString(map, key, path);
        if (id is null) return null;
        if (_actorIds.Contains(id)) return id;
        Error(map.Get(key)!, $"{path}.{key}", $"unknown actor '{id}'{Known(_actorIds, "actors")}");
        return null;
    }

    /// <summary>Reads parameter (+ issue) of a belief; the actor id is filled in by the caller.</summary>
    private ParameterRef? ReadParameterTarget(MapNode map, string path, string? actorId)
    {
        var name = RequiredString(map, "parameter", path);
        if (name is null) return null;
        if (ParseParameter(name) is not { } parameter)
        {
            Error(map.Get("parameter")!, path + ".parameter", $"unknown parameter '{name}': expected one of {string.Join(", ", ParameterNames)}");
            return null;
        }
        string? issueId = null;
        if (parameter is ActorParameter.Position or ActorParameter.Salience)
        {
            issueId = RequiredString(map, "issue", path);
            if (issueId is null) return null;
            if (!_issues.ContainsKey(issueId))
            {
                Error(map.Get("issue")!, path + ".issue", $"unknown issue '{issueId}'{Known(_issues.Keys, "issues")}");
                return null;
            }
        }
        else if (map.Get("issue") is { } stray && stray is not ScalarNode { IsNull: true })
            Error(stray, path + ".issue", $"'{name}' does not depend on an issue; remove issue");
        return new ParameterRef(actorId ?? "", parameter, issueId);
    }

    /// <summary>An uncertain input: "actor.parameter", "actor.issue.parameter" or {actor, parameter, issue}.</summary>
    private ParameterRef? ReadInputRef(MapNode map, string key, string path)
    {
        var refPath = $"{path}.{key}";
        if (map.Get(key) is not { } node)
        {
            Missing(map, path, key, "an input such as \"russia.capability\" or \"russia.nato.position\"");
            return null;
        }
        ParameterRef? target = null;
        if (node is MapNode refMap)
        {
            CheckKeys(refMap, refPath, RefKeys);
            var actor = ActorRef(refMap, "actor", refPath);
            target = ReadParameterTarget(refMap, refPath, actor);
            if (actor is null) return null;
        }
        else if (ScalarText(node, refPath, "an input such as \"russia.capability\"") is { } text)
        {
            var parts = text.Split('.');
            var parameter = parts.Length >= 2 ? ParseParameter(parts[^1]) : null;
            if (parameter is null)
            {
                Error(node, refPath, $"'{text}' is not an input: write actor.parameter or actor.issue.parameter (parameter one of {string.Join(", ", ParameterNames)})");
                return null;
            }
            var needsIssue = parameter is ActorParameter.Position or ActorParameter.Salience;
            if (needsIssue && parts.Length < 3)
            {
                Error(node, refPath, $"'{text}': {parts[^1]} needs an issue, e.g. {parts[0]}.<issue>.{parts[^1]}");
                return null;
            }
            var issueId = needsIssue ? parts[^2] : null;
            var actorId = string.Join('.', parts[..^(needsIssue ? 2 : 1)]);
            if (!_actorIds.Contains(actorId))
            {
                Error(node, refPath, $"unknown actor '{actorId}'{Known(_actorIds, "actors")}");
                return null;
            }
            if (issueId is not null && !_issues.ContainsKey(issueId))
            {
                Error(node, refPath, $"unknown issue '{issueId}'{Known(_issues.Keys, "issues")}");
                return null;
            }
            target = new ParameterRef(actorId, parameter.Value, issueId);
        }
        if (target is { } t && !_uncertain.Any(u => u.Target == t))
        {
            Error(node, refPath, $"{t} has no range or distribution, so it cannot be correlated (give it range: [lo, hi] or dist: …)");
            return null;
        }
        return target;
    }

    private void CheckFieldPath(string target, Node node, string path)
    {
        // An evidence link must point at something in the file: a known top-level field, known ids, indexes in range.
        var root = target.Split('[', '.')[0].Trim();
        if (!TopKeys.Contains(root) || root == "$schema")
        {
            Error(node, path, $"'{(target.Length > 80 ? target[..80] + "…" : target)}' does not point at a field of the scenario; a path starts with one of {string.Join(", ", TopKeys.Where(k => k is not ("$schema" or "evidence")))}");
            return;
        }
        foreach (Match m in PathReference().Matches(target))
        {
            var (kind, id) = (m.Groups[1].Value, m.Groups[2].Value);
            if (id == "*") continue;
            var isIndex = int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var index);
            var count = kind switch { "actors" => _actorIds.Count, "sources" => _sources.Count, _ => _issues.Count };
            if (isIndex && index >= count)
                Error(node, path, $"index {index} in '{target}' is out of range: the scenario has {count} {kind}");
            else if (kind == "actors" && !_actorIds.Contains(id) && !isIndex)
                Error(node, path, $"unknown actor '{id}' in '{target}'{Known(_actorIds, "actors")}");
            else if (kind is "issues" or "positions" && !_issues.ContainsKey(id) && !isIndex)
                Error(node, path, $"unknown issue '{id}' in '{target}'{Known(_issues.Keys, "issues")}");
            else if (kind == "sources" && !_sources.ContainsKey(id) && !isIndex)
                Error(node, path, $"unknown source '{id}' in '{target}'{Known(_sources.Keys, "sources")}");
        }
    }

    [GeneratedRegex(@"(actors|issues|positions|sources)\[([^\]]+)\]")]
    private static partial Regex PathReference();

    private static ActorParameter? ParseParameter(string name) => name.ToLowerInvariant() switch
    {
        "capability" => ActorParameter.Capability,
        "position" => ActorParameter.Position,
        "salience" => ActorParameter.Salience,
        "risk" => ActorParameter.Risk,
        "audience_cost" => ActorParameter.AudienceCost,
        "resolve" => ActorParameter.Resolve,
        "war_cost" => ActorParameter.WarCost,
        _ => null,
    };

    private (double Lo, double Hi, string Range) Bounds(ActorParameter parameter, string? issueId) => parameter switch
    {
        ActorParameter.Position when issueId is not null && _issues.TryGetValue(issueId, out var issue) =>
            (issue.Min, issue.Max, $"on the issue's scale [{Fmt(issue.Min)}, {Fmt(issue.Max)}]"),
        ActorParameter.Salience => (0, 1, _salienceScale == 1 ? "in [0, 1]" : "in [0, 100] (0–100 scale detected)"),
        ActorParameter.Risk => (0.5, 2, "in [0.5, 2]"),
        ActorParameter.Resolve => (0, 1, "in [0, 1]"),
        ActorParameter.Position => (double.NegativeInfinity, double.PositiveInfinity, ""),
        _ => (0, double.PositiveInfinity, "≥ 0"),
    };

    // ---- salience scale ------------------------------------------------------------------

    /// <summary>
    /// Salience belongs in [0,1]; a table printed on 0–100 (every non-zero point salience above 1) is
    /// divided by 100 with a notice, unless <c>salience_scale</c> says which scale is used. A table that
    /// mixes the two is a typo: the minority values are rejected with both readings (<see cref="ScaleDetection"/>).
    /// </summary>
    private void DetectSalienceScale(MapNode root)
    {
        if (root.Get("salience_scale") is { } scaleNode)
        {
            var explicitScale = ParseNumberNode(scaleNode, "salience_scale");
            if (explicitScale is 1 or 100) _salienceScale = explicitScale.Value;
            else if (explicitScale is not null) Error(scaleNode, "salience_scale", $"expected 1 (salience in [0,1]) or 100 (salience in [0,100]), found {Fmt(explicitScale.Value)}");
            return;
        }
        var values = new List<(double Value, (Node Salience, ScalarNode At, string Path) Item)>();
        if (root.Get("actors") is SequenceNode actors)
            for (var i = 0; i < actors.Items.Count; i++)
            {
                if (actors.Items[i] is not MapNode actor || actor.Get("positions") is not MapNode positions) continue;
                var actorPath = actor.Get("id") is ScalarNode { IsNull: false } id ? $"actors[{id.Text}]" : $"actors[{i}]";
                foreach (var (issueKey, stanceNode) in positions.Entries)
                {
                    if (stanceNode is not MapNode issueStance) continue;
                    // A multi-dimensional issue holds one stance per dimension (design §10).
                    var perDimension = issueStance.Get("salience") is null && issueStance.Get("position") is null;
                    var stances = perDimension
                        ? issueStance.Entries.Where(d => d.Value is MapNode).Select(d => ($"{actorPath}.positions[{issueKey.Text}][{d.Key.Text}]", (MapNode)d.Value))
                        : [($"{actorPath}.positions[{issueKey.Text}]", issueStance)];
                    foreach (var (stancePath, stance) in stances)
                    {
                        if (stance.Get("salience") is not { } salience) continue;
                        var node = salience is MapNode m ? m.Get("value") : salience;
                        if (node is ScalarNode { IsString: false } s && TryParseNumber(s.Text, out var x) && double.IsFinite(x))
                            values.Add((x, (salience, s, $"{stancePath}.salience")));
                    }
                }
            }
        var outcome = ScaleDetection.Detect(values, "salience", "salience_scale: 1 or 100");
        foreach (var (item, message) in outcome.Typos)
        {
            _salienceTypos.Add(item.Salience);
            Error(item.At, item.Path, message);
        }
        if (outcome.Scale == 100)
        {
            _salienceScale = 100;
            var (largest, at) = values.MaxBy(v => v.Value);
            if (outcome.Typos.Count == 0)
                _diagnostics.Add(new Diagnostic(_file, at.At.Line, at.At.Column, "salience",
                    $"salience looks like a 0–100 scale (none lies strictly between 0 and 1; largest value {Fmt(largest)}); all saliences are divided by 100 (set salience_scale: 1 or 100 to say so explicitly)", Severity.Notice));
        }
    }

    // ---- small readers -------------------------------------------------------------------

    private IEnumerable<(Node Node, string Path)> ReadList(MapNode map, string key, bool required, string what = "")
    {
        var node = map.Get(key);
        if (node is null || node is ScalarNode { IsNull: true })
        {
            if (required) Error(node ?? map, key, $"the scenario has no {key}: add at least one {what}");
            yield break;
        }
        if (node is not SequenceNode seq)
        {
            Error(node, key, $"expected a list of {key}, found {node.Kind}");
            yield break;
        }
        if (required && seq.Items.Count == 0) Error(seq, key, $"the scenario has no {key}: add at least one {what}");
        for (var i = 0; i < seq.Items.Count; i++)
        {
            var item = seq.Items[i];
            var id = item is MapNode m && m.Get("id") is ScalarNode { IsNull: false } idNode ? idNode.Text : null;
            yield return (item, id is null || key is not ("actors" or "issues" or "sources") ? $"{key}[{i}]" : $"{key}[{id}]");
        }
    }

    private MapNode? ExpectMap(Node node, string path, string expected)
    {
        if (node is MapNode map) return map;
        Error(node, path, $"expected {expected}, found {node.Kind}");
        return null;
    }

    private void CheckKeys(MapNode map, string path, string[] allowed)
    {
        foreach (var key in map.Entries.Select(e => e.Key))
        {
            if (allowed.Contains(key.Text)) continue;
            // A key more than two characters longer than every allowed one cannot be within edit distance 2: skip the
            // O(length²) suggestion (an absurdly long key would make rejecting the file slower than reading it).
            var expected = $"; expected one of {string.Join(", ", allowed.Where(a => a != "$schema"))}";
            var hint = expected;
            if (key.Text.Length <= allowed.Max(a => a.Length) + 2)
            {
                var suggestion = allowed.OrderBy(a => Levenshtein(a, key.Text)).First();
                if (Levenshtein(suggestion, key.Text) <= 2) hint = $"; did you mean '{suggestion}'?";
            }
            var shown = key.Text.Length > 80 ? key.Text[..80] + $"… ({key.Text.Length:N0} characters)" : key.Text;
            Error(key, Join(path, shown), $"unknown field '{shown}'{hint}");
        }
    }

    private string? RequiredId(MapNode map, string path)
    {
        var id = RequiredString(map, "id", path);
        if (id is null) return null;
        if (id.Length == 0 || id.IndexOfAny(['[', ']']) >= 0 || id.Trim() != id)
        {
            Error(map.Get("id")!, Join(path, "id"), $"id '{id}' must be non-empty text without brackets or surrounding spaces");
            return null;
        }
        return id;
    }

    private string? RequiredString(MapNode map, string key, string path)
    {
        if (map.Get(key) is { } node && !(node is ScalarNode { IsNull: true })) return ScalarText(node, Join(path, key), $"text for {key}");
        Missing(map, path, key, "text");
        return null;
    }

    private string? OptionalString(MapNode map, string key, string path) =>
        map.Get(key) is { } node && !(node is ScalarNode { IsNull: true }) ? ScalarText(node, Join(path, key), $"text for {key}") : null;

    private string? ScalarText(Node node, string path, string expected)
    {
        if (node is ScalarNode scalar && !scalar.IsNull) return scalar.Text;
        Error(node, path, $"expected {expected}, found {node.Kind}");
        return null;
    }

    private DateOnly? ReadDate(MapNode map, string key, string path)
    {
        if (OptionalString(map, key, path) is not { } text) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        Error(map.Get(key)!, Join(path, key), $"expected a date written yyyy-mm-dd, found '{text}'");
        return null;
    }

    private double? OptionalNumber(MapNode map, string key, string path, double lo, double hi, string range)
    {
        if (map.Get(key) is not { } node) return null;
        if (ParseNumberNode(node, path) is not { } x) return null;
        if (x >= lo && x <= hi) return x;
        Error(node, path, $"{Fmt(x)} is out of range: expected a number {range}{ScaleDetection.PercentHint(x, lo, hi)}");
        return null;
    }

    private double? ReadPlainNumber(MapNode map, string key, string path, bool required)
    {
        if (map.Get(key) is { } node) return ReadNumber(node, Join(path, key), null)?.Value;
        if (required) Missing(map, path, key, "a number");
        return null;
    }

    private double? ParseNumberNode(Node node, string path)
    {
        if (node is ScalarNode scalar) return ParseNumber(scalar, path);
        Error(node, path, $"expected a number, found {node.Kind}");
        return null;
    }

    private List<double>? ReadNumberList(Node node, string path)
    {
        if (node is not SequenceNode seq)
        {
            Error(node, path, $"expected a list of numbers, found {node.Kind}");
            return null;
        }
        var values = new List<double>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (ParseNumberNode(seq.Items[i], $"{path}[{i}]") is not { } x) return null;
            values.Add(x);
        }
        return values;
    }

    private double? ParseNumber(ScalarNode scalar, string path)
    {
        if (scalar.IsString)
        {
            Error(scalar, path, $"expected a number, found quoted text \"{scalar.Text}\"");
            return null;
        }
        if (scalar.IsNull)
        {
            Error(scalar, path, "expected a number, found nothing (null)");
            return null;
        }
        if (!TryParseNumber(scalar.Text, out var x))
        {
            Error(scalar, path, $"expected a number, found '{scalar.Text}'");
            return null;
        }
        if (double.IsNaN(x))
        {
            Error(scalar, path, $"expected a finite number, found NaN ('{scalar.Text}')");
            return null;
        }
        if (double.IsInfinity(x))
        {
            Error(scalar, path, $"expected a finite number, found an infinite value ('{scalar.Text}')");
            return null;
        }
        if (Math.Abs(x) > Files.InputLimits.MaxMagnitude)
        {
            Error(scalar, path, $"'{scalar.Text}' is larger in magnitude than {Files.InputLimits.MaxMagnitude:0e0}, the largest number Brink computes with safely (its squares and sums would overflow); rescale it");
            return null;
        }
        return x;
    }

    /// <summary>Invariant-culture number, plus YAML's .nan/.inf spellings (which the caller rejects).</summary>
    internal static bool TryParseNumber(string text, out double value)
    {
        switch (text)
        {
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private bool? ReadBool(Node node, string path)
    {
        if (node is ScalarNode { IsString: false } s)
        {
            if (s.Text is "true" or "True" or "TRUE") return true;
            if (s.Text is "false" or "False" or "FALSE") return false;
        }
        Error(node, path, $"expected true or false, found {(node is ScalarNode sc ? $"'{sc.Text}'" : node.Kind)}");
        return null;
    }

    private ImmutableDictionary<string, string> ReadStringMap(Node? node, string path)
    {
        if (node is null || node is ScalarNode { IsNull: true }) return ImmutableDictionary<string, string>.Empty;
        if (ExpectMap(node, path, "a mapping of names to text or numbers") is not { } map) return ImmutableDictionary<string, string>.Empty;
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
            if (ScalarText(value, $"{path}.{key.Text}", "text or a number") is { } text) builder[key.Text] = text;
        return builder.ToImmutable();
    }

    // ---- diagnostics ---------------------------------------------------------------------

    private void Missing(MapNode map, string path, string key, string expected) =>
        Error(map, Join(path, key), $"missing required field '{key}' ({expected})");

    private void Error(Node node, string path, string message) =>
        _diagnostics.Add(new Diagnostic(_file, node.Line, node.Column, path, message));

    private void Warning(Node node, string path, string message) =>
        _diagnostics.Add(new Diagnostic(_file, node.Line, node.Column, path, message, Severity.Warning));

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Known(IEnumerable<string> ids, string what)
    {
        var list = ids.Take(12).ToList();
        return list.Count == 0 ? $" (no {what} are defined)" : $" (known {what}: {string.Join(", ", list)}{(ids.Count() > 12 ? ", …" : "")})";
    }

    internal static string Fmt(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);

    private static int Levenshtein(string a, string b)
    {
        var d = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var prev = d[0];
            d[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var tmp = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prev + (a[i - 1] == b[j - 1] ? 0 : 1));
                prev = tmp;
            }
        }
        return d[b.Length];
    }
}
