using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Bedrock.Foundations.Aws.Model;

namespace Bedrock.Foundations.Testing.Internal;

/// <summary>
/// Validates a request body against the service model's input shape of an operation, by deserializing it into the
/// library's DTO (named exactly as the shape) with <see cref="BedrockJsonContext"/> metadata under options that reject
/// unknown members (<see cref="JsonUnmappedMemberHandling.Disallow"/>, with the DTOs' extension-data catch-alls removed)
/// and, as System.Text.Json always does, wrong types.
/// Members bound to the path or headers (<c>modelId</c>, …) are not body members, so they are rejected too.
/// </summary>
internal static partial class RequestValidator
{
    private static readonly JsonSerializerOptions Strict = new(BedrockJsonContext.Default.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = BedrockJsonContext.Default.WithAddedModifier(RemoveExtensionData),
    };

    /// <summary>
    /// Drops the <c>[JsonExtensionData]</c> catch-alls (<c>AdditionalMembers</c> of the open unions): with them a member the
    /// DTOs do not model would be captured instead of failing <see cref="JsonUnmappedMemberHandling.Disallow"/>, and the
    /// emulator must answer it with a ValidationException as the service does for a member it does not know.
    /// </summary>
    internal static void RemoveExtensionData(JsonTypeInfo info)
    {
        for (int i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].IsExtensionData)
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    public static AwsError? Validate(BedrockEmulatorOperation operation, byte[] body)
    {
        Type? shape = operation switch
        {
            BedrockEmulatorOperation.Converse => typeof(ConverseRequest),
            BedrockEmulatorOperation.ConverseStream => typeof(ConverseStreamRequest),
            BedrockEmulatorOperation.CountTokens => typeof(CountTokensRequest),
            BedrockEmulatorOperation.ApplyGuardrail => typeof(ApplyGuardrailRequest),
            BedrockEmulatorOperation.Retrieve => typeof(RetrieveRequest),
            BedrockEmulatorOperation.Rerank => typeof(RerankRequest),
            _ => null,
        };
        if (shape is null || body.Length == 0)
        {
            return null;
        }

        try
        {
            JsonTypeInfo info = Strict.GetTypeInfo(shape);
            _ = JsonSerializer.Deserialize(body, info);
            return null;
        }
        catch (JsonException e)
        {
            return AwsError.Validation(Describe(e, shape));
        }
    }

    internal static string Describe(JsonException e, Type shape)
    {
        string path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        Match unmapped = UnmappedPattern().Match(e.Message);
        if (unmapped.Success)
        {
            string member = unmapped.Groups["member"].Value;
            string type = unmapped.Groups["type"].Value;
            string shapeName = type[(type.LastIndexOf('.') + 1)..];
            return $"1 validation error detected: Unknown member '{member}' in shape {shapeName} (at '{path}'). Remove it or check its spelling against the {shape.Name} shape.";
        }

        Match converted = ConvertPattern().Match(e.Message);
        if (converted.Success)
        {
            string member = path[(path.LastIndexOf('.') + 1)..];
            return $"1 validation error detected: Value at '{path}' (member '{member}') has the wrong type: expected {Friendly(converted.Groups["type"].Value)}.";
        }

        return $"Malformed input request at '{path}': {e.Message}";
    }

    private static string Friendly(string clrType) => clrType switch
    {
        _ when clrType.Contains("Int32", StringComparison.Ordinal) || clrType.Contains("Int64", StringComparison.Ordinal) => "an integer",
        _ when clrType.Contains("Double", StringComparison.Ordinal) || clrType.Contains("Single", StringComparison.Ordinal) => "a number",
        _ when clrType.Contains("Boolean", StringComparison.Ordinal) => "a boolean",
        _ when clrType.Contains("String", StringComparison.Ordinal) => "a string",
        _ when clrType.Contains("Byte[]", StringComparison.Ordinal) => "a base64 string",
        _ when clrType.Contains("IList", StringComparison.Ordinal) || clrType.Contains("List", StringComparison.Ordinal) => "a list",
        _ when clrType.Contains("IDictionary", StringComparison.Ordinal) => "a map",
        _ => "a structure (" + clrType[(clrType.LastIndexOf('.') + 1)..] + ")",
    };

    [GeneratedRegex(@"The JSON property '(?<member>.*?)' could not be mapped to any \.NET member contained in type '(?<type>.*?)'")]
    private static partial Regex UnmappedPattern();

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\. Path")]
    private static partial Regex ConvertPattern();
}
