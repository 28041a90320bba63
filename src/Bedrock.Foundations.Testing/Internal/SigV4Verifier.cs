using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Bedrock.Foundations.Testing.Internal;

/// <summary>
/// Verifies an AWS Signature Version 4 <c>Authorization</c> header against the received request, as the service
/// does: canonical request (method, double-encoded canonical URI, canonical query, signed headers, SHA-256 payload
/// hash), string to sign, derived key, HMAC-SHA256, compared in constant time as lower-case hex. The credential scope
/// must name the emulator's region and the service <c>bedrock</c>, and <c>host</c>, <c>x-amz-date</c> and (when sent)
/// <c>x-amz-security-token</c> must be signed headers.
/// </summary>
internal static class SigV4Verifier
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string ServiceName = "bedrock";
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static AwsError? Verify(
        string method,
        string rawTarget,
        IHeaderDictionary headers,
        ReadOnlySpan<byte> body,
        string authorization,
        BedrockEmulatorCredentials credentials,
        string expectedRegion,
        DateTimeOffset now,
        TimeSpan tolerance)
    {
        // Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=a;b, Signature=hex
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return AwsError.IncompleteSignature(
                $"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header and the '{Algorithm}' algorithm. Authorization={Redact(authorization)}");
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (string part in authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            string key = part[..eq];
            string value = part[(eq + 1)..];
            switch (key)
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
                default: break;
            }
        }

        List<string> missing = [];
        if (credential is null)
        {
            missing.Add("Authorization header requires 'Credential' parameter.");
        }

        if (signedHeaders is null)
        {
            missing.Add("Authorization header requires 'SignedHeaders' parameter.");
        }

        if (signature is null)
        {
            missing.Add("Authorization header requires 'Signature' parameter.");
        }

        string amzDateText = headers["x-amz-date"].ToString();
        if (amzDateText.Length == 0)
        {
            missing.Add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (missing.Count > 0)
        {
            return AwsError.IncompleteSignature(string.Join(" ", missing) + $" Authorization={Redact(authorization)}");
        }

        string[] scope = credential!.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
        {
            return AwsError.IncompleteSignature(
                $"Credential should be scoped to a valid region, not '{(scope.Length > 2 ? scope[2] : string.Empty)}'. ");
        }

        string accessKeyId = scope[0], date = scope[1], region = scope[2], service = scope[3];
        if (!string.Equals(accessKeyId, credentials.AccessKeyId, StringComparison.Ordinal))
        {
            return AwsError.UnrecognizedClient();
        }

        if (credentials.SessionToken is not null
            && !string.Equals(headers["x-amz-security-token"].ToString(), credentials.SessionToken, StringComparison.Ordinal))
        {
            return AwsError.UnrecognizedClient();
        }

        if (!DateTimeOffset.TryParseExact(amzDateText, AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset amzDate))
        {
            return AwsError.IncompleteSignature($"Date must be in ISO-8601 'basic format'. Got '{amzDateText}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }

        if (!string.Equals(date, amzDateText[..8], StringComparison.Ordinal))
        {
            return AwsError.InvalidSignature($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{amzDateText[..8]}', from '{amzDateText}'.");
        }

        if (!string.Equals(region, expectedRegion, StringComparison.Ordinal))
        {
            return AwsError.InvalidSignature(WrongRegionMessage);
        }

        if (!string.Equals(service, ServiceName, StringComparison.Ordinal))
        {
            return AwsError.InvalidSignature($"Credential should be scoped to correct service: '{ServiceName}'. ");
        }

        if (amzDate < now - tolerance)
        {
            return AwsError.InvalidSignature(
                $"Signature expired: {amzDateText} is now earlier than {(now - tolerance).UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture)} ({now.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture)} - {tolerance.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min.)");
        }

        if (amzDate > now + tolerance)
        {
            return AwsError.InvalidSignature(
                $"Signature not yet current: {amzDateText} is still later than {(now + tolerance).UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture)} ({now.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture)} + {tolerance.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min.)");
        }

        string[] signedHeaderNames = signedHeaders!.Split(';');
        if (Array.IndexOf(signedHeaderNames, "host") < 0)
        {
            return AwsError.InvalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (Array.IndexOf(signedHeaderNames, "x-amz-date") < 0)
        {
            return AwsError.InvalidSignature("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (headers.ContainsKey("x-amz-security-token") && Array.IndexOf(signedHeaderNames, "x-amz-security-token") < 0)
        {
            return AwsError.InvalidSignature("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");
        }

        string payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        string declaredHash = headers["x-amz-content-sha256"].ToString();
        if (declaredHash.Length > 0 && !string.Equals(declaredHash, payloadHash, StringComparison.Ordinal))
        {
            return AwsError.InvalidSignature(MismatchMessage);
        }

        string canonicalRequest = CanonicalRequest(method, rawTarget, headers, signedHeaderNames, signedHeaders, payloadHash);
        string credentialScope = $"{date}/{region}/{service}/aws4_request";
        string stringToSign = $"{Algorithm}\n{amzDateText}\n{credentialScope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        byte[] signingKey = SigningKey(credentials.SecretAccessKey, date, region, service);
        byte[] expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign))));
        // The signature is lower-case hex, as every SigV4 signer writes it; other spellings do not match.
        byte[] actual = Encoding.ASCII.GetBytes(signature!);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? null : AwsError.InvalidSignature(MismatchMessage);
    }

    /// <summary>The message AWS sends when the credential scope names another region than the endpoint's.</summary>
    public const string WrongRegionMessage = "Credential should be scoped to a valid region. ";

    public const string MismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public static byte[] SigningKey(string secret, string date, string region, string service)
    {
        byte[] kDate = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        byte[] kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
        byte[] kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(kService, "aws4_request"u8);
    }

    public static string CanonicalRequest(
        string method, string rawTarget, IHeaderDictionary headers, string[] signedHeaderNames, string signedHeaders, string payloadHash)
    {
        int q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        string path = q < 0 ? rawTarget : rawTarget[..q];
        string query = q < 0 ? string.Empty : rawTarget[(q + 1)..];

        StringBuilder sb = new();
        sb.Append(method).Append('\n');
        sb.Append(CanonicalUri(path)).Append('\n');
        sb.Append(CanonicalQuery(query)).Append('\n');
        foreach (string name in signedHeaderNames)
        {
            sb.Append(name).Append(':');
            string[] values = headers[name].ToArray()!;
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(CollapseSpaces(values[i]));
            }

            sb.Append('\n');
        }

        sb.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return sb.ToString();
    }

    /// <summary>
    /// The canonical URI of a non-S3 service: the path as sent (already percent-encoded once) with dot segments
    /// removed, percent-encoded again keeping only unreserved characters and '/' (so <c>%3A</c> becomes <c>%253A</c>).
    /// </summary>
    public static string CanonicalUri(string path)
    {
        if (path.Length == 0)
        {
            return "/";
        }

        List<string> segments = [];
        string[] parts = path.Split('/');
        for (int i = 1; i < parts.Length; i++)
        {
            string part = parts[i];
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(part);
        }

        string normalized = "/" + string.Join('/', segments);
        return Encode(normalized, keepSlash: true);
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length == 0)
        {
            return string.Empty;
        }

        List<(string Key, string Value)> pairs = [];
        foreach (string pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? pair : pair[..eq];
            string value = eq < 0 ? string.Empty : pair[(eq + 1)..];
            pairs.Add((Encode(Uri.UnescapeDataString(key), keepSlash: false), Encode(Uri.UnescapeDataString(value), keepSlash: false)));
        }

        pairs.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Key, b.Key);
            return c != 0 ? c : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Key + "=" + p.Value));
    }

    /// <summary>Percent-encodes every byte except the RFC 3986 unreserved characters (and '/' when asked).</summary>
    public static string Encode(string value, bool keepSlash)
    {
        StringBuilder sb = new();
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/'))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        StringBuilder sb = new();
        bool space = false;
        foreach (char c in value.Trim())
        {
            if (c == ' ')
            {
                if (!space)
                {
                    sb.Append(c);
                }

                space = true;
            }
            else
            {
                sb.Append(c);
                space = false;
            }
        }

        return sb.ToString();
    }

    private static string Redact(string authorization)
    {
        int i = authorization.IndexOf("Signature=", StringComparison.Ordinal);
        return i < 0 ? authorization : authorization[..i] + "Signature=…";
    }
}
