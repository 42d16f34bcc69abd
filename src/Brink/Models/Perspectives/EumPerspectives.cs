using System.Collections.Immutable;
using Brink.Models.Eum;
using Brink.Scenarios;

namespace Brink.Models.Perspectives;

/// <summary>The EUM as one actor sees it: the run on its perceived inputs and how far its forecast is from the true-inputs forecast.</summary>
/// <param name="Holder">Actor id whose view this is.</param>
/// <param name="Input">The perceived model input (the holder's own numbers are the truth).</param>
/// <param name="Beliefs">Beliefs of the holder that changed an input of this issue.</param>
public sealed record Perspective(string Holder, SpatialIssue Input, EumResult Result, ImmutableArray<Belief> Beliefs)
{
    /// <summary>Gap to the forecast on true inputs (this − truth), mean and median.</summary>
    public Forecast Gap { get; init; }
}

/// <summary>
/// A dyad where each side, in its own view, expects to gain from challenging the other and to win:
/// E^a(U_ab) &gt; 0 and E^a(U_ab) &gt; E^a(U_ba) in a's perspective, and likewise for b (round 1).
/// </summary>
public sealed record Collision(string A, string B, double EuA, double EuAOfB, double EuB, double EuBOfA);

/// <summary>Every actor's perspective on one issue, the true-inputs run and the colliding dyads.</summary>
public sealed record IssuePerspectives(string IssueId, EumResult Truth, ImmutableArray<Perspective> Perspectives, ImmutableArray<Collision> Collisions)
{
    /// <summary>Beliefs the EUM cannot use (resolve, audience cost, war cost: crisis parameters), or about actors not on this issue.</summary>
    public ImmutableArray<Belief> Unused { get; init; } = [];
}

/// <summary>
/// Perceptual analysis of the expected utility model (Bueno de Mesquita 1994, 2002; design §9): actor i
/// computes its expected utilities, offers and expected moves with its own view of every other actor
/// k — capability ĉ_ik, position x̂_ik, salience ŝ_ik, risk r̂_ik, from <c>beliefs</c> (holder i, about k),
/// the truth where none is given. Each view is a transformed <see cref="SpatialIssue"/> run by the
/// unchanged EUM engine; with no beliefs every perspective is the plain run.
/// </summary>
public static class EumPerspectives
{
    /// <summary>Runs every actor's perspective on one issue.</summary>
    /// <exception cref="ArgumentException">Unknown issue, or an input the EUM rejects.</exception>
    public static IssuePerspectives Run(Scenario scenario, string issueId, EumVariant variant, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(variant);
        var truthInput = SpatialIssue.From(scenario, issueId);
        var ids = scenario.Actors.Where(a => a.Stances.ContainsKey(issueId)).Select(a => a.Id).ToImmutableArray();
        var full = options with { FullTrace = true };
        var engine = new EumEngine();
        var truth = engine.Run(truthInput, full, variant);
        var unused = scenario.Beliefs.Where(b => !Applies(b, ids, issueId)).ToImmutableArray();
        var views = ImmutableArray.CreateBuilder<Perspective>(ids.Length);
        foreach (var holder in ids)
        {
            var (input, used) = Perceived(scenario, truthInput, ids, holder, issueId);
            var result = used.IsEmpty ? truth : engine.Run(input, full, variant);
            views.Add(new Perspective(holder, input, result, used)
            {
                Gap = new Forecast(result.Forecast.Mean - truth.Forecast.Mean, result.Forecast.Median - truth.Forecast.Median),
            });
        }
        var perspectives = views.MoveToImmutable();
        return new IssuePerspectives(issueId, truth, perspectives, Collisions(perspectives, ids)) { Unused = unused };
    }

    /// <summary>The input as <paramref name="holder"/> sees it, and the beliefs that changed it.</summary>
    public static (SpatialIssue Input, ImmutableArray<Belief> Used) Perceived(Scenario scenario, SpatialIssue truth, IReadOnlyList<string> ids, string holder, string issueId)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(truth);
        var c = truth.Capability.ToArray();
        var x = truth.Position.ToArray();
        var s = truth.Salience.ToArray();
        var r = truth.Risk.IsDefaultOrEmpty ? new double?[truth.Count] : truth.Risk.ToArray();
        var used = ImmutableArray.CreateBuilder<Belief>();
        foreach (var b in scenario.Beliefs)
        {
            if (b.Holder != holder || b.About.ActorId == holder || !Applies(b, ids, issueId)) continue;
            var k = IndexOf(ids, b.About.ActorId);
            switch (b.About.Parameter)
            {
                case ActorParameter.Capability: c[k] = b.Value; break;
                case ActorParameter.Position: x[k] = b.Value; break;
                case ActorParameter.Salience: s[k] = b.Value; break;
                case ActorParameter.Risk: r[k] = b.Value; break;
            }
            used.Add(b);
        }
        return (truth with { Capability = [.. c], Position = [.. x], Salience = [.. s], Risk = [.. r] }, used.ToImmutable());
    }

    private static bool Applies(Belief b, IReadOnlyList<string> ids, string issueId) =>
        IndexOf(ids, b.About.ActorId) >= 0 && IndexOf(ids, b.Holder) >= 0 && b.About.Parameter switch
        {
            ActorParameter.Capability or ActorParameter.Risk => true,
            ActorParameter.Position or ActorParameter.Salience => b.About.IssueId == issueId,
            _ => false,
        };

    private static int IndexOf(IReadOnlyList<string> ids, string id)
    {
        for (var k = 0; k < ids.Count; k++)
            if (ids[k] == id) return k;
        return -1;
    }

    private static ImmutableArray<Collision> Collisions(ImmutableArray<Perspective> views, ImmutableArray<string> ids)
    {
        var n = ids.Length;
        var list = ImmutableArray.CreateBuilder<Collision>();
        if (views.IsEmpty || views[0].Result.Rounds.IsEmpty) return list.ToImmutable();
        for (var a = 0; a < n; a++)
            for (var b = a + 1; b < n; b++)
            {
                var ra = views[a].Result.Rounds[0];
                var rb = views[b].Result.Rounds[0];
                if (ra.EuIJ.IsDefaultOrEmpty || rb.EuIJ.IsDefaultOrEmpty) continue;
                double ea = ra.EuIJ[a * n + b], eaOfB = ra.EuJI[a * n + b];
                double eb = rb.EuIJ[b * n + a], ebOfA = rb.EuJI[b * n + a];
                if (ea > 0 && ea > eaOfB && eb > 0 && eb > ebOfA)
                    list.Add(new Collision(ids[a], ids[b], ea, eaOfB, eb, ebOfA));
            }
        return list.ToImmutable();
    }
}
