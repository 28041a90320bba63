using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Cache creation metrics for a specific TTL duration.
/// </summary>
/// <remarks>Shape <c>CacheDetail</c> of the bedrock-runtime service model. Required members: <c>ttl</c>, <c>inputTokens</c>.</remarks>
public sealed class CacheDetail
{
    /// <summary>TTL duration for these cached tokens. Required. Known values: <c>5m</c>, <c>1h</c> (others pass through).</summary>
    [JsonPropertyName("ttl")]
    public string? Ttl { get; set; }

    /// <summary>Number of tokens written to cache with this TTL (cache creation tokens). Required. At least 0.</summary>
    [JsonPropertyName("inputTokens")]
    public int? InputTokens { get; set; }
}
