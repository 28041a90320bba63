namespace Bedrock.Foundations.Retrieval;

/// <summary>Options of a <see cref="FlatVectorIndex"/>: how it keeps the scanned vectors and how many candidates it re-scores.</summary>
/// <remarks>The index copies the values when it is constructed; changing the options afterwards does not affect it.</remarks>
public sealed class FlatVectorIndexOptions
{
    /// <summary>The default of <see cref="RescoreCandidates"/>.</summary>
    public const int DefaultRescoreCandidates = 100;

    /// <summary>Gets or sets how the index keeps the copy of the vectors a search scans.</summary>
    /// <value>Defaults to <see cref="VectorQuantization.None"/> (exact float32 scan).</value>
    public VectorQuantization Quantization { get; set; } = VectorQuantization.None;

    /// <summary>
    /// Gets or sets how many candidates a quantized search picks by approximate score and re-scores exactly: the pool
    /// holds max(k, <see cref="RescoreCandidates"/>) vectors. Larger pools cost a little more per search (one float32
    /// score per candidate) and lose fewer true neighbours; ignored without quantization.
    /// </summary>
    /// <value>Positive; defaults to <see cref="DefaultRescoreCandidates"/> (100), which keeps recall@10 ≥ 0.99 on embedding-like data (d = 384).</value>
    public int RescoreCandidates { get; set; } = DefaultRescoreCandidates;
}
