namespace Brink.Models;

/// <summary>
/// How large an input each model accepts (docs/usage.md, "Limits"). Every limit is checked before the work starts,
/// with a message that says what fits, so a scenario too large for a model is an error, not an out-of-memory crash.
/// </summary>
public static class ModelLimits
{
    /// <summary>Actors in one scenario file.</summary>
    public const int MaxActorsPerScenario = 100_000;

    /// <summary>Issues in one scenario file.</summary>
    public const int MaxIssuesPerScenario = 10_000;

    /// <summary>
    /// Actors on one issue for the EUM. Its memory grows as n²: P(i beats j) and its transpose, the (n+1)×n prefix sums
    /// and the last round's dyad chart, 32n² bytes (<see cref="Eum.EumEngine.EstimateBytes"/>): about 31 MB at 1,000
    /// actors, 3 GB at 10,000. Below this cap the memory limit (<see cref="ModelMemory"/>, <c>--max-memory</c>) decides.
    /// </summary>
    public const int MaxEumActors = 1_000;

    /// <summary>Actors on one issue for the models whose work grows linearly (compromise, median, nash).</summary>
    public const int MaxLinearActors = 100_000;

    /// <summary>Monte Carlo draws per run (each model keeps two doubles per draw).</summary>
    public const int MaxDraws = 1_000_000;

    /// <summary>The most actors <paramref name="model"/> takes on one issue.</summary>
    public static int MaxActors(string model) => string.Equals(model, "eum", StringComparison.OrdinalIgnoreCase) ? MaxEumActors : MaxLinearActors;

    /// <summary>Why <paramref name="model"/> cannot run on an issue with <paramref name="actors"/> actors, or null.</summary>
    public static string? ActorProblem(string model, string issueId, int actors)
    {
        var max = MaxActors(model);
        if (actors <= max) return null;
        return string.Equals(model, "eum", StringComparison.OrdinalIgnoreCase)
            ? $"issue '{issueId}' has {actors:N0} actors; the EUM's memory grows as n² and at most {max:N0} actors fit (choose the main actors, or run compromise, median or nash, which take up to {MaxLinearActors:N0})"
            : $"issue '{issueId}' has {actors:N0} actors; {model} takes at most {max:N0}";
    }

    /// <summary>Why <paramref name="draws"/> Monte Carlo draws are refused, or null.</summary>
    public static string? DrawsProblem(int draws, string option = "--draws") =>
        draws < 1 ? $"{option} must be at least 1 (got {draws})"
        : draws > MaxDraws ? $"{option} must be at most {MaxDraws:N0} (got {draws:N0})"
        : null;
}
