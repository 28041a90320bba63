using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Bedrock.Foundations.Retrieval;

/// <summary>
/// The int8 side of <see cref="FlatVectorIndex"/>'s scalar quantization: symmetric per-vector codes and an exact integer
/// dot product of an int16 query against int8 rows.
/// </summary>
/// <remarks>
/// <para>
/// A stored vector x is kept as codes cᵢ = round(xᵢ / s) ∈ [−127, 127] with one scale s = maxᵢ |xᵢ| / 127 per vector
/// (symmetric, no offset), so x ≈ s·c. A query q is quantized the same way to int16 codes with scale t and a code range
/// <see cref="QueryCodeLimit"/> chosen so that no 32-bit lane can overflow; then q·x ≈ t·s·Σᵢ (q-code)ᵢ·cᵢ.
/// </para>
/// <para>
/// The sum Σᵢ (q-code)ᵢ·cᵢ is computed exactly in integers: on AVX-512BW with <c>vpmaddwd</c>
/// (<see cref="Avx512BW.MultiplyAddAdjacent(Vector512{short}, Vector512{short})"/>) over 64 codes a step, on AVX2
/// with its 256-bit form, otherwise with a scalar loop. Integer addition is exact and associative, so every path gives
/// the identical result.
/// </para>
/// </remarks>
internal static unsafe class QuantizedKernels
{
    /// <summary>How far ahead of the rows being scored <see cref="Dot4"/> asks for codes to be brought into L2 (32 KiB).</summary>
    private const int PrefetchBytes = 32 * 1024;

    /// <summary>The largest magnitude of a stored code.</summary>
    internal const int CodeLimit = 127;

    /// <summary>
    /// The largest magnitude of a query code for <paramref name="dimensions"/> components: each 32-bit lane of the
    /// widest kernel sums at most ⌈d / 8⌉ products of magnitude ≤ 127·limit, which must stay below 2³¹.
    /// </summary>
    internal static int QueryCodeLimit(int dimensions)
    {
        long perLane = (dimensions + 7) / 8;
        return (int)Math.Min(short.MaxValue, int.MaxValue / (CodeLimit * perLane));
    }

