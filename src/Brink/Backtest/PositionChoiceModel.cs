using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;

namespace Brink.Backtest;

/// <summary>
/// Position-choice model: the outcome of a DEU issue is usually one of the positions on the table
/// (64% of dev-file outcomes equal a coded position, the reference point or the compromise rounded to
/// 0.1). Each candidate p (every distinct coded position, the reference point, the compromise) gets a
/// conditional-logit score b·f(p) (McFadden 1974) with features: log of the weight share c·s of the
/// actors at p (+0.01), |p − compromise| and its square (scale units), Commission at p, Parliament at
/// p under codecision, under consultation, p = reference point, and under unanimity, p = the compromise,
/// p at an end of the scale. b maximises the ridge-penalised likelihood of the candidate nearest to each
/// training outcome (Newton's method; the penalty is picked by inner grouped CV). The forecast is the
/// median of the resulting distribution over candidates: the point that minimises expected absolute
/// error under it.
/// </summary>
public sealed class PositionChoiceModel : IBacktestModel
{
    /// <inheritdoc/>
    public string Name => "choice";
    /// <inheritdoc/>
    public string Description => "conditional logit over the positions on the table (coded positions, reference point, compromise); forecast = median of the choice distribution (fitted)";
    /// <inheritdoc/>
    public bool Learns => true;

    internal static readonly ImmutableArray<string> FeatureNames =
        ["log_support", "distance_to_compromise", "distance_squared", "commission", "parliament_cod", "parliament_cns",
         "reference_point", "reference_point_unanimity", "compromise", "scale_end"];

    internal sealed record Candidate(double Position, double[] Features);

    /// <summary>The candidates of an issue, in increasing position.</summary>
    internal static List<Candidate> Candidates(BacktestCase c)
    {
        var issue = c.Issue;
        var span = Math.Max(1e-9, issue.ScaleMax - issue.ScaleMin);
        var compromise = Math.Round(BaselineForecasts.Compromise(issue), 1);
        double total = 0;
        for (var i = 0; i < issue.Count; i++) total += issue.Capability[i] * issue.Salience[i];
        var positions = issue.Position.Append(compromise);
        if (c.ReferencePoint is { } q) positions = positions.Append(q);
        var cod = c.Procedure == "COD" ? 1.0 : 0.0;
        var unanimity = c.VotingRule == "unanimity" ? 1.0 : 0.0;
        var list = new List<Candidate>();
        foreach (var p in positions.Distinct().Order())
        {
            double support = 0, commission = 0, parliament = 0;
            for (var i = 0; i < issue.Count; i++)
            {
                if (issue.Position[i] != p) continue;
                support += total > 0 ? issue.Capability[i] * issue.Salience[i] / total : 1.0 / issue.Count;
                if (issue.Actors[i] == DeuActors.Commission) commission = 1;
                if (issue.Actors[i] == DeuActors.Parliament) parliament = 1;
            }
            var d = Math.Abs(p - compromise) / span;
            var isRp = c.ReferencePoint == p ? 1.0 : 0.0;
            list.Add(new Candidate(p,
            [
                Math.Log(support + 0.01), d, d * d, commission, parliament * cod, parliament * (1 - cod),
                isRp, isRp * unanimity, p == compromise ? 1 : 0, p == issue.ScaleMin || p == issue.ScaleMax ? 1 : 0,
            ]));
        }
        return list;
    }

    /// <inheritdoc/>
    public IForecaster Fit(IReadOnlyList<BacktestCase> training, BacktestProtocol protocol)
    {
        var data = training.Select(c => (Candidates(c), c.Outcome)).ToList();
        var penalty = CrossValidation.TunePenalty(training, protocol.ChoicePenalties, protocol,
            (inner, lambda) => Train([.. inner.Select(k => data[k])], lambda),
            (b, k) => PositionChoiceForecaster.Median(data[k].Item1, b));
        return new PositionChoiceForecaster(penalty, Train(data, penalty));
    }

