using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The messages output stream.
/// </summary>
/// <remarks>Shape <c>ConverseStreamOutput</c> of the bedrock-runtime service model. A union: exactly one member is set. On the wire (<c>application/vnd.amazon.eventstream</c>) each event message carries one member: its <c>:event-type</c> (or <c>:exception-type</c>) header names the member and its payload is that member's JSON, which may carry a <c>p</c> padding field that is ignored.</remarks>
public sealed class ConverseStreamOutput
{
    /// <summary>Message start information.</summary>
    [JsonPropertyName("messageStart")]
    public MessageStartEvent? MessageStart { get; set; }

    /// <summary>Start information for a content block.</summary>
    [JsonPropertyName("contentBlockStart")]
    public ContentBlockStartEvent? ContentBlockStart { get; set; }

    /// <summary>The messages output content block delta.</summary>
    [JsonPropertyName("contentBlockDelta")]
    public ContentBlockDeltaEvent? ContentBlockDelta { get; set; }

    /// <summary>Stop information for a content block.</summary>
    [JsonPropertyName("contentBlockStop")]
    public ContentBlockStopEvent? ContentBlockStop { get; set; }

    /// <summary>Message stop information.</summary>
    [JsonPropertyName("messageStop")]
    public MessageStopEvent? MessageStop { get; set; }

    /// <summary>Metadata for the converse output stream.</summary>
    [JsonPropertyName("metadata")]
    public ConverseStreamMetadataEvent? Metadata { get; set; }

    /// <summary>An internal server error occurred.</summary>
    [JsonPropertyName("internalServerException")]
    public InternalServerException? InternalServerException { get; set; }

    /// <summary>A streaming error occurred.</summary>
    [JsonPropertyName("modelStreamErrorException")]
    public ModelStreamErrorException? ModelStreamErrorException { get; set; }

    /// <summary>The input fails to satisfy the constraints specified by Amazon Bedrock.</summary>
    [JsonPropertyName("validationException")]
    public ValidationException? ValidationException { get; set; }

    /// <summary>Your request was denied due to exceeding the account quotas for Amazon Bedrock.</summary>
    [JsonPropertyName("throttlingException")]
    public ThrottlingException? ThrottlingException { get; set; }

    /// <summary>The service isn't currently available.</summary>
    [JsonPropertyName("serviceUnavailableException")]
    public ServiceUnavailableException? ServiceUnavailableException { get; set; }
}
