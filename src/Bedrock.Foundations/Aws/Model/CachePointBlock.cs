using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Defines a section of content to be cached for reuse in subsequent API calls.
/// </summary>
/// <remarks>Shape <c>CachePointBlock</c> of the bedrock-runtime service model. Required members: <c>type</c>.</remarks>
public sealed class CachePointBlock
{
    /// <summary>Specifies the type of cache point within the CachePointBlock. Required. Known values: <c>default</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Optional TTL duration for cache entries. Known values: <c>5m</c>, <c>1h</c> (others pass through).</summary>
    [JsonPropertyName("ttl")]
    public string? Ttl { get; set; }
}
