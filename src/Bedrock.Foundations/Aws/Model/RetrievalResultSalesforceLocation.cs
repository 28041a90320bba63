using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The Salesforce data source location.
/// </summary>
/// <remarks>Shape <c>RetrievalResultSalesforceLocation</c> of the bedrock-agent-runtime service model.</remarks>
public sealed class RetrievalResultSalesforceLocation
{
    /// <summary>The Salesforce host URL for the data source location.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; set; }
}
