namespace Bedrock.Foundations.Aws.Common;

/// <summary>Checks of the header values the client sends.</summary>
internal static class BedrockHeaders
{
    /// <summary>Whether <paramref name="value"/> can be sent as an HTTP header value: printable ASCII (and tab) only, so no
    /// line breaks and nothing that SocketsHttpHandler would refuse.</summary>
    public static bool IsValidValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (char c in value)
        {
            if (c is not ('\t' or (>= ' ' and <= '~')))
            {
                return false;
            }
        }

        return true;
    }
}
