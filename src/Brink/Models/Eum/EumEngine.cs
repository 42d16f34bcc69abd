using System.Collections.Immutable;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Brink.Numerics;

namespace Brink.Models.Eum;

/// <summary>
/// Fast expected utility model (design §4.2, §8): a reusable workspace that runs any
/// <see cref="EumVariant"/> in O(n²) per round, allocation-free between rounds.
/// </summary>
/// <remarks>
/// <para>Notation (fixed here once): actors are sorted by position each round and every n×n buffer
/// is row-major in that sorted order; x_i position, w_i = c_i s_i, s_i salience, r_i risk exponent,
/// Δ = max − min of the initial positions, d_ij = |x_i − x_j|/Δ.</para>
/// <para>Probability, <see cref="EumProbabilityRule.GlobalPowered"/>: with a_k(y) = w_k (|x_k − y|/Δ)^{r_k}
/// a voter's vote is a_k(x_j) − a_k(x_i), positive exactly when x_k lies on x_i's side of the midpoint
/// m = (x_i + x_j)/2. With actors sorted, the positive part for x_i &lt; x_j is a prefix over voters,
/// Σ_{x_k&lt;m} a_k(x_j) − a_k(x_i), read off column prefix sums of the matrix a_k(x_p). The global
/// normaliser Σ_k Σ_{a,b} |a_k(x_a) − a_k(x_b)| is twice the sum of all these positive parts, since a
/// vote's absolute value is its positive part for i over j plus that for j over i.
/// Linear rules: the vote of k is D = x_j − x_i left of x_i, −D right of x_j and x_i + x_j − 2x_k
/// between, so prefix sums of w and w·x give each dyad in O(1).</para>
/// <para>Powers (·)^r are exp(r·log(·)), vectorised by <see cref="ReproducibleMath"/> (the same bits under every JIT
/// tier, ReadyToRun and vector width; TensorPrimitives' Exp/Log were not). Distance rows
/// are recomputed where needed instead of stored; element-wise formulas that the reference also
/// evaluates keep its order of IEEE operations (no fused multiply-add), so results differ from it
/// only through pow versus exp∘log and summation order.</para>
/// <para>An instance is not thread-safe; use one per thread (Monte Carlo: one engine per worker). Within a run,
/// <see cref="ModelOptions.Threads"/> spreads the row passes of each round over threads (rows are independent
/// given the round's sorted positions and P; each worker has its own scratch); the normaliser is summed row by row and the
/// rows' sums in row order, so results are bit-identical for every thread count.</para>
/// <para>The row passes are <see cref="MethodImplOptions.AggressiveOptimization"/>: ReadyToRun cannot precompile code that
/// asks which vector instructions the processor has, so they would start a command as unoptimised tier-0 code and be
/// recompiled during the run (a whole <c>brink run</c> at 1,000 actors spent about 200 ms of its first round so).
/// Jitted once, fully optimised, they give the same bits as every other tier (<see cref="ReproducibleMath"/>).</para>
/// </remarks>
public sealed class EumEngine
{
    // exp(−700) ≈ 1e-304 stands in for 0^r (kept from when TensorPrimitives.Exp left its vector path for −∞;
    // changing it would move results that the golden tests pin).
    private const double MinExponent = -700;

    private int _n;
    private int _capacity = -1;

    // Per-actor, input order.
    private double[] _c = [], _sIn = [], _fixedRisk = [], _cur = [], _next = [];
    // Per-actor, sorted order.
    private double[] _x = [], _w = [], _s = [], _r = [], _security = [], _keys = [], _prefW = [], _prefWX = [];
    // Scratch of each worker of a row-parallel round (worker 0 is the serial engine's); see Worker.
    private Worker[] _workers = [new()];
    private int _threads = 1;
    private int[] _order = [], _rank = [], _runStart = [], _runEnd = [];
    // n×n, sorted order.
    // P: with a linear rule the probabilities P_ij themselves (row i, column j); with the global powered rule the
    // prefix sums they are made of (see GlobalPowered). Rows and columns are read by ProbabilityRow.
    private double[] _p = [];
    // Pᵀ (n×n): column i of P as row i, so that a row's P_ji are read contiguously. Filled by Transpose after P; a
    // column read straight from P touches one cache line and one page per actor (at 5,000 actors those reads were a
    // third of a run's CPU).
    private double[] _pt = [];
    private bool _pFromPrefixes;
    // t_ij of every dyad this round (GlobalPowered; n×n, sorted order, both triangles); at most MaxActors actors.
    private ushort[] _midVoter = [];
    private int _midVoterCapacity = -1;
    // What P and the midpoint table hold for the current sort: both are kept between the round's two passes.
    private bool _midVotersFresh;
    private EumProbabilityRule? _linearFresh;

    /// <summary>The most actors the engine takes (its midpoint table holds voter indices as 16-bit numbers).</summary>
    public const int MaxActors = ushort.MaxValue - 1;
    // Rows a parallel block of the row passes is a multiple of.
    private const int RowBlock = 32;
    // Side of Transpose's tiles: 64 × 64 doubles read from 64 rows and written to 64 (at 5,000 actors 15 % faster than 32).
    private const int TransposeTile = 64;
    // E^i(U_ij), E^i(U_ji): n×n only while a full trace is kept (_keepMatrices), else one row each (per worker).
    private double[] _e = [], _f = [];
    private bool _keepMatrices, _classifyDyads, _classifyThisRound;
    private int _matrixCapacity = -1;
    // Final-round quadrant of every dyad (sorted order), filled row by row when _classifyDyads.
    private DyadOutcome[] _outcome = [];
    private int _outcomeCapacity = -1;
    // Column prefix sums of the voting terms for a strip of StripWidth columns ((n+1)×StripWidth), and their totals.
    private const int StripWidth = 16;
    // Exp and log take this many elements a call where rows are short (several rows' or voters' powers at once): one
    // row of a few actors is a single vector, whose exp and log are one long chain of dependent operations; many
    // independent vectors in a call overlap. Each element's arithmetic is unchanged.
    private const int PowerBatch = 128;
    private double[] _total = [];
    // Each row's share of the global normaliser (NormaliserRows).
    private double[] _rowSum = [];
    // P and Pᵀ are stored unscaled; every read multiplies by this (the global normaliser's inverse, or 1).
    private double _pScale = 1;
    private double _delta, _mu;

    // Per round results in sorted order (offer of receiver i).
    private OfferType[] _offerType = [];
    private double _tie;
    private int[] _offerFrom = []; // sorted index of proposer, −1 = none
    private double[] _offerE = [], _offerF = []; // E^i(U_ij), E^i(U_ji) of the accepted offer

    /// <summary>Creates an engine; buffers grow on first use and are reused for inputs of the same or smaller size.</summary>
    public EumEngine(int capacity = 0)
    {
        if (capacity > 0) Ensure(capacity);
    }

    /// <summary>Runs the model with the full trace.</summary>
    /// <exception cref="ArgumentException">Invalid input or options (the message names the actor and field).</exception>
    public EumResult Run(SpatialIssue input, ModelOptions options, EumVariant variant)
    {
        ModelInput.Validate(input);
        ModelInput.Validate(options);
        ArgumentNullException.ThrowIfNull(variant);
        var n = input.Count;
        Load(input.Capability.AsSpan(), input.Position.AsSpan(), input.Salience.AsSpan(), input.Risk.IsDefaultOrEmpty ? default : input.Risk.AsSpan());
        Keep(options.FullTrace, classifyDyads: true);
        UseThreads(options.Threads);

        var initial = CurrentForecast(_cur);
        var rounds = ImmutableArray.CreateBuilder<EumRound>(options.Rounds);
        for (var round = 1; round <= options.Rounds; round++)
        {
            _classifyThisRound = ClassifyIn(round, options);
            Step(variant, options);
            var (record, moved) = RecordRound(round, options.FullTrace);
            rounds.Add(record);
            if (options.ConvergenceTolerance is { } tol && moved <= tol) break;
        }

        var dyads = ImmutableArray<DyadOutcome>.Empty;
        if (rounds.Count > 0)
        {
            var b = new DyadOutcome[n * n];
            UnsortDyads(b);
            dyads = System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(b);
        }
        return new EumResult(variant.Name, rounds.ToImmutable(), rounds.Count > 0 ? rounds[^1].Forecast : initial, [.. _cur.AsSpan(0, n)])
        {
            Initial = initial,
            Dyads = dyads,
        };
    }

