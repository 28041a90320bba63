using System.Numerics.Tensors;

namespace Bedrock.Foundations.Attention.Common;

/// <summary>y = x·Wᵀ + b for row-major x [n, in], W [out, in] (PyTorch's nn.Linear layout), b [out] or none.</summary>
internal static class Linear
{
    internal static void Apply(ReadOnlySpan<float> x, int rows, int inputs, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int outputs, Span<float> y)
    {
        for (int n = 0; n < rows; n++)
        {
            ReadOnlySpan<float> row = x.Slice(n * inputs, inputs);
            Span<float> result = y.Slice(n * outputs, outputs);
            for (int o = 0; o < outputs; o++)
            {
                result[o] = TensorPrimitives.Dot(row, weight.Slice(o * inputs, inputs));
            }

            if (!bias.IsEmpty)
            {
                TensorPrimitives.Add(result, bias, result);
            }
        }
    }
}
