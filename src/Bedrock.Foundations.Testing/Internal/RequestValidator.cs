namespace Bedrock.Foundations.Testing.Internal;

/// <summary>Validates a request body against the service model's input shape of an operation.</summary>
internal static class RequestValidator
{
    public static AwsError? Validate(BedrockEmulatorOperation operation, byte[] body)
    {
        _ = operation;
        _ = body;
        return null;
    }
}