    /// <summary>One round from the given start positions with Δ fixed by the caller (tests: the round map in isolation).</summary>
    internal EumRound RunRound(SpatialIssue input, double[] start, double delta, ModelOptions options, EumVariant variant, int round)
    {
        Load(input.Capability.AsSpan(), input.Position.AsSpan(), input.Salience.AsSpan(), input.Risk.IsDefaultOrEmpty ? default : input.Risk.AsSpan());
        start.CopyTo(_cur);
        Keep(fullTrace: true, classifyDyads: false);
        UseThreads(options.Threads);
        _delta = delta;
        Step(variant, options);
        return RecordRound(round, fullTrace: true).Round;
    }

    /// <summary>Builds the trace of the round just computed and moves every actor.</summary>
    private (EumRound Round, double Moved) RecordRound(int round, bool fullTrace)
    {
        var n = _n;
        var actors = ImmutableArray.CreateBuilder<EumActorRound>(n);
        for (var a = 0; a < n; a++)
        {
            var i = _rank[a];
            EumOffer? offer = null;
            if (_offerFrom[i] >= 0)
            {
                var j = _offerFrom[i];
                offer = new EumOffer(_offerType[i], _order[j], _offerE[i], _offerF[i]);
            }
            actors.Add(new EumActorRound(a, _cur[a], _next[a], _r[i], offer));
        }
        var moved = Advance();
        var security = new double[n];
        for (var a = 0; a < n; a++) security[a] = _security[_rank[a]];
        var record = new EumRound(round, actors.MoveToImmutable(), CurrentForecast(_cur))
        {
            EuIJ = fullTrace ? Unsort(_e) : [],
            EuJI = fullTrace ? Unsort(_f) : [],
            Security = ImmutableArray.Create(security),
        };
        return (record, moved);
    }

    /// <summary>
    /// Runs the model without a trace (Monte Carlo, benchmarks): writes the final positions and returns
    /// the final forecast. Allocation-free once the engine has seen an input of this size. Inputs are
    /// trusted (validate them once with <see cref="ModelCatalog"/> or <see cref="Run"/>).
    /// </summary>
    /// <param name="risk">Fixed risk exponents (NaN = computed), or empty for none.</param>
    public Forecast RunForecast(ReadOnlySpan<double> capability, ReadOnlySpan<double> position, ReadOnlySpan<double> salience,
        ReadOnlySpan<double> risk, ModelOptions options, EumVariant variant, Span<double> finalPositions) =>
        RunForecast(capability, position, salience, risk, options, variant, finalPositions, default);

    /// <summary>
    /// As <see cref="RunForecast(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ModelOptions, EumVariant, Span{double})"/>,
    /// and writes the last round's quadrant of every dyad (n×n row-major, input order; as <see cref="EumResult.Dyads"/>)
    /// into <paramref name="dyads"/> unless it is empty (all status quo when no round ran).
    /// </summary>
    public Forecast RunForecast(ReadOnlySpan<double> capability, ReadOnlySpan<double> position, ReadOnlySpan<double> salience,
        ReadOnlySpan<double> risk, ModelOptions options, EumVariant variant, Span<double> finalPositions, Span<DyadOutcome> dyads)
    {
        Load(capability, position, salience, default);
        if (!risk.IsEmpty) risk.CopyTo(_fixedRisk);
        Keep(fullTrace: false, classifyDyads: !dyads.IsEmpty);
        UseThreads(options.Threads);
        var ran = false;
        for (var round = 1; round <= options.Rounds; round++)
        {
            _classifyThisRound = ClassifyIn(round, options);
            Step(variant, options);
            ran = true;
            var moved = Advance();
            if (options.ConvergenceTolerance is { } tol && moved <= tol) break;
        }
        if (!finalPositions.IsEmpty) _cur.AsSpan(0, _n).CopyTo(finalPositions);
        if (!dyads.IsEmpty)
        {
            if (ran) UnsortDyads(dyads);
            else dyads[..(_n * _n)].Fill(DyadOutcome.StatusQuo);
        }
        return CurrentForecast(_cur);
    }

    /// <summary>Working memory of the engine at <paramref name="actors"/> actors, in bytes (without a full trace).</summary>
    public static long EstimateBytes(int actors, bool fullTrace = false)
    {
        long n = actors;
        // P and Pᵀ as doubles; the midpoint-voter table (16 bits a dyad); the dyad quadrants (one byte each) in
        // the engine and in the result; the column strip of the prefix sums and the per-actor buffers; the
        // n×n E matrices when the full trace is kept (its per-round copies come on top: 16n² bytes a round).
        var bytes = 2 * 8 * n * n + 2 * n * n + 2 * n * n + 8 * (n + 1) * StripWidth + 8 * 43 * n;
        if (fullTrace) bytes += 8 * 2 * n * n;
        return bytes;
    }

    /// <summary>Input-order dyad quadrants of the last round from the sorted-order ones.</summary>
    private void UnsortDyads(Span<DyadOutcome> dyads)
    {
        var n = _n;
        for (var a = 0; a < n; a++)
        {
            var row = _outcome.AsSpan(_rank[a] * n, n);
            var dest = dyads.Slice(a * n, n);
            for (var c = 0; c < n; c++) dest[c] = row[_rank[c]];
        }
    }

    /// <summary>Whether this round may be the last: the final one, or any when a convergence rule can stop early.</summary>
    private bool ClassifyIn(int round, ModelOptions options) =>
        _classifyDyads && (round == options.Rounds || options.ConvergenceTolerance is not null);

    /// <summary>Decides what the next rounds keep: the n×n E matrices (full trace) and the dyad quadrants.</summary>
    private void Keep(bool fullTrace, bool classifyDyads)
    {
        var n = _n;
        _keepMatrices = fullTrace;
        _classifyDyads = classifyDyads;
        _classifyThisRound = false;
        if (fullTrace && n > _matrixCapacity)
        {
            _matrixCapacity = n;
            _e = new double[n * n];
            _f = new double[n * n];
        }
        if (classifyDyads && n > _outcomeCapacity)
        {
            _outcomeCapacity = n;
            _outcome = new DyadOutcome[n * n];
        }
    }

    /// <summary>P[i·n + j] (input order): probability that x_i beats x_j under <paramref name="rule"/>.</summary>
    internal double[] Probabilities(EumProbabilityRule rule, ReadOnlySpan<double> x, ReadOnlySpan<double> c, ReadOnlySpan<double> s,
        ReadOnlySpan<double> r, double delta)
    {
        Load(c, x, s, default);
        _delta = delta;
        SortAndDistances();
        for (var a = 0; a < _n; a++) _r[_rank[a]] = r[a];
        ComputeProbabilities(rule, useRisk: true);
        var n = _n;
        var result = new double[n * n];
        for (var a = 0; a < n; a++)
        {
            var worker = _workers[0];
            ProbabilityRow(_rank[a], worker.Beats, worker.Beaten);
            for (var b = 0; b < n; b++)
                result[a * n + b] = worker.Beats[_rank[b]] * _pScale;
        }
        return result;
    }

    private void EnsureMidVoters()
    {
        if (_n <= _midVoterCapacity) return;
        _midVoterCapacity = _n;
        _midVoter = new ushort[_n * _n];
    }

