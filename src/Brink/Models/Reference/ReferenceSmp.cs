using System.Collections.Immutable;
using Brink.Models.Smp;

namespace Brink.Models.Reference;

/// <summary>
/// Plain Spatial Model of Politics, laid out as KTAB lays it out (smp.cpp, smpbcn.cpp): every state
/// materialises all n perspectives U^h (n × n each, so n³ numbers), every challenge is evaluated from
/// those matrices, one thread. It is the yardstick for <see cref="SmpModel"/>, which must agree with it.
/// </summary>
public static class ReferenceSmp
{
    private sealed record Bargain(int Init, int Rcvr, double[] PosInit, double[] PosRcvr);

    /// <summary>Runs the model to KTAB's stopping rule.</summary>
    /// <exception cref="ArgumentException">The input cannot be run (the message names actor and field).</exception>
    public static SmpResult Run(SmpInput input, SmpOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (input.Problems() is { Count: > 0 } problems) throw new ArgumentException(string.Join("; ", problems), nameof(input));
        int n = input.Count, d = input.DimensionCount;
        var cap = input.Capability.ToArray();
        var sal = new double[n][];
        for (var i = 0; i < n; i++) sal[i] = [.. Enumerable.Range(0, d).Select(k => input.Salience[i * d + k])];
        var pos = new double[n][];
        for (var i = 0; i < n; i++) pos[i] = [.. Enumerable.Range(0, d).Select(k => input.Unit(i, k))];
        var rng = new KtabRandom(options.Seed);
        var warnings = new List<ResultWarning>();

        var history = new List<double[][]> { pos };
        var turns = new List<SmpTurn>();
        var converged = false;
        for (var iter = 1; ; iter++)
        {
            var (turn, next) = Step(input, options, cap, sal, history[^1], iter - 1, rng, warnings);
            turns.Add(turn);
            history.Add(next);
            var d01 = StateDistance(history[0], history[1]) + options.MinSigDelta;
            var dxy = StateDistance(history[iter], history[iter - 1]);
            var quiet = dxy / d01 < options.MinDeltaRatio;
            if (iter >= options.MaxTurns || (iter >= options.MinTurns && quiet))
            {
                converged = iter >= options.MinTurns && quiet;
                break;
            }
        }
        var last = history[^1];
        var (finalTurn, _) = Analyse(input, options, cap, sal, last, history.Count - 1, warnings);
        turns.Add(finalTurn);
        if (!converged)
            warnings.Add(new ResultWarning("smp-no-convergence",
                $"{input.Id}: the run did not settle within {options.MaxTurns} turns (the last turn still moved the actors at least {options.MinDeltaRatio:0.###} of the first turn's move); the final positions are where it was cut, not an equilibrium"));
        return new SmpResult(input, options, [.. turns], converged) { Warnings = [.. warnings.Distinct()] };
    }

    /// <summary>Σ_i ‖x_i − y_i‖ (smp.cpp SMPModel::stateDist).</summary>
    private static double StateDistance(double[][] a, double[][] b)
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

    private sealed record Analysis(double[,] Diff, double[] Risk, double[][,] U);

