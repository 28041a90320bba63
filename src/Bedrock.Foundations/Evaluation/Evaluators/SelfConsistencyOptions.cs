namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>How <see cref="SelfConsistencyConfidence"/> samples and groups answers.</summary>
public sealed class SelfConsistencyOptions
{
    /// <summary>The default number of samples: 5.</summary>
    public const int DefaultSamples = 5;

    /// <summary>The default sampling temperature: 0.7.</summary>
    public const float DefaultTemperature = 0.7f;

    /// <summary>The default embedding similarity at which two answers agree: 0.9.</summary>
    public const double DefaultSimilarityThreshold = 0.9;

    /// <summary>How many times the question is asked (k).</summary>
    /// <value>At least 2; default <see cref="DefaultSamples"/>.</value>
    public int Samples { get; init; } = DefaultSamples;

    /// <summary>The temperature of every sample (it overrides the chat options' own).</summary>
    /// <value>In (0, 2]; default <see cref="DefaultTemperature"/>. At 0 every sample would be the same answer.</value>
    public float Temperature { get; init; } = DefaultTemperature;

    /// <summary>With an embedding generator: the cosine similarity at or above which an answer joins a group.</summary>
    /// <value>In (−1, 1]; default <see cref="DefaultSimilarityThreshold"/>. Unused when answers are compared by exact match.</value>
    public double SimilarityThreshold { get; init; } = DefaultSimilarityThreshold;

    /// <summary>How many samples are in flight at once.</summary>
    /// <value>At least 1; default 1 (one after another, gentle on rate limits).</value>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>
    /// Maps an answer to the key compared for exact-match grouping; <see cref="SelfConsistencyConfidence.Normalize"/>
    /// when null (case, surrounding punctuation and whitespace ignored).
    /// </summary>
    public Func<string, string>? Normalizer { get; init; }

    /// <summary>Checks every value; throws naming the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range (parameter <c>options</c>, the message
    /// names the property and the value).</exception>
    public void Validate()
    {
        if (Samples < 2)
        {
            throw new ArgumentOutOfRangeException("options", Samples, $"SelfConsistencyOptions.Samples must be at least 2 (agreement needs two answers); it is {Samples}.");
        }

        if (!(Temperature > 0f && Temperature <= 2f))
        {
            throw new ArgumentOutOfRangeException("options", Temperature, $"SelfConsistencyOptions.Temperature must be in (0, 2]; it is {Temperature}.");
        }

        if (!(SimilarityThreshold > -1d && SimilarityThreshold <= 1d))
        {
            throw new ArgumentOutOfRangeException("options", SimilarityThreshold, $"SelfConsistencyOptions.SimilarityThreshold must be a cosine similarity in (-1, 1]; it is {SimilarityThreshold}.");
        }

        if (MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException("options", MaxConcurrency, $"SelfConsistencyOptions.MaxConcurrency must be at least 1; it is {MaxConcurrency}.");
        }
    }
}
