using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>yᵢ = (xᵢ − m)·τ⁻¹ − ln Z, element-wise (−∞ stays −∞).</summary>
internal static class LogSoftmaxWriter
{
    [MethodImpl(MethodImplOptions.NoInlining)] // a loop kernel: inlined into a caller it loses registers
    internal static void Write(ReadOnlySpan<float> x, float max, float inverseTemperature, float logZ, Span<float> destination)
    {
        ref float src = ref MemoryMarshal.GetReference(x);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        Vector512<float> m = Vector512.Create(max);
        Vector512<float> s = Vector512.Create(inverseTemperature);
        Vector512<float> l = Vector512.Create(logZ);
        int n = x.Length;
        int i = 0;
        for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            (((Vector512.LoadUnsafe(ref src, (nuint)i) - m) * s) - l).StoreUnsafe(ref dst, (nuint)i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) = ((Unsafe.Add(ref src, i) - max) * inverseTemperature) - logZ;
        }
    }
}
