using Brink.Crisis;
using Brink.Scenarios;

namespace Brink.Application;

/// <summary>
/// <c>brink crisis optimism --sweep</c> and the crisis page's slider: P(war) against the misperception gap g = p^A − p^B
/// (<see cref="MisperceptionSweep"/>), for each upper end c̄ of the analyst's uniform cost ranges.
/// </summary>
public sealed record MisperceptionSweepRequest
{
    /// <summary>True probability that A wins.</summary>
    public double P { get; init; } = 0.5;
    /// <summary>Upper ends c̄ of the uniform cost ranges (one curve each).</summary>
    public IReadOnlyList<double> CostMax { get; init; } = [0.1, 0.2, 0.4];
    public double MaxGap { get; init; } = 1;
    /// <summary>Number of gap steps: the curve has <c>Steps + 1</c> points from 0 to <see cref="MaxGap"/>.</summary>
    public int Steps { get; init; } = 50;
    /// <summary>Also evaluate P(war) at this gap (the slider's position); null = not asked.</summary>
    public double? Gap { get; init; }

    /// <summary>Problems as the CLI prints them (each names its option); <see cref="Validate"/> locates them.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        void Add(string field, string? message)
        {
            if (message is not null) problems.Add((field, message));
        }
        Add("p", CrisisGuard.Probability("--p", P));
        Add("max-gap", CrisisGuard.Probability("--max-gap", MaxGap));
        if (CostMax.Count == 0) Add("cost-max", "--cost-max needs at least one number.");
        foreach (var c in CostMax) Add("cost-max", CrisisGuard.Positive("--cost-max", c));
        if (Steps is < 1 or > 1000) Add("steps", $"--steps must be between 1 and 1000 (got {Steps}).");
        if (Gap is { } g) Add("gap", CrisisGuard.Probability("--gap", g));
        return problems;
    }

    public IReadOnlyList<Diagnostic> Validate() => [.. Problems().Select(p => Outcome.RequestError(p.Field, p.Message))];
}

/// <summary>The document of <c>brink crisis optimism --sweep --format json</c>: the true p and every point of every curve.</summary>
public sealed record MisperceptionSweepDocument(double P, IReadOnlyList<SweepPoint> Points)
{
    /// <summary>The gap the request asked about and P(war) there for each c̄ (null when no gap was asked; not part of the CLI's JSON).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<SweepPoint>? AtGap { get; init; }
}

/// <summary>The textbook crisis games as application requests (the page's slider moves a request, the core computes).</summary>
public static class CrisisGames
{
    /// <exception cref="ArgumentException">The request has problems (<see cref="MisperceptionSweepRequest.Validate"/>).</exception>
    public static MisperceptionSweepDocument Sweep(MisperceptionSweepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problems() is { Count: > 0 } problems) throw new ArgumentException(string.Join(" ", problems.Select(p => p.Message)), nameof(request));
        var gaps = Enumerable.Range(0, request.Steps + 1).Select(i => request.MaxGap * i / request.Steps).ToArray();
        var points = MisperceptionSweep.Run(request.P, request.CostMax, gaps);
        return new MisperceptionSweepDocument(request.P, points)
        {
            AtGap = request.Gap is { } g ? MisperceptionSweep.Run(request.P, request.CostMax, [g]) : null,
        };
    }

    /// <summary>The same sweep with only the point at a new <paramref name="gap"/> recomputed (a slider move: the curves stay).</summary>
    /// <exception cref="ArgumentException">The gap is not a probability.</exception>
    public static MisperceptionSweepDocument MoveGap(MisperceptionSweepDocument sweep, double gap)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        if (CrisisGuard.Probability("gap", gap) is { } problem) throw new ArgumentException(problem, nameof(gap));
        return sweep with { AtGap = MisperceptionSweep.Run(sweep.P, [.. sweep.Points.Select(p => p.CostMax).Distinct()], [gap]) };
    }
}

/// <summary>
/// The document of <c>brink crisis audience --format json</c> (tying hands, Fearon 1994). <see cref="QStar"/> is null where
/// q* = 1/(p + c_D) is undefined (p + c_D = 0), with a warning; <see cref="Warnings"/> is written only when there is one.
/// </summary>
public sealed record AudienceDocument(double P, double CostD, double AudienceCost, double PriorResolved, TyingHandsRegime Regime, double? QStar,
    double Beta, double Sigma, double Posterior, double PWar, double PThreat, double PTargetConcedes, double PChallengerBacksDown, double PStatusQuo)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<WarningDoc>? Warnings { get; init; }
}

