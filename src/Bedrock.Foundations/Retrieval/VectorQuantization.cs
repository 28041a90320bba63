namespace Bedrock.Foundations.Retrieval;

/// <summary>How a <see cref="FlatVectorIndex"/> keeps the copy of the vectors that a search scans.</summary>
public enum VectorQuantization
{
    /// <summary>No quantization: searches scan the float32 vectors and every score is exact.</summary>
    None = 0,

    /// <summary>
    /// Symmetric int8 scalar quantization, one scale per vector (x ≈ s·c, cᵢ ∈ [−127, 127], s = maxᵢ |xᵢ| / 127). A search
    /// scans the int8 codes — a quarter of the bytes of the float32 vectors — to pick a pool of candidates, then re-scores
    /// the pool exactly on the float32 vectors, which the index keeps.
    /// </summary>
    ScalarInt8 = 1,
}
