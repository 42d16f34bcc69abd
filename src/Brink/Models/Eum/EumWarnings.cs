using System.Collections.Immutable;
using System.Globalization;

namespace Brink.Models.Eum;

/// <summary>
/// Positions that repeat with a period of two rounds or more at the end of an EUM run (or a forecast
/// that alternates between rounds while positions drift), so the last round's forecast depends on
/// whether the run stopped on an odd or an even round.
/// </summary>
/// <param name="Period">Rounds per cycle (2 = odd/even alternation).</param>
/// <param name="FromRound">First round of the repeating stretch (0 = the initial positions).</param>
/// <param name="Exact">True when the positions themselves repeat; false when only the forecast alternates.</param>
/// <param name="Average">The forecast averaged over the last <see cref="Period"/> rounds: what the cycle settles on.</param>
/// <param name="LastRound">The last round's forecast (the model's reported forecast).</param>
/// <param name="Actors">Actors whose positions change within the cycle.</param>
public sealed record EumCycle(int Period, int FromRound, bool Exact, Forecast Average, Forecast LastRound, ImmutableArray<string> Actors)
{
    /// <summary>True when actors swing back and forth across a large part of the scale every round without repeating exactly.</summary>
    public bool Oscillation { get; init; }
}

/// <summary>
/// A forecast that rests on a single large move: one actor crossing at least half of the scale in one
/// round, in a round that made at least half of the forecast's net change.
/// </summary>
public sealed record EumPivotalMove(int Round, string Actor, double From, double To, OfferType Type, string Proposer, double ForecastBefore, double ForecastAfter);

/// <summary>
/// Reads an EUM trace for what a reader must know before trusting its last-round forecast: cycles
/// (and odd/even dependence) and single large moves. Pure; runs on the result, not inside the engine.
/// </summary>
public static class EumWarnings
{
    /// <summary>Code: positions cycle between rounds.</summary>
    public const string CycleCode = "eum-cycle";
    /// <summary>Code: the forecast alternates between odd and even rounds.</summary>
    public const string AlternationCode = "eum-forecast-alternates";
    /// <summary>Code: the forecast rests on one large move.</summary>
    public const string PivotalMoveCode = "eum-pivotal-move";

    /// <summary>Share of the scale a single move must cross to count as large.</summary>
    public const double LargeMoveShare = 0.5;

    /// <summary>Share of the scale an actor's every move must cross, in alternating directions, to count as an oscillation.</summary>
    public const double OscillationShare = 0.1;

    /// <summary>Share of the scale by which that round must move the forecast for the forecast to rest on it.</summary>
    public const double MinForecastShift = 0.05;

