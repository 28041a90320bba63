using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Performance settings for a model.
/// </summary>
/// <remarks>Shape <c>PerformanceConfiguration</c> of the bedrock-runtime service model.</remarks>
public sealed class PerformanceConfiguration
{
    /// <summary>To use a latency-optimized version of the model, set to optimized. Known values: <c>standard</c>, <c>optimized</c> (others pass through).</summary>
    [JsonPropertyName("latency")]
    public string? Latency { get; set; }
}
