using System.Globalization;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// Signs a request with AWS Signature Version 4 using AWSSDK.Core's <see cref="AWS4Signer"/>: its canonical-request
/// builder (path encoding, header canonicalization) and its signature computation (key derivation, HMAC-SHA256). This
/// class only chooses the inputs: signing name <c>bedrock</c>, the endpoint region, the SHA-256 of the body, and the
/// headers <c>host</c>, <c>x-amz-date</c>, <c>x-amz-security-token</c> (temporary credentials) and every header the
/// request carries.
/// </summary>
/// <remarks>
/// The canonical URI is the request's already percent-encoded path encoded once more (the SDK's single-encoding pass
/// applied to the wire path), so a model id's <c>:</c> travels as <c>%3A</c> and is signed as <c>%253A</c>, as botocore's
/// <c>SigV4Auth</c> does for every service but S3.
/// </remarks>
internal sealed class BedrockSigV4Signer : AWS4Signer
{
    /// <summary>The SigV4 signing name of both bedrock-runtime and bedrock-agent-runtime.</summary>
    public const string SigningName = "bedrock";

    /// <summary>The result of signing: the headers to add and, for tests, the canonical request.</summary>
    internal readonly record struct Result(string Authorization, string AmzDate, string? SecurityToken, string CanonicalRequest, string SignedHeaders);

    /// <summary>
    /// Computes the signature of a request to <paramref name="uri"/> (absolute, path already percent-encoded) carrying
    /// <paramref name="headers"/> (names as sent; values as sent) and <paramref name="body"/>.
    /// </summary>
    public static Result Sign(
        string method,
        Uri uri,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body,
        ImmutableCredentials credentials,
        string region,
        DateTime signedAtUtc)
    {
        string amzDate = signedAtUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        SortedDictionary<string, string> sorted = new(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> header in headers)
        {
            sorted[header.Key.ToLowerInvariant()] = header.Value;
        }

        sorted["host"] = HostHeader(uri);
        sorted["x-amz-date"] = amzDate;
        string? token = credentials.UseToken ? credentials.Token : null;
        if (token is not null)
        {
            sorted["x-amz-security-token"] = token;
        }

        string payloadHash = AWSSDKUtils.ToHex(ComputeHash(body.ToArray()), true);
        Uri authority = new(uri.GetLeftPart(UriPartial.Authority), UriKind.Absolute);
        string canonical = CanonicalizeRequest(authority, uri.AbsolutePath, method, sorted, uri.Query.TrimStart('?'), payloadHash, null, false);
        string signedHeaders = CanonicalizeHeaderNames(sorted);
        AWS4SigningResult result = ComputeSignature(credentials, region, signedAtUtc, SigningName, signedHeaders, canonical);
        return new Result(result.ForAuthorizationHeader, amzDate, token, canonical, signedHeaders);
    }

    /// <summary>The <c>Host</c> header value for <paramref name="uri"/>: the host, with the port when it is not the scheme's
    /// default (what HttpClient sends).</summary>
    public static string HostHeader(Uri uri) => uri.IsDefaultPort ? uri.Host : uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
}
