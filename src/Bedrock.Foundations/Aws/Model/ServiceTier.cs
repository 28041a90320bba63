using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Specifies the processing tier configuration used for serving the request.
/// </summary>
/// <remarks>Shape <c>ServiceTier</c> of the bedrock-runtime service model. Required members: <c>type</c>.</remarks>
public sealed class ServiceTier
{
    /// <summary>Specifies the processing tier type used for serving the request. Required. Known values: <c>priority</c>, <c>default</c>, <c>flex</c>, <c>reserved</c> (others pass through).</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}
