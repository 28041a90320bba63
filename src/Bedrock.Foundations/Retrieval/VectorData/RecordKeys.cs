using System.Globalization;

namespace Bedrock.Foundations.Retrieval;

/// <summary>Turns a record key (string, <see cref="Guid"/>, <see cref="int"/> or <see cref="long"/>) into the string id an index stores.</summary>
internal static class RecordKeys
{
    /// <summary>The key types a collection accepts, for messages.</summary>
    internal const string Supported = "string, Guid, int, long";

    /// <summary>Whether <paramref name="keyType"/> is a supported key type.</summary>
    internal static bool IsSupported(Type keyType) =>
        keyType == typeof(string) || keyType == typeof(Guid) || keyType == typeof(int) || keyType == typeof(long);

    /// <summary>The index id of <paramref name="key"/>; throws for a null or empty key or a key of another type.</summary>
    internal static string ToId(object? key, string paramName) => key switch
    {
        null => throw new ArgumentException("The record key is null; every record needs a key.", paramName),
        string { Length: 0 } => throw new ArgumentException("The record key is an empty string; string keys must not be empty.", paramName),
        string text => text,
        Guid guid => guid.ToString("D", CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException(
            $"A key of type {key.GetType()} is not supported; the key must be one of: {Supported}.", paramName),
    };
}
