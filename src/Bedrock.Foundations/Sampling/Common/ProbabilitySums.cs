using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>
/// One-pass sums over probability vectors, each a reproducible <see cref="LaneSum"/>, with a validity check
/// (every element in [0, 1], no NaN) folded into the same pass.
/// </summary>
internal static class ProbabilitySums
{
    /// <summary>Σ pᵢ and Σ pᵢ·ln pᵢ (0·ln 0 = 0). Returns <see langword="false"/> when an element is outside [0, 1] or NaN.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static bool Entropy(ReadOnlySpan<float> p, out double sum, out double sumPLogP)
    {
        ref float src = ref MemoryMarshal.GetReference(p);
        LaneSum total = default;
        LaneSum plogp = default;
        Vector512<float> invalid = Vector512<float>.Zero;
        int n = p.Length;
        int i = 0;
        for (; i <= n - LaneSum.BlockLength; i += LaneSum.BlockLength)
        {
            Vector512<float> p0 = Vector512.LoadUnsafe(ref src, (nuint)i);
            Vector512<float> p1 = Vector512.LoadUnsafe(ref src, (nuint)(i + 16));
            invalid |= Invalid(p0) | Invalid(p1);
            total.Add(p0, p1);
            plogp.Add(PLogQ(p0, p0), PLogQ(p1, p1));
        }

        BlockBuffer tailPBuffer = default;
        Span<float> tailP = tailPBuffer;
        BlockBuffer tailTBuffer = default;
        Span<float> tailT = tailTBuffer;
        bool bad = false;
        int t = 0;
        for (; i < n; i++, t++)
        {
            float pi = Unsafe.Add(ref src, i);
            bad |= !(pi >= 0f && pi <= 1f);
            tailP[t] = pi;
            tailT[t] = PLogQ(pi, pi);
        }

        sum = LaneSum.Total(total, tailP[..t]);
        sumPLogP = LaneSum.Total(plogp, tailT[..t]);
        return !bad && invalid == Vector512<float>.Zero;
    }

    /// <summary>
    /// Σ pᵢ, Σ qᵢ, Σ pᵢ·ln pᵢ and Σ pᵢ·ln qᵢ over the terms with pᵢ &gt; 0 and qᵢ &gt; 0, and whether some pᵢ &gt; 0 has
    /// qᵢ = 0 (the cross-entropy is then +∞). Returns <see langword="false"/> when an element of either is invalid.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static bool Cross(ReadOnlySpan<float> p, ReadOnlySpan<float> q, out CrossSums sums)
    {
        ref float ps = ref MemoryMarshal.GetReference(p);
        ref float qs = ref MemoryMarshal.GetReference(q);
        LaneSum sumP = default;
        LaneSum sumQ = default;
        LaneSum plogp = default;
        LaneSum plogq = default;
        Vector512<float> invalid = Vector512<float>.Zero;
        Vector512<float> unsupported = Vector512<float>.Zero;
        int n = p.Length;
        int i = 0;
        for (; i <= n - LaneSum.BlockLength; i += LaneSum.BlockLength)
        {
            Vector512<float> p0 = Vector512.LoadUnsafe(ref ps, (nuint)i);
            Vector512<float> p1 = Vector512.LoadUnsafe(ref ps, (nuint)(i + 16));
            Vector512<float> q0 = Vector512.LoadUnsafe(ref qs, (nuint)i);
            Vector512<float> q1 = Vector512.LoadUnsafe(ref qs, (nuint)(i + 16));
            invalid |= Invalid(p0) | Invalid(p1) | Invalid(q0) | Invalid(q1);
            unsupported |= Unsupported(p0, q0) | Unsupported(p1, q1);
            sumP.Add(p0, p1);
            sumQ.Add(q0, q1);
            plogp.Add(PLogQ(p0, p0), PLogQ(p1, p1));
            plogq.Add(PLogQ(p0, q0), PLogQ(p1, q1));
        }

        BlockBuffer tailPBuffer = default;
        Span<float> tailP = tailPBuffer;
        BlockBuffer tailQBuffer = default;
        Span<float> tailQ = tailQBuffer;
        BlockBuffer tailPPBuffer = default;
        Span<float> tailPP = tailPPBuffer;
        BlockBuffer tailPQBuffer = default;
        Span<float> tailPQ = tailPQBuffer;
        bool bad = false;
        bool infinite = false;
        int t = 0;
        for (; i < n; i++, t++)
        {
            float pi = Unsafe.Add(ref ps, i);
            float qi = Unsafe.Add(ref qs, i);
            bad |= !(pi >= 0f && pi <= 1f) || !(qi >= 0f && qi <= 1f);
            infinite |= pi > 0f && qi == 0f;
            tailP[t] = pi;
            tailQ[t] = qi;
            tailPP[t] = PLogQ(pi, pi);
            tailPQ[t] = PLogQ(pi, qi);
        }

        sums = new CrossSums(
            LaneSum.Total(sumP, tailP[..t]),
            LaneSum.Total(sumQ, tailQ[..t]),
            LaneSum.Total(plogp, tailPP[..t]),
            LaneSum.Total(plogq, tailPQ[..t]),
            infinite || unsupported != Vector512<float>.Zero);
        return !bad && invalid == Vector512<float>.Zero;
    }

