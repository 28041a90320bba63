namespace Bedrock.Foundations.Testing.Internal;

/// <summary>An error response in the AWS rest-json shape: status, <c>x-amzn-ErrorType</c>, body <c>{"message": …}</c>.</summary>
internal sealed record AwsError(int StatusCode, string Type, string Message)
{
    public static AwsError Validation(string message) => new(400, "ValidationException", message);

    public static AwsError MissingAuthenticationToken() =>
        new(403, "MissingAuthenticationTokenException", "Missing Authentication Token");

    public static AwsError InvalidSignature(string message) => new(403, "InvalidSignatureException", message);

    public static AwsError IncompleteSignature(string message) => new(403, "IncompleteSignatureException", message);

    public static AwsError UnrecognizedClient() =>
        new(403, "UnrecognizedClientException", "The security token included in the request is invalid.");

    public static AwsError Throttling() => new(429, "ThrottlingException", "Too many requests, please wait before trying again.");

    public static AwsError InternalServer() => new(500, "InternalServerException", "The server encountered an internal error. Try again.");

    public static AwsError ServiceUnavailable() => new(503, "ServiceUnavailableException", "The service is temporarily unable to handle the request. Try again.");
}
