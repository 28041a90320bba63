using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
/// The polynomials are the classic Cephes <c>expf</c>/<c>logf</c> minimax approximations (S. L. Moshier, Cephes
/// Math Library); measured maximum relative error against <see cref="Math.Exp(double)"/>/<see cref="Math.Log(double)"/>
/// is pinned in the tests.
/// </para>
/// </remarks>
internal static class VectorMath
{
    /// <summary>Inputs below this are flushed to an output of 0 (e^-86.9 ≈ 1.8·10⁻³⁸, just above the smallest normal float).</summary>
    internal const float ExpFlushBelow = -86.9f;

    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;

    private const float ExpP0 = 1.9875691500e-4f;
    private const float ExpP1 = 1.3981999507e-3f;
    private const float ExpP2 = 8.3334519073e-3f;
    private const float ExpP3 = 4.1665795894e-2f;
    private const float ExpP4 = 1.6666665459e-1f;
    private const float ExpP5 = 5.0000001201e-1f;

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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> ExpNonPositive(Vector512<float> z)
    {
        Vector512<float> flush = Vector512.LessThan(z, Vector512.Create(ExpFlushBelow));
        Vector512<float> x = Vector512.MaxNative(z, Vector512.Create(ExpFlushBelow));
        Vector512<float> n = Vector512.Round(x * Vector512.Create(Log2E));
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Lo), r);
        Vector512<float> p = Vector512.Create(ExpP0);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpP1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpP2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpP3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpP4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(ExpP5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        Vector512<int> scaled = p.AsInt32() + Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n), 23);
        return Vector512.AndNot(scaled.AsSingle(), flush);
    }

    /// <summary>Scalar twin of <see cref="ExpNonPositive(Vector512{float})"/> (bit-identical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float ExpNonPositive(float z)
    {
        if (z < ExpFlushBelow)
        {
            return 0f;
        }

        float n = MathF.Round(z * Log2E);
        float r = MathF.FusedMultiplyAdd(n, -Ln2Hi, z);
        r = MathF.FusedMultiplyAdd(n, -Ln2Lo, r);
        float p = ExpP0;
        p = MathF.FusedMultiplyAdd(p, r, ExpP1);
        p = MathF.FusedMultiplyAdd(p, r, ExpP2);
        p = MathF.FusedMultiplyAdd(p, r, ExpP3);
        p = MathF.FusedMultiplyAdd(p, r, ExpP4);
        p = MathF.FusedMultiplyAdd(p, r, ExpP5);
        p = MathF.FusedMultiplyAdd(p, r * r, r) + 1f;
        int scaled = BitConverter.SingleToInt32Bits(p) + ((int)n << 23);
        return BitConverter.Int32BitsToSingle(scaled);
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