    /// <summary>Newton's method on Σ −log P(target) + (λ/2)‖b‖² (convex; 25 iterations).</summary>
    internal static double[] Train(IReadOnlyList<(List<Candidate> Candidates, double Outcome)> data, double penalty)
    {
        var p = FeatureNames.Length;
        var b = new double[p];
        for (var it = 0; it < 25; it++)
        {
            var g = new double[p];
            var h = new double[p, p];
            for (var j = 0; j < p; j++) { g[j] = penalty * b[j]; h[j, j] = penalty + 1e-8; }
            foreach (var (cands, outcome) in data)
            {
                var target = 0;
                for (var k = 1; k < cands.Count; k++)
                    if (Math.Abs(cands[k].Position - outcome) < Math.Abs(cands[target].Position - outcome)) target = k;
                var prob = PositionChoiceForecaster.Probabilities(cands, b);
                var mean = new double[p];
                for (var k = 0; k < cands.Count; k++)
                    for (var j = 0; j < p; j++) mean[j] += prob[k] * cands[k].Features[j];
                for (var j = 0; j < p; j++) g[j] += mean[j] - cands[target].Features[j];
                for (var k = 0; k < cands.Count; k++)
                    for (var j = 0; j < p; j++)
                        for (var l = 0; l < p; l++)
                            h[j, l] += prob[k] * (cands[k].Features[j] - mean[j]) * (cands[k].Features[l] - mean[l]);
            }
            var step = Matrix<double>.Build.DenseOfArray(h).Solve(Vector<double>.Build.DenseOfArray(g));
            var size = 0.0;
            for (var j = 0; j < p; j++) { b[j] -= step[j]; size = Math.Max(size, Math.Abs(step[j])); }
            if (size < 1e-10) break;
        }
        return b;
    }
}

/// <summary>The position-choice model with fixed coefficients.</summary>
public sealed class PositionChoiceForecaster(double penalty, double[] coefficients) : IFittedForecaster
{
    /// <inheritdoc/>
    public string Name => "choice";
    /// <summary>The ridge penalty picked by the inner cross-validation.</summary>
    public double Penalty { get; } = penalty;
    /// <summary>The conditional-logit coefficients b, in the order of the features listed on <see cref="PositionChoiceModel"/>.</summary>
    public IReadOnlyList<double> Coefficients => coefficients;

    /// <inheritdoc/>
    public double? Forecast(BacktestCase c) => Median(PositionChoiceModel.Candidates(c), coefficients);

    /// <summary>Probability of each candidate (softmax of the scores).</summary>
    public IReadOnlyList<(double Position, double Probability)> Distribution(BacktestCase c)
    {
        var cands = PositionChoiceModel.Candidates(c);
        var prob = Probabilities(cands, coefficients);
        return [.. cands.Select((k, i) => (k.Position, prob[i]))];
    }

    internal static double[] Probabilities(List<PositionChoiceModel.Candidate> cands, double[] b)
    {
        var u = new double[cands.Count];
        var max = double.NegativeInfinity;
        for (var k = 0; k < cands.Count; k++)
        {
            for (var j = 0; j < b.Length; j++) u[k] += b[j] * cands[k].Features[j];
            max = Math.Max(max, u[k]);
        }
        double z = 0;
        for (var k = 0; k < u.Length; k++) { u[k] = Math.Exp(u[k] - max); z += u[k]; }
        for (var k = 0; k < u.Length; k++) u[k] /= z;
        return u;
    }

    /// <summary>The lower median of the distribution over candidates (candidates are in increasing position).</summary>
    internal static double Median(List<PositionChoiceModel.Candidate> cands, double[] b)
    {
        var prob = Probabilities(cands, b);
        double acc = 0;
        for (var k = 0; k < cands.Count; k++)
        {
            acc += prob[k];
            if (acc >= 0.5 - 1e-12) return cands[k].Position;
        }
        return cands[^1].Position;
    }

    /// <inheritdoc/>
    public FittedModel Export(string capabilities, string fittedOn, int issues) =>
        new("choice", capabilities, fittedOn, issues,
            PositionChoiceModel.FeatureNames.Select((n, k) => KeyValuePair.Create("coef." + n, coefficients[k]))
                .Append(KeyValuePair.Create("penalty", Penalty)).ToImmutableSortedDictionary());
}
