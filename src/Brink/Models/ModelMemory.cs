namespace Brink.Models;

/// <summary>
/// How much working memory a model needs at a given number of actors, so that a front end can refuse
/// a run before allocating it (docs/usage.md, "Memory").
/// </summary>
public static class ModelMemory
{
    /// <summary>Default limit: half of the memory this process may use (physical memory or the container's limit).</summary>
    public static long DefaultLimitBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>
    /// Estimated bytes for <paramref name="model"/> at <paramref name="actors"/> actors, with the per-round dyad trace
    /// (E^i(U_ij), E^i(U_ji): 16n² bytes a round) of <paramref name="traceRounds"/> rounds; 0 = none.
    /// </summary>
    public static long EstimateBytes(string model, int actors, int traceRounds = 0) => model switch
    {
        "eum" => Eum.EumEngine.EstimateBytes(actors, traceRounds > 0) + traceRounds * 16L * actors * actors,
        // KTAB's spatial model of politics, at the peak of a turn: up to eight n×n matrices of doubles (distances and their
        // transpose, risk-neutral values and their transpose for the election, coalitions, the working matrices of the
        // Markov and challenge probabilities, and each actor's utility of every other position for the bargains), 64n²,
        // plus the previous turn's matrices that the garbage collector has not yet returned: the peak resident memory
        // of `brink run --model smp` above the runtime's own was 95n² bytes at 1,000 and 94n² at 2,000 actors
        // (3 dimensions, 2026-12-04), so the estimate is 96n².
        "smp" => 96L * actors * actors,
        // Weighted mean/median and the Nash solution: a few arrays of n numbers.
        _ => 64L * actors,
    };

    /// <summary>The largest number of actors whose estimate fits in <paramref name="limitBytes"/>.</summary>
    public static int MaxActors(string model, long limitBytes, int traceRounds = 0)
    {
        int lo = 0, hi = 1_000_000; // 10⁶ actors: beyond any machine for the n² models
        if (EstimateBytes(model, hi, traceRounds) <= limitBytes) return hi;
        while (hi - lo > 1)
        {
            var mid = lo + (hi - lo) / 2;
            if (EstimateBytes(model, mid, traceRounds) <= limitBytes) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>Parses a size such as <c>512MB</c>, <c>2GB</c>, <c>1.5G</c> or <c>800</c> (megabytes); null when not a size.</summary>
    public static long? ParseSize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToUpperInvariant();
        long unit = 1L << 20;
        foreach (var (suffix, bytes) in new[] { ("GB", 1L << 30), ("G", 1L << 30), ("MB", 1L << 20), ("M", 1L << 20), ("KB", 1L << 10), ("K", 1L << 10) })
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                unit = bytes;
                t = t[..^suffix.Length].TrimEnd();
                break;
            }
        if (!double.TryParse(t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
            return null;
        var result = value * unit;
        return result < long.MaxValue ? (long)result : null;
    }

    /// <summary>A byte count as kilobytes (below 1 MB, so that a small limit does not read "0 MB"), megabytes or gigabytes for messages.</summary>
    public static string Format(long bytes) => bytes >= 10L << 30
        ? $"{bytes / (double)(1L << 30):0.#} GB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0} MB" : $"{bytes / 1024.0:0.#} KB";
}
