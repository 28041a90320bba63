using System.Text.Json;

namespace Bedrock.Foundations.Tests.Aws.ServiceModel;

/// <summary>One shape of a service model.</summary>
public sealed class ServiceShape
{
    private ServiceShape(string name, string type)
    {
        Name = name;
        Type = type;
    }

    /// <summary>The shape name.</summary>
    public string Name { get; }

    /// <summary>The botocore type: structure, list, map, string, blob, boolean, integer, long, float, double, timestamp.</summary>
    public string Type { get; }

    /// <summary>Whether this structure is a union (exactly one member set), including an event stream.</summary>
    public bool IsUnion { get; private set; }

    /// <summary>Whether this structure is an event stream union.</summary>
    public bool IsEventStream { get; private set; }

    /// <summary>Whether this is a Smithy document (any JSON value).</summary>
    public bool IsDocument { get; private set; }

    /// <summary>Whether this structure is an error shape.</summary>
    public bool IsException { get; private set; }

    /// <summary>The member sent as the raw HTTP payload, if any.</summary>
    public string? Payload { get; private set; }

    /// <summary>The members of a structure, by JSON name, in model order.</summary>
    public IReadOnlyDictionary<string, ServiceMember> Members { get; private set; } = new Dictionary<string, ServiceMember>();

    /// <summary>The required members of a structure.</summary>
    public IReadOnlySet<string> Required { get; private set; } = new HashSet<string>();

    /// <summary>The item shape of a list.</summary>
    public string? ListMember { get; private set; }

    /// <summary>The key shape of a map.</summary>
    public string? MapKey { get; private set; }

    /// <summary>The value shape of a map.</summary>
    public string? MapValue { get; private set; }

    /// <summary>The minimum length, size, count or value.</summary>
    public double? Min { get; private set; }

    /// <summary>The maximum length, size, count or value.</summary>
    public double? Max { get; private set; }

    /// <summary>The known values of an enum string, or <see langword="null"/>.</summary>
    public IReadOnlySet<string>? Enum { get; private set; }

    internal static ServiceShape Parse(string name, JsonElement json)
    {
        var shape = new ServiceShape(name, json.GetProperty("type").GetString()!);
        shape.IsEventStream = Flag(json, "eventstream");
        shape.IsUnion = Flag(json, "union") || shape.IsEventStream;
        shape.IsDocument = Flag(json, "document");
        shape.IsException = Flag(json, "exception");
        shape.Payload = json.TryGetProperty("payload", out JsonElement payload) ? payload.GetString() : null;
        shape.Min = json.TryGetProperty("min", out JsonElement min) ? min.GetDouble() : null;
        shape.Max = json.TryGetProperty("max", out JsonElement max) ? max.GetDouble() : null;
        if (json.TryGetProperty("enum", out JsonElement values))
        {
            shape.Enum = values.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal);
        }

        if (json.TryGetProperty("members", out JsonElement members))
        {
            var parsed = new Dictionary<string, ServiceMember>(StringComparer.Ordinal);
            foreach (JsonProperty member in members.EnumerateObject())
            {
                string? location = member.Value.TryGetProperty("location", out JsonElement l) ? l.GetString() : null;
                string? locationName = member.Value.TryGetProperty("locationName", out JsonElement ln) ? ln.GetString() : null;
                parsed.Add(member.Name, new ServiceMember(member.Name, member.Value.GetProperty("shape").GetString()!, location, locationName));
            }

            shape.Members = parsed;
        }

        if (json.TryGetProperty("required", out JsonElement required))
        {
            shape.Required = required.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
        }

        if (json.TryGetProperty("member", out JsonElement listMember))
        {
            shape.ListMember = listMember.GetProperty("shape").GetString();
        }

        if (json.TryGetProperty("key", out JsonElement key))
        {
            shape.MapKey = key.GetProperty("shape").GetString();
            shape.MapValue = json.GetProperty("value").GetProperty("shape").GetString();
        }

        return shape;
    }

    private static bool Flag(JsonElement json, string name) =>
        json.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.True;
}
