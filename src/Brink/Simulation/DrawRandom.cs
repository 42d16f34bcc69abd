namespace Brink.Simulation;

/// <summary>
/// A counter-based random stream: the generator for draw <c>index</c> of stream <c>stream</c> is a
/// pure function of (seed, stream, index), so any thread can produce any draw's numbers and a run
/// is bit-identical whatever the thread count. The state is seeded by hashing the key with the
/// SplitMix64 finaliser and then advanced as a SplitMix64 Weyl sequence (Steele, Lea &amp; Flood 2014,
/// "Fast splittable pseudorandom number generators", OOPSLA; constants from Vigna's splitmix64.c).
/// </summary>
public struct DrawRandom
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    /// <summary>Creates the stream for one (seed, stream, index) key.</summary>
    public DrawRandom(ulong seed, ulong stream, ulong index)
    {
        // Hash the three key parts one after the other so that nearby keys give unrelated states.
        var h = Mix(seed + Gamma);
        h = Mix(h ^ (stream * 0xD1B54A32D192ED03UL + 0x8CB92BA72F3D8DD7UL));
        h = Mix(h ^ (index * 0xABC98388FB8FAC03UL + 0x4F1BBCDCBFA53E0BUL));
        _state = h;
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += Gamma;
        return Mix(_state);
    }

    /// <summary>Uniform double in the open interval (0, 1): 53 random bits, centred in their cell.</summary>
    public double NextDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n) by Lemire's multiply-shift (bias below 2^-32 for n &lt; 2^32).</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    /// <summary>
    /// Shuffles <paramref name="items"/> in place by Fisher–Yates (Durstenfeld): for k = n − 1 down to 1, swap item k with
    /// item <see cref="NextInt"/>(k + 1). The permutation is a pure function of this stream's key, whatever the .NET runtime.
    /// </summary>
    /// <typeparam name="T">Item type.</typeparam>
    /// <param name="items">The items to shuffle.</param>
    public void Shuffle<T>(Span<T> items)
    {
        for (var k = items.Length - 1; k > 0; k--)
        {
            var j = NextInt(k + 1);
            (items[k], items[j]) = (items[j], items[k]);
        }
    }

    /// <summary>SplitMix64 output function (Vigna), a bijective 64-bit mixer.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
