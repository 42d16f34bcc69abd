using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Brink.Models.Smp;

/// <summary>
/// KTAB's Spatial Model of Politics (Wise, Lester et al., KAPSARC Toolkit for Behavioral Analysis;
/// source/smp.cpp, source/smpbcn.cpp), written afresh for speed. Each turn: the salience-weighted
/// distances give every actor's value for every position; a probabilistic Condorcet election over
/// the positions gives risk attitudes (smp.cpp SMPState::setAllAUtil); every actor picks the
/// challenge with the largest expected gain, judged with third parties' votes (smpbcn.cpp
/// probEduChlg); the two sides' interpolated bargain is put to each actor's own election among its
/// bargains, and the winner becomes its next position (updateBestBrgnPositions); the run stops when a
/// turn moves the actors less than 2% of the first turn's move (smp.cpp smpStopFn).
/// </summary>
/// <remarks>
/// KTAB keeps n perspective matrices U^h of size n × n (n³ numbers) and logs every h's estimate of
/// every challenge (n⁴ work per turn). This engine keeps only the n × n distances and n risk
/// attitudes and derives U^h_ij = u(d_ij, r̂_hi) where needed, evaluates the n(n−1) challenges in
/// parallel (O(n³) per turn, memory O(n²·d)), and keeps floating-point operations in KTAB's order,
/// so it matches <see cref="Reference.ReferenceSmp"/> and KTAB's printed runs. The n³ loops are
/// <see cref="MethodImplOptions.AggressiveOptimization"/>: ReadyToRun cannot precompile their vector code, and a
/// command would otherwise run them as tier-0 code for its first turns (5.8× the in-process time a turn at 250 actors).
/// </remarks>
public static class SmpModel
{
    private sealed record Bargain(int Init, int Rcvr, double[] PosInit, double[] PosRcvr)
    {
        public bool IsStatusQuo => Init == Rcvr;
    }

    /// <summary>Runs the model to KTAB's stopping rule.</summary>
    /// <exception cref="ArgumentException">The input cannot be run (the message names actor and field).</exception>
    public static SmpResult Run(SmpInput input, SmpOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (input.Problems() is { Count: > 0 } problems) throw new ArgumentException(string.Join("; ", problems), nameof(input));
        var engine = new Engine(input, options);
        var positions = new double[input.Count][];
        for (var i = 0; i < input.Count; i++)
        {
            positions[i] = new double[input.DimensionCount];
            for (var k = 0; k < input.DimensionCount; k++) positions[i][k] = input.Unit(i, k);
        }
        var turns = new List<SmpTurn>();
        double firstMove = 0;
        var converged = false;
        for (var iter = 1; ; iter++)
        {
            cancellation.ThrowIfCancellationRequested();
            var (turn, next) = engine.Step(positions, iter - 1);
            turns.Add(turn);
            var move = StateDistance(positions, next);
            if (iter == 1) firstMove = move + options.MinSigDelta;
            positions = next;
            var quiet = move / firstMove < options.MinDeltaRatio;
            if (iter >= options.MaxTurns || (iter >= options.MinTurns && quiet))
            {
                converged = iter >= options.MinTurns && quiet;
                break;
            }
        }
        turns.Add(engine.Analyse(positions, turns.Count).Turn);
        if (!converged)
            engine.Warnings.Add(new ResultWarning("smp-no-convergence",
                $"{input.Id}: the run did not settle within {options.MaxTurns} turns (the last turn still moved the actors at least {options.MinDeltaRatio:0.###} of the first turn's move); the final positions are where it was cut, not an equilibrium"));
        return new SmpResult(input, options, [.. turns], converged) { Warnings = [.. engine.Warnings.Distinct()] };
    }

