namespace Brink.Simulation;

/// <summary>
/// Runs index ranges in fixed-size chunks on up to T threads. Work is addressed by index, never by
/// thread, so results written to index-addressed arrays (and integer counts merged by addition) are
/// identical whatever the thread count or scheduling.
/// </summary>
internal static class ParallelDraws
{
    public static int ResolveThreads(int threads) => threads <= 0 ? Environment.ProcessorCount : threads;

    /// <summary>
    /// Calls <paramref name="body"/>(local, start, end) for every chunk of [0, count), with one local
    /// state per worker from <paramref name="init"/> and handed to <paramref name="finish"/> at the end.
    /// Stops taking new chunks once <paramref name="cancel"/> fires. Returns which chunks completed.
    /// </summary>
    public static bool[] Run<TLocal>(int count, int chunk, int threads, Func<TLocal> init, Action<TLocal, int, int> body,
        Action<TLocal>? finish, CancellationToken cancel, Action<int>? progress = null)
    {
        var chunks = (count + chunk - 1) / chunk;
        var done = new bool[chunks];
        var options = new ParallelOptions { MaxDegreeOfParallelism = ResolveThreads(threads) };
        Parallel.For(0, chunks, options, init, (c, state, local) =>
        {
            if (cancel.IsCancellationRequested)
            {
                state.Stop();
                return local;
            }
            var start = c * chunk;
            var end = Math.Min(count, start + chunk);
            body(local, start, end);
            done[c] = true;
            progress?.Invoke(end - start);
            return local;
        }, local => finish?.Invoke(local));
        return done;
    }

    /// <summary>Indices in [0, count) whose chunk completed, ascending.</summary>
    public static int[] CompletedIndices(bool[] done, int count, int chunk)
    {
        var list = new List<int>(count);
        for (var c = 0; c < done.Length; c++)
            if (done[c])
                for (var i = c * chunk; i < Math.Min(count, (c + 1) * chunk); i++) list.Add(i);
        return [.. list];
    }
}