/// <summary>
/// The document of <c>brink crisis preventive --format json</c> (shifting power, Fearon 1995). A period in which a side fights
/// has no offer: <c>offer_to_a</c> is null there, with a warning. <c>initiator</c> is "A" or "B" (null without war) and each
/// period's <c>decision</c> "A fights", "B fights" or "peace" (the words of the table); <see cref="Warnings"/> is written only when there is one.
/// </summary>
public sealed record PreventiveDocument(IReadOnlyList<double> Path, double CostA, double CostB, double Discount, bool War, int? WarPeriod, string? Initiator,
    WarCause? Cause, bool? TwoPeriodInequality, IReadOnlyList<PreventiveDocument.PeriodDoc> Periods)
{
    public sealed record PeriodDoc(int Period, double P, double? OfferToA, string Decision, double ValueA, double ValueB, double WarValueA, double WarValueB);

    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<WarningDoc>? Warnings { get; init; }
}

/// <summary>The tying-hands and shifting-power games as documents that have passed the result guard (no NaN or infinity).</summary>
public static class CrisisGameDocuments
{
    /// <summary>Code: a number of a textbook game is undefined by design and written as null.</summary>
    public const string UndefinedCode = "crisis-undefined-number";

    /// <exception cref="ArgumentOutOfRangeException">A parameter out of range (check with <see cref="CrisisGuard"/> first).</exception>
    public static AudienceDocument Audience(double p, double costD, double audienceCost, double priorResolved)
    {
        var r = TyingHands.Solve(p, costD, audienceCost, priorResolved);
        foreach (var (field, x) in new[] { ("beta", r.Beta), ("sigma", r.Sigma), ("posterior", r.Posterior), ("p_war", r.ProbabilityWar), ("p_threat", r.ProbabilityThreat),
                     ("p_target_concedes", r.ProbabilityTargetConcedes), ("p_challenger_backs_down", r.ProbabilityChallengerBacksDown), ("p_status_quo", r.ProbabilityStatusQuo) })
            if (!double.IsFinite(x)) throw new Models.NonFiniteResultException("crisis-audience", "tying-hands", field, x);
        var undefined = double.IsPositiveInfinity(r.QStar);
        if (!undefined && !double.IsFinite(r.QStar)) throw new Models.NonFiniteResultException("crisis-audience", "tying-hands", "q_star", r.QStar);
        return new AudienceDocument(p, costD, audienceCost, priorResolved, r.Regime, undefined ? null : r.QStar, r.Beta, r.Sigma, r.Posterior,
            r.ProbabilityWar, r.ProbabilityThreat, r.ProbabilityTargetConcedes, r.ProbabilityChallengerBacksDown, r.ProbabilityStatusQuo)
        {
            Warnings = undefined
                ? WarningDoc.From([new Models.ResultWarning(UndefinedCode,
                    "q* = 1/(p + c_D) is undefined: the challenger cannot win (p = 0) and war costs the target nothing (c_D = 0), so the target resists whatever it believes; q_star is null.")])
                : null,
        };
    }

    /// <summary>A period's decision in the words users read ("A fights", "B fights", "peace"), as the table prints it; the core's codes never reach a document.</summary>
    public static string DecisionWords(string decision) => decision switch
    {
        "a_fights" => "A fights",
        "b_fights" => "B fights",
        _ => decision.Replace('_', ' '),
    };

    /// <param name="twoPeriodInequality">The two-period rule's verdict, where it applies (null otherwise).</param>
    public static PreventiveDocument Preventive(IReadOnlyList<double> path, double costA, double costB, double discount, ShiftingPowerResult r, bool? twoPeriodInequality)
    {
        ArgumentNullException.ThrowIfNull(r);
        var noOffer = new List<int>();
        var periods = new List<PreventiveDocument.PeriodDoc>();
        foreach (var q in r.Periods)
        {
            foreach (var (field, x) in new[] { ("p", q.P), ("value_a", q.ValueA), ("value_b", q.ValueB), ("war_value_a", q.WarValueA), ("war_value_b", q.WarValueB) })
                if (!double.IsFinite(x)) throw new Models.NonFiniteResultException("crisis-preventive", "shifting-power", $"periods[{q.Period - 1}].{field}", x);
            if (double.IsNaN(q.OfferToA)) noOffer.Add(q.Period);
            else if (!double.IsFinite(q.OfferToA)) throw new Models.NonFiniteResultException("crisis-preventive", "shifting-power", $"periods[{q.Period - 1}].offer_to_a", q.OfferToA);
            periods.Add(new(q.Period, q.P, double.IsNaN(q.OfferToA) ? null : q.OfferToA, DecisionWords(q.Decision), q.ValueA, q.ValueB, q.WarValueA, q.WarValueB));
        }
        return new PreventiveDocument(path, costA, costB, discount, r.War, r.WarPeriod, r.Initiator?.ToUpperInvariant(), r.Cause, twoPeriodInequality, periods)
        {
            Warnings = noOffer.Count > 0
                ? WarningDoc.From([new Models.ResultWarning(UndefinedCode,
                    $"In period{(noOffer.Count == 1 ? "" : "s")} {string.Join(", ", noOffer)} a side fights, so no division is offered: offer_to_a is null there.")])
                : null,
        };
    }
}
