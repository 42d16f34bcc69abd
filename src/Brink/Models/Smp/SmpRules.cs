namespace Brink.Models.Smp;

/// <summary>
/// The scalar rules of KTAB's generic model that the SMP is built on, written from KTAB's source
/// (kmodel.cpp, smp.cpp, smpbcn.cpp; function names cited on each member). Floating-point operations
/// are kept in KTAB's order so that a run reproduces KTAB's printed digits.
/// </summary>
public static class SmpRules
{
    /// <summary>Coalition floor added to every coalition (kmodel.cpp Model::coalitions, minC).</summary>
    internal const double MinCoalition = 1e-8;
    /// <summary>Floor of the coalitions in a challenge (smpbcn.cpp probEduChlg, minCltn).</summary>
    internal const double MinChallengeCoalition = 1e-10;
    /// <summary>Smallest expected gain that makes a challenge worth making (smpbcn.cpp bestChallenge, minSigEDU).</summary>
    internal const double MinSignificantGain = 1e-5;

    /// <summary>Influence actor i exerts for option j over k (kmodel.cpp Model::vote).</summary>
    public static double Vote(SmpVotingRule rule, double weight, double uij, double uik)
    {
        var du = uij - uik;
        const double sTol = 1e-8;
        var rBin = du / sTol;
        rBin = rBin > 1 ? 1 : rBin;
        rBin = rBin < -1 ? -1 : rBin;
        const double rbp = 0.2, rpc = 0.5;
        return rule switch
        {
            SmpVotingRule.Binary => weight * rBin,
            SmpVotingRule.PropBin => weight * ((1 - rbp) * du + rbp * rBin),
            SmpVotingRule.Prop => weight * du,
            SmpVotingRule.PropCbc => weight * ((1 - rpc) * du + rpc * (du * du * du)),
            SmpVotingRule.Cubic => weight * (du * du * du),
            SmpVotingRule.ASymProsp => du < 0 ? weight * du : du > 0 ? 2.0 * weight * du / 3.0 : 0.0,
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }

    /// <summary>Probability that coalition 1 beats coalition 2 (kmodel.cpp Model::vProb(vpm, s1, s2)); returns (p1, p2).</summary>
    public static (double P1, double P2) VictoryProbability(SmpVictoryProbModel model, double s1, double s2)
    {
        const double minX = 1e-6;
        double x1, x2;
        switch (model)
        {
            case SmpVictoryProbModel.Linear: x1 = s1; x2 = s2; break;
            case SmpVictoryProbModel.Square: x1 = s1 * s1; x2 = s2 * s2; break;
            case SmpVictoryProbModel.Quartic: x1 = Qrtc(s1); x2 = Qrtc(s2); break;
            case SmpVictoryProbModel.Octic: x1 = Qrtc(s1) * Qrtc(s1); x2 = Qrtc(s2) * Qrtc(s2); break;
            case SmpVictoryProbModel.Binary:
                const double thresh = 1.10;
                if (s1 >= thresh * s2) { x1 = 1.0; x2 = minX; }
                else if (s2 >= thresh * s1) { x1 = minX; x2 = 1.0; }
                else
                {
                    var r12 = s1 / (s1 + s2);
                    var p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0);
                    x1 = p12;
                    x2 = 1 - p12;
                }
                break;
            default: throw new ArgumentOutOfRangeException(nameof(model));
        }
        return (x1 / (x1 + x2), x2 / (x1 + x2));

        static double Qrtc(double x) { var s = x * x; return s * s; }
    }

    /// <summary>
    /// Coalition strengths over m options (kmodel.cpp Model::coalitions): c[i,j] = floor + Σ_k positive
    /// votes of k for i over j; the diagonal is the floor. <paramref name="vote"/> is (k, i, j) → v_k(i:j).
    /// </summary>
    public static double[] Coalitions(Func<int, int, int, double> vote, int actors, int options)
    {
        var c = new double[options * options];
        for (var i = 0; i < options; i++)
        {
            for (var j = 0; j < i; j++)
            {
                double cij = MinCoalition, cji = MinCoalition;
                for (var k = 0; k < actors; k++)
                {
                    var v = vote(k, i, j);
                    if (v > 0) cij += v;
                    if (v < 0) cji -= v;
                }
                c[i * options + j] = cij;
                c[j * options + i] = cji;
            }
            c[i * options + i] = MinCoalition;
        }
        return c;
    }

