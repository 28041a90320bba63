using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>
/// Element-wise <c>exp</c> and <c>ln</c> for <see cref="float"/>, with a <see cref="Vector512{T}"/> form and a scalar
/// form that perform the same IEEE-754 operations in the same order, so both give bit-identical results.
/// </summary>
/// <remarks>
/// <para>
/// These exist (instead of <c>TensorPrimitives.Exp</c>/<c>Log</c>) because the sampling kernels fuse them with
/// reductions, and because <see cref="TokenSampler"/> promises the same token for the same seed on every machine:
/// every operation used here (add, multiply, fused multiply-add, round-to-nearest-even, integer shifts) is exactly
/// specified, and <see cref="Vector512{T}"/> falls back to the same per-element operations where AVX-512 is absent.
/// </para>
/// <para>
/// <c>ln</c> uses the classic Cephes <c>logf</c> minimax polynomial (S. L. Moshier, Cephes Math Library); <c>exp</c>
/// uses a 32-entry table with a cubic (see <see cref="ExpNonPositive(Vector512{float})"/>). The maximum error against
/// <see cref="Math.Exp(double)"/>/<see cref="Math.Log(double)"/> is pinned in the tests.
/// </para>
/// </remarks>
internal static class VectorMath
{
    /// <summary>Inputs below this are flushed to an output of 0 (e^-86.9 ≈ 1.8·10⁻³⁸, just above the smallest normal float).</summary>
    internal const float ExpFlushBelow = -86.9f;

    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;

    // exp: 32/ln 2, and ln 2/32 split so that n·hi is exact for |n| < 2¹⁵ (hi has 9 significant bits).
    private const float ThirtyTwoOverLn2 = 46.16624069213867f;
    private const float Ln2Over32Hi = Ln2Hi / 32f;
    private const float Ln2Over32Lo = Ln2Lo / 32f;
    private const float OneSixth = 1f / 6f;

    // 1.5·2²³: adding it rounds a float of magnitude < 2²² to an integer held in the low mantissa bits.
    private const float Shifter = 12582912f;

    /// <summary>Bits of the floats nearest 2^(j/32), j = 0..31 (written as bits so no platform's pow is involved).</summary>
    private static readonly int[] ExpTableBits =
    [
        0x3F800000, 0x3F82CD87, 0x3F85AAC3, 0x3F88980F, 0x3F8B95C2, 0x3F8EA43A, 0x3F91C3D3, 0x3F94F4F0,
        0x3F9837F0, 0x3F9B8D3A, 0x3F9EF532, 0x3FA27043, 0x3FA5FED7, 0x3FA9A15B, 0x3FAD583F, 0x3FB123F6,
        0x3FB504F3, 0x3FB8FBAF, 0x3FBD08A4, 0x3FC12C4D, 0x3FC5672A, 0x3FC9B9BE, 0x3FCE248C, 0x3FD2A81E,
        0x3FD744FD, 0x3FDBFBB8, 0x3FE0CCDF, 0x3FE5B907, 0x3FEAC0C7, 0x3FEFE4BA, 0x3FF5257D, 0x3FFA83B3,
    ];

