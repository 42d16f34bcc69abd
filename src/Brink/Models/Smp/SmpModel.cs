using System.Collections.Immutable;

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
/// so it matches <see cref="Reference.ReferenceSmp"/> and KTAB's printed runs.
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
        private static double[] Coalitions(SmpVotingRule rule, double[] u, int actors, int options, double[] w)
        {
            var c = new double[options * options];
            Parallel.For(0, options, i =>
            {
                for (var j = 0; j < i; j++)
                {
                    double cij = SmpRules.MinCoalition, cji = SmpRules.MinCoalition;
                    for (var k = 0; k < actors; k++)
                    {
                        var v = SmpRules.Vote(rule, w[k], u[k * options + i], u[k * options + j]);
                        if (v > 0) cij += v;
                        if (v < 0) cji -= v;
                    }
                    c[i * options + j] = cij;
                    c[j * options + i] = cji;
                }
                c[i * options + i] = SmpRules.MinCoalition;
            });
            return c;
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
        private (double P, double Gain) Challenge(State s, double[] rh, int k, int i, int j)
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
                (chij, chji) = ThirdPartiesPropSemi(colI, colJ, rh, i, j, cI, cJ, chij, chji);
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
        /// The third-party loop of <see cref="Challenge"/> for KTAB's defaults (proportional voting,
        /// semi-commitment) with <see cref="SmpRules.Vote"/>, <see cref="SmpRules.LittleContestProbability"/>
        /// and <see cref="SmpRules.ThirdPartyVote"/> written out, every operation in the same order.
        /// </summary>
        private (double Chij, double Chji) ThirdPartiesPropSemi(ReadOnlySpan<double> colI, ReadOnlySpan<double> colJ, double[] rh,
            int i, int j, double cI, double cJ, double chij, double chji)
        {
            var weight = _weight;
            for (var m = 0; m < colI.Length; m++)
            {
                if (m == i || m == j) continue;
                var wm = weight[m];
                var r = rh[m];
                var di = colI[m];
                var dj = colJ[m];
                var umi = di <= 1 ? (1 - di) * (1 + di * r) : (1 - di) * (1 + r);
                var umj = dj <= 1 ? (1 - dj) * (1 + dj * r) : (1 - dj) * (1 + r);
                var umm = (1 - 0.0) * (1 + 0.0 * r);
                var cn = wm * (umi - umj);
                var cni = cn > 0 ? cI + cn : cI;
                var cnj = cn < 0 ? cJ - cn : cJ;
                var pin = cni / (cni + cnj);
                var pjn = 1.0 - pin;
                var uIkJ = pin * (umi + umi + umm) + pjn * (umj + umj + umj);
                var uIJk = pin * (umi + umi + umi) + pjn * (umj + umj + umm);
                var v = wm * (uIkJ - uIJk);
                chij = v > 0 ? chij + v : chij;
                chji = v < 0 ? chji - v : chji;
            }
            return (chij, chji);
        }

        private sealed record Made(SmpChallenge Challenge, Bargain[] Bargains);

        public (SmpTurn Turn, double[][] Next) Step(double[][] pos, int turn)
        {
            int n = _n;
            var (state, s) = Analyse(pos, turn);
            var made = new Made?[n];
            Parallel.For(0, n, i => made[i] = BestChallenge(s, pos, i));

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
            Parallel.For(0, n, h =>
            {
                double sum = 0;
                for (var m = 0; m < n; m++) sum += SmpRules.Utility(s.Diff[h * n + m], ownRisk[h]);
                ownRow[h] = sum / n;
            });
            var distinct = made.Where(m => m is not null).SelectMany(m => m!.Bargains).ToList();
            var bargainUtility = new Dictionary<Bargain, double[]>(ReferenceEqualityComparer.Instance);
            var utilities = new double[distinct.Count][];
            Parallel.For(0, distinct.Count, x => utilities[x] = BargainUtilities(s, pos, distinct[x], ownRisk));
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

        /// <summary>Average utility to every h of the state after bargain b (smpbcn.cpp brgnUtil), in KTAB's summation order.</summary>
        private double[] BargainUtilities(State s, double[][] pos, Bargain b, double[] ownRisk)
        {
            int n = _n;
            var result = new double[n];
            for (var h = 0; h < n; h++)
            {
                double sum = 0;
                sum += SmpRules.Utility(SmpRules.Distance(pos[h], b.PosInit, _sal[h]), s.Risk[h]);
                sum += SmpRules.Utility(SmpRules.Distance(pos[h], b.PosRcvr, _sal[h]), s.Risk[h]);
                for (var m = 0; m < n; m++)
                    if (m != b.Init && m != b.Rcvr) sum += SmpRules.Utility(s.Diff[h * n + m], ownRisk[h]);
                result[h] = sum / n;
            }
            return result;
        }

        private Made? BestChallenge(State s, double[][] pos, int i)
        {
            var ri = RiskRow(s.Risk, i);
            int bestJ = -1;
            double pIJ = 0, bestEu = -1.0;
            for (var j = 0; j < _n; j++)
            {
                if (j == i) continue;
                var (p, edu) = Challenge(s, ri, i, i, j);
                if (SmpRules.MinSignificantGain < edu && bestEu < edu) { bestJ = j; pIJ = p; bestEu = edu; }
            }
            if (bestJ < 0 || !(bestEu > 0)) return null;
            var t = bestJ;
            var rt = RiskRow(s.Risk, t);
            var byJonI = Challenge(s, rt, i, i, t);
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
                var byIonJ = Challenge(s, ri, t, i, t);
                var byJonJ = Challenge(s, rt, t, i, t);
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
