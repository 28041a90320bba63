using System.Text;

namespace Bedrock.Foundations.Aws.EventStreams;

/// <summary>The strict UTF-8 encoding of header names and string values: invalid input throws instead of turning into U+FFFD.</summary>
internal static class EventStreamUtf8
{
    /// <summary>UTF-8 without a byte-order mark that throws on lone surrogates and invalid byte sequences.</summary>
    public static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
