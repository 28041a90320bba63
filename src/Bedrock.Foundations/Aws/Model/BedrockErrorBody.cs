using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The JSON body of an error response of either service, and of an exception event in a response stream.
/// </summary>
/// <remarks>
/// One class for all modelled error shapes (<c>ValidationException</c>, <c>ThrottlingException</c>,
/// <c>ModelErrorException</c>, <c>ModelStreamErrorException</c>, <c>InternalServerException</c>, …): every field
/// that any of them carries is here, and members that a given error does not have stay <see langword="null"/>.
/// The message is read from <c>message</c> or, failing that, from <c>Message</c>; the error name from the
/// body is read from <c>__type</c> or <c>code</c> (the <c>x-amzn-ErrorType</c> header takes precedence over both).
/// </remarks>
public sealed class BedrockErrorBody
{
    /// <summary>The error message (body member <c>message</c>, or <c>Message</c> when only that is present).</summary>
    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>The message as some services spell it (<c>Message</c>); only read, folded into <see cref="Message"/>.</summary>
    [JsonInclude]
    [JsonPropertyName("Message")]
    internal string? UpperCaseMessage
    {
        get => null;
        set => Message ??= value;
    }

    /// <summary>The error name carried in the body as <c>__type</c> (may hold a namespace before a <c>#</c>).</summary>
    [JsonPropertyName("__type")]
    public string? ErrorType { get; set; }

    /// <summary>The error name carried in the body as <c>code</c>, used when neither the header nor <c>__type</c> has one.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    /// <summary>The status code the model returned (<c>ModelErrorException</c>, <c>ModelStreamErrorException</c>).</summary>
    [JsonPropertyName("originalStatusCode")]
    public int? OriginalStatusCode { get; set; }

    /// <summary>The message the model returned (<c>ModelStreamErrorException</c>).</summary>
    [JsonPropertyName("originalMessage")]
    public string? OriginalMessage { get; set; }

    /// <summary>The resource that failed (<c>ModelErrorException</c>; agent runtime <c>DependencyFailedException</c>, <c>BadGatewayException</c>).</summary>
    [JsonPropertyName("resourceName")]
    public string? ResourceName { get; set; }

    /// <summary>The reason for an internal error (agent runtime <c>InternalServerException</c>).</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }
}
