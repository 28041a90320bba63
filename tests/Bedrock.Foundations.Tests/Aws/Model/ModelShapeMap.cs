using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Tests.Aws.ServiceModel;

namespace Bedrock.Foundations.Tests.Aws.Model;

/// <summary>
/// Which service-model shape each DTO class of <c>Bedrock.Foundations.Aws.Model</c> stands for, and what was left out
/// on purpose. A class is named as its shape; the runtime model wins a name both models use, and the agent runtime's
/// shape of that name gets a prefixed class (<see cref="Renamed"/>).
/// </summary>
internal static class ModelShapeMap
{
    public static readonly string[] RuntimeOperations = ["Converse", "ConverseStream", "InvokeModel", "ApplyGuardrail", "CountTokens"];

    public static readonly string[] AgentRuntimeOperations = ["Retrieve", "Rerank"];

    /// <summary>Shapes modelled under another class name: class → (model, shape).</summary>
    public static readonly IReadOnlyDictionary<Type, (ServiceModelShapes Model, string Shape)> Renamed =
        new Dictionary<Type, (ServiceModelShapes, string)>
        {
            [typeof(AgentRuntimeGuardrailConfiguration)] = (ServiceModelShapes.AgentRuntime, "GuardrailConfiguration"),
        };

    /// <summary>Members of modelled shapes that have no property, on purpose (service, shape, member, why).</summary>
    public static readonly (string Service, string Shape, string Member, string Reason)[] OmittedMembers =
    [
        ("bedrock-runtime", "ContentBlock", "video", "video input is outside a text/tool/image/document client; kept in AdditionalMembers"),
        ("bedrock-runtime", "ContentBlock", "audio", "audio input is outside a text/tool/image/document client; kept in AdditionalMembers"),
        ("bedrock-runtime", "ContentBlock", "toolAddition", "server-side tool addition blocks are not used by this client; kept in AdditionalMembers"),
        ("bedrock-runtime", "ContentBlock", "toolRemoval", "server-side tool removal blocks are not used by this client; kept in AdditionalMembers"),
        ("bedrock-runtime", "ToolResultContentBlock", "video", "video input is outside a text/tool/image/document client; kept in AdditionalMembers"),
        ("bedrock-runtime", "GuardrailAssessment", "automatedReasoningPolicy", "automated-reasoning findings (a large tree of shapes) are not surfaced"),
    ];

    /// <summary>Shapes reachable from the operations that have no class, on purpose (service, shape, why).</summary>
    public static readonly (string Service, string Shape, string Reason)[] OmittedShapes =
    [
        ("bedrock-runtime", "ConverseStreamResponse", "its only member is the event-stream payload; the client yields ConverseStreamOutput events"),
    ];

    /// <summary>Every DTO class (the namespace's public types except the JSON context and the error body).</summary>
    public static IReadOnlyList<Type> DtoTypes { get; } = typeof(BedrockJsonContext).Assembly.GetExportedTypes()
        .Where(t => t.Namespace == typeof(BedrockJsonContext).Namespace && t != typeof(BedrockJsonContext) && t != typeof(BedrockErrorBody))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The types the context declares with [JsonSerializable].</summary>
    public static IReadOnlyList<Type> ContextRootTypes { get; } = typeof(BedrockJsonContext).GetCustomAttributesData()
        .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
        .Select(a => (Type)a.ConstructorArguments[0].Value!)
        .ToList();

    public static bool IsOmitted(ServiceModelShapes model, string shape, string member) =>
        OmittedMembers.Any(o => o.Service == model.Name && o.Shape == shape && o.Member == member);

    /// <summary>The shapes the DTOs cover: reachable from the operations (and the stream union), minus the omissions.</summary>
    public static IReadOnlySet<string> ModelledShapes(ServiceModelShapes model) =>
        ModelledCache.GetOrAdd(model, ComputeModelledShapes);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ServiceModelShapes, IReadOnlySet<string>> ModelledCache = new();

    private static IReadOnlySet<string> ComputeModelledShapes(ServiceModelShapes model)
    {
        string[] operations = model == ServiceModelShapes.Runtime ? RuntimeOperations : AgentRuntimeOperations;
        var roots = operations
            .SelectMany(o => new[] { model.Operations[o].Input, model.Operations[o].Output })
            .OfType<string>()
            .Where(s => !OmittedShapes.Any(o => o.Service == model.Name && o.Shape == s))
            .ToList();
        if (model == ServiceModelShapes.Runtime)
        {
            roots.Add("ConverseStreamOutput");
        }

        return model.ReachableFrom(roots, (shape, member) => !IsOmitted(model, shape.Name, member.Name));
    }

