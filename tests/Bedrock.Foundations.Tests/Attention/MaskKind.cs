namespace Bedrock.Foundations.Tests.Attention;

/// <summary>Which additive mask a case uses.</summary>
public enum MaskKind
{
    /// <summary>No mask.</summary>
    None,

    /// <summary>[Lq, Lk], broadcast over batch and heads.</summary>
    Broadcast,

    /// <summary>[B, 1, Lq, Lk], one mask per batch entry, broadcast over heads.</summary>
    PerBatch,
}
