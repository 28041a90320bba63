using System.Numerics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>
/// xoshiro256** 1.0 (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2021), its 256-bit state
/// filled from the 64-bit seed by SplitMix64 as the authors recommend. Uniform doubles take the top 53 bits:
/// u = (x &gt;&gt; 11)·2⁻⁵³ ∈ [0, 1). Fully specified integer arithmetic: the same seed gives the same sequence everywhere.
/// </summary>
internal struct Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    internal Xoshiro256StarStar(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    internal ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    internal double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// A uniform integer in [0, <paramref name="bound"/>), without bias: Lemire's multiply-and-shift on the top 32 bits
    /// ("Fast random integer generation in an interval", 2019), redrawing the rare low products that would favour some
    /// values. <paramref name="bound"/> must be positive.
    /// </summary>
    internal int NextInt32(int bound)
    {
        uint range = (uint)bound;
        ulong product = (NextUInt64() >> 32) * range;
        if ((uint)product < range)
        {
            uint threshold = (0u - range) % range; // 2³² mod range
            while ((uint)product < threshold)
            {
                product = (NextUInt64() >> 32) * range;
            }
        }

        return (int)(product >> 32);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
