using Brink.Scenarios;

namespace Brink.Simulation;

/// <summary>
/// The inputs of every draw of a Monte Carlo run. Row d is made by inversion from
/// <see cref="DrawRandom"/>(seed, 0, d) (slot j takes the j-th uniform), so any thread can make any
/// row on the fly and memory does not grow with the number of draws. Only the columns that take
/// part in a rank correlation are made in advance, for all draws at once, and reordered by
/// <see cref="ImanConover"/> (serial and deterministic): memory N × (correlated inputs).
/// </summary>
public sealed class DrawSource
{
    private readonly Distribution[] _slots;
    private readonly bool[] _isCorrelated;
    private readonly int[] _columns;
    private readonly double[] _correlated;
    private readonly ulong _seed;

    private DrawSource(Distribution[] slots, int[] columns, double[] correlated, ulong seed)
    {
        _slots = slots;
        _columns = columns;
        _correlated = correlated;
        _seed = seed;
        _isCorrelated = new bool[slots.Length];
        foreach (var c in columns) _isCorrelated[c] = true;
    }

    /// <summary>Number of inputs per draw.</summary>
    public int Width => _slots.Length;

    /// <summary>Prepares the draws of a template.</summary>
    /// <exception cref="ArgumentException">The rank correlations are not a valid correlation matrix.</exception>
    public static DrawSource Create(IssueTemplate template, IReadOnlyList<InputCorrelation> correlations, int draws, ulong seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(template);
        var (columns, target) = InputSampler.CorrelationMatrix(template, correlations);
        return Create([.. template.Slots.Select(s => s.Distribution)], columns, target, draws, seed, threads);
    }

    /// <summary>
    /// Prepares the draws of any list of distributions (slot j takes the j-th uniform of each draw's
    /// stream); <paramref name="columns"/> (ascending) take part in the rank correlation <paramref name="target"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The rank correlations are not a valid correlation matrix.</exception>
    public static DrawSource Create(IReadOnlyList<Distribution> distributions, int[] columns, double[,] target, int draws, ulong seed, int threads = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(draws);
        var slots = distributions.ToArray();
        if (columns.Length < 2) return new DrawSource(slots, [], [], seed);
        ImanConover.ValidateCorrelation(target);
        var kc = columns.Length;
        var data = new double[draws * kc];
        var last = columns[^1];
        ParallelDraws.Run(draws, 512, threads, () => 0, (_, start, end) =>
        {
            for (var d = start; d < end; d++)
            {
                var rng = new DrawRandom(seed, 0, (ulong)d);
                var c = 0;
                for (var j = 0; j <= last; j++)
                {
                    var u = rng.NextDouble();
                    if (c < kc && columns[c] == j) data[d * kc + c++] = slots[j].Quantile(u);
                }
            }
        }, null, CancellationToken.None);
        ImanConover.Apply(data, draws, kc, [.. Enumerable.Range(0, kc)], target, seed);
        return new DrawSource(slots, columns, data, seed);
    }

    /// <summary>Writes draw <paramref name="draw"/>'s inputs (in slot order) into <paramref name="row"/>.</summary>
    public void Fill(int draw, Span<double> row)
    {
        var rng = new DrawRandom(_seed, 0, (ulong)draw);
        for (var j = 0; j < _slots.Length; j++)
        {
            var u = rng.NextDouble();
            if (!_isCorrelated[j]) row[j] = _slots[j].Quantile(u);
        }
        var kc = _columns.Length;
        for (var c = 0; c < kc; c++) row[_columns[c]] = _correlated[draw * kc + c];
    }
}

/// <summary>Helpers to draw the uncertain inputs of an issue (see <see cref="DrawSource"/>).</summary>
public static class InputSampler
{
    /// <summary>All draws as a row-major matrix draws × slots (for analysis and tests; the engine uses <see cref="DrawSource"/>).</summary>
    /// <exception cref="ArgumentException">The rank correlations are not a valid correlation matrix.</exception>
    public static double[] Sample(IssueTemplate template, IReadOnlyList<InputCorrelation> correlations, int draws, ulong seed, int threads = 0)
    {
        var source = DrawSource.Create(template, correlations, draws, seed, threads);
        var k = source.Width;
        var data = new double[draws * k];
        for (var d = 0; d < draws; d++) source.Fill(d, data.AsSpan(d * k, k));
        return data;
    }

    /// <summary>
    /// The slot columns that take part in a correlation and their target Spearman matrix (identity
    /// where no correlation is given). Correlations naming inputs this issue does not vary are skipped.
    /// </summary>
    public static (int[] Columns, double[,] Target) CorrelationMatrix(IssueTemplate template, IReadOnlyList<InputCorrelation> correlations) =>
        CorrelationMatrix(correlations, r => FindSlot(template, r));

    /// <summary>
    /// The target Spearman matrix over the slots that take part in a correlation, with slots located by
    /// <paramref name="findSlot"/> (−1 = not varied here, skipped). Shared by the issue and crisis samplers.
    /// </summary>
    internal static (int[] Columns, double[,] Target) CorrelationMatrix(IReadOnlyList<InputCorrelation> correlations, Func<ParameterRef, int> findSlot)
    {
        var pairs = new List<(int A, int B, double Rho)>();
        foreach (var c in correlations)
        {
            var a = findSlot(c.A);
            var b = findSlot(c.B);
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