    /// <summary>The model and shape a DTO class stands for.</summary>
    public static (ServiceModelShapes Model, ServiceShape Shape) ShapeOf(Type type)
    {
        if (Renamed.TryGetValue(type, out (ServiceModelShapes Model, string Shape) renamed))
        {
            return (renamed.Model, renamed.Model.GetShape(renamed.Shape));
        }

        foreach (ServiceModelShapes model in new[] { ServiceModelShapes.Runtime, ServiceModelShapes.AgentRuntime })
        {
            if (ModelledShapes(model).Contains(type.Name))
            {
                return (model, model.GetShape(type.Name));
            }
        }

        throw new KeyNotFoundException($"DTO class {type.Name} matches no modelled shape of either service model.");
    }

    /// <summary>The DTO class for a shape, or null.</summary>
    public static Type? ClassOf(ServiceModelShapes model, string shapeName)
    {
        foreach (KeyValuePair<Type, (ServiceModelShapes Model, string Shape)> renamed in Renamed)
        {
            if (renamed.Value.Model == model && renamed.Value.Shape == shapeName)
            {
                return renamed.Key;
            }
        }

        Type? type = DtoTypes.FirstOrDefault(t => t.Name == shapeName);
        return type is not null && !Renamed.ContainsKey(type) && ShapeOf(type).Model == model ? type : null;
    }

    /// <summary>Whether a property is a [JsonExtensionData] catch-all (members a version does not model), not a shape member.</summary>
    public static bool IsExtensionData(PropertyInfo property) => property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null;

    /// <summary>The properties of a DTO that stand for members of its shape (every public instance property except
    /// [JsonExtensionData]).</summary>
    public static PropertyInfo[] ShapeProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => !IsExtensionData(p)).ToArray();

    /// <summary>The JSON member name of a property, or null when it is [JsonIgnore].</summary>
    public static string? JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonIgnoreAttribute>() is not null
            ? null
            : property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
              ?? throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} has neither [JsonPropertyName] nor [JsonIgnore].");

    /// <summary>The model member a [JsonIgnore] property stands for (matched by name, ignoring case).</summary>
    public static ServiceMember? IgnoredMember(ServiceShape shape, PropertyInfo property) =>
        shape.Members.Values.FirstOrDefault(m => string.Equals(m.Name, property.Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when <paramref name="clr"/> is the right CLR type for values of <paramref name="shape"/>, else why not.</summary>
    public static string? TypeMismatch(Type clr, ServiceModelShapes model, ServiceShape shape)
    {
        Type type = Nullable.GetUnderlyingType(clr) ?? clr;
        if (shape.IsDocument)
        {
            return type == typeof(JsonElement) ? null : $"document needs JsonElement, got {type.Name}";
        }

        switch (shape.Type)
        {
            case "structure":
                Type? expected = ClassOf(model, shape.Name);
                return type == expected ? null : $"structure {shape.Name} needs class {expected?.Name ?? "(none)"}, got {type.Name}";
            case "list":
                if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IList<>))
                {
                    return $"list {shape.Name} needs IList<T>, got {type.Name}";
                }

                return TypeMismatch(type.GetGenericArguments()[0], model, model.GetShape(shape.ListMember!));
            case "map":
                if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IDictionary<,>) || type.GetGenericArguments()[0] != typeof(string))
                {
                    return $"map {shape.Name} needs IDictionary<string, T>, got {type.Name}";
                }

                return TypeMismatch(type.GetGenericArguments()[1], model, model.GetShape(shape.MapValue!));
            default:
                Type? scalar = shape.Type switch
                {
                    "string" => typeof(string),
                    "blob" => typeof(byte[]),
                    "boolean" => typeof(bool),
                    "integer" => typeof(int),
                    "long" => typeof(long),
                    "float" => typeof(float),
                    "double" => typeof(double),
                    "timestamp" => typeof(DateTimeOffset),
                    _ => null,
                };
                return type == scalar ? null : $"{shape.Type} {shape.Name} needs {scalar?.Name ?? "(unknown)"}, got {type.Name}";
        }
    }
}