    /// <summary>The result with <see cref="EumResult.Cycle"/>, <see cref="EumResult.PivotalMove"/> and their warnings filled in.</summary>
    public static EumResult Annotate(EumResult result, SpatialIssue input)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(input);
        var cycle = FindCycle(result, input);
        var pivotal = FindPivotalMove(result, input);
        var warnings = ImmutableArray.CreateBuilder<ResultWarning>();
        warnings.AddRange(result.Warnings.IsDefault ? [] : result.Warnings);
        if (cycle is not null)
        {
            var who = cycle.Actors.IsEmpty ? "" : $" ({string.Join(", ", cycle.Actors)})";
            warnings.Add(cycle.Oscillation
                ? new ResultWarning(CycleCode,
                    $"Positions swing back and forth every round from round {cycle.FromRound}{who}, each swing at least {F(100 * OscillationShare)} % of the scale: the last-round forecast {F(cycle.LastRound.Mean)} depends on where the run stopped; " +
                    $"averaged over the last two rounds it is {F(cycle.Average.Mean)} (median {F(cycle.Average.Median)}).")
                { Actors = cycle.Actors, Issue = input.IssueId }
                : cycle.Exact
                ? new ResultWarning(CycleCode,
                    $"Positions repeat every {cycle.Period} rounds from round {cycle.FromRound}{who}: the last-round forecast {F(cycle.LastRound.Mean)} depends on where the run stopped; " +
                    $"averaged over the cycle it is {F(cycle.Average.Mean)} (median {F(cycle.Average.Median)}).")
                { Actors = cycle.Actors, Issue = input.IssueId }
                : new ResultWarning(AlternationCode,
                    $"The forecast alternates between odd and even rounds from round {cycle.FromRound}: the last-round forecast {F(cycle.LastRound.Mean)} depends on where the run stopped; " +
                    $"averaged over the last two rounds it is {F(cycle.Average.Mean)} (median {F(cycle.Average.Median)}).")
                { Actors = cycle.Actors, Issue = input.IssueId });
        }
        if (pivotal is not null)
            warnings.Add(new ResultWarning(PivotalMoveCode,
                $"The forecast rests on one large move: in round {pivotal.Round} {pivotal.Actor} went {F(pivotal.From)} → {F(pivotal.To)} ({pivotal.Type.ToString().ToLowerInvariant()} toward {pivotal.Proposer}), " +
                $"{F(100 * Math.Abs(pivotal.To - pivotal.From) / Width(input))} % of the scale, moving the forecast from {F(pivotal.ForecastBefore)} to {F(pivotal.ForecastAfter)}.")
            { Actors = [pivotal.Actor, pivotal.Proposer], Issue = input.IssueId });
        return result with { Cycle = cycle, PivotalMove = pivotal, Warnings = warnings.ToImmutable() };
    }

    private static double Width(SpatialIssue input)
    {
        var w = input.ScaleMax - input.ScaleMin;
        if (w > 0) return w;
        var spread = input.Position.IsEmpty ? 0 : input.Position.Max() - input.Position.Min();
        return spread > 0 ? spread : 1;
    }

    /// <summary>Positions after each round (index 0 = initial), as arrays over actors.</summary>
    private static double[][] States(EumResult result, SpatialIssue input)
    {
        var states = new double[result.Rounds.Length + 1][];
        states[0] = [.. input.Position];
        for (var r = 0; r < result.Rounds.Length; r++)
        {
            var s = new double[input.Count];
            foreach (var a in result.Rounds[r].Actors) s[a.Actor] = a.End;
            states[r + 1] = s;
        }
        return states;
    }

    /// <summary>
    /// The shortest period p ≥ 2 with state t equal to state t − p (within 1e-9 of the scale) for the last
    /// p states, so at least one full repetition is observed; else an alternation of the forecast over the
    /// last four rounds; else null.
    /// </summary>
    internal static EumCycle? FindCycle(EumResult result, SpatialIssue input)
    {
        var rounds = result.Rounds.Length;
        if (rounds < 3) return null;
        var tol = 1e-9 * Width(input);
        var states = States(result, input);
        bool Same(int a, int b)
        {
            for (var i = 0; i < input.Count; i++)
                if (Math.Abs(states[a][i] - states[b][i]) > tol) return false;
            return true;
        }
        Forecast ForecastAt(int t) => t == 0 ? result.Initial : result.Rounds[t - 1].Forecast;
        if (Same(rounds, rounds - 1)) return null; // converged (period 1)
        for (var p = 2; 2 * p - 1 <= rounds; p++)
        {
            var repeats = true;
            for (var k = 0; k < p && repeats; k++) repeats = Same(rounds - k, rounds - k - p);
            if (!repeats) continue;
            var from = rounds - 2 * p + 1;
            while (from > 0 && Same(from - 1, from - 1 + p)) from--;
            var changing = Enumerable.Range(0, input.Count)
                .Where(i => Enumerable.Range(rounds - p + 1, p).Any(t => Math.Abs(states[t][i] - states[rounds][i]) > tol))
                .Select(i => input.Actors[i]).ToImmutableArray();
            return new EumCycle(p, from, true, Average(ForecastAt, rounds, p), ForecastAt(rounds), changing);
        }
        // Actors swinging back and forth (e.g. two actors swapping positions every round) while drifting,
        // so nothing repeats exactly and the forecast may barely move: the last four moves of the actor
        // alternate in direction, each at least OscillationShare of the scale.
        if (rounds >= 4)
        {
            var minSwing = OscillationShare * Width(input);
            bool Swings(int i, int t) // moves into and out of state t alternate, both large
            {
                var d1 = states[t][i] - states[t - 1][i];
                var d0 = states[t - 1][i] - states[t - 2][i];
                return Math.Abs(d1) >= minSwing && Math.Abs(d0) >= minSwing && Math.Sign(d1) != Math.Sign(d0);
            }
            var swinging = Enumerable.Range(0, input.Count)
                .Where(i => Enumerable.Range(rounds - 2, 3).All(t => Swings(i, t))).ToList();
            if (swinging.Count > 0)
            {
                var first = rounds - 4;
                while (first > 0 && swinging.All(i => Swings(i, first + 1))) first--;
                return new EumCycle(2, first, false, Average(ForecastAt, rounds, 2), ForecastAt(rounds),
                    [.. swinging.Select(i => input.Actors[i])])
                { Oscillation = true };
            }
        }
        // Forecast alternation without exact repetition: the last four changes alternate in sign, each
        // larger than 1e-4 of the scale (well above rounding, below any reading of the forecast).
        if (rounds < 4) return null;
        var minStep = 1e-4 * Width(input);
        var alternating = true;
        for (var t = rounds; t > rounds - 3 && alternating; t--)
        {
            var d1 = ForecastAt(t).Mean - ForecastAt(t - 1).Mean;
            var d0 = ForecastAt(t - 1).Mean - ForecastAt(t - 2).Mean;
            alternating = Math.Abs(d1) > minStep && Math.Abs(d0) > minStep && Math.Sign(d1) != Math.Sign(d0);
        }
        if (!alternating) return null;
        var start = rounds - 4;
        while (start > 1)
        {
            var d1 = ForecastAt(start).Mean - ForecastAt(start - 1).Mean;
            var d0 = ForecastAt(start - 1).Mean - ForecastAt(start - 2).Mean;
            if (!(Math.Abs(d1) > minStep && Math.Abs(d0) > minStep && Math.Sign(d1) != Math.Sign(d0))) break;
            start--;
        }
        var moving = Enumerable.Range(0, input.Count)
            .Where(i => Math.Abs(states[rounds][i] - states[rounds - 1][i]) > tol)
            .Select(i => input.Actors[i]).ToImmutableArray();
        return new EumCycle(2, start, false, Average(ForecastAt, rounds, 2), ForecastAt(rounds), moving);
    }

    private static Forecast Average(Func<int, Forecast> at, int last, int period)
    {
        double mean = 0, median = 0;
        for (var t = last - period + 1; t <= last; t++)
        {
            mean += at(t).Mean;
            median += at(t).Median;
        }
        return new Forecast(mean / period, median / period);
    }

    /// <summary>
    /// The largest single move crossing at least <see cref="LargeMoveShare"/> of the scale, in a round
    /// whose change of the forecast mean is at least half the run's net change and at least
    /// <see cref="MinForecastShift"/> of the scale, and which the actor keeps (its final position within
    /// a tenth of the move of where it went); null when there is none.
    /// </summary>
    internal static EumPivotalMove? FindPivotalMove(EumResult result, SpatialIssue input)
    {
        if (result.Rounds.IsEmpty) return null;
        var width = Width(input);
        var net = result.Forecast.Mean - result.Initial.Mean;
        EumPivotalMove? best = null;
        var before = result.Initial.Mean;
        foreach (var round in result.Rounds)
        {
            var after = round.Forecast.Mean;
            var step = after - before;
            if (Math.Abs(step) >= 0.5 * Math.Abs(net) && Math.Abs(step) >= MinForecastShift * width && Math.Sign(step) == Math.Sign(net))
            {
                foreach (var a in round.Actors)
                {
                    var size = Math.Abs(a.End - a.Start);
                    // A move undone later is not what the last round rests on.
                    var kept = Math.Abs(result.FinalPositions[a.Actor] - a.End) <= 0.1 * size;
                    if (a.Offer is null || size < LargeMoveShare * width || !kept) continue;
                    if (best is null || size > Math.Abs(best.To - best.From))
                        best = new EumPivotalMove(round.Round, input.Actors[a.Actor], a.Start, a.End, a.Offer.Type, input.Actors[a.Offer.From], before, after);
                }
            }
            before = after;
        }
        return best;
    }

    private static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
}
