using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Bedrock.Foundations.Sampling.Common;

/// <summary>Throws the sampling kernels' argument exceptions, each named for the failure.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    internal static void ThrowEmpty(string paramName) =>
        throw new ArgumentException("The span is empty; at least one element is required.", paramName);

    [DoesNotReturn]
    internal static void ThrowNotFinite(string paramName, int index, float value) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{paramName}[{index}] is {Describe(value)}; logits must be finite or -Infinity (a masked token)."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowAllMasked(string paramName) =>
        throw new ArgumentException(
            "Every logit is -Infinity, so every token is masked and there is no distribution to sample; leave at least one token unmasked.",
            paramName);

    [DoesNotReturn]
    internal static void ThrowDestinationTooShort(string paramName, int required, int actual) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"The destination holds {actual} elements but {required} are required (one per source element)."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowLengthMismatch(string paramName, string otherName, int expected, int actual) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{paramName} has {actual} elements but {otherName} has {expected}; both must have the same length."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowInvalidTemperature(string paramName, float value) =>
        throw new ArgumentOutOfRangeException(
            paramName,
            value,
            string.Create(CultureInfo.InvariantCulture, $"The temperature must be finite and >= 0 (0 means greedy), but was {Describe(value)}."));

    [DoesNotReturn]
    internal static void ThrowInvalidProbability(string paramName, int index, float value) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{paramName}[{index}] is {Describe(value)}; probabilities must lie in [0, 1]."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowNotNormalized(string paramName, double sum, double tolerance) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{paramName} sums to {sum:R}, not 1 (tolerance {tolerance:R}); pass a normalized distribution (for example the output of Distribution.Softmax)."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowInvalidLogProbability(string paramName, int index, float value) =>
        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"{paramName}[{index}] is {Describe(value)}; a log-probability must be <= 0 (-Infinity allowed) and not NaN."),
            paramName);

    [DoesNotReturn]
    internal static void ThrowInvalidOption(string paramName, string option, object value, string rule) =>
        throw new ArgumentOutOfRangeException(
            paramName,
            value,
            string.Create(CultureInfo.InvariantCulture, $"SamplingOptions.{option} {rule}, but was {(value is float f ? Describe(f) : Convert.ToString(value, CultureInfo.InvariantCulture))}."));

    [DoesNotReturn]
    internal static void ThrowInvalidUniform(string paramName, double value) =>
        throw new ArgumentOutOfRangeException(
            paramName,
            value,
            string.Create(CultureInfo.InvariantCulture, $"The uniform variate must lie in [0, 1), but was {value:R}."));

    internal static string Describe(float value) =>
        float.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
}