    private void Ensure(int n)
    {
        if (n > MaxActors) throw new ArgumentException($"The EUM engine takes at most {MaxActors:N0} actors (got {n:N0}).", nameof(n));
        _n = n;
        if (n <= _capacity) return;
        _capacity = n;
        _c = new double[n]; _sIn = new double[n]; _fixedRisk = new double[n]; _cur = new double[n]; _next = new double[n];
        _x = new double[n + 1]; _w = new double[n]; _s = new double[n]; _r = new double[n]; _security = new double[n]; _keys = new double[n];
        _prefW = new double[n + 1]; _prefWX = new double[n + 1];
        _order = new int[n]; _rank = new int[n]; _runStart = new int[n]; _runEnd = new int[n];
        _p = new double[n * n]; _pt = new double[n * n]; _total = new double[n]; _rowSum = new double[n];
        _offerType = new OfferType[n]; _offerFrom = new int[n]; _offerE = new double[n]; _offerF = new double[n];
        foreach (var worker in _workers) worker.Ensure(n);
    }

    private void Load(ReadOnlySpan<double> capability, ReadOnlySpan<double> position, ReadOnlySpan<double> salience, ReadOnlySpan<double?> risk)
    {
        var n = position.Length;
        Ensure(n);
        capability.CopyTo(_c);
        position.CopyTo(_cur);
        salience.CopyTo(_sIn);
        for (var i = 0; i < n; i++) _fixedRisk[i] = risk.IsEmpty ? double.NaN : risk[i] ?? double.NaN;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            lo = Math.Min(lo, position[i]);
            hi = Math.Max(hi, position[i]);
        }
        _delta = n > 0 ? hi - lo : 0;
        _tie = EumTolerances.TieScale(position);
    }

    /// <summary>Moves every actor to its new position; returns the largest move.</summary>
    private double Advance()
    {
        var moved = 0.0;
        for (var a = 0; a < _n; a++)
        {
            moved = Math.Max(moved, Math.Abs(_next[a] - _cur[a]));
            _cur[a] = _next[a];
        }
        return moved;
    }

    private Forecast CurrentForecast(double[] positions)
    {
        var n = _n;
        var mean = Baselines.WeightedMean(positions.AsSpan(0, n), _c.AsSpan(0, n), _sIn.AsSpan(0, n));
        var keys = _keys.AsSpan(0, n);
        var weights = _workers[0].RowA.AsSpan(0, n);
        positions.AsSpan(0, n).CopyTo(keys);
        for (var a = 0; a < n; a++) weights[a] = _c[a] * _sIn[a];
        return new Forecast(mean, Baselines.WeightedMedianInPlace(keys, weights));
    }

    private ImmutableArray<double> Unsort(double[] m)
    {
        var n = _n;
        var b = ImmutableArray.CreateBuilder<double>(n * n);
        for (var a = 0; a < n; a++)
            for (var c = 0; c < n; c++)
                b.Add(a == c ? double.NaN : m[_rank[a] * n + _rank[c]]);
        return b.MoveToImmutable();
    }

    /// <summary>Sorts actors by current position (ties by input order), gathers per-actor data and fills d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SortAndDistances()
    {
        var n = _n;
        var keys = _keys.AsSpan(0, n);
        var order = _order.AsSpan(0, n);
        _cur.AsSpan(0, n).CopyTo(keys);
        for (var a = 0; a < n; a++) order[a] = a;
        keys.Sort(order);
        for (var t = 0; t < n;)
        {
            var u = t + 1;
            while (u < n && keys[u] == keys[t]) u++;
            if (u - t > 1) order[t..u].Sort();
            for (var v = t; v < u; v++) { _runStart[v] = t; _runEnd[v] = u; }
            t = u;
        }
        for (var t = 0; t < n; t++)
        {
            var a = order[t];
            _rank[a] = t;
            _x[t] = keys[t];
            _w[t] = _c[a] * _sIn[a];
            _s[t] = _sIn[a];
        }
        _x[n] = double.PositiveInfinity; // sentinel for the midpoint searches
        _midVotersFresh = false;
        _linearFresh = null;
    }

    /// <summary>
    /// Row i of d_ij = |x_i − x_j|/Δ (sorted order). Divided, not multiplied by 1/Δ, so that
    /// (0.5 − 0.5d)^r with r &lt; 1 near d = 1 is bit-for-bit the reference's value. Rows are recomputed
    /// where needed rather than stored: an n×n matrix per quantity made the engine memory-bound.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DistanceRow(int i, Span<double> row)
    {
        var n = _n;
        if (!(_delta > 0))
        {
            row.Clear();
            return;
        }
        ReadOnlySpan<double> x = _x.AsSpan(0, n);
        var xi = x[i];
        var delta = _delta;
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vxi = new Vector<double>(xi);
            var vdelta = new Vector<double>(delta);
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
                (Vector.Abs(new Vector<double>(x[j..]) - vxi) / vdelta).CopyTo(row[j..]);
        }
        for (; j < n; j++) row[j] = Math.Abs(x[j] - xi) / delta;
    }

    /// <summary>row = a + s·b element-wise (no fused multiply-add, so it rounds like the scalar formula).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddScaled(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double s, Span<double> row)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = new Vector<double>(s);
            for (; j <= row.Length - Vector<double>.Count; j += Vector<double>.Count)
                (new Vector<double>(a[j..]) + vs * new Vector<double>(b[j..])).CopyTo(row[j..]);
        }
        for (; j < row.Length; j++) row[j] = a[j] + s * b[j];
    }

    /// <summary>row = max(row·r, −700): the exponent of a power, kept on Exp's vector path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleExponent(Span<double> row, double r)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vr = new Vector<double>(r);
            var floor = new Vector<double>(MinExponent);
            for (; j <= row.Length - Vector<double>.Count; j += Vector<double>.Count)
                Vector.Max(new Vector<double>(row[j..]) * vr, floor).CopyTo(row[j..]);
        }
        for (; j < row.Length; j++) row[j] = Math.Max(row[j] * r, MinExponent);
    }

    /// <summary>success = max(0, 0.5 − 0.5d), failure = 0.5 + 0.5d: the bases of U_s and U_f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void UtilityBases(ReadOnlySpan<double> d, Span<double> success, Span<double> failure)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var half = new Vector<double>(0.5);
            var minusHalf = new Vector<double>(-0.5);
            for (; j <= d.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                var vd = new Vector<double>(d[j..]);
                Vector.Max(Vector<double>.Zero, minusHalf * vd + half).CopyTo(success[j..]);
                (half * vd + half).CopyTo(failure[j..]);
            }
        }
        for (; j < d.Length; j++)
        {
            success[j] = Math.Max(0, -0.5 * d[j] + 0.5);
            failure[j] = 0.5 * d[j] + 0.5;
        }
    }

    /// <summary>One EUM round on <see cref="_cur"/>: fills r, e, f, the accepted offers and <see cref="_next"/>.</summary>
    private void Step(EumVariant variant, ModelOptions o)
    {
        var n = _n;
        SortAndDistances();

        // μ: lower weighted median of the current positions (already sorted).
        _mu = SortedWeightedMedian();

        // Risk (Bueno de Mesquita 1994): security S_i = Σ_{j≠i} E^j(U_ji) with every r = 1
        // (then U_sq = 0 and the powers drop out), q_ji = (|x_j − μ| + |x_j − x_i|)/Δ.
        ComputeProbabilities(variant.Probability, useRisk: false);
        ForRows(RowBlock, (worker, from, to) => SecurityRows(worker, from, to, o));
        // Maximum and minimum in row order, as the one row loop took them.
        double sMax = double.NegativeInfinity, sMin = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            sMax = Math.Max(sMax, _security[i]);
            sMin = Math.Min(sMin, _security[i]);
        }
        for (var i = 0; i < n; i++)
        {
            var fixedR = _fixedRisk[_order[i]];
            // R_i = (2S_i − S_max − S_min)/(S_max − S_min); r_i = (1 − R_i/3)/(1 + R_i/3).
            var big = EumRisk.Spread(sMax, sMin) ? (2 * _security[i] - sMax - sMin) / (sMax - sMin) : 0.0;
            _r[i] = double.IsNaN(fixedR) ? (1 - big / 3) / (1 + big / 3) : fixedR;
        }

        ComputeProbabilities(variant.Probability, useRisk: true);
        ComputeExpectedUtilitiesAndOffers(o, variant);
    }

    /// <summary>Security S_i of rows <paramref name="from"/> … <paramref name="to"/> − 1 (sorted order) into <see cref="_security"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SecurityRows(Worker worker, int from, int to, ModelOptions o)
    {
        var n = _n;
        var qTerm = 1 - o.Q;
        for (var i = from; i < to; i++)
        {
            var si = _s[i];
            var sum = 0.0;
            ProbabilityRow(i, worker.Beats, worker.Beaten);
            var pRow = worker.Beaten.AsSpan(0, n); // P_ji
            var dRow = worker.RowE.AsSpan(0, n);
            DistanceRow(i, dRow);
            var j0 = 0;
            if (qTerm == 0)
            {
                // The j = i term is exactly 0 (d = 0, P = 0), so whole vectors can be summed. Four
                // lanes whatever the hardware's vector width, reduced as (l0 + l1) + (l2 + l3), so that
                // the summation order (and the last bit of S_i) is the same on every machine and tier.
                var two = Vector256.Create(2.0);
                var four = Vector256.Create(4.0);
                var half = Vector256.Create(0.5);
                var vsi = Vector256.Create(si);
                var vscale = Vector256.Create(_pScale);
                var acc = Vector256<double>.Zero;
                for (; j0 <= n - Vector256<double>.Count; j0 += Vector256<double>.Count)
                {
                    var d = Vector256.Create(dRow[j0..]);
                    var us = two - four * (half - half * d);
                    var uf = two - four * (half + half * d);
                    var p = Vector256.Create(pRow[j0..]) * vscale;
                    acc += vsi * (p * us + (Vector256<double>.One - p) * uf) + (Vector256<double>.One - vsi) * us;
                }
                sum = (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3));
            }
            for (var j = j0; j < n; j++)
            {
                if (j == i) continue;
                // Same operations as the general formula with r = 1 (pow(b, 1) = b), so that the
                // cancellation in 2 − 4(0.5 − 0.5d) for close actors rounds as in the reference.
                var d = dRow[j];
                var us = 2 - 4 * (0.5 - 0.5 * d);
                var uf = 2 - 4 * (0.5 + 0.5 * d);
                var p = pRow[j] * _pScale;
                var v = si * (p * us + (1 - p) * uf) + (1 - si) * us;
                if (qTerm != 0)
                {
                    var q = _delta > 0 ? (Math.Abs(_x[j] - _mu) + Math.Abs(_x[j] - _x[i])) / _delta : 0.0;
                    v -= (1 - o.Q) * (o.T * (2 - 4 * Math.Max(0, 0.5 - 0.25 * q)) + (1 - o.T) * (2 - 4 * (0.5 + 0.25 * q)));
                }
                sum += v;
            }
            _security[i] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double SortedWeightedMedian()
    {
        var n = _n;
        double total = 0;
        for (var t = 0; t < n; t++) total += _w[t];
        if (total <= 0) return _x[(n - 1) / 2];
        double acc = 0;
        for (var t = 0; t < n; t++)
        {
            acc += _w[t];
            if (acc >= total / 2 - 1e-12 * total) return _x[t];
        }
        return _x[n - 1];
    }

    private void ComputeProbabilities(EumProbabilityRule rule, bool useRisk)
    {
        if (rule == EumProbabilityRule.GlobalPowered)
        {
            _linearFresh = null;
            if (!_midVotersFresh)
            {
                EnsureMidVoters();
                ForRows(4, (_, from, to) => MidpointVoters(from, to));
                _midVotersFresh = true;
            }
            GlobalPowered(useRisk);
        }
        // The linear rules do not depend on the risk exponents: the round's second pass would compute the same P.
        else if (_linearFresh != rule)
        {
            Linear(rule);
            _linearFresh = rule;
        }
    }

    // Scholz replication: P_ij = Σ_k [a_k(x_j) − a_k(x_i)]⁺ / Σ_k Σ_{a,b} |a_k(x_b) − a_k(x_a)|.
    // With C(t, p) = Σ_{k<t} a_k(x_p) (column prefix sums over the voters in sorted order) and t_ij the
    // first voter at or right of the midpoint, the numerators of i &lt; j are C(t_ij, j) − C(t_ij, i) and
    // (C(n, i) − C(t_ij, i)) − (C(n, j) − C(t_ij, j)). C is never stored whole ((n+1)×n doubles, 200 MB at
    // 5,000 actors, read in an order that missed the cache at every dyad): it is built for a strip of
    // columns at a time, in cache, and each strip answers its columns' reads into the matrices.
    // Every value is the same IEEE operation on the same operands as when C was one table.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GlobalPowered(bool useRisk)
    {
        var n = _n;
        _pFromPrefixes = true;
        // Strips are independent (each writes its own columns' totals and rows of P): one worker a strip.
        ForRows(StripWidth, (worker, from, to) => PrefixStrips(worker, from, to, useRisk));
        Transpose();

        // P now holds, in row i, C(t_ij, i) for every j right of i's run (i the smaller actor of the dyad) and
        // C(t_ji, i) for every j left of it; ProbabilityRow turns a row and a column into the numerators. The
        // global normaliser is the numerators' total twice over, since Σ_k |a_k(x_j) − a_k(x_i)| = num_ij + num_ji
        // (design §4.2: sum of |votes| over all voters and all ordered pairs of actors). It is summed row by row: each
        // row's dyads in order of j on one worker, then the rows' sums in row order, so that the order (and every bit) is
        // the same whatever the threads. (Until 2026-12-04 it was one serial sum over all dyads, a tenth of a round's
        // wall time at 5,000 actors; the new order moved results by rounding only.)
        ForRows(RowBlock, (_, from, to) => NormaliserRows(from, to));
        var sum = 0.0;
        foreach (var rowSum in _rowSum.AsSpan(0, n)) sum += rowSum;
        var global = 2 * sum;
        // Applied where P is read (the same multiplication as scaling the matrices, without two passes over them).
        _pScale = global > 0 ? 1 / global : 0;
    }

    /// <summary>
    /// Each row's share of the global normaliser (<see cref="GlobalPowered"/>) into <see cref="_rowSum"/>: the two numerators
    /// of every dyad (i, j) with j right of i's run, added in order of j. Four dyads' terms are computed side by side and
    /// then added one by one, in the same order as the scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void NormaliserRows(int from, int to)
    {
        var n = _n;
        ReadOnlySpan<double> total = _total.AsSpan(0, n);
        for (var i = from; i < to; i++)
        {
            ReadOnlySpan<double> row = _p.AsSpan(i * n, n);
            ReadOnlySpan<double> column = _pt.AsSpan(i * n, n);
            var totalI = total[i];
            var sum = 0.0;
            var j = _runEnd[i];
            if (Vector256.IsHardwareAccelerated)
            {
                var vTotalI = Vector256.Create(totalI);
                for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
                {
                    var prefixI = Vector256.Create(row[j..]);
                    var prefixJ = Vector256.Create(column[j..]);
                    var terms = Vector256.Max(Vector256<double>.Zero, prefixJ - prefixI)
                        + Vector256.Max(Vector256<double>.Zero, (vTotalI - prefixI) - (Vector256.Create(total[j..]) - prefixJ));
                    sum += terms.GetElement(0);
                    sum += terms.GetElement(1);
                    sum += terms.GetElement(2);
                    sum += terms.GetElement(3);
                }
            }
            for (; j < n; j++)
            {
                var prefixI = row[j];
                var prefixJ = column[j];
                sum += Math.Max(0, prefixJ - prefixI) + Math.Max(0, (totalI - prefixI) - (total[j] - prefixJ));
            }
            _rowSum[i] = sum;
        }
    }

    /// <summary>The strips of columns <paramref name="from"/> … <paramref name="to"/> − 1 of <see cref="GlobalPowered"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PrefixStrips(Worker worker, int from, int to, bool useRisk)
    {
        var n = _n;
        var p = _p;
        ReadOnlySpan<int> runStart = _runStart.AsSpan(0, n);
        ReadOnlySpan<int> runEnd = _runEnd.AsSpan(0, n);
        var total = _total.AsSpan(0, n);
        var strip = worker.Strip.AsSpan(0, (n + 1) * StripWidth);
        for (var p0 = from; p0 < to; p0 += StripWidth)
        {
            var width = Math.Min(StripWidth, to - p0);
            // C(t, p0 + c) at strip[t·StripWidth + c]: a_k(x_p) = w_k (|x_k − x_p|/Δ)^{r_k}; r = 1 in the risk step.
            strip[..width].Clear();
            // The powers of several voters' segments at once (see PowerBatch).
            var voters = n < StripWidth ? Math.Max(1, PowerBatch / width) : 1;
            for (var k0 = 0; k0 < n; k0 += voters)
            {
                var k1 = Math.Min(n, k0 + voters);
                var segments = worker.Powers.AsSpan(0, (k1 - k0) * width);
                for (var k = k0; k < k1; k++) DistanceSegment(k, p0, segments.Slice((k - k0) * width, width));
                if (useRisk) Powers(segments, width, _r.AsSpan(k0, k1 - k0));
                for (var k = k0; k < k1; k++)
                    AddScaled(strip.Slice(k * StripWidth, width), segments.Slice((k - k0) * width, width), _w[k], strip.Slice((k + 1) * StripWidth, width));
            }
            // Each column a answers its reads: C(t_aj, a) into P[a, j] for every j outside a's run, with t_aj
            // (the voter at or right of the dyad's midpoint) from the round's table.
            for (var c = 0; c < width; c++)
            {
                var a = p0 + c;
                total[a] = strip[n * StripWidth + c];
                var row = p.AsSpan(a * n, n);
                ReadOnlySpan<ushort> voter = _midVoter.AsSpan(a * n, n);
                for (var j = 0; j < runStart[a]; j++) row[j] = strip[voter[j] * StripWidth + c];
                for (var j = runEnd[a]; j < n; j++) row[j] = strip[voter[j] * StripWidth + c];
            }
        }
    }

    /// <summary>Pᵀ from P, in tiles of TransposeTile × TransposeTile (each tile's rows and columns stay in cache); rows of P in parallel.</summary>
    private void Transpose() => ForRows(RowBlock, (_, from, to) => TransposeRows(from, to));

    /// <summary>Columns <paramref name="from"/> … <paramref name="to"/> − 1 of Pᵀ from rows <paramref name="from"/> … <paramref name="to"/> − 1 of P.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void TransposeRows(int from, int to)
    {
        var n = _n;
        var p = _p;
        var pt = _pt;
        for (var i0 = from; i0 < to; i0 += TransposeTile)
        {
            var i1 = Math.Min(to, i0 + TransposeTile);
            for (var j0 = 0; j0 < n; j0 += TransposeTile)
            {
                var j1 = Math.Min(n, j0 + TransposeTile);
                for (var i = i0; i < i1; i++)
                {
                    ReadOnlySpan<double> row = p.AsSpan(i * n + j0, j1 - j0);
                    for (var j = 0; j < row.Length; j++) pt[(j0 + j) * n + i] = row[j];
                }
            }
        }
    }

    /// <summary>
    /// Row i of the probabilities, unscaled (multiply by <see cref="_pScale"/>): <paramref name="beats"/>[j] = P_ij and
    /// <paramref name="beaten"/>[j] = P_ji, from row i of P and of Pᵀ. With the global powered rule a dyad's two
    /// numerators come from its two prefix sums, C(t, i) and C(t, j), as the one dyad loop once computed them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProbabilityRow(int i, Span<double> beats, Span<double> beaten)
    {
        var n = _n;
        beats = beats[..n];
        beaten = beaten[..n];
        ReadOnlySpan<double> row = _p.AsSpan(i * n, n);
        ReadOnlySpan<double> column = _pt.AsSpan(i * n, n);
        if (!_pFromPrefixes)
        {
            row.CopyTo(beats);
            column.CopyTo(beaten);
            return;
        }
        ReadOnlySpan<double> total = _total.AsSpan(0, n);
        var totalI = total[i];
        int runStart = _runStart[i], runEnd = _runEnd[i];
        // Element-wise, so whole vectors and the scalar tails do the same IEEE operations (Vector.Max is Math.Max's
        // maximum, signed zeros and NaN included).
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vTotalI = new Vector<double>(totalI);
            for (; j <= runStart - Vector<double>.Count; j += Vector<double>.Count)
            {
                var prefixJ = new Vector<double>(column[j..]);
                var prefixI = new Vector<double>(row[j..]);
                Vector.Max(Vector<double>.Zero, (new Vector<double>(total[j..]) - prefixJ) - (vTotalI - prefixI)).CopyTo(beats[j..]);
                Vector.Max(Vector<double>.Zero, prefixI - prefixJ).CopyTo(beaten[j..]);
            }
        }
        for (; j < runStart; j++)
        {
            // Dyad (j, i), j the smaller actor: C(t, j) in column i, C(t, i) in row i.
            var prefixJ = column[j];
            var prefixI = row[j];
            beats[j] = Math.Max(0, (total[j] - prefixJ) - (totalI - prefixI));
            beaten[j] = Math.Max(0, prefixI - prefixJ);
        }
        beats[runStart..runEnd].Clear();
        beaten[runStart..runEnd].Clear();
        j = runEnd;
        if (Vector.IsHardwareAccelerated)
        {
            var vTotalI = new Vector<double>(totalI);
            for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
            {
                var prefixI = new Vector<double>(row[j..]);
                var prefixJ = new Vector<double>(column[j..]);
                Vector.Max(Vector<double>.Zero, prefixJ - prefixI).CopyTo(beats[j..]);
                Vector.Max(Vector<double>.Zero, (vTotalI - prefixI) - (new Vector<double>(total[j..]) - prefixJ)).CopyTo(beaten[j..]);
            }
        }
        for (; j < n; j++)
        {
            // Dyad (i, j), i the smaller actor: C(t, i) in row i, C(t, j) in column i.
            var prefixI = row[j];
            var prefixJ = column[j];
            beats[j] = Math.Max(0, prefixJ - prefixI);
            beaten[j] = Math.Max(0, (totalI - prefixI) - (total[j] - prefixJ));
        }
    }

    /// <summary>
    /// t_ij for every dyad of the round, both ways round: the first voter (sorted index) at or right of the
    /// midpoint (x_i + x_j)/2 and not left of the end of the smaller actor's run, as the one dyad loop found it
    /// walking each row. Used by both probability passes of the round, so each dyad is searched once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MidpointVoters(int from, int to)
    {
        var n = _n;
        ReadOnlySpan<double> x = _x.AsSpan(0, n + 1);
        ReadOnlySpan<int> runEnd = _runEnd.AsSpan(0, n);
        var table = _midVoter;
        var i = from;
        // Four rows side by side: their searches are independent chains, which the processor overlaps. Row i
        // writes only the cells (i, j) and (j, i) with j right of its run, so row blocks can run side by side.
        for (; i + 3 < to; i += 4)
        {
            int t0 = runEnd[i], t1 = runEnd[i + 1], t2 = runEnd[i + 2], t3 = runEnd[i + 3];
            double x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            var common = runEnd[i + 3];
            for (var j = t0; j < common; j++) Store(table, n, i, j, t0 = MidpointVoter(x, t0, 0.5 * (x0 + x[j])));
            for (var j = t1; j < common; j++) Store(table, n, i + 1, j, t1 = MidpointVoter(x, t1, 0.5 * (x1 + x[j])));
            for (var j = t2; j < common; j++) Store(table, n, i + 2, j, t2 = MidpointVoter(x, t2, 0.5 * (x2 + x[j])));
            for (var j = common; j < n; j++)
            {
                var xj = x[j];
                t0 = MidpointVoter(x, t0, 0.5 * (x0 + xj));
                t1 = MidpointVoter(x, t1, 0.5 * (x1 + xj));
                t2 = MidpointVoter(x, t2, 0.5 * (x2 + xj));
                t3 = MidpointVoter(x, t3, 0.5 * (x3 + xj));
                Store(table, n, i, j, t0);
                Store(table, n, i + 1, j, t1);
                Store(table, n, i + 2, j, t2);
                Store(table, n, i + 3, j, t3);
            }
        }
        for (; i < to; i++)
        {
            var xi = x[i];
            var t = runEnd[i];
            for (var j = runEnd[i]; j < n; j++) Store(table, n, i, j, t = MidpointVoter(x, t, 0.5 * (xi + x[j])));
        }

        static void Store(ushort[] table, int n, int i, int j, int t)
        {
            table[i * n + j] = (ushort)t;
            table[j * n + i] = (ushort)t;
        }
    }

    /// <summary>
    /// The first index at or after <paramref name="t"/> whose position is not left of <paramref name="m"/>
    /// (<paramref name="x"/> ends with +∞). Walking a dyad row the answer moves by 0, 1 or 2 most of the time:
    /// two steps without a branch, so that the loop's exit is not mispredicted at every dyad.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.AggressiveInlining)]
    private static int MidpointVoter(ReadOnlySpan<double> x, int t, double m)
    {
        t += x[t] < m ? 1 : 0;
        t += x[t] < m ? 1 : 0;
        while (x[t] < m) t++;
        return t;
    }

    /// <summary>segment[c] = |x_{p0+c} − x_k|/Δ: the columns p0… of distance row k (as <see cref="DistanceRow"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DistanceSegment(int k, int p0, Span<double> segment)
    {
        if (!(_delta > 0))
        {
            segment.Clear();
            return;
        }
        ReadOnlySpan<double> x = _x.AsSpan(p0, segment.Length);
        var xk = _x[k];
        var delta = _delta;
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vxk = new Vector<double>(xk);
            var vdelta = new Vector<double>(delta);
            for (; j <= segment.Length - Vector<double>.Count; j += Vector<double>.Count)
                (Vector.Abs(new Vector<double>(x[j..]) - vxk) / vdelta).CopyTo(segment[j..]);
        }
        for (; j < segment.Length; j++) segment[j] = Math.Abs(x[j] - xk) / delta;
    }

    /// <summary>
    /// values = exp(max(r·ln values, −700)) element-wise, with slice s (<paramref name="width"/> elements) raised to
    /// r = <paramref name="exponents"/>[s mod its length]: the powers of several rows in one log and one exp call (see PowerBatch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Powers(Span<double> values, int width, ReadOnlySpan<double> exponents)
    {
        ReproducibleMath.Log(values, values);
        for (var s = 0; s * width < values.Length; s++) ScaleExponent(values.Slice(s * width, width), exponents[s % exponents.Length]);
        ReproducibleMath.Exp(values, values);
    }

    // Linear votes v_k = w_k (|x_k − x_j| − |x_k − x_i|); per-dyad (paper) or clipped signed sum (dmasad).
    private void Linear(EumProbabilityRule rule)
    {
        var n = _n;
        var centre = 0.5 * (_x[0] + _x[n - 1]); // shift to keep prefix sums of w·x well conditioned
        _prefW[0] = 0;
        _prefWX[0] = 0;
        for (var k = 0; k < n; k++)
        {
            _prefW[k + 1] = _prefW[k] + _w[k];
            _prefWX[k + 1] = _prefWX[k] + _w[k] * (_x[k] - centre);
        }
        var perDyad = rule == EumProbabilityRule.PerDyadLinear;
        _pScale = 1;
        _pFromPrefixes = false;
        ForRows(RowBlock, (_, from, to) => LinearRows(from, to, perDyad, centre));
        Transpose();
    }

    /// <summary>Rows <paramref name="from"/> … <paramref name="to"/> − 1 of the linear P (row i writes P_ij and P_ji for j right of its run).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void LinearRows(int from, int to, bool perDyad, double centre)
    {
        var n = _n;
        var wAll = _prefW[n];
        ReadOnlySpan<double> x = _x.AsSpan(0, n);
        ReadOnlySpan<double> prefW = _prefW.AsSpan(0, n + 1);
        ReadOnlySpan<double> prefWX = _prefWX.AsSpan(0, n + 1);
        ReadOnlySpan<int> runStart = _runStart.AsSpan(0, n);
        ReadOnlySpan<int> runEnd = _runEnd.AsSpan(0, n);
        ReadOnlySpan<double> sentinel = _x.AsSpan(0, n + 1);
        var p = _p;
        for (var i = from; i < to; i++)
        {
            var pRow = p.AsSpan(i * n, n);
            var a = runEnd[i]; // # x_k ≤ x_i; i itself and equal positions: no contest
            pRow[runStart[i]..a].Clear();
            var xi = x[i];
            var wA = prefW[a];
            var wxA = prefWX[a];
            var t = a;
            for (var j = a; j < n; j++)
            {
                var dist = x[j] - xi;
                var m = 0.5 * (xi + x[j]);
                t = MidpointVoter(sentinel, t, m);
                var b = runStart[j]; // # x_k < x_j
                var mc = m - centre;
                // For i: D·W(x_k ≤ x_i) + Σ_{x_i<x_k<m} 2w_k(m − x_k); for j symmetric.
                var pos = Math.Max(0, dist * wA + 2 * (mc * (prefW[t] - wA) - (prefWX[t] - wxA)));
                var neg = Math.Max(0, 2 * ((prefWX[b] - prefWX[t]) - mc * (prefW[b] - prefW[t])) + dist * (wAll - prefW[b]));
                var den = pos + neg;
                double pij, pji;
                if (perDyad)
                {
                    pij = den > 0 ? pos / den : 0.5;
                    pji = den > 0 ? neg / den : 0.5;
                }
                else
                {
                    pij = den > 0 ? Math.Max(0, pos - neg) / den : 0;
                    pji = den > 0 ? Math.Max(0, neg - pos) / den : 0;
                }
                pRow[j] = pij;
                p[j * n + i] = pji;
            }
        }
    }

    // E^i(U_ij) = s_j[P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s − Q U_sq − (1 − Q)[T U_b + (1 − T) U_w]  (Scholz et al. 2011, eq. 1)
    // E^i(U_ji) = s_i[P_ji U_s + (1 − P_ji) U_f] + (1 − s_i) U_s − Q U_sq − (1 − Q)[T U_b' + (1 − T) U_w'], all with r_i;
    // U_s, U_f = 2 − 4(0.5 ∓ 0.5 d_ij)^{r_i}, U_sq = 2 − 4·0.5^{r_i}.
    private void ComputeExpectedUtilitiesAndOffers(ModelOptions o, EumVariant variant) =>
        ForRows(RowBlock, (worker, from, to) => ExpectedUtilityRows(worker, from, to, o, variant));

    /// <summary>Rows <paramref name="from"/> … <paramref name="to"/> − 1 of E: each row's offer, quadrants and E rows are its own.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ExpectedUtilityRows(Worker worker, int from, int to, ModelOptions o, EumVariant variant)
    {
        var n = _n;
        var other = o.Q < 1;
        var scale = _pScale;
        // U_s and U_f's powers for several rows at once (see PowerBatch): rows g0 … g1 − 1, success bases then failure bases.
        var rows = Math.Max(1, PowerBatch / n);
        int g0 = from, g1 = from, half = 0;
        for (var i = from; i < to; i++)
        {
            if (i == g1)
            {
                g0 = i;
                g1 = Math.Min(to, g0 + rows);
                half = (g1 - g0) * n;
                var powers = worker.Powers.AsSpan(0, 2 * half);
                var d = worker.RowE.AsSpan(0, n);
                for (var g = g0; g < g1; g++)
                {
                    DistanceRow(g, d);
                    UtilityBases(d, powers.Slice((g - g0) * n, n), powers.Slice(half + (g - g0) * n, n));
                }
                Powers(powers, n, _r.AsSpan(g0, g1 - g0)); // both halves: row g's bases with r_g
            }
            var ps = worker.Powers.AsSpan((i - g0) * n, n);
            var pf = worker.Powers.AsSpan(half + (i - g0) * n, n);
            var ri = _r[i];
            var si = _s[i];
            var constant = o.Q * (2 - 4 * Math.Pow(0.5, ri)); // Q·U_sq
            ProbabilityRow(i, worker.Beats, worker.Beaten);
            var pRow = worker.Beats.AsSpan(0, n);
            var pTRow = worker.Beaten.AsSpan(0, n);
            var eRow = _keepMatrices ? _e.AsSpan(i * n, n) : worker.ERow.AsSpan(0, n);
            var fRow = _keepMatrices ? _f.AsSpan(i * n, n) : worker.FRow.AsSpan(0, n);
            // Written as in the paper (same rounding as the reference for close actors); the vector
            // and scalar loops perform the same IEEE operations in the same order.
            var s = _s.AsSpan(0, n);
            var j = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var two = new Vector<double>(2.0);
                var four = new Vector<double>(4.0);
                var vc = new Vector<double>(constant);
                var vsi = new Vector<double>(si);
                var vscale = new Vector<double>(scale);
                for (; j <= n - Vector<double>.Count; j += Vector<double>.Count)
                {
                    var us = two - four * new Vector<double>(ps[j..]);
                    var uf = two - four * new Vector<double>(pf[j..]);
                    var pij = new Vector<double>(pRow[j..]) * vscale;
                    var pji = new Vector<double>(pTRow[j..]) * vscale;
                    var sj = new Vector<double>(s[j..]);
                    (sj * (pij * us + (Vector<double>.One - pij) * uf) + (Vector<double>.One - sj) * us - vc).CopyTo(eRow[j..]);
                    (vsi * (pji * us + (Vector<double>.One - pji) * uf) + (Vector<double>.One - vsi) * us - vc).CopyTo(fRow[j..]);
                }
            }
            for (; j < n; j++)
            {
                var us = 2 - 4 * ps[j];
                var uf = 2 - 4 * pf[j];
                var pij = pRow[j] * scale;
                var pji = pTRow[j] * scale;
                eRow[j] = s[j] * (pij * us + (1 - pij) * uf) + (1 - s[j]) * us - constant;
                fRow[j] = si * (pji * us + (1 - pji) * uf) + (1 - si) * us - constant;
            }
            if (other) SubtractBetterWorse(worker, o, i, ri, eRow, fRow);
            ChooseOffer(worker, i, variant, eRow, fRow); // while the row is in cache
            if (_classifyThisRound) ClassifyRow(i, variant, eRow, fRow);
        }
    }

    // Q < 1: U_b, U_w = 2 − 4(0.5 ∓ 0.25 q)^{r_i}, q = (|x_i − μ| + |x_i − x_j|)/Δ for E^i(U_ij) and
    // q' = (|x_j − μ| + |x_j − x_i|)/Δ for E^i(U_ji) (Bueno de Mesquita 1994).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SubtractBetterWorse(Worker worker, ModelOptions o, int i, double ri, Span<double> eRow, Span<double> fRow)
    {
        var n = _n;
        var better = worker.RowC.AsSpan(0, n);
        var worse = worker.RowD.AsSpan(0, n);
        for (var pass = 0; pass < 2; pass++)
        {
            for (var j = 0; j < n; j++)
            {
                var q = _delta > 0 ? (Math.Abs((pass == 0 ? _x[i] : _x[j]) - _mu) + Math.Abs(_x[j] - _x[i])) / _delta : 0.0;
                better[j] = Math.Max(0, 0.5 - 0.25 * q);
                worse[j] = 0.5 + 0.25 * q;
            }
            ReproducibleMath.Log(better, better);
            TensorPrimitives.Multiply(better, ri, better);
            TensorPrimitives.Max(better, MinExponent, better);
            ReproducibleMath.Exp(better, better);
            ReproducibleMath.Log(worse, worse);
            TensorPrimitives.Multiply(worse, ri, worse);
            ReproducibleMath.Exp(worse, worse);
            var row = pass == 0 ? eRow : fRow;
            for (var j = 0; j < n; j++)
                row[j] -= (1 - o.Q) * (o.T * (2 - 4 * better[j]) + (1 - o.T) * (2 - 4 * worse[j]));
        }
    }

    /// <summary>Row i (sorted order) of the round's quadrant chart; dyads closer than the position resolution are status quo.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ClassifyRow(int i, EumVariant variant, ReadOnlySpan<double> eRow, ReadOnlySpan<double> fRow)
    {
        var n = _n;
        var resolution = variant.PositionResolution * _delta;
        var xi = _x[i];
        var row = _outcome.AsSpan(i * n, n);
        for (var j = 0; j < n; j++)
            row[j] = Math.Abs(xi - _x[j]) <= resolution ? DyadOutcome.StatusQuo : EumQuadrant.Classify(eRow[j], fRow[j]);
    }

    /// <summary>Receiver i (sorted index) picks one offer from its row of e, f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ChooseOffer(Worker worker, int i, EumVariant variant, ReadOnlySpan<double> eRow, ReadOnlySpan<double> fRow)
    {
        var n = _n;
        var scholz = variant.OfferChoice == EumOfferChoice.ScholzPriority;
        var resolution = variant.PositionResolution * _delta;
        var tie = _tie;
        const double noise = EumTolerances.Noise;
        var kind = worker.CandType.AsSpan(0, n);
        var key = worker.CandKey.AsSpan(0, n);
        var target = worker.CandTarget.AsSpan(0, n);
        var list = worker.CandList.AsSpan(0, n);
        var xi = _x[i];

        // Pass 1: classify every proposer's offer, list the candidates and find the best key of
        // each kind (ScholzPriority: conflict, compromise, capitulation; LeastChange: one pool).
        double bestConflict = double.PositiveInfinity, bestCompromise = double.PositiveInfinity, bestCapitulation = double.PositiveInfinity;
        var count = 0;
        // Four proposers at a time: each lane's kind, target and key are the scalar loop's IEEE operations (no fused
        // multiply-add; Vector256.Min/Abs are Math.Min/Abs), and the best keys are minima, which no order changes. The
        // candidates are then listed in order of j, as the scalar loop lists them. Most dyads make no offer (i expects to
        // win, or neither side gains), and deciding that four at a time avoids a mispredicted branch per proposer.
        var j0 = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vNoise = Vector256.Create(noise);
            var vMinusNoise = Vector256.Create(-noise);
            var vRelativeMargin = Vector256.Create(EumTolerances.RelativeMargin);
            var vxi = Vector256.Create(xi);
            var vResolution = Vector256.Create(resolution);
            var none = Vector256.Create(double.PositiveInfinity);
            var capitulate = variant.Capitulation ? Vector256<double>.AllBitsSet : Vector256<double>.Zero;
            Vector256<double> vBestConflict = none, vBestCompromise = none, vBestCapitulation = none;
            Span<double> lanes = stackalloc double[3 * Vector256<double>.Count]; // kind, target, key of each lane
            for (; j0 <= n - Vector256<double>.Count; j0 += Vector256<double>.Count)
            {
                var f = Vector256.Create(fRow[j0..]);
                var proposes = Vector256.GreaterThan(f, vNoise);
                if (proposes.ExtractMostSignificantBits() == 0) continue;
                var e = Vector256.Create(eRow[j0..]);
                var xj = Vector256.Create(_x.AsSpan(j0, Vector256<double>.Count));
                var valid = Vector256.AndNot(proposes, Vector256.LessThanOrEqual(Vector256.Abs(xj - vxi), vResolution));
                var margin = vRelativeMargin * (Vector256.Abs(e) + Vector256.Abs(f));
                var conflict = valid & Vector256.GreaterThan(e, vNoise) & Vector256.GreaterThan(f - e, margin);
                var loses = Vector256.AndNot(valid, conflict) & Vector256.LessThan(e, vMinusNoise);
                var compromise = loses & Vector256.LessThanOrEqual(-e - f, margin);
                var capitulation = Vector256.AndNot(loses, compromise) & capitulate;
                var offers = (conflict | compromise | capitulation).ExtractMostSignificantBits();
                if (offers == 0) continue;
                var tj = Vector256.ConditionalSelect(compromise, vxi + (xj - vxi) * Vector256.Min(Vector256<double>.One, Vector256.Abs(e / f)), xj);
                var kj = !scholz
                    ? Vector256.Abs(tj - vxi)
                    : Vector256.ConditionalSelect(compromise, (Vector256.Abs(e) * vxi + Vector256.Abs(f) * xj) / (Vector256.Abs(e) + Vector256.Abs(f)), Vector256.Abs(xj - vxi));
                vBestConflict = Vector256.Min(vBestConflict, Vector256.ConditionalSelect(conflict, kj, none));
                vBestCompromise = Vector256.Min(vBestCompromise, Vector256.ConditionalSelect(compromise, kj, none));
                vBestCapitulation = Vector256.Min(vBestCapitulation, Vector256.ConditionalSelect(capitulation, kj, none));
                Vector256.ConditionalSelect(conflict, Vector256.Create((double)OfferType.Conflict),
                    Vector256.ConditionalSelect(compromise, Vector256.Create((double)OfferType.Compromise), Vector256.Create((double)OfferType.Capitulation)))
                    .CopyTo(lanes);
                tj.CopyTo(lanes[Vector256<double>.Count..]);
                kj.CopyTo(lanes[(2 * Vector256<double>.Count)..]);
                for (; offers != 0; offers &= offers - 1)
                {
                    var lane = BitOperations.TrailingZeroCount(offers);
                    var j = j0 + lane;
                    kind[j] = (int)lanes[lane];
                    target[j] = lanes[Vector256<double>.Count + lane];
                    key[j] = lanes[2 * Vector256<double>.Count + lane];
                    list[count++] = j;
                }
            }
            for (var lane = 0; lane < Vector256<double>.Count; lane++)
            {
                bestConflict = Math.Min(bestConflict, vBestConflict.GetElement(lane));
                bestCompromise = Math.Min(bestCompromise, vBestCompromise.GetElement(lane));
                bestCapitulation = Math.Min(bestCapitulation, vBestCapitulation.GetElement(lane));
            }
        }
        for (var j = j0; j < n; j++)
        {
            double e = eRow[j], f = fRow[j];
            if (!(f > noise) || Math.Abs(_x[j] - xi) <= resolution) continue;
            var xj = _x[j];
            var margin = EumTolerances.RelativeMargin * (Math.Abs(e) + Math.Abs(f));
            int k;
            double tj;
            if (e > noise && f - e > margin) { k = (int)OfferType.Conflict; tj = xj; }
            else if (e < -noise && -e - f <= margin) { k = (int)OfferType.Compromise; tj = xi + (xj - xi) * Math.Min(1, Math.Abs(e / f)); }
            else if (variant.Capitulation && e < -noise) { k = (int)OfferType.Capitulation; tj = xj; }
            else continue;

            double kj;
            if (!scholz) kj = Math.Abs(tj - xi);
            else if (k == (int)OfferType.Compromise) kj = (Math.Abs(e) * xi + Math.Abs(f) * xj) / (Math.Abs(e) + Math.Abs(f)); // Scholz replication key
            else kj = Math.Abs(xj - xi);
            kind[j] = k;
            key[j] = kj;
            target[j] = tj;
            list[count++] = j;
            switch ((OfferType)k)
            {
                case OfferType.Conflict: bestConflict = Math.Min(bestConflict, kj); break;
                case OfferType.Compromise: bestCompromise = Math.Min(bestCompromise, kj); break;
                default: bestCapitulation = Math.Min(bestCapitulation, kj); break;
            }
        }

        // Pass 2: offers whose key is within `tie` of the best are tied; among them the first kind in
        // priority order, then the lowest target position (so that listing actors in another order
        // changes nothing), then the proposer listed first.
        int wantKind = -1;
        double limit;
        if (scholz)
        {
            if (bestConflict < double.PositiveInfinity) { wantKind = (int)OfferType.Conflict; limit = bestConflict + tie; }
            else if (bestCompromise < double.PositiveInfinity) { wantKind = (int)OfferType.Compromise; limit = bestCompromise + tie; }
            else if (bestCapitulation < double.PositiveInfinity) { wantKind = (int)OfferType.Capitulation; limit = bestCapitulation + tie; }
            else limit = double.NegativeInfinity;
        }
        else
        {
            limit = Math.Min(bestConflict, Math.Min(bestCompromise, bestCapitulation)) + tie;
            foreach (var j in list[..count])
                if (key[j] <= limit && (wantKind < 0 || kind[j] < wantKind)) wantKind = kind[j];
        }

        var lowest = double.PositiveInfinity;
        foreach (var j in list[..count])
            if (kind[j] == wantKind && key[j] <= limit) lowest = Math.Min(lowest, target[j]);
        var best = -1;
        foreach (var j in list[..count])
        {
            if (kind[j] != wantKind || key[j] > limit || target[j] > lowest + tie) continue;
            if (best < 0 || _order[j] < _order[best]) best = j;
        }
        _offerFrom[i] = best;
        _offerE[i] = best >= 0 ? eRow[best] : 0;
        _offerF[i] = best >= 0 ? fRow[best] : 0;
        _offerType[i] = best >= 0 ? (OfferType)kind[best] : OfferType.Conflict;
        _next[_order[i]] = best >= 0 ? target[best] : xi;
    }

    /// <summary>
    /// Runs <paramref name="body"/> over the rows 0 … n − 1 in blocks of whole multiples of <paramref name="unit"/> rows:
    /// serially on worker 0 with one thread, else block b on worker b mod threads (interleaved, so that the
    /// triangular passes share the work evenly). Every row's arithmetic is the serial one; only its thread differs.
    /// </summary>
    private void ForRows(int unit, Action<Worker, int, int> body)
    {
        var n = _n;
        var threads = _threads;
        if (threads <= 1 || n < ParallelFrom)
        {
            body(_workers[0], 0, n);
            return;
        }
        // About eight blocks a thread: enough to even out the triangular passes, few enough to keep each one long.
        var block = Math.Max(unit, (n / (8 * threads) + unit - 1) / unit * unit);
        var blocks = (n + block - 1) / block;
        var workers = Math.Min(threads, blocks);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var worker = _workers[w];
            for (var b = w; b < blocks; b += workers) body(worker, b * block, Math.Min(n, (b + 1) * block));
        });
    }

    /// <summary>Fewer actors than this run serially whatever the threads (a round costs less than starting the workers).</summary>
    internal const int ParallelFrom = 64;

    /// <summary>Uses <paramref name="threads"/> threads for the rows of each round (0 = one per processor; 1 = serial).</summary>
    private void UseThreads(int threads)
    {
        if (threads < 0) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Threads must be 0 (one per processor) or more.");
        _threads = threads == 0 ? Environment.ProcessorCount : threads;
        if (_workers.Length >= _threads) return;
        var grown = new Worker[_threads];
        _workers.CopyTo(grown, 0);
        for (var w = _workers.Length; w < grown.Length; w++)
        {
            grown[w] = new Worker();
            if (_capacity > 0) grown[w].Ensure(_capacity);
        }
        _workers = grown;
    }

    /// <summary>Scratch of one worker: what a row of a round writes besides its own results.</summary>
    private sealed class Worker
    {
        private int _capacity = -1;
        public double[] RowA = [], RowC = [], RowD = [], RowE = [], Beats = [], Beaten = [], ERow = [], FRow = [];
        public double[] Powers = [], Strip = [], CandKey = [], CandTarget = [];
        public int[] CandType = [], CandList = [];

        public void Ensure(int n)
        {
            if (n <= _capacity) return;
            _capacity = n;
            RowA = new double[n]; RowC = new double[n]; RowD = new double[n]; RowE = new double[n];
            Beats = new double[n]; Beaten = new double[n]; ERow = new double[n]; FRow = new double[n];
            Powers = new double[2 * Math.Max(n, PowerBatch)];
            Strip = new double[(n + 1) * StripWidth];
            CandKey = new double[n]; CandTarget = new double[n]; CandType = new int[n]; CandList = new int[n];
        }
    }
}
