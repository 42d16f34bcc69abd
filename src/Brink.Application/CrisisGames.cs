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
