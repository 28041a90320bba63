using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Settings for implicit filtering, where a model generates a metadata filter based on the prompt.
/// </summary>
/// <remarks>Shape <c>ImplicitFilterConfiguration</c> of the bedrock-agent-runtime service model. Required members: <c>metadataAttributes</c>, <c>modelArn</c>.</remarks>
public sealed class ImplicitFilterConfiguration
{
    /// <summary>Metadata that can be used in a filter. Required. 1 to 25 entries.</summary>
    [JsonPropertyName("metadataAttributes")]
    public IList<MetadataAttributeSchema>? MetadataAttributes { get; set; }

    /// <summary>The model that generates the filter. Required. Length 1 to 2048 characters.</summary>
    [JsonPropertyName("modelArn")]
    public string? ModelArn { get; set; }
}
