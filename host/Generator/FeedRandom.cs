using System.Runtime.CompilerServices;

namespace HftHost.Generator;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through splitmix64. Our own generator rather
/// than System.Random so the bytes a seed produces never depend on the runtime's version,
/// and a struct so drawing a number costs no call through an object.
/// Threading: one thread at a time.
/// </summary>
internal struct FeedRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>A generator for <paramref name="seed"/> and a stream number, so independent
    /// concerns (the market, the faults) draw from streams that do not shift each other.</summary>
    public FeedRandom(ulong seed, ulong stream)
    {
        ulong x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>): the high half of a 64×64 product
    /// (Lemire); the bias is below 2^-32 for the small bounds used here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int bound) => (int)Math.BigMul(NextUInt64(), (ulong)(uint)bound, out _);

    /// <summary>Uniform in [0, <paramref name="bound"/>) for 64-bit bounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long NextLong(long bound) => (long)Math.BigMul(NextUInt64(), (ulong)bound, out _);

    /// <summary>True with probability <paramref name="percent"/>/100.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Percent(int percent) => Next(100) < percent;

    /// <summary>Uniform in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
