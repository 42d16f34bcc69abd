using System.Collections.Immutable;
using Brink.Models;

namespace Brink.Crisis;

/// <summary>
/// <see cref="ResultGuard"/> for the crisis analysis: no NaN or infinity leaves the core as a crisis figure. A probability,
/// win chance, gap or threshold that is not finite is a bug and throws <see cref="NonFiniteResultException"/>. Two numbers
/// are undefined by design and documents show them as null, with a warning added here: the point forecast (the crisis model
/// forecasts how a crisis ends, not a position) and a threat stage's q* = 1/(p + c_D) when the challenger's chance p and the
/// target's war cost c_D are both 0 (Fearon 1994: the target then resists whatever it believes).
/// </summary>
public static class CrisisResultGuard
{
    /// <summary>Code: a threat stage's q* is undefined (p + c_D = 0) and shown as null.</summary>
    public const string UndefinedThresholdCode = "crisis-undefined-threshold";

    /// <summary>Checks every figure of <paramref name="result"/>; returns it with a warning for each kind of number undefined by design.</summary>
    public static CrisisAnalysisResult EnsureFinite(CrisisAnalysisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (model, variant) = (result.Model, result.Variant);
        void Check(double x, string field)
        {
            if (!double.IsFinite(x)) throw new NonFiniteResultException(model, variant, field, x);
        }
        void CheckOutcome(CrisisOutcome o, string field)
        {
            Check(o.War, field + ".war");
            Check(o.Settlement, field + ".settlement");
            Check(o.CapitulationA, field + ".capitulation_a");
            Check(o.CapitulationB, field + ".capitulation_b");
            Check(o.StatusQuo, field + ".status_quo");
        }
        var undefined = new List<DyadCrisisReport>();
        for (var k = 0; k < result.Dyads.Length; k++)
        {
            var d = result.Dyads[k];
            var at = $"dyads[{k}]";
            CheckOutcome(d.Outcome, at);
            foreach (var (cause, p) in d.WarByCause) Check(p, $"{at}.war_by_cause.{cause.ToString().ToLowerInvariant()}");
            Check(d.PTrue, at + ".p_true");
            Check(d.PViewA, at + ".p_view_a");
            Check(d.PViewB, at + ".p_view_b");
            Check(d.MisperceptionGap, at + ".misperception_gap");
            Check(d.OptimismThreshold, at + ".optimism_threshold");
            var stages = d.Detail?.Stages ?? [];
            for (var s = 0; s < stages.Length; s++)
            {
                var st = stages[s];
                var sat = $"{at}.stages[{s}]";
                if (double.IsPositiveInfinity(st.QStar) && !undefined.Contains(d)) undefined.Add(d);
                else if (!double.IsPositiveInfinity(st.QStar)) Check(st.QStar, sat + ".q_star");
                Check(st.Weight, sat + ".weight");
                Check(st.TargetBelief, sat + ".target_belief");
                if (st.Beta is { } beta) Check(beta, sat + ".beta");
                if (st.Sigma is { } sigma) Check(sigma, sat + ".sigma");
                Check(st.ProbabilityStandoff, sat + ".probability_standoff");
                Check(st.ProbabilityWarInStandoff, sat + ".probability_war_in_standoff");
                Check(st.Demand, sat + ".demand");
                CheckOutcome(st.Outcome, sat + ".outcome");
            }
        }
        var o = result.Overall;
        CheckOutcome(o.Mean, "overall");
        Check(o.ProbabilityAnyWar, "overall.p_any_war");
        foreach (var (cause, p) in o.WarByCause) Check(p, $"overall.war_by_cause.{cause.ToString().ToLowerInvariant()}");
        for (var g = 0; g < result.BeliefGaps.Length; g++)
        {
            Check(result.BeliefGaps[g].Believed, $"belief_gaps[{g}].believed");
            Check(result.BeliefGaps[g].Actual, $"belief_gaps[{g}].actual");
            Check(result.BeliefGaps[g].Gap, $"belief_gaps[{g}].gap");
        }
        if (undefined.Count == 0) return result;
        var actors = undefined.SelectMany(d => new[] { d.ActorA, d.ActorB }).Distinct().ToImmutableArray();
        var named = string.Join(", ", undefined.Take(5).Select(d => $"{d.ActorA}–{d.ActorB} on {d.Issue}")) + (undefined.Count > 5 ? ", …" : "");
        var warning = new ResultWarning(UndefinedThresholdCode,
            $"q* = 1/(p + c_D), the target's threshold belief, is undefined in {undefined.Count} dyad{(undefined.Count == 1 ? "" : "s")} ({named}): " +
            "the challenger's chance of winning and the target's war cost are both 0, so the target resists whatever it believes; q_star is null there.")
        { Actors = actors };
        return result with { Warnings = result.Warnings.Add(warning) };
    }
}
