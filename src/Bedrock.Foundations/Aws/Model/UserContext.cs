using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// Contains information about the user making the request.
/// </summary>
/// <remarks>Shape <c>UserContext</c> of the bedrock-agent-runtime service model. Required members: <c>userId</c>.</remarks>
public sealed class UserContext
{
    /// <summary>The identifier of the user making the retrieval request. Required.</summary>
    [JsonPropertyName("userId")]
    public string? UserId { get; set; }
}