    /// <summary>Pairwise victory probabilities from coalition strengths (kmodel.cpp Model::vProb(vpm, c)).</summary>
    public static double[] VictoryMatrix(SmpVictoryProbModel model, double[] c, int m)
    {
        var p = new double[m * m];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (p1, p2) = VictoryProbability(model, c[i * m + j], c[j * m + i]);
                p[i * m + j] = p1;
                p[j * m + i] = p2;
            }
            p[i * m + i] = 0.5;
        }
        return p;
    }

    /// <summary>Probability of each option from coalition strengths (kmodel.cpp Model::probCE2).</summary>
    public static double[] OptionProbabilities(SmpPceModel pce, SmpVictoryProbModel vpm, double[] c, int m)
    {
        var pv = VictoryMatrix(vpm, c, m);
        return pce switch
        {
            SmpPceModel.Conditional => ConditionalPce(pv, m),
            SmpPceModel.MarkovIncentive => MarkovIncentivePce(c, pv, m),
            SmpPceModel.MarkovUniform => MarkovUniformPce(pv, m),
            _ => throw new ArgumentOutOfRangeException(nameof(pce)),
        };
    }

    /// <summary>The scalar probabilistic Condorcet election (kmodel.cpp Model::scalarPCE): u is actors × options row-major.</summary>
    public static double[] ScalarPce(int actors, int options, IReadOnlyList<double> weight, double[] u,
        SmpVotingRule rule, SmpVictoryProbModel vpm, SmpPceModel pce)
    {
        var c = Coalitions((k, i, j) => Vote(rule, weight[k], u[k * options + i], u[k * options + j]), actors, options);
        return OptionProbabilities(pce, vpm, c, options);
    }

    /// <summary>One-step conditional Condorcet probabilities (kmodel.cpp Model::condPCE).</summary>
    public static double[] ConditionalPce(double[] pv, int m)
    {
        var p = new double[m];
        double total = 0;
        for (var i = 0; i < m; i++)
        {
            var pi = 1.0;
            for (var j = 0; j < m; j++) pi *= pv[i * m + j];
            p[i] = pi;
        }
        foreach (var x in p) total += x;
        for (var i = 0; i < m; i++) p[i] /= total;
        return p;
    }

    /// <summary>Iteration cap for the Markov elections (KTAB: iMax = 1000, "10-30 is typical").</summary>
    private const int MarkovMaxIterations = 1000;

    /// <summary>Markov chain with uniform challenges (kmodel.cpp Model::markovUniformPCE).</summary>
    public static double[] MarkovUniformPce(double[] pv, int m)
    {
        const double pTol = 1e-6;
        var p = Enumerable.Repeat(1.0 / m, m).ToArray();
        var q = new double[m];
        var change = 1.0;
        for (var iter = 0; pTol < change; iter++)
        {
            if (iter >= MarkovMaxIterations) throw new InvalidOperationException("MarkovUniform election did not converge in 1000 iterations");
            change = 0;
            for (var i = 0; i < m; i++)
            {
                var pi = 0.0;
                for (var j = 0; j < m; j++) pi += pv[i * m + j] * (p[i] + p[j]);
                q[i] = pi / m;
                change = Math.Max(change, Math.Abs(q[i] - p[i]));
            }
            for (var i = 0; i < m; i++) p[i] = (p[i] + q[i]) / 2.0;
        }
        return p;
    }

    /// <summary>Markov chain with incentive-weighted challenges (kmodel.cpp Model::markovIncentivePCE).</summary>
    public static double[] MarkovIncentivePce(double[] c, double[] pv, int m)
    {
        const double pTol = 1e-8, epsSupport = 1e-10;
        var inctv = new double[m * m];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++)
                inctv[i * m + j] = c[i * m + j] * pv[i * m + j] + (i == j ? epsSupport : 0);
        var chlg = new double[m * m];
        for (var j = 0; j < m; j++)
        {
            var sum = 0.0;
            for (var k = 0; k < m; k++) sum += inctv[k * m + j];
            for (var i = 0; i < m; i++) chlg[i * m + j] = inctv[i * m + j] / sum;
        }
        var p = Enumerable.Repeat(1.0 / m, m).ToArray();
        var q = new double[m];
        var ct = new double[m * m];
        var change = 1.0;
        for (var iter = 0; pTol < change; iter++)
        {
            if (iter >= MarkovMaxIterations) throw new InvalidOperationException("MarkovIncentive election did not converge in 1000 iterations");
            for (var i = 0; i < m; i++)
                for (var j = 0; j < m; j++)
                    ct[i * m + j] = p[i] * chlg[j * m + i];
            change = 0;
            for (var i = 0; i < m; i++)
            {
                var qi = 0.0;
                for (var j = 0; j < m; j++) qi += pv[i * m + j] * (ct[i * m + j] + ct[j * m + i]);
                q[i] = qi;
                change = Math.Max(change, Math.Abs(q[i] - p[i]));
            }
            for (var i = 0; i < m; i++) p[i] = (p[i] + q[i]) / 2.0;
        }
        return p;
    }

    /// <summary>
    /// Risk attitudes from the probabilities of the actors' positions (kmodel.cpp Model::bigRfromProb):
    /// the most likely position gets +1, the least likely the bottom of the range. Returns null when
    /// every position is equally likely (KTAB divides by zero there).
    /// </summary>
    public static double[]? RiskFromProbabilities(IReadOnlyList<double> p, SmpBigRRange range)
    {
        double pMin = 1.0, pMax = 0.0;
        foreach (var x in p)
        {
            pMin = x < pMin ? x : pMin;
            pMax = x > pMax ? x : pMax;
        }
        if (!(pMax > pMin)) return null;
        var r = new double[p.Count];
        for (var i = 0; i < r.Length; i++)
            r[i] = range switch
            {
                SmpBigRRange.Min => (p[i] - pMin) / (pMax - pMin),
                SmpBigRRange.Mid => (3 * p[i] - (pMax + 2 * pMin)) / (2 * (pMax - pMin)),
                SmpBigRRange.Max => (2 * p[i] - (pMax + pMin)) / (pMax - pMin),
                _ => throw new ArgumentOutOfRangeException(nameof(range)),
            };
        return r;
    }

    /// <summary>h's estimate of i's risk attitude (kmodel.cpp Model::estNRA).</summary>
    public static double EstimatedRisk(double rh, double ri, SmpBigRAdjust adjust) => adjust switch
    {
        SmpBigRAdjust.Full => ri,
        SmpBigRAdjust.TwoThirds => (rh + 2.0 * ri) / 3.0,
        SmpBigRAdjust.Half => (rh + ri) / 2,
        SmpBigRAdjust.OneThird => (2.0 * rh + ri) / 3.0,
        SmpBigRAdjust.None => rh,
        _ => throw new ArgumentOutOfRangeException(nameof(adjust)),
    };

    /// <summary>Utility of a salience-weighted distance sd for risk attitude R (smp.cpp SMPModel::bsUtil).</summary>
    public static double Utility(double sd, double r) => sd <= 1 ? (1 - sd) * (1 + sd * r) : (1 - sd) * (1 + r);

    /// <summary>
    /// Salience-weighted Euclidean distance between two points (smp.cpp SMPModel::bvDiff):
    /// sqrt(Σ (s_k Δ_k)² / Σ s_k²), with <paramref name="from"/> and <paramref name="to"/> the two points and
    /// <paramref name="salience"/> the weights s_k (d values each).
    /// </summary>
    public static double Distance(ReadOnlySpan<double> from, ReadOnlySpan<double> to, ReadOnlySpan<double> salience)
    {
        double dsSqr = 0, ssSqr = 0;
        for (var k = 0; k < salience.Length; k++)
        {
            var ds = (from[k] - to[k]) * salience[k];
            var s = salience[k];
            dsSqr += ds * ds;
            ssSqr += s * s;
        }
        return Math.Sqrt(dsSqr / ssSqr);
    }

    /// <summary>
    /// Third party k's vote between joining i against j and joining j against i, with the "sum of
    /// utilities" state values (kmodel.cpp Actor::thirdPartyVoteSU).
    /// </summary>
    public static double ThirdPartyVote(double wk, SmpVotingRule rule, SmpThirdPartyCommit commit,
        double pik, double pjk, double uki, double ukj, double ukk)
    {
        double uIkDefJ, uJDefIk, uIDefJk, uJkDefI;
        switch (commit)
        {
            case SmpThirdPartyCommit.FullCommit:
                uIkDefJ = uki + uki + uki; uJDefIk = ukj + ukj + ukj; uIDefJk = uki + uki + uki; uJkDefI = ukj + ukj + ukj;
                break;
            case SmpThirdPartyCommit.SemiCommit:
                uIkDefJ = uki + uki + ukk; uJDefIk = ukj + ukj + ukj; uIDefJk = uki + uki + uki; uJkDefI = ukj + ukj + ukk;
                break;
            case SmpThirdPartyCommit.NoCommit:
                uIkDefJ = uki + uki + ukk; uJDefIk = ukj + ukj + ukk; uIDefJk = uki + uki + ukk; uJkDefI = ukj + ukj + ukk;
                break;
            default: throw new ArgumentOutOfRangeException(nameof(commit));
        }
        var uIkJ = pik * uIkDefJ + pjk * uJDefIk;
        var uIJk = pik * uIDefJk + pjk * uJkDefI;
        return Vote(rule, wk, uIkJ, uIJk);
    }

    /// <summary>Third party n's estimate that i wins the little contest (i:j) it joins (kmodel.cpp Actor::vProbLittle).</summary>
    public static double LittleContestProbability(SmpVotingRule rule, double wn, double uni, double unj, double contribI, double contribJ)
    {
        var cn = Vote(rule, wn, uni, unj);
        var cni = cn > 0 ? contribI + cn : contribI;
        var cnj = cn < 0 ? contribJ - cn : contribJ;
        return cni / (cni + cnj);
    }

    /// <summary>Sequential sum, in index order as KTAB's KBase::sum (no vectorised reassociation).</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        var s = 0.0;
        foreach (var x in values) s += x;
        return s;
    }

    /// <summary>Rounds to 4 decimals on the [0,1] scale (smp.cpp interpBrgnSnPm, round4).</summary>
    internal static double Round4(double x) => (int)(0.5 + x * 10000.0) / 10000.0;

    /// <summary>
    /// Interpolated bargain on one dimension (smp.cpp SMPActor::interpBrgnSnPm and interpBrgnS2PMax):
    /// positions t, saliences s and win probabilities p of i and j; returns (b_i, b_j).
    /// </summary>
    public static (double Bi, double Bj) Interpolate(SmpInterVecBargain rule, double ti, double si, double pi, double tj, double sj, double pj)
    {
        const double minW = 1e-6;
        if (rule == SmpInterVecBargain.S2PMax)
        {
            var di = pj > pi ? pj - pi : 0;
            var dj = pi > pj ? pi - pj : 0;
            double si2 = si * si, sj2 = sj * sj;
            var dik = di * sj2 / (di * sj2 + minW + (1 - di) * si2);
            var djk = dj * si2 / (dj * si2 + minW + (1 - dj) * sj2);
            return (ti + dik * (tj - ti), tj + djk * (ti - tj));
        }
        var squared = rule == SmpInterVecBargain.S2P2;
        var wi = squared ? si * si * (pi * pi) : si * pi;
        var wj = squared ? sj * sj * (pj * pj) : sj * pj;
        var bi = Round4(((wi + minW) * ti + wj * tj) / (wi + minW + wj));
        var bj = Round4((wi * ti + (minW + wj) * tj) / (wi + minW + wj));
        return (bi, bj);
    }
}