    /// <summary>Writes the codes of <paramref name="vector"/> and returns its scale (0 for the zero vector).</summary>
    internal static float QuantizeRow(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        float max = MaxAbs(vector);
        if (max == 0f)
        {
            codes.Clear();
            return 0f;
        }

        float inverse = CodeLimit / max;
        for (int i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * inverse), -CodeLimit, CodeLimit);
        }

        return max / CodeLimit;
    }

    /// <summary>Writes the int16 codes of a query (magnitudes ≤ <paramref name="limit"/>) and returns its scale.</summary>
    internal static float QuantizeQuery(ReadOnlySpan<float> query, Span<short> codes, int limit)
    {
        float max = MaxAbs(query);
        if (max == 0f)
        {
            codes.Clear();
            return 0f;
        }

        float inverse = limit / max;
        for (int i = 0; i < query.Length; i++)
        {
            codes[i] = (short)Math.Clamp(MathF.Round(query[i] * inverse), -limit, limit);
        }

        return max / limit;
    }

    /// <summary>Σᵢ qᵢ·cᵢ over <paramref name="dimensions"/> components, exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long Dot(ref short q, ref sbyte c, int dimensions)
    {
        int i = 0;
        long sum = 0;
        if (Avx512BW.IsSupported)
        {
            Vector512<int> acc = Vector512<int>.Zero;
            for (; i <= dimensions - Vector512<sbyte>.Count; i += Vector512<sbyte>.Count)
            {
                acc = Step512(ref q, ref c, i, acc);
            }

            sum = Widen(acc);
        }
        else if (Avx2.IsSupported)
        {
            Vector256<int> acc = Vector256<int>.Zero;
            for (; i <= dimensions - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                Vector256<sbyte> codes = Vector256.LoadUnsafe(ref c, (nuint)i);
                acc += Avx2.MultiplyAddAdjacent(Vector256.WidenLower(codes), Vector256.LoadUnsafe(ref q, (nuint)i));
                acc += Avx2.MultiplyAddAdjacent(Vector256.WidenUpper(codes), Vector256.LoadUnsafe(ref q, (nuint)(i + 16)));
            }

            sum = Vector256.Sum(Vector256.WidenLower(acc)) + Vector256.Sum(Vector256.WidenUpper(acc));
        }

        for (; i < dimensions; i++)
        {
            sum += Unsafe.Add(ref q, i) * Unsafe.Add(ref c, i);
        }

        return sum;
    }

    /// <summary>The dot products of one query against four consecutive rows of codes (<paramref name="dimensions"/> apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static Vector256<long> Dot4(ref short q, ref sbyte c, int dimensions)
    {
        if (!Avx512BW.IsSupported)
        {
            return Vector256.Create(
                Dot(ref q, ref c, dimensions),
                Dot(ref q, ref Unsafe.Add(ref c, dimensions), dimensions),
                Dot(ref q, ref Unsafe.Add(ref c, 2 * dimensions), dimensions),
                Dot(ref q, ref Unsafe.Add(ref c, 3 * dimensions), dimensions));
        }

        ref sbyte c0 = ref c;
        ref sbyte c1 = ref Unsafe.Add(ref c, dimensions);
        ref sbyte c2 = ref Unsafe.Add(ref c, 2 * dimensions);
        ref sbyte c3 = ref Unsafe.Add(ref c, 3 * dimensions);
        Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default;
        int i = 0;
        for (; i <= dimensions - Vector512<sbyte>.Count; i += Vector512<sbyte>.Count)
        {
            // The four rows span 4·d bytes, read over d/64 steps: four cache lines a step keep pace. Prefetches never fault.
            sbyte* ahead = (sbyte*)Unsafe.AsPointer(ref Unsafe.Add(ref c0, PrefetchBytes + (4 * i)));
            Sse.Prefetch1(ahead);
            Sse.Prefetch1(ahead + 64);
            Sse.Prefetch1(ahead + 128);
            Sse.Prefetch1(ahead + 192);
            Vector512<short> lower = Vector512.LoadUnsafe(ref q, (nuint)i);
            Vector512<short> upper = Vector512.LoadUnsafe(ref q, (nuint)(i + 32));
            a0 = Step512(lower, upper, ref c0, i, a0);
            a1 = Step512(lower, upper, ref c1, i, a1);
            a2 = Step512(lower, upper, ref c2, i, a2);
            a3 = Step512(lower, upper, ref c3, i, a3);
        }

        return Vector256.Create(
            Widen(a0) + Tail(ref q, ref c0, i, dimensions),
            Widen(a1) + Tail(ref q, ref c1, i, dimensions),
            Widen(a2) + Tail(ref q, ref c2, i, dimensions),
            Widen(a3) + Tail(ref q, ref c3, i, dimensions));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Step512(ref short q, ref sbyte c, int i, Vector512<int> acc) =>
        Step512(Vector512.LoadUnsafe(ref q, (nuint)i), Vector512.LoadUnsafe(ref q, (nuint)(i + 32)), ref c, i, acc);

    /// <summary>
    /// acc + the pairwise sums of 64 code products: each half of the codes sign-extended to int16 straight from memory
    /// (<c>vpmovsxbw zmm, [mem]</c>, no separate load and extract) and multiplied by <c>vpmaddwd</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Step512(Vector512<short> lower, Vector512<short> upper, ref sbyte c, int i, Vector512<int> acc) =>
        acc
        + Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref c, (nuint)i)), lower)
        + Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref c, (nuint)(i + 32))), upper);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Widen(Vector512<int> acc) => Vector512.Sum(Vector512.WidenLower(acc)) + Vector512.Sum(Vector512.WidenUpper(acc));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Tail(ref short q, ref sbyte c, int start, int dimensions)
    {
        long sum = 0;
        for (int i = start; i < dimensions; i++)
        {
            sum += Unsafe.Add(ref q, i) * Unsafe.Add(ref c, i);
        }

        return sum;
    }

    private static float MaxAbs(ReadOnlySpan<float> values) => Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values));
}