    /// <summary>Σ_i ‖x_i − y_i‖ (smp.cpp SMPModel::stateDist).</summary>
    internal static double StateDistance(double[][] a, double[][] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double s = 0;
            for (var k = 0; k < a[i].Length; k++) s += (a[i][k] - b[i][k]) * (a[i][k] - b[i][k]);
            sum += Math.Sqrt(s);
        }
        return sum;
    }

    private sealed class Engine
    {
        private readonly SmpInput _input;
        private readonly SmpOptions _o;
        private readonly int _n, _d;
        private readonly double[] _cap;
        private readonly double[][] _sal;
        /// <summary>Σ_k s_ik and (Σ_k s_ik)·c_i.</summary>
        private readonly double[] _salSum, _weight;
        private readonly KtabRandom _rng;
        public List<ResultWarning> Warnings { get; } = [];

        public Engine(SmpInput input, SmpOptions options)
        {
            _input = input;
            _o = options;
            _n = input.Count;
            _d = input.DimensionCount;
            _cap = [.. input.Capability];
            _sal = new double[_n][];
            _salSum = new double[_n];
            _weight = new double[_n];
            for (var i = 0; i < _n; i++)
            {
                _sal[i] = new double[_d];
                for (var k = 0; k < _d; k++) _sal[i][k] = input.Salience[i * _d + k];
                _salSum[i] = SmpRules.Sum(_sal[i]);
                _weight[i] = _salSum[i] * _cap[i];
            }
            _rng = new KtabRandom(options.Seed);
        }

        /// <summary>The per-state quantities: distances d_ij (row-major) and risk attitudes r_i.</summary>
        /// <remarks><see cref="DiffT"/> is the transpose (DiffT[j·n + m] = d_mj), so third-party loops read memory in order.</remarks>
        public sealed record State(double[] Diff, double[] DiffT, double[] Risk);

        public (SmpTurn Turn, State State) Analyse(double[][] pos, int turn)
        {
            int n = _n;
            var diff = new double[n * n];
            Parallel.For(0, n, i =>
            {
                for (var j = 0; j < n; j++) diff[i * n + j] = SmpRules.Distance(pos[i], pos[j], _sal[i]);
            });
            // Risk-neutral values 1 − d_ij and the election over all n positions (setAllAUtil).
            var rn = new double[n * n];
            for (var x = 0; x < rn.Length; x++) rn[x] = SmpRules.Utility(diff[x], 0);
            var c = Coalitions(_o.VotingRule, rn, n, n, _cap);
            var p = SmpRules.OptionProbabilities(_o.PceModel, _o.VictoryProbModel, c, n);
            var risk = SmpRules.RiskFromProbabilities(p, _o.BigRRange);
            if (risk is null)
            {
                Warnings.Add(new ResultWarning("smp-risk-neutral", $"{_input.Id}: every position is equally likely, so no risk attitude can be inferred; actors are treated as risk neutral"));
                risk = new double[n];
            }
            var t = new SmpTurn(turn, ToScale(pos));
            if (_o.Trace) t = t with { Risk = [.. risk] };
            if (_o.TraceValues) t = t with { RiskNeutralValue = [.. rn] };
            var diffT = new double[n * n];
            Parallel.For(0, n, j =>
            {
                for (var m = 0; m < n; m++) diffT[j * n + m] = diff[m * n + j];
            });
            return (t, new State(diff, diffT, risk));
        }

        /// <summary>Coalitions over the columns of u (actors × options), rows in parallel; each cell summed over actors in order.</summary>
        /// <remarks>
        /// An n³ of the turn (n options at the turn's election). The columns are transposed first so that each pair
        /// reads two contiguous rows; with proportional voting (KTAB's default) the votes of all actors are computed
        /// eight at a time into their positive and negative parts and then added in actor order, as the scalar loop
        /// did (an actor without a vote for a side adds +0 to a coalition of at least 1e-8, which changes nothing).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static double[] Coalitions(SmpVotingRule rule, double[] u, int actors, int options, double[] w)
        {
            var c = new double[options * options];
            var columns = new double[options * actors];
            for (var k = 0; k < actors; k++)
                for (var o = 0; o < options; o++) columns[o * actors + k] = u[k * options + o];
            Parallel.For(0, options, () => new Scratch(actors), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i, _, scratch) =>
            {
                ReadOnlySpan<double> ui = columns.AsSpan(i * actors, actors);
                var j = 0;
                if (rule == SmpVotingRule.Prop)
                    // Four pairs at a time: their eight sums are independent chains of additions, which the processor overlaps.
                    for (; j + Scratch.Pairs <= i; j += Scratch.Pairs)
                    {
                        for (var t = 0; t < Scratch.Pairs; t++) PropVotes(w, ui, columns.AsSpan((j + t) * actors, actors), scratch.Pro[t], scratch.Con[t]);
                        double c0 = SmpRules.MinCoalition, c1 = c0, c2 = c0, c3 = c0, d0 = c0, d1 = c0, d2 = c0, d3 = c0;
                        double[] p0 = scratch.Pro[0], p1 = scratch.Pro[1], p2 = scratch.Pro[2], p3 = scratch.Pro[3];
                        double[] n0 = scratch.Con[0], n1 = scratch.Con[1], n2 = scratch.Con[2], n3 = scratch.Con[3];
                        for (var k = 0; k < actors; k++)
                        {
                            c0 += p0[k]; d0 -= n0[k];
                            c1 += p1[k]; d1 -= n1[k];
                            c2 += p2[k]; d2 -= n2[k];
                            c3 += p3[k]; d3 -= n3[k];
                        }
                        (c[i * options + j], c[j * options + i]) = (c0, d0);
                        (c[i * options + j + 1], c[(j + 1) * options + i]) = (c1, d1);
                        (c[i * options + j + 2], c[(j + 2) * options + i]) = (c2, d2);
                        (c[i * options + j + 3], c[(j + 3) * options + i]) = (c3, d3);
                    }
                for (; j < i; j++)
                {
                    ReadOnlySpan<double> uj = columns.AsSpan(j * actors, actors);
                    double cij = SmpRules.MinCoalition, cji = SmpRules.MinCoalition;
                    for (var k = 0; k < actors; k++)
                    {
                        var v = SmpRules.Vote(rule, w[k], ui[k], uj[k]);
                        if (v > 0) cij += v;
                        if (v < 0) cji -= v;
                    }
                    c[i * options + j] = cij;
                    c[j * options + i] = cji;
                }
                c[i * options + i] = SmpRules.MinCoalition;
                return scratch;
            }, _ => { });
            return c;
        }

        /// <summary>
        /// Proportional votes w_k (u_ki − u_kj) of every actor k (<see cref="SmpRules.Vote"/>) split into their positive and
        /// negative parts, eight at a time; 0 in the part a vote does not have (adding it leaves a coalition of at least
        /// 1e-8 as it was).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PropVotes(ReadOnlySpan<double> w, ReadOnlySpan<double> ui, ReadOnlySpan<double> uj, Span<double> pro, Span<double> con)
        {
            var k = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; k <= w.Length - Vector512<double>.Count; k += Vector512<double>.Count)
                {
                    var v = Vector512.Create(w[k..]) * (Vector512.Create(ui[k..]) - Vector512.Create(uj[k..]));
                    Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<double>.Zero), v, Vector512<double>.Zero).CopyTo(pro[k..]);
                    Vector512.ConditionalSelect(Vector512.LessThan(v, Vector512<double>.Zero), v, Vector512<double>.Zero).CopyTo(con[k..]);
                }
            for (; k < w.Length; k++)
            {
                var v = SmpRules.Vote(SmpVotingRule.Prop, w[k], ui[k], uj[k]);
                pro[k] = v > 0 ? v : 0;
                con[k] = v < 0 ? v : 0;
            }
        }

        private ImmutableArray<double> ToScale(double[][] pos)
        {
            var b = ImmutableArray.CreateBuilder<double>(_n * _d);
            for (var i = 0; i < _n; i++)
                for (var k = 0; k < _d; k++) b.Add(_input.Scale(k, pos[i][k]));
            return b.MoveToImmutable();
        }

        /// <summary>r̂_hm for every m: h's estimates of the risk attitudes.</summary>
        private double[] RiskRow(double[] risk, int h)
        {
            var row = new double[_n];
            for (var m = 0; m < _n; m++) row[m] = SmpRules.EstimatedRisk(risk[h], risk[m], _o.BigRAdjust);
            return row;
        }

        /// <summary>U^h_ab with h's risk estimates <paramref name="rh"/>.</summary>
        private double U(State s, double[] rh, int a, int b) => SmpRules.Utility(s.Diff[a * _n + b], rh[a]);

        /// <summary>h's estimate of P[i beats j] and of the change in k's utility (smpbcn.cpp probEduChlg).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private (double P, double Gain) Challenge(State s, double[] rh, int k, int i, int j, Scratch scratch, bool ownUtilityReady = false)
        {
            var vr = _o.VotingRule;
            double uii = U(s, rh, i, i), uij = U(s, rh, i, j), uji = U(s, rh, j, i), ujj = U(s, rh, j, j);
            double uki = U(s, rh, k, i), ukj = U(s, rh, k, j);
            var euSq = uki + ukj;
            var uhkij = uki + uki;
            var uhkji = ukj + ukj;
            var sj = _salSum[j];
            var contribI = SmpRules.Vote(vr, _salSum[i] * _cap[i], uii, uij);
            var contribJ = SmpRules.Vote(vr, sj * _cap[j], uji, ujj);
            double chij = SmpRules.MinChallengeCoalition, chji = SmpRules.MinChallengeCoalition;
            if (contribI > 0) chij += contribI;
            if (contribI < 0) chji -= contribI;
            if (contribJ > 0) chij += contribJ;
            if (contribJ < 0) chji -= contribJ;
            double cI = chij, cJ = chji;
            var tpc = _o.ThirdPartyCommit;
            var colI = s.DiffT.AsSpan(i * _n, _n);
            var colJ = s.DiffT.AsSpan(j * _n, _n);
            if (vr == SmpVotingRule.Prop && tpc == SmpThirdPartyCommit.SemiCommit)
            {
                if (!ownUtilityReady) ThirdPartyUtilities(colI, rh, scratch.OwnUtility);
                PropSemiVotes(scratch.OwnUtility, colJ, rh, _weight, i, j, cI, cJ, scratch.Pro[0], scratch.Con[0]);
                for (var m = 0; m < _n; m++)
                {
                    chij += scratch.Pro[0][m];
                    chji -= scratch.Con[0][m];
                }
            }
            else for (var m = 0; m < _n; m++)
            {
                if (m == i || m == j) continue;
                var wm = _weight[m];
                // d_mm = 0, so U^h_mm = 1 exactly; d_mi and d_mj come from the transposed distances.
                double umi = SmpRules.Utility(colI[m], rh[m]), umj = SmpRules.Utility(colJ[m], rh[m]), umm = SmpRules.Utility(0, rh[m]);
                var pin = SmpRules.LittleContestProbability(vr, wm, umi, umj, cI, cJ);
                var v = SmpRules.ThirdPartyVote(wm, vr, tpc, pin, 1.0 - pin, umi, umj, umm);
                chij = v > 0 ? chij + v : chij;
                chji = v < 0 ? chji - v : chji;
            }
            var phij = chij / (chij + chji);
            var phji = chji / (chij + chji);
            var euContest = phij * uhkij + phji * uhkji;
            var euChallenge = (1 - sj) * uhkij + sj * euContest;
            return (phij, euChallenge - euSq);
        }

        /// <summary>
        /// The third parties' votes of <see cref="Challenge"/> for KTAB's defaults (proportional voting, semi-commitment)
        /// with <see cref="SmpRules.Vote"/>, <see cref="SmpRules.LittleContestProbability"/> and
        /// <see cref="SmpRules.ThirdPartyVote"/> written out, every operation in the same order: the positive part of
        /// party m's vote into <paramref name="pro"/>[m], the negative part into <paramref name="con"/>[m].
        /// </summary>
        /// <remarks>
        /// This loop is the n³ of a turn. The votes are computed eight at a time with the branches as per-lane selects
        /// (the same IEEE operations per lane, no fused multiply-add); the coalitions then add them up one party at a time
        /// in order, as the scalar loop did, so the sums keep their bits. The initiator, the target and a party without a
        /// vote for a side add +0, which leaves a coalition (≥ 1e-10) unchanged.
        /// </remarks>
        /// <param name="umi">U^h_mi of every third party m (<see cref="ThirdPartyUtilities"/> of column i).</param>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void PropSemiVotes(ReadOnlySpan<double> umi, ReadOnlySpan<double> colJ, ReadOnlySpan<double> rh,
            ReadOnlySpan<double> weight, int i, int j, double cI, double cJ, Span<double> pro, Span<double> con)
        {
            var n = umi.Length;
            var m = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; m <= n - Vector512<double>.Count; m += Vector512<double>.Count)
                {
                    var (p, c) = ThirdPartyVotes(Vector512.Create(umi[m..]), Vector512.Create(colJ[m..]), Vector512.Create(rh[m..]), Vector512.Create(weight[m..]),
                        Vector512.Create(cI), Vector512.Create(cJ));
                    p.CopyTo(pro[m..]);
                    c.CopyTo(con[m..]);
                }
            for (; m < n; m++)
            {
                var v = ThirdPartyVote(umi[m], colJ[m], rh[m], weight[m], cI, cJ);
                pro[m] = v > 0 ? v : 0;
                con[m] = v < 0 ? v : 0;
            }
            pro[i] = pro[j] = con[i] = con[j] = 0;
        }

        /// <summary>row[m] = U^h_mx = u(d_mx, r̂_hm) for every m, with <paramref name="column"/>[m] = d_mx.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void ThirdPartyUtilities(ReadOnlySpan<double> column, ReadOnlySpan<double> rh, Span<double> row)
        {
            for (var m = 0; m < column.Length; m++) row[m] = SmpRules.Utility(column[m], rh[m]);
        }

        /// <summary>Third party m's vote in the challenge (proportional voting, semi-commitment; smpbcn.cpp probEduChlg), given U^h_mi.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static double ThirdPartyVote(double umi, double dj, double r, double wm, double cI, double cJ)
        {
            var umj = SmpRules.Utility(dj, r);
            var umm = SmpRules.Utility(0, r);
            var cn = wm * (umi - umj);
            var cni = cn > 0 ? cI + cn : cI;
            var cnj = cn < 0 ? cJ - cn : cJ;
            var pin = cni / (cni + cnj);
            var pjn = 1.0 - pin;
            var uIkJ = pin * (umi + umi + umm) + pjn * (umj + umj + umj);
            var uIJk = pin * (umi + umi + umi) + pjn * (umj + umj + umm);
            return wm * (uIkJ - uIJk);
        }

        /// <summary><see cref="ThirdPartyVote(double, double, double, double, double, double)"/> for eight parties: the vote's positive and negative parts (0 where it has none).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static (Vector512<double> Pro, Vector512<double> Con) ThirdPartyVotes(Vector512<double> umi, Vector512<double> dj, Vector512<double> r, Vector512<double> wm,
            Vector512<double> cI, Vector512<double> cJ)
        {
            var one = Vector512<double>.One;
            var zero = Vector512<double>.Zero;
            var umj = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(dj, one), (one - dj) * (one + dj * r), (one - dj) * (one + r));
            var umm = (one - zero) * (one + zero * r);
            var cn = wm * (umi - umj);
            var cni = Vector512.ConditionalSelect(Vector512.GreaterThan(cn, zero), cI + cn, cI);
            var cnj = Vector512.ConditionalSelect(Vector512.LessThan(cn, zero), cJ - cn, cJ);
            var pin = cni / (cni + cnj);
            var pjn = one - pin;
            var uIkJ = pin * (umi + umi + umm) + pjn * (umj + umj + umj);
            var uIJk = pin * (umi + umi + umi) + pjn * (umj + umj + umm);
            var v = wm * (uIkJ - uIJk);
            return (Vector512.ConditionalSelect(Vector512.GreaterThan(v, zero), v, zero), Vector512.ConditionalSelect(Vector512.LessThan(v, zero), v, zero));
        }

        private sealed record Made(SmpChallenge Challenge, Bargain[] Bargains);

        public (SmpTurn Turn, double[][] Next) Step(double[][] pos, int turn)
        {
            int n = _n;
            var (state, s) = Analyse(pos, turn);
            var made = new Made?[n];
            Parallel.For(0, n, () => new Scratch(n), (i, _, scratch) =>
            {
                made[i] = BestChallenge(s, pos, i, scratch);
                return scratch;
            }, _ => { });

            var lists = new List<Bargain>[n];
            for (var i = 0; i < n; i++) lists[i] = [new Bargain(i, i, pos[i], pos[i])];
            foreach (var m in made)
                if (m is not null)
                    foreach (var b in m.Bargains) { lists[b.Init].Add(b); lists[b.Rcvr].Add(b); }

            // Utility of the state after each distinct bargain to each actor, computed once per bargain.
            // KTAB reads these from U^h (h's own estimate of its own risk, r̂_hh, which the anchoring rule
            // may round differently from r_h); the two moved positions use r_h itself (SMPActor::posUtil).
            var ownRisk = new double[n];
            for (var h = 0; h < n; h++) ownRisk[h] = SmpRules.EstimatedRisk(s.Risk[h], s.Risk[h], _o.BigRAdjust);
            var ownRow = new double[n];
            // U^h_hm with h's own risk estimate, every h and m: the part of every bargain's utility that the bargain does not move.
            var ownUtility = new double[n * n];
            Parallel.For(0, n, h =>
            {
                double sum = 0;
                for (var m = 0; m < n; m++) sum += ownUtility[h * n + m] = SmpRules.Utility(s.Diff[h * n + m], ownRisk[h]);
                ownRow[h] = sum / n;
            });
            var distinct = made.Where(m => m is not null).SelectMany(m => m!.Bargains).ToList();
            var bargainUtility = new Dictionary<Bargain, double[]>(ReferenceEqualityComparer.Instance);
            var utilities = new double[distinct.Count][];
            var groups = (distinct.Count + BargainGroup - 1) / BargainGroup;
            Parallel.For(0, groups, g =>
            {
                var group = distinct.GetRange(g * BargainGroup, Math.Min(BargainGroup, distinct.Count - g * BargainGroup));
                var result = BargainUtilities(s, pos, group, ownUtility);
                for (var x = 0; x < group.Count; x++) utilities[g * BargainGroup + x] = result[x];
            });
            for (var x = 0; x < distinct.Count; x++) bargainUtility[distinct[x]] = utilities[x];

            var next = new double[n][];
            var chosen = new int[n];
            for (var k = 0; k < n; k++)
            {
                var list = lists[k];
                var nb = list.Count;
                int best = 0;
                if (nb > 1 || _o.StateTransitions == SmpStateTransitions.Stochastic)
                {
                    var u = new double[n * nb];
                    for (var m = 0; m < nb; m++)
                    {
                        var col = list[m].IsStatusQuo ? ownRow : bargainUtility[list[m]];
                        for (var h = 0; h < n; h++) u[h * nb + m] = col[h];
                    }
                    var c = Coalitions(_o.VotingRule, u, n, nb, _cap);
                    var p = SmpRules.OptionProbabilities(_o.PceModel, _o.VictoryProbModel, c, nb);
                    if (_o.StateTransitions == SmpStateTransitions.Deterministic)
                    {
                        var ma = -1.0;
                        for (var m = 0; m < nb; m++) if (ma < Math.Abs(p[m])) { ma = Math.Abs(p[m]); best = m; }
                    }
                    else best = _rng.Select(p);
                }
                chosen[k] = best;
                var b = list[best];
                next[k] = b.IsStatusQuo ? pos[k] : b.Init == k ? b.PosInit : b.PosRcvr;
            }
            if (_o.Trace)
                state = state with { Challenges = [.. made.Where(m => m is not null).Select(m => m!.Challenge)], ChosenBargain = [.. chosen] };
            return (state, next);
        }

        /// <summary>Bargains whose utilities are summed side by side (<see cref="BargainUtilities"/>).</summary>
        private const int BargainGroup = 4;

        /// <summary>
        /// Average utility to every h of the state after each bargain of <paramref name="group"/> (smpbcn.cpp brgnUtil), in
        /// KTAB's summation order: the two moved positions, then every other actor's U^h_hm in actor order.
        /// </summary>
        /// <remarks>
        /// The n² sums of n terms of a turn's bargains are its third n³. The terms U^h_hm come from
        /// <paramref name="ownUtility"/> (computed once a turn), and up to four bargains are summed in the same pass over
        /// h's row, four independent chains of additions; each still adds its terms one at a time in order, skipping its
        /// own two actors, so every sum keeps its bits.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private double[][] BargainUtilities(State s, double[][] pos, List<Bargain> group, double[] ownUtility)
        {
            int n = _n, g = group.Count;
            var result = new double[g][];
            for (var t = 0; t < g; t++) result[t] = new double[n];
            // The actors some bargain of the group skips, in order, and a padding end.
            var skips = group.SelectMany(b => new[] { b.Init, b.Rcvr }).Distinct().Order().Append(n).ToArray();
            Span<double> sum = stackalloc double[BargainGroup];
            for (var h = 0; h < n; h++)
            {
                ReadOnlySpan<double> row = ownUtility.AsSpan(h * n, n);
                sum.Clear();
                for (var t = 0; t < g; t++)
                {
                    sum[t] += SmpRules.Utility(SmpRules.Distance(pos[h], group[t].PosInit, _sal[h]), s.Risk[h]);
                    sum[t] += SmpRules.Utility(SmpRules.Distance(pos[h], group[t].PosRcvr, _sal[h]), s.Risk[h]);
                }
                double s0 = sum[0], s1 = sum[1], s2 = sum[2], s3 = sum[3];
                var m = 0;
                foreach (var skip in skips)
                {
                    // Every bargain adds the terms up to the next actor that one of them skips (padding bargains add to unused sums).
                    for (; m < skip; m++)
                    {
                        var term = row[m];
                        s0 += term;
                        s1 += term;
                        s2 += term;
                        s3 += term;
                    }
                    if (skip == n) break;
                    (sum[0], sum[1], sum[2], sum[3]) = (s0, s1, s2, s3);
                    for (var t = 0; t < g; t++)
                        if (skip != group[t].Init && skip != group[t].Rcvr) sum[t] += row[skip];
                    (s0, s1, s2, s3) = (sum[0], sum[1], sum[2], sum[3]);
                    m = skip + 1;
                }
                (sum[0], sum[1], sum[2], sum[3]) = (s0, s1, s2, s3);
                for (var t = 0; t < g; t++) result[t][h] = sum[t] / n;
            }
            return result;
        }

        /// <summary>Working rows of one thread: votes split into positive and negative parts (<see cref="Pairs"/> pairs at a time in an election, one in a challenge).</summary>
        private sealed class Scratch(int n)
        {
            public const int Pairs = 4;
            public double[][] Pro { get; } = [.. Enumerable.Range(0, Pairs).Select(_ => new double[n])];
            public double[][] Con { get; } = [.. Enumerable.Range(0, Pairs).Select(_ => new double[n])];
            /// <summary>U^h_mi of every third party m for the challenger i (<see cref="ThirdPartyUtilities"/>).</summary>
            public double[] OwnUtility { get; } = new double[n];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private Made? BestChallenge(State s, double[][] pos, int i, Scratch scratch)
        {
            var ri = RiskRow(s.Risk, i);
            int bestJ = -1;
            double pIJ = 0, bestEu = -1.0;
            // i's utilities for its own position are the same in every challenge it makes.
            ThirdPartyUtilities(s.DiffT.AsSpan(i * _n, _n), ri, scratch.OwnUtility);
            for (var j = 0; j < _n; j++)
            {
                if (j == i) continue;
                var (p, edu) = Challenge(s, ri, i, i, j, scratch, ownUtilityReady: true);
                if (SmpRules.MinSignificantGain < edu && bestEu < edu) { bestJ = j; pIJ = p; bestEu = edu; }
            }
            if (bestJ < 0 || !(bestEu > 0)) return null;
            var t = bestJ;
            var rt = RiskRow(s.Risk, t);
            var byJonI = Challenge(s, rt, i, i, t, scratch);
            var (iiI, iiJ) = Interpolate(pos, i, t, pIJ, 1 - pIJ);
            Bargain[] bargains;
            switch (_o.BargainModel)
            {
                case SmpBargainModel.InitOnlyInterp:
                    bargains = [new Bargain(i, t, iiI, iiJ)];
                    break;
                case SmpBargainModel.InitRcvrInterp:
                {
                    var (jiI, jiJ) = Interpolate(pos, i, t, byJonI.P, 1 - byJonI.P);
                    bargains = [new Bargain(i, t, iiI, iiJ), new Bargain(i, t, jiI, jiJ)];
                    break;
                }
                default:
                {
                    var (jiI, jiJ) = Interpolate(pos, i, t, byJonI.P, 1 - byJonI.P);
                    var wi = _cap[i] * _salSum[i];
                    // KTAB weighs the receiver with the initiator's capability (smpbcn.cpp doBCN, scj); fixed unless Variant = Ktab.
                    var wj = (_o.Variant == SmpVariant.Ktab ? _cap[i] : _cap[t]) * _salSum[t];
                    var cI = new double[_d];
                    var cJ = new double[_d];
                    for (var k = 0; k < _d; k++)
                    {
                        cI[k] = (wi * iiI[k] + wj * jiI[k]) / (wi + wj);
                        cJ[k] = (wi * iiJ[k] + wj * jiJ[k]) / (wi + wj);
                    }
                    bargains = [new Bargain(i, t, cI, cJ)];
                    break;
                }
            }
            SmpChallenge challenge;
            if (_o.Trace)
            {
                var byIonJ = Challenge(s, ri, t, i, t, scratch);
                var byJonJ = Challenge(s, rt, t, i, t, scratch);
                challenge = new SmpChallenge(i, t, pIJ, bestEu, byIonJ.Gain, byJonI.P, byJonI.Gain, byJonJ.Gain)
                {
                    InitiatorBargainForInitiator = [.. iiI.Select((x, k) => _input.Scale(k, x))],
                    InitiatorBargainForTarget = [.. iiJ.Select((x, k) => _input.Scale(k, x))],
                };
            }
            else challenge = new SmpChallenge(i, t, pIJ, bestEu, double.NaN, byJonI.P, byJonI.Gain, double.NaN);
            return new Made(challenge, bargains);
        }

        private (double[] I, double[] J) Interpolate(double[][] pos, int i, int j, double pI, double pJ)
        {
            var bi = new double[_d];
            var bj = new double[_d];
            for (var k = 0; k < _d; k++)
                (bi[k], bj[k]) = SmpRules.Interpolate(_o.InterVecBargain, pos[i][k], _sal[i][k], pI, pos[j][k], _sal[j][k], pJ);
            return (bi, bj);
        }
    }
}
