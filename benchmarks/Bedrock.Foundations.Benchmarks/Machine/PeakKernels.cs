using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Benchmarks.Machine;

/// <summary>
/// The loops behind the machine's peak figures: an FP32 fused-multiply-add loop that keeps both FMA pipes busy, and a
/// streaming sum of a buffer much larger than the caches. <c>PeakFmaBenchmarks</c> and
/// <c>PeakBandwidthBenchmarks</c> time them; <see cref="MachinePeak"/> runs them briefly in the host process so
/// that the "% of peak" columns have a reference.
/// </summary>
public static class PeakKernels
{
    /// <summary>
    /// Independent accumulators per loop iteration. Zen 4 and recent Intel cores retire two FMAs per cycle with a
    /// latency of 4 cycles, so at least 8 independent chains are needed; 16 leaves room and still fits the 16/32 vector
    /// registers together with the two constants.
    /// </summary>
    public const int Accumulators = 16;

    /// <summary>Floating-point operations of one <see cref="Fma512"/> call: iterations · 16 accumulators · 16 lanes · 2.</summary>
    public static double Fma512Flops(long iterations) => (double)iterations * Accumulators * Vector512<float>.Count * 2;

    /// <summary>Floating-point operations of one <see cref="Fma256"/> call: iterations · 16 accumulators · 8 lanes · 2.</summary>
    public static double Fma256Flops(long iterations) => (double)iterations * Accumulators * Vector256<float>.Count * 2;

    /// <summary>Whether the 512-bit loop runs on hardware (otherwise <see cref="FmaWidest"/> uses the 256-bit loop).</summary>
    public static bool Use512 => Vector512.IsHardwareAccelerated;

    /// <summary>The widest accelerated loop: <see cref="Fma512"/> when Vector512 is accelerated, else <see cref="Fma256"/>.</summary>
    public static float FmaWidest(long iterations) => Use512 ? Fma512(iterations) : Fma256(iterations);

    /// <summary>Floating-point operations of one <see cref="FmaWidest"/> call.</summary>
    public static double FmaWidestFlops(long iterations) => Use512 ? Fma512Flops(iterations) : Fma256Flops(iterations);

    /// <summary>
    /// 16 independent chains aᵢ ← aᵢ·m + c on Vector512&lt;float&gt;, <paramref name="iterations"/> times; returns the sum of
    /// all lanes so that nothing is dead code. With m &lt; 1 the values settle at c / (1 − m): no overflow, no denormals.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float Fma512(long iterations)
    {
        Vector512<float> m = Vector512.Create(0.999_999f);
        Vector512<float> c = Vector512.Create(1e-6f);
        Vector512<float> a0 = Vector512.Create(0.00f), a1 = Vector512.Create(0.01f), a2 = Vector512.Create(0.02f), a3 = Vector512.Create(0.03f);
        Vector512<float> a4 = Vector512.Create(0.04f), a5 = Vector512.Create(0.05f), a6 = Vector512.Create(0.06f), a7 = Vector512.Create(0.07f);
        Vector512<float> a8 = Vector512.Create(0.08f), a9 = Vector512.Create(0.09f), a10 = Vector512.Create(0.10f), a11 = Vector512.Create(0.11f);
        Vector512<float> a12 = Vector512.Create(0.12f), a13 = Vector512.Create(0.13f), a14 = Vector512.Create(0.14f), a15 = Vector512.Create(0.15f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c);
            a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c);
            a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c);
            a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c);
            a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c);
            a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c);
            a11 = Vector512.FusedMultiplyAdd(a11, m, c);
            a12 = Vector512.FusedMultiplyAdd(a12, m, c);
            a13 = Vector512.FusedMultiplyAdd(a13, m, c);
            a14 = Vector512.FusedMultiplyAdd(a14, m, c);
            a15 = Vector512.FusedMultiplyAdd(a15, m, c);
        }

        return Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15)));
    }

    /// <summary>The same loop as <see cref="Fma512"/> on Vector256&lt;float&gt;.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float Fma256(long iterations)
    {
        Vector256<float> m = Vector256.Create(0.999_999f);
        Vector256<float> c = Vector256.Create(1e-6f);
        Vector256<float> a0 = Vector256.Create(0.00f), a1 = Vector256.Create(0.01f), a2 = Vector256.Create(0.02f), a3 = Vector256.Create(0.03f);
        Vector256<float> a4 = Vector256.Create(0.04f), a5 = Vector256.Create(0.05f), a6 = Vector256.Create(0.06f), a7 = Vector256.Create(0.07f);
        Vector256<float> a8 = Vector256.Create(0.08f), a9 = Vector256.Create(0.09f), a10 = Vector256.Create(0.10f), a11 = Vector256.Create(0.11f);
        Vector256<float> a12 = Vector256.Create(0.12f), a13 = Vector256.Create(0.13f), a14 = Vector256.Create(0.14f), a15 = Vector256.Create(0.15f);
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, c);
            a1 = Vector256.FusedMultiplyAdd(a1, m, c);
            a2 = Vector256.FusedMultiplyAdd(a2, m, c);
            a3 = Vector256.FusedMultiplyAdd(a3, m, c);
            a4 = Vector256.FusedMultiplyAdd(a4, m, c);
            a5 = Vector256.FusedMultiplyAdd(a5, m, c);
            a6 = Vector256.FusedMultiplyAdd(a6, m, c);
            a7 = Vector256.FusedMultiplyAdd(a7, m, c);
            a8 = Vector256.FusedMultiplyAdd(a8, m, c);
            a9 = Vector256.FusedMultiplyAdd(a9, m, c);
            a10 = Vector256.FusedMultiplyAdd(a10, m, c);
            a11 = Vector256.FusedMultiplyAdd(a11, m, c);
            a12 = Vector256.FusedMultiplyAdd(a12, m, c);
            a13 = Vector256.FusedMultiplyAdd(a13, m, c);
            a14 = Vector256.FusedMultiplyAdd(a14, m, c);
            a15 = Vector256.FusedMultiplyAdd(a15, m, c);
        }

        return Vector256.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15)));
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> on <paramref name="threads"/> threads at once (Parallel.For, one index per thread;
    /// the calling thread takes part) and returns the sum of the results.
    /// </summary>
    public static float OnThreads(int threads, long iterations, Func<long, float> kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (threads == 1)
        {
            return kernel(iterations);
        }

        var results = new float[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => results[t] = kernel(iterations));
        return TensorPrimitives.Sum<float>(results);
    }

    /// <summary>
    /// Sums <paramref name="buffer"/> with <see cref="TensorPrimitives.Sum{T}(ReadOnlySpan{T})"/>, split into
    /// <paramref name="threads"/> contiguous parts read at once (Parallel.For); returns the total.
    /// </summary>
    public static float Sum(float[] buffer, int threads)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (threads == 1)
        {
            return TensorPrimitives.Sum<float>(buffer);
        }

        var partial = new float[threads];
        int part = buffer.Length / threads;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int start = t * part;
            int length = t == threads - 1 ? buffer.Length - start : part;
            partial[t] = TensorPrimitives.Sum<float>(buffer.AsSpan(start, length));
        });
        return TensorPrimitives.Sum<float>(partial);
    }
}
