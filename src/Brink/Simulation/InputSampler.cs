using Brink.Scenarios;

namespace Brink.Simulation;

/// <summary>
/// Draws the uncertain inputs of an issue: one row per draw, one column per slot of the template.
/// Row d is produced by inversion from <see cref="DrawRandom"/>(seed, 0, d), so rows can be made in
/// any order on any thread; rank correlations are then induced by <see cref="ImanConover"/> over
/// the whole sample (serial and deterministic).
/// </summary>
public static class InputSampler
{
    /// <summary>Draws a row-major matrix draws × slots.</summary>
    /// <exception cref="ArgumentException">The rank correlations are not a valid correlation matrix.</exception>
    public static double[] Sample(IssueTemplate template, IReadOnlyList<InputCorrelation> correlations, int draws, ulong seed, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(draws);
        var slots = template.Slots;
        var k = slots.Length;
        var data = new double[draws * k];
        if (k == 0) return data;
        ParallelDraws.Run(draws, 256, threads, () => 0, (_, start, end) =>
        {
            for (var d = start; d < end; d++)
            {
                var rng = new DrawRandom(seed, 0, (ulong)d);
                var row = data.AsSpan(d * k, k);
                for (var j = 0; j < k; j++) row[j] = slots[j].Distribution.Quantile(rng.NextDouble());
            }
        }, null, CancellationToken.None); // sampling is cheap; cancellation is honoured by the model runs

        var (columns, target) = CorrelationMatrix(template, correlations);
        if (columns.Length >= 2) ImanConover.Apply(data, draws, k, columns, target, seed);
        return data;
    }

    /// <summary>
    /// The slot columns that take part in a correlation and their target Spearman matrix (identity
    /// where no correlation is given). Correlations naming inputs this issue does not vary are skipped.
    /// </summary>
    public static (int[] Columns, double[,] Target) CorrelationMatrix(IssueTemplate template, IReadOnlyList<InputCorrelation> correlations)
    {
        var pairs = new List<(int A, int B, double Rho)>();
        foreach (var c in correlations)
        {
            var a = FindSlot(template, c.A);
            var b = FindSlot(template, c.B);
            if (a < 0 || b < 0 || a == b) continue;
            pairs.Add((a, b, c.Rho));
        }
        var columns = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().Order().ToArray();
        var pos = new Dictionary<int, int>();
        for (var i = 0; i < columns.Length; i++) pos[columns[i]] = i;
        var target = new double[columns.Length, columns.Length];
        for (var i = 0; i < columns.Length; i++) target[i, i] = 1;
        foreach (var (a, b, rho) in pairs)
        {
            target[pos[a], pos[b]] = rho;
            target[pos[b], pos[a]] = rho;
        }
        return (columns, target);
    }

    /// <summary>Index of the slot a reference points at (an issue-less reference matches this issue), or −1.</summary>
    public static int FindSlot(IssueTemplate template, ParameterRef target)
    {
        for (var j = 0; j < template.Slots.Length; j++)
        {
            var s = template.Slots[j].Target;
            if (s.ActorId == target.ActorId && s.Parameter == target.Parameter
                && (s.IssueId == target.IssueId || s.IssueId is null || target.IssueId is null || target.IssueId == template.IssueId && s.IssueId == template.IssueId))
                return j;
        }
        return -1;
    }
}
