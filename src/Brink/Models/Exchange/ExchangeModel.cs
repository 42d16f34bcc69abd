using System.Collections.Immutable;
using Brink.Scenarios;

namespace Brink.Models.Exchange;

/// <summary>
/// One realised exchange: <see cref="Gainer"/> gets the outcome of <see cref="GainIssue"/> moved toward
/// its position (the partner shifts there), and in return shifts its own voting position on
/// <see cref="GiveIssue"/> toward <see cref="Partner"/>'s; both gain <see cref="Gain"/> (salience × scale points).
/// </summary>
/// <param name="GainShift">How far the expected outcome of <see cref="GainIssue"/> moved (scale points).</param>
/// <param name="GiveShift">How far the expected outcome of <see cref="GiveIssue"/> moved.</param>
public sealed record RealisedExchange(int Order, string Gainer, string Partner, string GainIssue, string GiveIssue, double GainShift, double GiveShift, double Gain);

/// <summary>One issue of an exchange space: the model input with actor ids (the names exchanges report).</summary>
public sealed record ExchangeIssue(SpatialIssue Input, ImmutableArray<string> ActorIds)
{
    /// <summary>The issue's id.</summary>
    public string Id => Input.IssueId;
}

/// <summary>The exchange model's result on one issue of its space.</summary>
/// <param name="VotingPositions">Each actor's voting position on this issue after every exchange (actor order of the input).</param>
/// <param name="Exchanges">Every exchange realised in the space, in order (the same list for each issue of the space).</param>
public sealed record ExchangeResult(string IssueId, Forecast Forecast, double Compromise, ImmutableArray<double> VotingPositions, ImmutableArray<RealisedExchange> Exchanges) : IModelResult
{
    /// <inheritdoc />
    public string Model => ExchangeModel.Name;
    /// <inheritdoc />
    public string Variant => ExchangeModel.EqualGain;
    /// <summary>Issues of the exchange space this issue was bargained in.</summary>
    public ImmutableArray<string> Space { get; init; } = [];
    /// <summary>The declared linkages the exchanges were constrained by (all of the space's), empty when none.</summary>
    public ImmutableArray<IssueLinkage> Linkages { get; init; } = [];
    /// <summary>How many exchanges that would have been realised first were ruled out by <see cref="Linkages"/> (each search counted once).</summary>
    public int BarredByLinkage { get; init; }
    /// <inheritdoc />
    public ImmutableArray<ResultWarning> Warnings { get; init; } = [];
}

/// <summary>
/// Exchange of voting positions across linked issues (Stokman &amp; Van Oosten 1994, in Bueno de Mesquita &amp;
/// Stokman (eds), <i>European Community Decision Making</i>, ch. 5; as refined by Arregui, Stokman &amp;
/// Thomson 2006, in Thomson et al. (eds), <i>The European Union Decides</i>; design §9).
/// </summary>
/// <remarks>
/// <para>The reading implemented (docs/models.md, "Exchange"): actors i have capability c_i, policy
/// position x_id, salience s_id and a voting position v_id (initially x_id) on each issue d of the
/// space. The expected outcome is the compromise model on voting positions,
/// O_d = Σ_k w_kd v_kd with w_kd = c_k s_kd / Σ_m c_m s_md. An actor's loss is Σ_d s_id |x_id − O_d|.</para>
/// <para>A pair (i, j) can exchange on issues (a, b) when both hold stances on both, their policy
/// positions lie on opposite sides of O_a and of O_b, and i cares relatively more about a:
/// s_ia s_jb &gt; s_ib s_ja. Then j shifts its voting position on a toward x_ia and i shifts its voting
/// position on b toward x_jb. The outcome shifts are A on a and B on b; i gains s_ia A − s_ib B and j
/// gains s_jb B − s_ja A. Equal gain: B = A (s_ia + s_ja)/(s_ib + s_jb), so each gains
/// A (s_ia s_jb − s_ib s_ja)/(s_ib + s_jb) &gt; 0. A and B are as large as allowed: no shifter moves past
/// the other's policy position and no outcome moves past the position of the actor it moves toward
/// (so the gains are exact, and neither trader is ever worse off).</para>
/// <para>Realisation (Arregui, Stokman &amp; Thomson's sequential reading): the exchange with the largest
/// gain in the whole space is realised, outcomes are recomputed, and the search repeats until no
/// exchange gains more than a tolerance. Ties go to the pair and issues first in ordinal order of their
/// ids, so listing actors in another order changes nothing. The forecast is the compromise model on the
/// final voting positions.</para>
/// <para>Declared linkages (<see cref="IssueLinkage"/>, design §9) are a constraint on the exchanges searched:
/// an actor that links issue X to issues R shifts its voting position on X only in an exchange whose other
/// issue is one of R (the issue on which the outcome moves toward it). This is Brink's reading of issue
/// linkage as a conditional concession, not a formula of the papers; without linkages the model is unchanged.</para>
/// </remarks>
public static class ExchangeModel
{
    /// <summary>Model name (contract).</summary>
    public const string Name = "exchange";

