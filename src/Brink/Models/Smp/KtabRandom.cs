namespace Brink.Models.Smp;

/// <summary>
/// KTAB's random generator (prng.cpp KBase::PRNG), reimplemented so that a seed gives KTAB's draws:
/// the 64-bit Mersenne Twister (std::mt19937_64, Matsumoto &amp; Nishimura 1998; Nishimura 2000)
/// whose output passes through KTAB's bijection q(i) = (i + a)(2i + 3) mod 2⁶⁴.
/// </summary>
public sealed class KtabRandom
{
    private const int N = 312, M = 156;
    private const ulong MatrixA = 0xB5026F5AA96619E9UL, UpperMask = 0xFFFFFFFF80000000UL, LowerMask = 0x7FFFFFFFUL;
    /// <summary>KTAB's large odd constant a of the q transformation (prng.h Q64C).</summary>
    private const ulong Q64C = 0xE08C1D668B756F83UL;
    private readonly ulong[] _mt = new ulong[N];
    private int _index;

    /// <summary>Seeds the generator as std::mt19937_64::seed does (KTAB PRNG::setSeed with a non-zero seed).</summary>
    public KtabRandom(ulong seed)
    {
        _mt[0] = seed;
        for (var i = 1; i < N; i++)
            _mt[i] = 6364136223846793005UL * (_mt[i - 1] ^ (_mt[i - 1] >> 62)) + (ulong)i;
        _index = N;
    }

    /// <summary>The raw Mersenne Twister output (what std::mt19937_64 returns).</summary>
    public ulong NextRaw()
    {
        if (_index >= N) Twist();
        var x = _mt[_index++];
        x ^= (x >> 29) & 0x5555555555555555UL;
        x ^= (x << 17) & 0x71D67FFFEDA60000UL;
        x ^= (x << 37) & 0xFFF7EEE000000000UL;
        x ^= x >> 43;
        return x;
    }

    /// <summary>KTAB's PRNG::uniform(): q(mt()) (a full-range uniform_int_distribution returns the engine output unchanged).</summary>
    public ulong Next()
    {
        var i = NextRaw();
        return unchecked((i + Q64C) * (2 * i + 3));
    }

    /// <summary>KTAB's PRNG::uniform(a, b).</summary>
    public double Uniform(double a, double b)
    {
        var x = (double)Next() / (double)ulong.MaxValue;
        return a + (b - a) * x;
    }

    /// <summary>Index drawn with the given probabilities (KTAB PRNG::probSel).</summary>
    public int Select(IReadOnlyList<double> probabilities)
    {
        var p = Uniform(0.0, 1.0);
        var sum = 0.0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            sum += probabilities[i];
            if (p <= sum) return i;
        }
        return probabilities.Count - 1; // round-off
    }

    private void Twist()
    {
        for (var i = 0; i < N; i++)
        {
            var x = (_mt[i] & UpperMask) | (_mt[(i + 1) % N] & LowerMask);
            var xA = x >> 1;
            if ((x & 1) != 0) xA ^= MatrixA;
            _mt[i] = _mt[(i + M) % N] ^ xA;
        }
        _index = 0;
    }
}
