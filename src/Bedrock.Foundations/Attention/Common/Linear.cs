using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Bedrock.Foundations.Attention.Common;

/// <summary>
/// y = x·Wᵀ + b for row-major x [n, in], b [out] or none, with the weight kept transposed, Wᵀ [in, out] (packed once
/// from PyTorch's nn.Linear layout W [out, in] by <see cref="Transpose"/>).
/// </summary>
/// <remarks>
/// With AVX-512 and out a multiple of 16 it is <see cref="MicroKernels.Accumulate{TRows, TColumns}"/>: 6 rows of x by
/// 64 output columns per register block, x elements broadcast against rows of Wᵀ. Otherwise one dot product per
/// output (TensorPrimitives).
/// </remarks>
internal static unsafe class Linear
{
    /// <summary>Wᵀ [in, out] from W [out, in].</summary>
    internal static float[] Transpose(ReadOnlySpan<float> weight, int outputs, int inputs)
    {
        var transposed = new float[weight.Length];
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < inputs; i++)
            {
                transposed[(i * outputs) + o] = weight[(o * inputs) + i];
            }
        }

        return transposed;
    }

    internal static void Apply(ReadOnlySpan<float> x, int rows, int inputs, ReadOnlySpan<float> weightTransposed, ReadOnlySpan<float> bias, int outputs, Span<float> y)
    {
        for (int n = 0; n < rows; n++)
        {
            Span<float> result = y.Slice(n * outputs, outputs);
            if (bias.IsEmpty)
            {
                result.Clear();
            }
            else
            {
                bias.CopyTo(result);
            }
        }

        if (Vector512.IsHardwareAccelerated && outputs % 16 == 0)
        {
            fixed (float* xp = x)
            fixed (float* wp = weightTransposed)
            fixed (float* yp = y)
            {
                for (int o0 = 0; o0 < outputs; o0 += MicroKernels.BlockColumns)
                {
                    switch (Math.Min(MicroKernels.BlockColumns, outputs - o0) >> 4)
                    {
                        case 1: Rows<One>(xp, rows, inputs, wp + o0, outputs, yp + o0); break;
                        case 2: Rows<Two>(xp, rows, inputs, wp + o0, outputs, yp + o0); break;
                        case 3: Rows<Three>(xp, rows, inputs, wp + o0, outputs, yp + o0); break;
                        default: Rows<Four>(xp, rows, inputs, wp + o0, outputs, yp + o0); break;
                    }
                }
            }

            return;
        }

        float[] rented = ArrayPool<float>.Shared.Rent(inputs);
        try
        {
            Span<float> column = rented.AsSpan(0, inputs);
            for (int o = 0; o < outputs; o++)
            {
                for (int i = 0; i < inputs; i++)
                {
                    column[i] = weightTransposed[(i * outputs) + o];
                }

                for (int n = 0; n < rows; n++)
                {
                    y[(n * outputs) + o] += TensorPrimitives.Dot(x.Slice(n * inputs, inputs), column);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>One panel of 16·TColumns outputs for every row, six rows at a time.</summary>
    private static void Rows<TColumns>(float* x, int rows, int inputs, float* w, int outputs, float* y)
        where TColumns : struct, ICount
    {
        int r = 0;
        for (; r + 6 <= rows; r += 6)
        {
            MicroKernels.Accumulate<Six, TColumns>(x + ((long)r * inputs), inputs, 1, inputs, w, outputs, y + ((long)r * outputs), outputs, null);
        }

        float* xr = x + ((long)r * inputs);
        float* yr = y + ((long)r * outputs);
        switch (rows - r)
        {
            case 1: MicroKernels.Accumulate<One, TColumns>(xr, inputs, 1, inputs, w, outputs, yr, outputs, null); break;
            case 2: MicroKernels.Accumulate<Two, TColumns>(xr, inputs, 1, inputs, w, outputs, yr, outputs, null); break;
            case 3: MicroKernels.Accumulate<Three, TColumns>(xr, inputs, 1, inputs, w, outputs, yr, outputs, null); break;
            case 4: MicroKernels.Accumulate<Four, TColumns>(xr, inputs, 1, inputs, w, outputs, yr, outputs, null); break;
            case 5: MicroKernels.Accumulate<Five, TColumns>(xr, inputs, 1, inputs, w, outputs, yr, outputs, null); break;
            default: break;
        }
    }
}
