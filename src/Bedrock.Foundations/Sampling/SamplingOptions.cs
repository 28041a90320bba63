using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Sampling;

/// <summary>
/// How a <see cref="TokenSampler"/> shapes and truncates the next-token distribution. The stages run in this order,
/// each on the distribution the one before left and each renormalized:
/// temperature → top-k → top-p (nucleus) → min-p.
/// </summary>
/// <param name="Temperature">τ ≥ 0, finite. Logits are divided by τ: pᵢ ∝ exp(xᵢ/τ). τ = 0 is greedy decoding (all mass on
/// the arg-max, lowest index on ties), after which the other stages have nothing left to remove. Default 1.</param>
/// <param name="TopK">k ≥ 0. Keeps every token whose logit is ≥ the k-th largest logit (ties at the boundary are kept, so
/// more than k tokens may survive). 0 switches the stage off. Default 0.</param>
/// <param name="TopP">p in (0, 1]. Keeps the smallest set of most probable tokens whose mass is ≥ p, plus every token tied
/// with the least probable one kept (Holtzman et al. 2020, "The Curious Case of Neural Text Degeneration"). 1 switches the
/// stage off. Default 1.</param>
/// <param name="MinP">m in [0, 1). Keeps the tokens with pᵢ ≥ m·max p (Nguyen et al. 2024, "Min p Sampling"). 0 switches the
/// stage off. Default 0.</param>
public readonly record struct SamplingOptions(float Temperature = 1f, int TopK = 0, float TopP = 1f, float MinP = 0f)
{
    /// <summary>
    /// The defaults: temperature 1 and every truncation stage off (so <c>new SamplingOptions()</c> samples from the
    /// model's own distribution). Note that <c>default(SamplingOptions)</c> is all zeros, which is not valid (TopP = 0).
    /// </summary>
    public SamplingOptions()
        : this(Temperature: 1f)
    {
    }

    /// <summary>Greedy decoding: temperature 0, no truncation.</summary>
    public static SamplingOptions Greedy => new(Temperature: 0f);

    /// <summary>
    /// Checks every field and throws <see cref="ArgumentOutOfRangeException"/> (parameter name <c>options</c>, the message
    /// naming the field, its rule and its value) for the first one out of range.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Temperature negative, NaN or infinite; TopK &lt; 0; TopP outside (0, 1];
    /// MinP outside [0, 1).</exception>
    public void Validate()
    {
        const string ParamName = "options";
        if (!(Temperature >= 0f) || float.IsPositiveInfinity(Temperature))
        {
            ThrowHelper.ThrowInvalidOption(ParamName, nameof(Temperature), Temperature, "must be finite and >= 0 (0 means greedy)");
        }

        if (TopK < 0)
        {
            ThrowHelper.ThrowInvalidOption(ParamName, nameof(TopK), TopK, "must be >= 0 (0 switches top-k off)");
        }

        if (!(TopP > 0f && TopP <= 1f))
        {
            ThrowHelper.ThrowInvalidOption(ParamName, nameof(TopP), TopP, "must lie in (0, 1] (1 switches top-p off)");
        }

        if (!(MinP >= 0f && MinP < 1f))
        {
            ThrowHelper.ThrowInvalidOption(ParamName, nameof(MinP), MinP, "must lie in [0, 1) (0 switches min-p off)");
        }
    }
}
