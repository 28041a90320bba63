using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The source-generated JSON metadata for every request, response, stream event and error body of the Bedrock wire client.
/// </summary>
/// <remarks>
/// Use <see cref="JsonSerializerContext"/>'s <c>Default</c> instance (for example
/// <c>BedrockJsonContext.Default.ConverseRequest</c>). Member names come from the <see cref="JsonPropertyNameAttribute"/>
/// on each property; <see langword="null"/> members are not written, so an unset member is absent on the wire.
/// Unknown members in what the service sends (new fields, the stream's <c>p</c> padding) are skipped when reading.
/// </remarks>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConverseRequest))]
[JsonSerializable(typeof(ConverseResponse))]
[JsonSerializable(typeof(ConverseStreamRequest))]
[JsonSerializable(typeof(ConverseStreamOutput))]
[JsonSerializable(typeof(MessageStartEvent))]
[JsonSerializable(typeof(ContentBlockStartEvent))]
[JsonSerializable(typeof(ContentBlockDeltaEvent))]
[JsonSerializable(typeof(ContentBlockStopEvent))]
[JsonSerializable(typeof(MessageStopEvent))]
[JsonSerializable(typeof(ConverseStreamMetadataEvent))]
[JsonSerializable(typeof(InternalServerException))]
[JsonSerializable(typeof(ModelStreamErrorException))]
[JsonSerializable(typeof(ValidationException))]
[JsonSerializable(typeof(ThrottlingException))]
[JsonSerializable(typeof(ServiceUnavailableException))]
[JsonSerializable(typeof(InvokeModelRequest))]
[JsonSerializable(typeof(InvokeModelResponse))]
[JsonSerializable(typeof(ApplyGuardrailRequest))]
[JsonSerializable(typeof(ApplyGuardrailResponse))]
[JsonSerializable(typeof(CountTokensRequest))]
[JsonSerializable(typeof(CountTokensResponse))]
[JsonSerializable(typeof(RetrieveRequest))]
[JsonSerializable(typeof(RetrieveResponse))]
[JsonSerializable(typeof(RerankRequest))]
[JsonSerializable(typeof(RerankResponse))]
[JsonSerializable(typeof(BedrockErrorBody))]
public sealed partial class BedrockJsonContext : JsonSerializerContext
{
}