    // The same table as vector constants, written out: a static readonly vector is a constant to the JIT only once the
    // class is initialized, and a kernel compiled fully optimized before that (AggressiveOptimization) got a class-init
    // check inside its loops, which made the JIT spill every vector register around it (a decode step's softmax ran
    // several times slower). A Vector512.Create of constants is a constant in every case.
    private static Vector512<float> ExpTableLow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(
            0x3F800000, 0x3F82CD87, 0x3F85AAC3, 0x3F88980F, 0x3F8B95C2, 0x3F8EA43A, 0x3F91C3D3, 0x3F94F4F0,
            0x3F9837F0, 0x3F9B8D3A, 0x3F9EF532, 0x3FA27043, 0x3FA5FED7, 0x3FA9A15B, 0x3FAD583F, 0x3FB123F6).AsSingle();
    }

    private static Vector512<float> ExpTableHigh
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(
            0x3FB504F3, 0x3FB8FBAF, 0x3FBD08A4, 0x3FC12C4D, 0x3FC5672A, 0x3FC9B9BE, 0x3FCE248C, 0x3FD2A81E,
            0x3FD744FD, 0x3FDBFBB8, 0x3FE0CCDF, 0x3FE5B907, 0x3FEAC0C7, 0x3FEFE4BA, 0x3FF5257D, 0x3FFA83B3).AsSingle();
    }

    private const float SqrtHalf = 0.707106781186547524f;
    private const float LogP0 = 7.0376836292e-2f;
    private const float LogP1 = -1.1514610310e-1f;
    private const float LogP2 = 1.1676998740e-1f;
    private const float LogP3 = -1.2420140846e-1f;
    private const float LogP4 = 1.4249322787e-1f;
    private const float LogP5 = -1.6668057665e-1f;
    private const float LogP6 = 2.0000714765e-1f;
    private const float LogP7 = -2.4999993993e-1f;
    private const float LogP8 = 3.3333331174e-1f;

    private const float SmallestNormal = 1.17549435e-38f;
    private const float TwoPow23 = 8388608f;

    /// <summary>e^z for z ≤ 0 (including −∞); z &lt; <see cref="ExpFlushBelow"/> gives 0; z = 0 gives exactly 1.</summary>
    /// <remarks>
    /// <para>e^z = 2^(n/32)·e^r with n = round(32·z/ln 2) and |r| ≤ ln 2/64 (Cody–Waite: r = z − n·(ln 2/32) in two
    /// exact steps). 2^(n/32) = 2^⌊n/32⌋·T[n mod 32] with T the 32 floats nearest 2^(j/32), looked up with one permute;
    /// e^r − 1 = r + r²/2 + r³/6 (truncation error ≤ r⁴/24 &lt; 6·10⁻¹⁰). The result is T + T·(e^r − 1), so the
    /// polynomial's rounding is scaled down by |e^r − 1| ≤ 0.011: about 1 ulp in all.</para>
    /// <para>n is rounded with the shifter trick: y = fma(z, 32/ln 2, 1.5·2²³) leaves n in y's low mantissa bits, so the
    /// table index is y's low 5 bits and 2^⌊n/32⌋ is (bits(y) ≪ 18) with the low 23 bits cleared — no float-to-int
    /// conversion. About 16 vector operations per 16 values; the kernels are bound by that count.</para>
    /// <para>Lanes below the flush point (−∞ included) compute garbage that is then replaced by 0, so no clamp is needed.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> ExpNonPositive(Vector512<float> z) => ExpNonPositive<On>(z, out _);

    /// <summary>
    /// As <see cref="ExpNonPositive(Vector512{float})"/>, also giving the lanes kept (all bits set where z ≥
    /// <see cref="ExpFlushBelow"/>, zero where the result was flushed to 0). With <typeparamref name="TFlush"/> =
    /// <see cref="Off"/> the caller promises every z ≥ <see cref="ExpFlushBelow"/> (a row whose range it checked):
    /// the flush test is skipped and <paramref name="kept"/> is all ones. The results are the same either way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> ExpNonPositive<TFlush>(Vector512<float> z, out Vector512<float> kept)
        where TFlush : struct
    {
        kept = typeof(TFlush) == typeof(On)
            ? Vector512.GreaterThanOrEqual(z, Vector512.Create(ExpFlushBelow))
            : Vector512<float>.AllBitsSet;
        Vector512<float> y = Vector512.FusedMultiplyAdd(z, Vector512.Create(ThirtyTwoOverLn2), Vector512.Create(Shifter));
        Vector512<float> n = y - Vector512.Create(Shifter);
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Over32Hi), z);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Over32Lo), r);
        Vector512<float> c = Vector512.FusedMultiplyAdd(r, Vector512.Create(OneSixth), Vector512.Create(0.5f));
        c = Vector512.FusedMultiplyAdd(c, r, Vector512<float>.One);
        Vector512<float> q = c * r;
        Vector512<int> bits = y.AsInt32();
        Vector512<float> t = Lookup(bits);
        Vector512<float> m = Vector512.FusedMultiplyAdd(t, q, t);
        Vector512<int> power = Vector512.ShiftLeft(bits, 18) & Vector512.Create(unchecked((int)0xFF800000));
        Vector512<float> result = (m.AsInt32() + power).AsSingle();
        return typeof(TFlush) == typeof(On) ? Vector512.ConditionalSelect(kept, result, Vector512<float>.Zero) : result;
    }

    /// <summary>Scalar twin of <see cref="ExpNonPositive(Vector512{float})"/> (bit-identical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float ExpNonPositive(float z)
    {
        if (!(z >= ExpFlushBelow))
        {
            return 0f;
        }

        float y = MathF.FusedMultiplyAdd(z, ThirtyTwoOverLn2, Shifter);
        float n = y - Shifter;
        float r = MathF.FusedMultiplyAdd(n, -Ln2Over32Hi, z);
        r = MathF.FusedMultiplyAdd(n, -Ln2Over32Lo, r);
        float c = MathF.FusedMultiplyAdd(r, OneSixth, 0.5f);
        c = MathF.FusedMultiplyAdd(c, r, 1f);
        float q = c * r;
        int bits = BitConverter.SingleToInt32Bits(y);
        float t = BitConverter.Int32BitsToSingle(ExpTableBits[bits & 31]);
        float m = MathF.FusedMultiplyAdd(t, q, t);
        int power = (bits << 18) & unchecked((int)0xFF800000);
        return BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(m) + power);
    }

    /// <summary>
    /// T[j mod 32] for each lane: one <c>vpermt2ps</c> on AVX-512 (it reads only the index's low 5 bits), two shuffles
    /// and a blend elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Lookup(Vector512<int> index)
    {
        if (Avx512F.IsSupported)
        {
            return Avx512F.PermuteVar16x32x2(ExpTableLow, index, ExpTableHigh);
        }

        Vector512<int> j = index & Vector512.Create(31);
        Vector512<float> upper = Vector512.GreaterThan(j, Vector512.Create(15)).AsSingle();
        return Vector512.ConditionalSelect(upper, Vector512.Shuffle(ExpTableHigh, j - Vector512.Create(16)), Vector512.Shuffle(ExpTableLow, j));
    }

    /// <summary>ln x for finite x &gt; 0 (subnormals included). Callers mask x = 0 themselves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> LogPositive(Vector512<float> x)
    {
        Vector512<float> subnormal = Vector512.LessThan(x, Vector512.Create(SmallestNormal));
        x = Vector512.ConditionalSelect(subnormal, x * Vector512.Create(TwoPow23), x);
        Vector512<int> bits = x.AsInt32();
        Vector512<int> exponent = Vector512.ShiftRightArithmetic(bits, 23) - Vector512.Create(126);
        exponent -= Vector512.ConditionalSelect(subnormal.AsInt32(), Vector512.Create(23), Vector512<int>.Zero);
        Vector512<float> m = ((bits & Vector512.Create(unchecked((int)0x807FFFFF))) | Vector512.Create(0x3F000000)).AsSingle();
        Vector512<float> small = Vector512.LessThan(m, Vector512.Create(SqrtHalf));
        exponent += small.AsInt32(); // all-ones lanes are -1
        Vector512<float> f = m - Vector512<float>.One + (m & small);
        Vector512<float> e = Vector512.ConvertToSingle(exponent);
        Vector512<float> z = f * f;
        Vector512<float> y = Vector512.Create(LogP0);
        y = Vector512.FusedMultiplyAdd(y, f, Vector512.Create(LogP1));
        y = Vector512.FusedMultiplyAdd(y, f, Vector512.Create(LogP2));
        y = Vector512.FusedMultiplyAdd(y, f, Vector512.Create(LogP3));
        y = Vector512.FusedMultiplyAdd(y, f, Vector512.Create(LogP4));
        y = Vector512.FusedMultiplyAdd(y, f, Vector512.Create(LogP5));
        y = Vector512.FusedMultiplyAdd(y, f, Vector512.Create(LogP6));
        y = Vector512.FusedMultiplyAdd(y, f, Vector512.Create(LogP7));
        y = Vector512.FusedMultiplyAdd(y, f, Vector512.Create(LogP8));
        y = y * f * z;
        y = Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2Lo), y);
        y = Vector512.FusedMultiplyAdd(z, Vector512.Create(-0.5f), y);
        Vector512<float> result = f + y;
        return Vector512.FusedMultiplyAdd(e, Vector512.Create(Ln2Hi), result);
    }

    /// <summary>Scalar twin of <see cref="LogPositive(Vector512{float})"/> (bit-identical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float LogPositive(float x)
    {
        int adjust = 0;
        if (x < SmallestNormal)
        {
            x *= TwoPow23;
            adjust = 23;
        }

        int bits = BitConverter.SingleToInt32Bits(x);
        int exponent = (bits >> 23) - 126 - adjust;
        float m = BitConverter.Int32BitsToSingle((bits & unchecked((int)0x807FFFFF)) | 0x3F000000);
        float f;
        if (m < SqrtHalf)
        {
            exponent -= 1;
            f = m - 1f + m;
        }
        else
        {
            f = m - 1f + 0f;
        }

        float e = exponent;
        float z = f * f;
        float y = LogP0;
        y = MathF.FusedMultiplyAdd(y, f, LogP1);
        y = MathF.FusedMultiplyAdd(y, f, LogP2);
        y = MathF.FusedMultiplyAdd(y, f, LogP3);
        y = MathF.FusedMultiplyAdd(y, f, LogP4);
        y = MathF.FusedMultiplyAdd(y, f, LogP5);
        y = MathF.FusedMultiplyAdd(y, f, LogP6);
        y = MathF.FusedMultiplyAdd(y, f, LogP7);
        y = MathF.FusedMultiplyAdd(y, f, LogP8);
        y = y * f * z;
        y = MathF.FusedMultiplyAdd(e, Ln2Lo, y);
        y = MathF.FusedMultiplyAdd(z, -0.5f, y);
        float result = f + y;
        return MathF.FusedMultiplyAdd(e, Ln2Hi, result);
    }
}

/// <summary>A compile-time switch for generic kernels: on.</summary>
internal readonly struct On;

/// <summary>A compile-time switch for generic kernels: off.</summary>
internal readonly struct Off;