    /// <summary>The state's value matrix, risk attitudes and perspectives (smp.cpp SMPState::setAllAUtil); ideals = positions.</summary>
    private static Analysis Utilities(SmpOptions o, double[] cap, double[][] sal, double[][] pos, List<ResultWarning> warnings, string id)
    {
        var n = pos.Length;
        var diff = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                diff[i, j] = SmpRules.Distance(pos[i], pos[j], sal[i]);
        var rn = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                rn[i * n + j] = SmpRules.Utility(diff[i, j], 0);
        var c = SmpRules.Coalitions((k, i, j) => SmpRules.Vote(o.VotingRule, cap[k], rn[k * n + i], rn[k * n + j]), n, n);
        var p = SmpRules.OptionProbabilities(o.PceModel, o.VictoryProbModel, c, n);
        var risk = SmpRules.RiskFromProbabilities(p, o.BigRRange);
        if (risk is null)
        {
            warnings.Add(new ResultWarning("smp-risk-neutral", $"{id}: every position is equally likely, so no risk attitude can be inferred; actors are treated as risk neutral"));
            risk = new double[n];
        }
        // The previous state's n³ perspectives are garbage by now, but the collector may not have run since they were
        // allocated: at 1,000 actors each set is 7.6 GB, and without this the process held two at once (15.7 GB).
        if (8.0 * n * n * n > 1 << 30) GC.Collect();
        var u = new double[n][,];
        for (var h = 0; h < n; h++)
        {
            u[h] = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                var rhi = SmpRules.EstimatedRisk(risk[h], risk[i], o.BigRAdjust);
                for (var j = 0; j < n; j++) u[h][i, j] = SmpRules.Utility(diff[i, j], rhi);
            }
        }
        return new Analysis(diff, risk, u);
    }

    private static (SmpTurn Turn, Analysis A) Analyse(SmpInput input, SmpOptions o, double[] cap, double[][] sal, double[][] pos, int turn, List<ResultWarning> warnings)
    {
        var a = Utilities(o, cap, sal, pos, warnings, input.Id);
        var n = pos.Length;
        var t = new SmpTurn(turn, ToScale(input, pos));
        if (o.Trace) t = t with { Risk = [.. a.Risk] };
        if (o.TraceValues) t = t with { RiskNeutralValue = [.. Enumerable.Range(0, n * n).Select(x => SmpRules.Utility(a.Diff[x / n, x % n], 0))] };
        return (t, a);
    }

    private static ImmutableArray<double> ToScale(SmpInput input, double[][] pos) =>
        [.. Enumerable.Range(0, pos.Length * input.DimensionCount).Select(x => input.Scale(x % input.DimensionCount, pos[x / input.DimensionCount][x % input.DimensionCount]))];

    /// <summary>h's estimate of the probability i beats j and of the change in k's utility (smpbcn.cpp SMPState::probEduChlg).</summary>
    private static (double P, double Gain) Challenge(SmpOptions o, double[] cap, double[][] sal, double[,] uh, int k, int i, int j)
    {
        var n = cap.Length;
        var vr = o.VotingRule;
        double uii = uh[i, i], uij = uh[i, j], uji = uh[j, i], ujj = uh[j, j];
        var euSq = uh[k, i] + uh[k, j];
        var uhkij = uh[k, i] + uh[k, i];
        var uhkji = uh[k, j] + uh[k, j];
        var si = SmpRules.Sum(sal[i]);
        var sj = SmpRules.Sum(sal[j]);
        var contribI = SmpRules.Vote(vr, si * cap[i], uii, uij);
        var contribJ = SmpRules.Vote(vr, sj * cap[j], uji, ujj);
        double chij = SmpRules.MinChallengeCoalition, chji = SmpRules.MinChallengeCoalition;
        if (contribI > 0) chij += contribI;
        if (contribI < 0) chji -= contribI;
        if (contribJ > 0) chij += contribJ;
        if (contribJ < 0) chji -= contribJ;
        double cI = chij, cJ = chji;
        for (var m = 0; m < n; m++)
        {
            if (m == i || m == j) continue;
            var sm = SmpRules.Sum(sal[m]);
            double umi = uh[m, i], umj = uh[m, j], umm = uh[m, m];
            var pin = SmpRules.LittleContestProbability(vr, sm * cap[m], umi, umj, cI, cJ);
            var v = SmpRules.ThirdPartyVote(sm * cap[m], vr, o.ThirdPartyCommit, pin, 1.0 - pin, umi, umj, umm);
            chij = v > 0 ? chij + v : chij;
            chji = v < 0 ? chji - v : chji;
        }
        var phij = chij / (chij + chji);
        var phji = chji / (chij + chji);
        var euContest = phij * uhkij + phji * uhkji;
        var euChallenge = (1 - sj) * uhkij + sj * euContest;
        return (phij, euChallenge - euSq);
    }

    private static (double[] I, double[] J) Interpolate(SmpOptions o, double[][] sal, double[][] pos, int i, int j, double pI, double pJ)
    {
        var d = pos[i].Length;
        var bi = new double[d];
        var bj = new double[d];
        for (var k = 0; k < d; k++)
            (bi[k], bj[k]) = SmpRules.Interpolate(o.InterVecBargain, pos[i][k], sal[i][k], pI, pos[j][k], sal[j][k], pJ);
        return (bi, bj);
    }

    /// <summary>One turn: challenges, bargains and each actor's choice among its bargains (smpbcn.cpp SMPState::doBCN).</summary>
    private static (SmpTurn Turn, double[][] Next) Step(SmpInput input, SmpOptions o, double[] cap, double[][] sal, double[][] pos, int turn, KtabRandom rng, List<ResultWarning> warnings)
    {
        var n = pos.Length;
        var (state, a) = Analyse(input, o, cap, sal, pos, turn, warnings);
        var bargains = new List<Bargain>[n];
        for (var i = 0; i < n; i++) bargains[i] = [new Bargain(i, i, pos[i], pos[i])];
        var challenges = new List<SmpChallenge>();
        for (var i = 0; i < n; i++)
        {
            // bestChallenge: the first j with the largest significant expected gain, in index order.
            int bestJ = -1;
            double pIJ = 0, bestEu = -1.0;
            for (var j = 0; j < n; j++)
            {
                if (j == i) continue;
                var (p, edu) = Challenge(o, cap, sal, a.U[i], i, i, j);
                if (SmpRules.MinSignificantGain < edu && bestEu < edu) { bestJ = j; pIJ = p; bestEu = edu; }
            }
            if (!(bestEu > 0) || bestJ < 0) continue;
            var t = bestJ;
            var byIonJ = Challenge(o, cap, sal, a.U[i], t, i, t);
            var byJonI = Challenge(o, cap, sal, a.U[t], i, i, t);
            var byJonJ = Challenge(o, cap, sal, a.U[t], t, i, t);
            var (iiI, iiJ) = Interpolate(o, sal, pos, i, t, pIJ, 1 - pIJ);
            var pJ = byJonI.P;
            var (jiI, jiJ) = Interpolate(o, sal, pos, i, t, pJ, 1 - pJ);
            var wi = cap[i] * SmpRules.Sum(sal[i]);
            var wj = (o.Variant == SmpVariant.Ktab ? cap[i] : cap[t]) * SmpRules.Sum(sal[t]);
            var cI = new double[pos[i].Length];
            var cJ = new double[pos[i].Length];
            for (var k = 0; k < cI.Length; k++)
            {
                cI[k] = (wi * iiI[k] + wj * jiI[k]) / (wi + wj);
                cJ[k] = (wi * iiJ[k] + wj * jiJ[k]) / (wi + wj);
            }
            switch (o.BargainModel)
            {
                case SmpBargainModel.InitOnlyInterp:
                    Add(new Bargain(i, t, iiI, iiJ));
                    break;
                case SmpBargainModel.InitRcvrInterp:
                    Add(new Bargain(i, t, iiI, iiJ));
                    Add(new Bargain(i, t, jiI, jiJ));
                    break;
                default:
                    Add(new Bargain(i, t, cI, cJ));
                    break;
            }
            challenges.Add(new SmpChallenge(i, t, pIJ, bestEu, byIonJ.Gain, byJonI.P, byJonI.Gain, byJonJ.Gain)
            {
                InitiatorBargainForInitiator = [.. iiI.Select((x, k) => input.Scale(k, x))],
                InitiatorBargainForTarget = [.. iiJ.Select((x, k) => input.Scale(k, x))],
            });
            void Add(Bargain b) { bargains[b.Init].Add(b); bargains[b.Rcvr].Add(b); }
        }

        // updateBestBrgnPositions: each actor's probabilistic election among its bargains.
        var next = new double[n][];
        var chosen = new int[n];
        for (var k = 0; k < n; k++)
        {
            var list = bargains[k];
            var nb = list.Count;
            var u = new double[n * nb];
            for (var h = 0; h < n; h++)
                for (var m = 0; m < nb; m++)
                    u[h * nb + m] = BargainUtility(o, a, sal, pos, list[m], h);
            var p = SmpRules.ScalarPce(n, nb, cap, u, o.VotingRule, o.VictoryProbModel, o.PceModel);
            var best = 0;
            if (o.StateTransitions == SmpStateTransitions.Deterministic)
            {
                var ma = -1.0;
                for (var m = 0; m < nb; m++) if (ma < Math.Abs(p[m])) { ma = Math.Abs(p[m]); best = m; }
            }
            else best = rng.Select(p);
            chosen[k] = best;
            var b = list[best];
            next[k] = b.Init == b.Rcvr ? pos[k] : b.Init == k ? b.PosInit : b.PosRcvr;
        }
        if (o.Trace) state = state with { Challenges = [.. challenges], ChosenBargain = [.. chosen] };
        return (state, next);
    }

    /// <summary>Average utility to h of the state after bargain b (smpbcn.cpp updateBestBrgnPositions, brgnUtil).</summary>
    private static double BargainUtility(SmpOptions o, Analysis a, double[][] sal, double[][] pos, Bargain b, int h)
    {
        var n = pos.Length;
        var uh = a.U[h];
        double sum = 0;
        if (b.Init == b.Rcvr)
        {
            for (var m = 0; m < n; m++) sum += uh[h, m];
            return sum / n;
        }
        sum += SmpRules.Utility(SmpRules.Distance(pos[h], b.PosInit, sal[h]), a.Risk[h]);
        sum += SmpRules.Utility(SmpRules.Distance(pos[h], b.PosRcvr, sal[h]), a.Risk[h]);
        for (var m = 0; m < n; m++)
            if (m != b.Init && m != b.Rcvr) sum += uh[h, m];
        return sum / n;
    }
}