    /// <summary>The one variant: exchanges sized by the equal-gain rule, realised in order of gain.</summary>
    public const string EqualGain = "equal-gain";

    /// <summary>Most exchanges realised in one space; reaching it is reported.</summary>
    public const int MaxExchanges = 10_000;

    /// <summary>The exchange space of a scenario: all its issues.</summary>
    public static ImmutableArray<ExchangeIssue> Space(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return [.. scenario.Issues.Where(i => scenario.Actors.Any(a => a.Stances.ContainsKey(i.Id))).Select(i => new ExchangeIssue(
            SpatialIssue.From(scenario, i.Id),
            [.. scenario.Actors.Where(a => a.Stances.ContainsKey(i.Id)).Select(a => a.Id)]))];
    }

    /// <summary>Runs the model on every issue of a scenario (one exchange space).</summary>
    public static ImmutableArray<ExchangeResult> Run(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Run(Space(scenario), scenario.Linkages, MaxExchanges);
    }

    /// <summary>Runs the model on one exchange space; one result per issue, in the given order.</summary>
    /// <exception cref="ArgumentException">An invalid issue input, or two issues with the same id.</exception>
    public static ImmutableArray<ExchangeResult> Run(IReadOnlyList<ExchangeIssue> space) => Run(space, [], MaxExchanges);

    /// <summary>Runs the model on one exchange space under declared linkages; one result per issue, in the given order.</summary>
    /// <exception cref="ArgumentException">An invalid issue input, two issues with the same id, or a linkage naming an issue outside the space.</exception>
    public static ImmutableArray<ExchangeResult> Run(IReadOnlyList<ExchangeIssue> space, ImmutableArray<IssueLinkage> linkages) => Run(space, linkages, MaxExchanges);

    /// <summary>As <see cref="Run(IReadOnlyList{ExchangeIssue})"/>, stopping after <paramref name="limit"/> exchanges.</summary>
    internal static ImmutableArray<ExchangeResult> Run(IReadOnlyList<ExchangeIssue> space, int limit) => Run(space, [], limit);

