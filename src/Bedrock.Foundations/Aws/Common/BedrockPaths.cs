using System.Text;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// Request paths of the Bedrock operations. A path label (model id, ARN, guardrail id, knowledge-base id) is
/// percent-encoded as botocore does for a non-greedy label: only ASCII letters, digits and <c>-._~</c> stay bare, so
/// <c>:</c> becomes <c>%3A</c> and an ARN's <c>/</c> becomes <c>%2F</c>; other characters are UTF-8 encoded.
/// </summary>
internal static class BedrockPaths
{
    /// <summary><c>/model/{modelId}/converse</c>.</summary>
    public static string Converse(string modelId) => Model(modelId, "converse");

    /// <summary><c>/model/{modelId}/converse-stream</c>.</summary>
    public static string ConverseStream(string modelId) => Model(modelId, "converse-stream");

    /// <summary><c>/model/{modelId}/invoke</c>.</summary>
    public static string InvokeModel(string modelId) => Model(modelId, "invoke");

    /// <summary><c>/model/{modelId}/invoke-with-response-stream</c>.</summary>
    public static string InvokeModelWithResponseStream(string modelId) => Model(modelId, "invoke-with-response-stream");

    /// <summary><c>/model/{modelId}/count-tokens</c>.</summary>
    public static string CountTokens(string modelId) => Model(modelId, "count-tokens");

    /// <summary><c>/guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply</c>.</summary>
    public static string ApplyGuardrail(string guardrailIdentifier, string guardrailVersion) =>
        "/guardrail/" + EncodeLabel(guardrailIdentifier) + "/version/" + EncodeLabel(guardrailVersion) + "/apply";

    /// <summary><c>/knowledgebases/{knowledgeBaseId}/retrieve</c>.</summary>
    public static string Retrieve(string knowledgeBaseId) => "/knowledgebases/" + EncodeLabel(knowledgeBaseId) + "/retrieve";

    /// <summary><c>/rerank</c>.</summary>
    public const string Rerank = "/rerank";

    /// <summary>Percent-encodes one path label (RFC 3986 unreserved characters stay bare).</summary>
    public static string EncodeLabel(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int i = 0;
        while (i < value.Length && IsUnreserved(value[i]))
        {
            i++;
        }

        if (i == value.Length)
        {
            return value;
        }

        StringBuilder builder = new(value.Length + 16);
        builder.Append(value, 0, i);
        Span<byte> utf8 = stackalloc byte[4];
        for (; i < value.Length; i++)
        {
            char c = value[i];
            if (IsUnreserved(c))
            {
                builder.Append(c);
                continue;
            }

            int count;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(value.AsSpan(i, 2), utf8);
                i++;
            }
            else
            {
                count = Encoding.UTF8.GetBytes(value.AsSpan(i, 1), utf8);
            }

            for (int b = 0; b < count; b++)
            {
                builder.Append('%').Append(HexUpper[utf8[b] >> 4]).Append(HexUpper[utf8[b] & 0xF]);
            }
        }

        return builder.ToString();
    }

    private const string HexUpper = "0123456789ABCDEF";

    private static string Model(string modelId, string action) => "/model/" + EncodeLabel(modelId) + "/" + action;

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
