using System.Collections.Immutable;
using Brink.Scenarios;

namespace Brink.Crisis;

/// <summary>A belief that differs from the scenario's truth: holder's value of another actor's parameter.</summary>
public sealed record BeliefGap(string Holder, string About, ActorParameter Parameter, string? Issue, double Believed, double Actual)
{
    /// <summary>Believed − actual.</summary>
    public double Gap => Believed - Actual;
}

/// <summary>
/// Each actor's view of the others (design §4.3 "Beliefs"): a number an actor holds about another
/// actor is the scenario's <see cref="Belief"/> when there is one, otherwise the true value. Win
/// probabilities are capability shares, p_i = C_i/(C_i + C_j), where C_i is i's capability plus,
/// for every actor k allied to i (a relation of an alliance kind, either direction) and not to j,
/// weight·c_k; all capabilities as the holder sees them.
/// </summary>
public sealed class Perspectives
{
    private readonly Scenario _scenario;
    private readonly CrisisOptions _options;
    private readonly ImmutableDictionary<string, ActorCrisisInputs> _truth;
    private readonly Dictionary<(string Holder, string About, ActorParameter Parameter), double> _beliefs = [];

    /// <summary>
    /// Builds the views; the truth comes from <paramref name="truth"/> (parsed actors). Beliefs about
    /// unknown actors or with values out of range are skipped and reported in <paramref name="diagnostics"/>.
    /// </summary>
    public Perspectives(Scenario scenario, IReadOnlyDictionary<string, ActorCrisisInputs> truth, CrisisOptions options, List<Diagnostic>? diagnostics = null)
    {
        _scenario = scenario;
        _options = options;
        _truth = truth.ToImmutableDictionary();
        var file = scenario.SourceFile ?? "scenario";
        for (var k = 0; k < scenario.Beliefs.Length; k++)
        {
            var b = scenario.Beliefs[k];
            if (b.About.IssueId is not null) continue;
            string? problem = !_truth.ContainsKey(b.About.ActorId) ? $"unknown actor '{b.About.ActorId}'"
                : !_truth.ContainsKey(b.Holder) ? $"unknown holder '{b.Holder}'"
                : !double.IsFinite(b.Value) ? "value is not a finite number"
                : b.About.Parameter == ActorParameter.Resolve && b.Value is < 0 or > 1 ? "resolve must be in [0, 1]"
                : b.About.Parameter is ActorParameter.Capability or ActorParameter.WarCost or ActorParameter.AudienceCost && b.Value < 0 ? "value must be ≥ 0"
                : null;
            if (problem is null) _beliefs[(b.Holder, b.About.ActorId, b.About.Parameter)] = b.Value;
            else diagnostics?.Add(new Diagnostic(file, 0, 0, $"beliefs[{k}]", $"{problem}; belief ignored by the crisis model."));
        }
    }

    /// <summary>The value <paramref name="holder"/> uses for <paramref name="about"/>'s parameter (its own values are the truth).</summary>
    public double View(string holder, string about, ActorParameter parameter)
    {
        if (holder != about && _beliefs.TryGetValue((holder, about, parameter), out var v)) return v;
        var t = _truth[about];
        return parameter switch
        {
            ActorParameter.Capability => t.Capability,
            ActorParameter.WarCost => t.WarCost,
            ActorParameter.Resolve => t.Resolve,
            ActorParameter.AudienceCost => t.AudienceCost,
            _ => throw new ArgumentOutOfRangeException(nameof(parameter), $"{parameter} is not a crisis parameter."),
        };
    }

    /// <summary>Ids of actors allied to <paramref name="actor"/> with the relation weight.</summary>
    public IEnumerable<(string Ally, double Weight)> Allies(string actor) =>
        _scenario.Relations
            .Where(r => _options.AllianceKinds.Contains(r.Kind) && (r.From == actor || r.To == actor))
            .Select(r => (r.From == actor ? r.To : r.From, r.Weight))
            .Where(a => a.Item1 != actor && _truth.ContainsKey(a.Item1));

    /// <summary>Capability of <paramref name="side"/> with its allies (not shared with <paramref name="other"/>) as <paramref name="holder"/> sees it.</summary>
    public double CoalitionCapability(string holder, string side, string other)
    {
        var otherAllies = Allies(other).Select(a => a.Ally).ToHashSet();
        var total = View(holder, side, ActorParameter.Capability);
        foreach (var (ally, weight) in Allies(side))
            if (ally != other && !otherAllies.Contains(ally)) total += weight * View(holder, ally, ActorParameter.Capability);
        return total;
    }

    /// <summary>Probability that <paramref name="i"/> beats <paramref name="j"/> in <paramref name="holder"/>'s view (null holder: the truth); 0.5 if both are zero.</summary>
    public double WinProbability(string? holder, string i, string j)
    {
        double ci, cj;
        if (holder is null)
        {
            ci = TrueCoalition(i, j); cj = TrueCoalition(j, i);
        }
        else { ci = CoalitionCapability(holder, i, j); cj = CoalitionCapability(holder, j, i); }
        return ci + cj > 0 ? ci / (ci + cj) : 0.5;
    }

    private double TrueCoalition(string side, string other)
    {
        var otherAllies = Allies(other).Select(a => a.Ally).ToHashSet();
        var total = _truth[side].Capability;
        foreach (var (ally, weight) in Allies(side))
            if (ally != other && !otherAllies.Contains(ally)) total += weight * _truth[ally].Capability;
        return total;
    }

    /// <summary>Every belief that differs from the truth (position beliefs included, per issue).</summary>
    public ImmutableArray<BeliefGap> Gaps()
    {
        var gaps = ImmutableArray.CreateBuilder<BeliefGap>();
        foreach (var b in _scenario.Beliefs)
        {
            var actor = _scenario.FindActor(b.About.ActorId);
            if (actor is null) continue;
            double? actual = b.About.Parameter switch
            {
                ActorParameter.Capability => actor.Capability,
                ActorParameter.WarCost => _truth.TryGetValue(actor.Id, out var t1) ? t1.WarCost : actor.WarCost,
                ActorParameter.Resolve => _truth.TryGetValue(actor.Id, out var t2) ? t2.Resolve : actor.Resolve,
                ActorParameter.AudienceCost => _truth.TryGetValue(actor.Id, out var t3) ? t3.AudienceCost : actor.AudienceCost,
                ActorParameter.Risk => actor.Risk,
                ActorParameter.Position when b.About.IssueId is { } issue && actor.Stances.TryGetValue(issue, out var s) => s.Position,
                ActorParameter.Salience when b.About.IssueId is { } issue2 && actor.Stances.TryGetValue(issue2, out var s2) => s2.Salience,
                _ => null,
            };
            if (actual is { } a && Math.Abs(a - b.Value) > 1e-12)
                gaps.Add(new BeliefGap(b.Holder, b.About.ActorId, b.About.Parameter, b.About.IssueId, b.Value, a));
        }
        return gaps.ToImmutable();
    }
}
