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
    /// Actors on one issue for the EUM, whatever the memory: its work grows as n² (a round at 20,000 actors is
    /// 16 times one at 5,000). Below this cap the memory estimate decides (<see cref="ModelMemory"/>: 20n² bytes,
    /// 500 MB at 5,000 actors, 8 GB at 20,000), against the default limit or <c>--max-memory</c>.
    /// </summary>
    public const int MaxEumActors = 20_000;

    /// <summary>
    /// Actors on one issue for KTAB's spatial model of politics, whatever the memory: its work grows as n³ a turn (KTAB
    /// itself stops at 250). Below this cap the memory estimate decides (<see cref="ModelMemory"/>: 96n² bytes).
    /// </summary>
    public const int MaxSmpActors = 5_000;

    /// <summary>Actors on one issue for the models whose work grows linearly (compromise, median, nash).</summary>
    public const int MaxLinearActors = 100_000;

    /// <summary>Monte Carlo draws per run (each model keeps two doubles per draw).</summary>
    public const int MaxDraws = 1_000_000;

    /// <summary>The most actors <paramref name="model"/> takes on one issue, whatever the memory.</summary>
    public static int MaxActors(string model) => IsEum(model) ? MaxEumActors : IsSmp(model) ? MaxSmpActors : MaxLinearActors;

    /// <summary>
    /// Why <paramref name="model"/> cannot run on an issue with <paramref name="actors"/> actors, or null: over the
    /// model's cap, or its estimated working memory over <paramref name="memoryLimitBytes"/> (null: the default,
    /// half of the available memory). The message says how many actors fit; <paramref name="limitOption"/> names
    /// the option that changes the limit, where the front end has one.
    /// </summary>
    /// <param name="traceRounds">Rounds whose per-dyad trace is kept (<see cref="ModelOptions.FullTrace"/>), 0 for none.</param>
    public static string? ActorProblem(string model, string issueId, int actors, long? memoryLimitBytes = null, string? limitOption = null, int traceRounds = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var max = MaxActors(model);
        var limit = memoryLimitBytes ?? ModelMemory.DefaultLimitBytes;
        var fit = Math.Min(max, ModelMemory.MaxActors(model, limit, traceRounds));
        if (actors > max)
            return IsEum(model)
                ? $"issue '{issueId}' has {actors:N0} actors; the EUM takes at most {max:N0} (its work grows as n²; {fit:N0} fit in the memory limit of {ModelMemory.Format(limit)}): choose the main actors, or run compromise, median or nash, which take up to {MaxLinearActors:N0}"
                : IsSmp(model)
                    ? $"issue '{issueId}' has {actors:N0} actors; the spatial model of politics takes at most {max:N0} (its work grows as n³ a turn): choose the main actors, or run compromise, median or nash on each dimension"
                    : $"issue '{issueId}' has {actors:N0} actors; {model} takes at most {max:N0}";
        var need = ModelMemory.EstimateBytes(model, actors, traceRounds);
        if (need <= limit) return null;
        var how = (memoryLimitBytes is null ? "default: half of the available memory" : "") +
            (limitOption is null ? "" : (memoryLimitBytes is null ? "; " : "") + $"change it with {limitOption}");
        return $"issue '{issueId}': model '{model}' at {actors:N0} actors needs about {ModelMemory.Format(need)}{(traceRounds > 0 && IsEum(model) ? $" with the dyad trace of {traceRounds} rounds" : "")}, over the memory limit of " +
            $"{ModelMemory.Format(limit)}{(how.Length > 0 ? $" ({how})" : "")}; at most {fit:N0} actors fit";
    }

    /// <summary>As <see cref="ActorProblem(string, string, int, long?, string?, int)"/> with the memory limit in <paramref name="options"/> (<see cref="ModelOptions.MaxMemoryBytes"/>).</summary>
    public static string? ActorProblem(string model, string issueId, int actors, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ActorProblem(model, issueId, actors, options.MaxMemoryBytes, options.MaxMemoryOption, options.FullTrace ? options.Rounds : 0);
    }

    private static bool IsEum(string model) => string.Equals(model, "eum", StringComparison.OrdinalIgnoreCase);

    private static bool IsSmp(string model) => string.Equals(model, "smp", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why <paramref name="draws"/> Monte Carlo draws are refused, or null.</summary>
    public static string? DrawsProblem(int draws, string option = "--draws") =>
        draws < 1 ? $"{option} must be at least 1 (got {draws})"
        : draws > MaxDraws ? $"{option} must be at most {MaxDraws:N0} (got {draws:N0})"
        : null;
}
