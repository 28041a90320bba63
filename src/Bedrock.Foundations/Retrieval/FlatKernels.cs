using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bedrock.Foundations.Retrieval;

/// <summary>How a flat-index kernel turns a (query, row) pair into a score: one accumulation step and a finish.</summary>
internal interface IFlatMetric
{
    /// <summary>acc + f(q, x) for one vector of components.</summary>
    public static abstract Vector512<float> Step(Vector512<float> q, Vector512<float> x, Vector512<float> acc);

    /// <summary>acc + f(q, x) for one vector of components.</summary>
    public static abstract Vector256<float> Step(Vector256<float> q, Vector256<float> x, Vector256<float> acc);

    /// <summary>acc + f(q, x) for one component.</summary>
    public static abstract float Step(float q, float x, float acc);

    /// <summary>The score from the accumulated sum.</summary>
    public static abstract float Finish(float sum);
}

/// <summary>The inner product: Σᵢ qᵢ·xᵢ, one fused multiply-add per component.</summary>
internal readonly struct FlatDot : IFlatMetric
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Step(Vector512<float> q, Vector512<float> x, Vector512<float> acc) => Vector512.FusedMultiplyAdd(q, x, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Step(Vector256<float> q, Vector256<float> x, Vector256<float> acc) => Vector256.FusedMultiplyAdd(q, x, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Step(float q, float x, float acc) => MathF.FusedMultiplyAdd(q, x, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Finish(float sum) => sum;
}

/// <summary>The negated Euclidean distance: −√(Σᵢ (qᵢ − xᵢ)²), the squares summed by fused multiply-adds of the differences.</summary>
internal readonly struct FlatEuclidean : IFlatMetric
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Step(Vector512<float> q, Vector512<float> x, Vector512<float> acc)
    {
        Vector512<float> difference = q - x;
        return Vector512.FusedMultiplyAdd(difference, difference, acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Step(Vector256<float> q, Vector256<float> x, Vector256<float> acc)
    {
        Vector256<float> difference = q - x;
        return Vector256.FusedMultiplyAdd(difference, difference, acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Step(float q, float x, float acc)
    {
        float difference = q - x;
        return MathF.FusedMultiplyAdd(difference, difference, acc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Finish(float sum) => -MathF.Sqrt(sum);
}

/// <summary>
/// The float32 scoring kernels of <see cref="FlatVectorIndex"/>: one (query, row) pair, one query against four rows, and
/// a register tile of four queries × four rows for batches.
/// </summary>
/// <remarks>
/// <para>Every kernel computes each pair's score in exactly the same order — one vector accumulator (the widest
/// accelerated width: 16 lanes, else 8) stepped over the components in index order, reduced by
/// <c>Vector512.Sum</c>/<c>Vector256.Sum</c>, then the remaining components added one by one in order, then
/// <see cref="IFlatMetric.Finish"/> — so a score is bit-identical whichever kernel, thread or batch produced it. This is what
/// makes batch results equal single-search results and multi-threaded scans equal single-threaded ones.</para>
/// <para>The multi-row kernels are register-tiled on Vector512 (the 4 × 4 tile keeps 16 accumulators in registers and
/// loads each stored vector once for four queries). On narrower hardware they fall back to the one-pair kernel,
/// which gives the same results, only slower.</para>
/// </remarks>
internal static unsafe class FlatKernels
{
    /// <summary>
    /// How far ahead of the rows being scored <see cref="Score4{TMetric}"/> asks for data to be brought into L2: 128 KiB
    /// (the distance the attention decode kernels found best on the development machine, where the hardware prefetcher
    /// alone leaves DRAM idle between a single stream's requests).
    /// </summary>
    private const int PrefetchFloats = 32 * 1024;

    /// <summary>The score of one (query, row) pair over <paramref name="dimensions"/> components.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Score<TMetric>(ref float q, ref float x, int dimensions)
        where TMetric : IFlatMetric
    {
        int i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> acc = Vector512<float>.Zero;
            for (; i <= dimensions - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                acc = TMetric.Step(Vector512.LoadUnsafe(ref q, (nuint)i), Vector512.LoadUnsafe(ref x, (nuint)i), acc);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            for (; i <= dimensions - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                acc = TMetric.Step(Vector256.LoadUnsafe(ref q, (nuint)i), Vector256.LoadUnsafe(ref x, (nuint)i), acc);
            }

            sum = Vector256.Sum(acc);
        }

        return Tail<TMetric>(ref q, ref x, i, dimensions, sum);
    }

    /// <summary>
    /// The scores of one query against four consecutive rows (<paramref name="x"/> points at the first; rows are
    /// <paramref name="dimensions"/> apart), into <paramref name="scores"/>[0..4).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Score4<TMetric>(ref float q, ref float x, int dimensions, ref float scores)
        where TMetric : IFlatMetric
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            for (int r = 0; r < 4; r++)
            {
                Unsafe.Add(ref scores, r) = Score<TMetric>(ref q, ref Unsafe.Add(ref x, r * dimensions), dimensions);
            }

            return;
        }

        ref float x0 = ref x;
        ref float x1 = ref Unsafe.Add(ref x, dimensions);
        ref float x2 = ref Unsafe.Add(ref x, 2 * dimensions);
        ref float x3 = ref Unsafe.Add(ref x, 3 * dimensions);
        Vector512<float> a0 = Vector512<float>.Zero, a1 = Vector512<float>.Zero, a2 = Vector512<float>.Zero, a3 = Vector512<float>.Zero;
        int i = 0;
        for (; i <= dimensions - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            if (Sse.IsSupported)
            {
                // The four rows span 4·d floats, read over d/16 steps: four cache lines a step keep pace. Prefetches never
                // fault, so running past the end of the storage is harmless.
                float* ahead = (float*)Unsafe.AsPointer(ref Unsafe.Add(ref x0, PrefetchFloats + (4 * i)));
                Sse.Prefetch1(ahead);
                Sse.Prefetch1(ahead + 16);
                Sse.Prefetch1(ahead + 32);
                Sse.Prefetch1(ahead + 48);
            }

            Vector512<float> qi = Vector512.LoadUnsafe(ref q, (nuint)i);
            a0 = TMetric.Step(qi, Vector512.LoadUnsafe(ref x0, (nuint)i), a0);
            a1 = TMetric.Step(qi, Vector512.LoadUnsafe(ref x1, (nuint)i), a1);
            a2 = TMetric.Step(qi, Vector512.LoadUnsafe(ref x2, (nuint)i), a2);
            a3 = TMetric.Step(qi, Vector512.LoadUnsafe(ref x3, (nuint)i), a3);
        }

        scores = Tail<TMetric>(ref q, ref x0, i, dimensions, Vector512.Sum(a0));
        Unsafe.Add(ref scores, 1) = Tail<TMetric>(ref q, ref x1, i, dimensions, Vector512.Sum(a1));
        Unsafe.Add(ref scores, 2) = Tail<TMetric>(ref q, ref x2, i, dimensions, Vector512.Sum(a2));
        Unsafe.Add(ref scores, 3) = Tail<TMetric>(ref q, ref x3, i, dimensions, Vector512.Sum(a3));
    }

    /// <summary>
    /// The 16 scores of four consecutive queries (<paramref name="q"/>, <paramref name="dimensions"/> apart) against
    /// four consecutive rows (<paramref name="x"/>): query j's score of row r goes to
    /// <paramref name="scores"/>[j · <paramref name="scoreStride"/> + r].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Score4x4<TMetric>(ref float q, ref float x, int dimensions, ref float scores, int scoreStride)
        where TMetric : IFlatMetric
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            for (int j = 0; j < 4; j++)
            {
                Score4<TMetric>(ref Unsafe.Add(ref q, j * dimensions), ref x, dimensions, ref Unsafe.Add(ref scores, j * scoreStride));
            }

            return;
        }

        ref float q0 = ref q;
        ref float q1 = ref Unsafe.Add(ref q, dimensions);
        ref float q2 = ref Unsafe.Add(ref q, 2 * dimensions);
        ref float q3 = ref Unsafe.Add(ref q, 3 * dimensions);
        ref float x0 = ref x;
        ref float x1 = ref Unsafe.Add(ref x, dimensions);
        ref float x2 = ref Unsafe.Add(ref x, 2 * dimensions);
        ref float x3 = ref Unsafe.Add(ref x, 3 * dimensions);
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        Vector512<float> a30 = default, a31 = default, a32 = default, a33 = default;
        int i = 0;
        for (; i <= dimensions - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            Vector512<float> v0 = Vector512.LoadUnsafe(ref x0, (nuint)i);
            Vector512<float> v1 = Vector512.LoadUnsafe(ref x1, (nuint)i);
            Vector512<float> v2 = Vector512.LoadUnsafe(ref x2, (nuint)i);
            Vector512<float> v3 = Vector512.LoadUnsafe(ref x3, (nuint)i);
            Vector512<float> u = Vector512.LoadUnsafe(ref q0, (nuint)i);
            a00 = TMetric.Step(u, v0, a00);
            a01 = TMetric.Step(u, v1, a01);
            a02 = TMetric.Step(u, v2, a02);
            a03 = TMetric.Step(u, v3, a03);
            u = Vector512.LoadUnsafe(ref q1, (nuint)i);
            a10 = TMetric.Step(u, v0, a10);
            a11 = TMetric.Step(u, v1, a11);
            a12 = TMetric.Step(u, v2, a12);
            a13 = TMetric.Step(u, v3, a13);
            u = Vector512.LoadUnsafe(ref q2, (nuint)i);
            a20 = TMetric.Step(u, v0, a20);
            a21 = TMetric.Step(u, v1, a21);
            a22 = TMetric.Step(u, v2, a22);
            a23 = TMetric.Step(u, v3, a23);
            u = Vector512.LoadUnsafe(ref q3, (nuint)i);
            a30 = TMetric.Step(u, v0, a30);
            a31 = TMetric.Step(u, v1, a31);
            a32 = TMetric.Step(u, v2, a32);
            a33 = TMetric.Step(u, v3, a33);
        }

        // The 16 horizontal sums in one transposing tree (lane 4·j + r = Σ a_jr), in Vector512.Sum's order.
        Vector512<float> sums = Sum16(a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33);
        if (i == dimensions && typeof(TMetric) == typeof(FlatDot))
        {
            // No tail and nothing to finish: the sums are the scores.
            sums.GetLower().GetLower().StoreUnsafe(ref scores);
            sums.GetLower().GetUpper().StoreUnsafe(ref Unsafe.Add(ref scores, scoreStride));
            sums.GetUpper().GetLower().StoreUnsafe(ref Unsafe.Add(ref scores, 2 * scoreStride));
            sums.GetUpper().GetUpper().StoreUnsafe(ref Unsafe.Add(ref scores, 3 * scoreStride));
            return;
        }

        Finish4<TMetric>(ref q0, ref x, i, dimensions, sums.GetLower().GetLower(), ref scores);
        Finish4<TMetric>(ref q1, ref x, i, dimensions, sums.GetLower().GetUpper(), ref Unsafe.Add(ref scores, scoreStride));
        Finish4<TMetric>(ref q2, ref x, i, dimensions, sums.GetUpper().GetLower(), ref Unsafe.Add(ref scores, 2 * scoreStride));
        Finish4<TMetric>(ref q3, ref x, i, dimensions, sums.GetUpper().GetUpper(), ref Unsafe.Add(ref scores, 3 * scoreStride));
    }

    /// <summary>
    /// Σ a_i for sixteen vectors at once: lane i of the result is <c>Vector512.Sum(a_i)</c>, bit for bit. Four rounds
    /// each add the even and odd lanes of two vectors (gathered by two-source permutes): adjacent lanes first, then
    /// adjacent pairs, quads and octets — the association <c>Vector512.Sum</c> uses (((v0 + v1) + (v2 + v3)) + …).
    /// 30 permutes and 15 adds for the sixteen sums, against about seven instructions for each one alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Sum16(
        Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3,
        Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7,
        Vector512<float> a8, Vector512<float> a9, Vector512<float> a10, Vector512<float> a11,
        Vector512<float> a12, Vector512<float> a13, Vector512<float> a14, Vector512<float> a15)
    {
        Vector512<float> t0 = PairSum(a0, a1), t1 = PairSum(a2, a3), t2 = PairSum(a4, a5), t3 = PairSum(a6, a7);
        Vector512<float> t4 = PairSum(a8, a9), t5 = PairSum(a10, a11), t6 = PairSum(a12, a13), t7 = PairSum(a14, a15);
        Vector512<float> u0 = PairSum(t0, t1), u1 = PairSum(t2, t3), u2 = PairSum(t4, t5), u3 = PairSum(t6, t7);
        return PairSum(PairSum(u0, u1), PairSum(u2, u3));
    }

    /// <summary>Lane j of (a ‖ b): c[2j] + c[2j + 1] — the even lanes of the concatenation plus the odd ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> PairSum(Vector512<float> a, Vector512<float> b) =>
        Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b)
        + Avx512F.PermuteVar16x32x2(a, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), b);

    /// <summary>Finishes one query's four scores from their vector sums (lane r: row r), adding each tail in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish4<TMetric>(ref float q, ref float x, int start, int dimensions, Vector128<float> sums, ref float scores)
        where TMetric : IFlatMetric
    {
        scores = Tail<TMetric>(ref q, ref x, start, dimensions, sums.ToScalar());
        Unsafe.Add(ref scores, 1) = Tail<TMetric>(ref q, ref Unsafe.Add(ref x, dimensions), start, dimensions, sums.GetElement(1));
        Unsafe.Add(ref scores, 2) = Tail<TMetric>(ref q, ref Unsafe.Add(ref x, 2 * dimensions), start, dimensions, sums.GetElement(2));
        Unsafe.Add(ref scores, 3) = Tail<TMetric>(ref q, ref Unsafe.Add(ref x, 3 * dimensions), start, dimensions, sums.GetElement(3));
    }

    /// <summary>Adds components [start, dimensions) one by one, in order, to <paramref name="sum"/> and finishes the score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail<TMetric>(ref float q, ref float x, int start, int dimensions, float sum)
        where TMetric : IFlatMetric
    {
        for (int i = start; i < dimensions; i++)
        {
            sum = TMetric.Step(Unsafe.Add(ref q, i), Unsafe.Add(ref x, i), sum);
        }

        return TMetric.Finish(sum);
    }
}
