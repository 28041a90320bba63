using System.Text.Json.Serialization;

namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// A storage location in an Amazon S3 bucket.
/// </summary>
/// <remarks>Shape <c>S3Location</c> of the bedrock-runtime service model. Required members: <c>uri</c>.</remarks>
public sealed class S3Location
{
    /// <summary>An object URI starting with s3://. Required. Length 1 to 1024 characters.</summary>
    [JsonPropertyName("uri")]
    public string? Uri { get; set; }

    /// <summary>If the bucket belongs to another AWS account, specify that account's ID.</summary>
    [JsonPropertyName("bucketOwner")]
    public string? BucketOwner { get; set; }
}