    /// <summary>Σ xᵢ, and whether every xᵢ is ≤ 0 and not NaN (−∞ allowed).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static bool LogProbabilities(ReadOnlySpan<float> x, out double sum)
    {
        ref float src = ref MemoryMarshal.GetReference(x);
        LaneSum total = default;
        Vector512<float> invalid = Vector512<float>.Zero;
        int n = x.Length;
        int i = 0;
        for (; i <= n - LaneSum.BlockLength; i += LaneSum.BlockLength)
        {
            Vector512<float> x0 = Vector512.LoadUnsafe(ref src, (nuint)i);
            Vector512<float> x1 = Vector512.LoadUnsafe(ref src, (nuint)(i + 16));
            invalid |= ~Vector512.LessThanOrEqual(x0, Vector512<float>.Zero) | ~Vector512.LessThanOrEqual(x1, Vector512<float>.Zero);
            total.Add(x0, x1);
        }

        BlockBuffer tailBuffer = default;
        Span<float> tail = tailBuffer;
        bool bad = false;
        int t = 0;
        for (; i < n; i++, t++)
        {
            float xi = Unsafe.Add(ref src, i);
            bad |= !(xi <= 0f);
            tail[t] = xi;
        }

        sum = LaneSum.Total(total, tail[..t]);
        return !bad && invalid == Vector512<float>.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Invalid(Vector512<float> p) =>
        ~(Vector512.GreaterThanOrEqual(p, Vector512<float>.Zero) & Vector512.LessThanOrEqual(p, Vector512<float>.One));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Unsupported(Vector512<float> p, Vector512<float> q) =>
        Vector512.GreaterThan(p, Vector512<float>.Zero) & Vector512.Equals(q, Vector512<float>.Zero);

    /// <summary>pᵢ·ln qᵢ where pᵢ &gt; 0 and qᵢ &gt; 0, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PLogQ(Vector512<float> p, Vector512<float> q)
    {
        Vector512<float> use = Vector512.GreaterThan(p, Vector512<float>.Zero) & Vector512.GreaterThan(q, Vector512<float>.Zero);
        Vector512<float> safeQ = Vector512.ConditionalSelect(use, q, Vector512<float>.One);
        return (p * VectorMath.LogPositive(safeQ)) & use;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float PLogQ(float p, float q) =>
        p > 0f && q > 0f ? p * VectorMath.LogPositive(q) : 0f;
}

/// <summary>The sums <see cref="ProbabilitySums.Cross"/> returns.</summary>
internal readonly record struct CrossSums(double SumP, double SumQ, double SumPLogP, double SumPLogQ, bool HasUnsupportedMass);
