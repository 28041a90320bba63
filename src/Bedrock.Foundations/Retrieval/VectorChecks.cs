using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics.Tensors;

namespace Bedrock.Foundations.Retrieval;

/// <summary>Validates vectors handed to an index and throws its argument exceptions, each named for the failure.</summary>
internal static class VectorChecks
{
    /// <summary>Checks that <paramref name="vector"/> has <paramref name="dimensions"/> finite components, not all zero under cosine.</summary>
    internal static void Validate(ReadOnlySpan<float> vector, int dimensions, VectorMetric metric, string paramName)
    {
        if (vector.IsEmpty)
        {
            ThrowEmpty(paramName, dimensions);
        }

        if (vector.Length != dimensions)
        {
            ThrowWrongDimension(paramName, dimensions, vector.Length);
        }

        ValidateComponents(vector, metric, paramName, 0);
    }

    /// <summary>Checks that every component is finite and, under cosine, that the vector is not zero.</summary>
    internal static void ValidateComponents(ReadOnlySpan<float> vector, VectorMetric metric, string paramName, int offset)
    {
        bool allZero = true;
        for (int i = 0; i < vector.Length; i++)
        {
            float value = vector[i];
            if (!float.IsFinite(value))
            {
                ThrowNotFinite(paramName, offset + i, value);
            }

            allZero &= value == 0f;
        }

        if (metric == VectorMetric.Cosine)
        {
            float norm = TensorPrimitives.Norm(vector);
            if (allZero || !(norm > 0f) || !float.IsFinite(norm))
            {
                ThrowZeroNorm(paramName, allZero);
            }
        }
    }

    /// <summary>
    /// Validates a row-major batch of queries (a non-empty multiple of <paramref name="dimensions"/>, every query's
    /// components as <see cref="ValidateComponents"/> requires) and returns the number of queries.
    /// </summary>
    internal static int ValidateBatch(ReadOnlySpan<float> queries, int dimensions, VectorMetric metric, string paramName)
    {
        if (queries.IsEmpty || queries.Length % dimensions != 0)
        {
            ThrowBatchShape(paramName, dimensions, queries.Length);
        }

        int queryCount = queries.Length / dimensions;
        for (int q = 0; q < queryCount; q++)
        {
            ValidateComponents(queries.Slice(q * dimensions, dimensions), metric, paramName, q * dimensions);
        }

        return queryCount;
    }

    [DoesNotReturn]
    internal static void ThrowEmpty(string paramName, int dimensions) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The vector is empty; expected {dimensions} components."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowWrongDimension(string paramName, int expected, int actual) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The vector has {actual} components but the index has {expected} dimensions; expected {expected}, actual {actual}."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowBatchShape(string paramName, int dimensions, int actual) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The queries hold {actual} components, which is not a positive multiple of the index's {dimensions} dimensions."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowNotFinite(string paramName, int index, float value) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{paramName}[{index}] is {value}; every component must be finite (not NaN or infinity)."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowZeroNorm(string paramName, bool allZero) =>
        throw new ArgumentException(
            allZero
                ? "The vector is zero; under the cosine metric a vector needs a direction (a non-zero norm)."
                : "The vector's norm is not representable in single precision (it underflows to 0 or overflows); under the cosine metric it cannot be normalized.",
            paramName);
}