    /// <summary>As <see cref="Run(IReadOnlyList{ExchangeIssue}, ImmutableArray{IssueLinkage})"/>, stopping after <paramref name="limit"/> exchanges (tests: the state after each one).</summary>
    internal static ImmutableArray<ExchangeResult> Run(IReadOnlyList<ExchangeIssue> space, ImmutableArray<IssueLinkage> linkages, int limit)
    {
        ArgumentNullException.ThrowIfNull(space);
        linkages = linkages.IsDefault ? [] : linkages;
        foreach (var issue in space)
        {
            ModelInput.Validate(issue.Input);
            if (issue.ActorIds.Length != issue.Input.Count)
                throw new ArgumentException($"Issue '{issue.Id}': {issue.ActorIds.Length} actor ids for {issue.Input.Count} actors.", nameof(space));
        }
        if (space.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count() != space.Count)
            throw new ArgumentException("Every issue of an exchange space needs its own id.", nameof(space));

        var m = space.Count;
        var ids = space.SelectMany(i => i.ActorIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var n = ids.Count;
        var index = ids.Select((id, k) => (id, k)).ToDictionary(t => t.id, t => t.k, StringComparer.Ordinal);
        // Dense per-issue arrays over all actors of the space; absent actors have weight 0 and no stance.
        var present = new bool[m, n];
        var ideal = new double[m, n];
        var voting = new double[m, n];
        var salience = new double[m, n];
        var weight = new double[m, n];
        var outcome = new double[m];
        var active = new bool[m];
        for (var d = 0; d < m; d++)
        {
            // Everything is summed in the ordinal order of actor ids, so that the order in which actors
            // are listed cannot change a sum's rounding (and with it which of two near-equal gains wins).
            var input = space[d].Input;
            for (var a = 0; a < input.Count; a++)
            {
                var k = index[space[d].ActorIds[a]];
                present[d, k] = true;
                ideal[d, k] = voting[d, k] = input.Position[a];
                salience[d, k] = input.Salience[a];
                weight[d, k] = input.Capability[a] * input.Salience[a];
            }
            var total = 0.0;
            for (var k = 0; k < n; k++) total += weight[d, k];
            active[d] = total > 0;
            for (var k = 0; k < n; k++) weight[d, k] = active[d] ? weight[d, k] / total : 0;
            outcome[d] = Outcome(d);
        }
        var issueOrder = Enumerable.Range(0, m).OrderBy(d => space[d].Id, StringComparer.Ordinal).ToArray();
        var tolerance = 1e-9 * Math.Max(1, space.Max(i => i.Input.ScaleMax - i.Input.ScaleMin));
        // linked[k, d]: the issues one of which must be the other issue of any exchange in which actor k shifts on d.
        var issueIndex = Enumerable.Range(0, m).ToDictionary(d => space[d].Id, StringComparer.Ordinal);
        var linked = new bool[]?[n, m];
        var applied = ImmutableArray.CreateBuilder<IssueLinkage>();
        foreach (var linkage in linkages)
        {
            foreach (var id in linkage.Requires.Prepend(linkage.Issue))
                if (!issueIndex.ContainsKey(id))
                    throw new ArgumentException($"Linkage of '{linkage.Actor}' names issue '{id}', which is not in the exchange space ({string.Join(", ", space.Select(i => i.Id))}).", nameof(linkages));
            if (!index.TryGetValue(linkage.Actor, out var k)) continue; // an actor with no stance in the space: nothing to constrain
            var allowed = linked[k, issueIndex[linkage.Issue]] ??= new bool[m];
            foreach (var id in linkage.Requires) allowed[issueIndex[id]] = true;
            applied.Add(linkage);
        }
        var barred = 0;

        var exchanges = ImmutableArray.CreateBuilder<RealisedExchange>();
        var capped = false;
        while (true)
        {
            var best = (Gain: tolerance, I: -1, J: -1, A: -1, B: -1, ShiftA: 0.0, ShiftB: 0.0);
            var bestBarred = tolerance;
            // i gains on a (j shifts there), i gives on b; every ordered pair and ordered issue pair.
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    if (i == j) continue;
                    foreach (var a in issueOrder)
                    {
                        if (!active[a] || !present[a, i] || !present[a, j]) continue;
                        foreach (var b in issueOrder)
                        {
                            if (b == a || !active[b] || !present[b, i] || !present[b, j]) continue;
                            var cand = Candidate(i, j, a, b);
                            // Better only by more than rounding: near-ties go to the first in id order.
                            if (cand is not { } c || !(c.Gain > best.Gain + 1e-12 * Math.Max(1, best.Gain))) continue;
                            // j shifts on a and i on b: a linkage of either on that issue needs the other issue to be one it requires.
                            if (linked[j, a] is { } forJ && !forJ[b] || linked[i, b] is { } forI && !forI[a])
                            {
                                bestBarred = Math.Max(bestBarred, c.Gain);
                                continue;
                            }
                            best = (c.Gain, i, j, a, b, c.ShiftA, c.ShiftB);
                        }
                    }
                }
            if (bestBarred > best.Gain) barred++;
            if (best.I < 0) break;
            if (exchanges.Count == limit) { capped = true; break; }
            Shift(best.A, best.J, best.I, best.ShiftA);
            Shift(best.B, best.I, best.J, best.ShiftB);
            exchanges.Add(new RealisedExchange(exchanges.Count + 1, ids[best.I], ids[best.J], space[best.A].Id, space[best.B].Id, best.ShiftA, best.ShiftB, best.Gain));
        }

        var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
        if (m < 2)
            warnings.Add(new ResultWarning("exchange-single-issue",
                "The exchange space has one issue, so no exchange is possible: the forecast is the compromise model's."));
        if (capped)
            warnings.Add(new ResultWarning("exchange-limit",
                $"Stopped after {limit} exchanges with gains still above the tolerance; the forecast is the outcome at that point."));
        var list = exchanges.ToImmutable();
        var spaceIds = space.Select(i => i.Id).ToImmutableArray();
        var results = ImmutableArray.CreateBuilder<ExchangeResult>(m);
        for (var d = 0; d < m; d++)
        {
            var input = space[d].Input;
            var v = new double[input.Count];
            for (var a = 0; a < input.Count; a++) v[a] = voting[d, index[space[d].ActorIds[a]]];
            var compromise = Baselines.WeightedMean(input.Position.AsSpan(), input.Capability.AsSpan(), input.Salience.AsSpan());
            var forecast = new Forecast(
                active[d] ? outcome[d] : Baselines.WeightedMean(v, input.Capability.AsSpan(), input.Salience.AsSpan()),
                Baselines.WeightedMedian(v, input.Capability.AsSpan(), input.Salience.AsSpan()));
            results.Add(new ExchangeResult(input.IssueId, forecast, compromise, [.. v], list)
            {
                Space = spaceIds,
                Linkages = applied.ToImmutable(),
                BarredByLinkage = barred,
                Warnings = [.. warnings.Select(w => w with { Issue = input.IssueId })],
            });
        }
        return results.MoveToImmutable();

        double Outcome(int d)
        {
            var o = 0.0;
            for (var k = 0; k < n; k++) o += weight[d, k] * voting[d, k];
            return o;
        }

        // Mover shifts its voting position on issue d toward `toward`'s policy position so that the
        // outcome moves by `shift`.
        void Shift(int d, int mover, int toward, double shift)
        {
            var direction = Math.Sign(ideal[d, toward] - outcome[d]);
            voting[d, mover] += direction * shift / weight[d, mover];
            // Never past the target (rounding): the cap in Candidate is exact in real arithmetic.
            if ((voting[d, mover] - ideal[d, toward]) * direction > 0) voting[d, mover] = ideal[d, toward];
            outcome[d] = Outcome(d);
        }

        (double Gain, double ShiftA, double ShiftB)? Candidate(int i, int j, int a, int b)
        {
            double sia = salience[a, i], sja = salience[a, j], sib = salience[b, i], sjb = salience[b, j];
            var advantage = sia * sjb - sib * sja;
            if (!(advantage > 0)) return null;
            // Opposite sides of the expected outcome on both issues.
            var dirA = Math.Sign(ideal[a, i] - outcome[a]);
            var dirB = Math.Sign(ideal[b, j] - outcome[b]);
            if (dirA == 0 || dirB == 0 || Math.Sign(ideal[a, j] - outcome[a]) != -dirA || Math.Sign(ideal[b, i] - outcome[b]) != -dirB) return null;
            if (!(weight[a, j] > 0) || !(weight[b, i] > 0)) return null;
            var maxA = Math.Min(weight[a, j] * Math.Max(0, (ideal[a, i] - voting[a, j]) * dirA), Math.Abs(ideal[a, i] - outcome[a]));
            var maxB = Math.Min(weight[b, i] * Math.Max(0, (ideal[b, j] - voting[b, i]) * dirB), Math.Abs(ideal[b, j] - outcome[b]));
            var ratio = (sia + sja) / (sib + sjb); // B = ratio·A (equal gain)
            var shiftA = Math.Min(maxA, maxB / ratio);
            if (!(shiftA > 0)) return null;
            return (shiftA * advantage / (sib + sjb), shiftA, shiftA * ratio);
        }
    }

    /// <summary>Salience-weighted loss Σ_d s_id |x_id − O_d| of one actor, with O_d the compromise model on the given voting positions.</summary>
    public static double Loss(IReadOnlyList<ExchangeIssue> space, string actor, IReadOnlyList<IReadOnlyList<double>> votingPositions)
    {
        ArgumentNullException.ThrowIfNull(space);
        var loss = 0.0;
        for (var d = 0; d < space.Count; d++)
        {
            var input = space[d].Input;
            var k = space[d].ActorIds.IndexOf(actor);
            if (k < 0) continue;
            var o = Baselines.WeightedMean([.. votingPositions[d]], input.Capability.AsSpan(), input.Salience.AsSpan());
            loss += input.Salience[k] * Math.Abs(input.Position[k] - o);
        }
        return loss;
    }
}
