using System.Globalization;
using System.Text.Json;

namespace Bedrock.Foundations.Tests.Aws.ServiceModel;

/// <summary>
/// The shapes of one botocore-format service model (<c>service-2.json</c>), and a validator that checks a JSON value
/// against a shape the way the service would: unknown members, required members, unions with exactly one member,
/// and the JSON type of every value. Length/range constraints and unknown enum values are warnings, not errors
/// (enums are open: new values appear before clients know them).
/// </summary>
/// <remarks>
/// Members bound to the URI path, headers or the query string, and a structure's <c>payload</c> member, are not part
/// of the JSON body: the validator treats them as unknown when they appear in the body and does not require them.
/// </remarks>
public sealed class ServiceModelShapes
{
    /// <summary>Path of the runtime model below the specs directory.</summary>
    public const string RuntimeModelPath = "bedrock-runtime/2023-09-30/service-2.json";

    /// <summary>Path of the agent runtime model below the specs directory.</summary>
    public const string AgentRuntimeModelPath = "bedrock-agent-runtime/2023-07-26/service-2.json";

    private static readonly Lazy<ServiceModelShapes> LazyRuntime = new(() => Load(Path.Combine(FindSpecsDirectory(), RuntimeModelPath)));
    private static readonly Lazy<ServiceModelShapes> LazyAgentRuntime = new(() => Load(Path.Combine(FindSpecsDirectory(), AgentRuntimeModelPath)));

    private readonly Dictionary<string, ServiceShape> _shapes;
    private readonly Dictionary<string, ServiceOperation> _operations;

    private ServiceModelShapes(string name, Dictionary<string, ServiceShape> shapes, Dictionary<string, ServiceOperation> operations)
    {
        Name = name;
        _shapes = shapes;
        _operations = operations;
    }

    /// <summary>The bedrock-runtime 2023-09-30 model (loaded once).</summary>
    public static ServiceModelShapes Runtime => LazyRuntime.Value;

    /// <summary>The bedrock-agent-runtime 2023-07-26 model (loaded once).</summary>
    public static ServiceModelShapes AgentRuntime => LazyAgentRuntime.Value;

    /// <summary>The model's <c>metadata.endpointPrefix</c> (or the file name when absent).</summary>
    public string Name { get; }

    /// <summary>Every shape of the model, by name.</summary>
    public IReadOnlyDictionary<string, ServiceShape> Shapes => _shapes;

    /// <summary>Every operation of the model, by name.</summary>
    public IReadOnlyDictionary<string, ServiceOperation> Operations => _operations;

    /// <summary>
    /// Finds <c>shared/specs</c>: walks up from the test's directory to the repository root (the first directory
    /// holding <c>Bedrock.Foundations.sln</c>) and looks in <c>../shared/specs</c> beside it.
    /// </summary>
    public static string FindSpecsDirectory()
    {
        string start = TestContext.CurrentContext.TestDirectory;
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Bedrock.Foundations.sln")))
            {
                continue;
            }

            string specs = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "specs"));
            if (Directory.Exists(specs))
            {
                return specs;
            }

            throw new DirectoryNotFoundException(
                $"The service models were not found at '{specs}'. Clone the shared specs beside the repository " +
                $"(repository root '{dir.FullName}', expected '../shared/specs/{RuntimeModelPath}').");
        }

        throw new DirectoryNotFoundException(
            $"No repository root (a directory with Bedrock.Foundations.sln) above '{start}', so '../shared/specs' cannot be located.");
    }

    /// <summary>Loads a botocore-format service model file.</summary>
    public static ServiceModelShapes Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = document.RootElement;

        var shapes = new Dictionary<string, ServiceShape>(StringComparer.Ordinal);
        foreach (JsonProperty shape in root.GetProperty("shapes").EnumerateObject())
        {
            shapes.Add(shape.Name, ServiceShape.Parse(shape.Name, shape.Value));
        }

        var operations = new Dictionary<string, ServiceOperation>(StringComparer.Ordinal);
        foreach (JsonProperty operation in root.GetProperty("operations").EnumerateObject())
        {
            string? input = operation.Value.TryGetProperty("input", out JsonElement i) ? i.GetProperty("shape").GetString() : null;
            string? output = operation.Value.TryGetProperty("output", out JsonElement o) ? o.GetProperty("shape").GetString() : null;
            operations.Add(operation.Name, new ServiceOperation(operation.Name, input, output));
        }

        string name = root.TryGetProperty("metadata", out JsonElement metadata) && metadata.TryGetProperty("endpointPrefix", out JsonElement prefix)
            ? prefix.GetString() ?? Path.GetFileName(path)
            : Path.GetFileName(path);
        return new ServiceModelShapes(name, shapes, operations);
    }

    /// <summary>The shape with that name; throws <see cref="KeyNotFoundException"/> naming the model when absent.</summary>
    public ServiceShape GetShape(string shapeName)
    {
        ArgumentNullException.ThrowIfNull(shapeName);
        return _shapes.TryGetValue(shapeName, out ServiceShape? shape)
            ? shape
            : throw new KeyNotFoundException($"Shape '{shapeName}' is not in the {Name} model.");
    }

    /// <summary>
    /// Every shape reachable from the input and output of <paramref name="operationNames"/> (following structure
    /// members, list members and map keys/values), including the input/output shapes themselves.
    /// </summary>
    public IReadOnlySet<string> ReachableShapes(params string[] operationNames)
    {
        ArgumentNullException.ThrowIfNull(operationNames);
        var roots = new List<string>();
        foreach (string operationName in operationNames)
        {
            if (!_operations.TryGetValue(operationName, out ServiceOperation? operation))
            {
                throw new KeyNotFoundException($"Operation '{operationName}' is not in the {Name} model.");
            }

            if (operation.Input is not null)
            {
                roots.Add(operation.Input);
            }

            if (operation.Output is not null)
            {
                roots.Add(operation.Output);
            }
        }

        return ReachableFrom(roots);
    }

    /// <summary>
    /// Every shape reachable from <paramref name="shapeNames"/>, including them; <paramref name="follow"/> (when given)
    /// decides which structure members are followed.
    /// </summary>
    public IReadOnlySet<string> ReachableFrom(IEnumerable<string> shapeNames, Func<ServiceShape, ServiceMember, bool>? follow = null)
    {
        ArgumentNullException.ThrowIfNull(shapeNames);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(shapeNames);
        while (pending.Count > 0)
        {
            string name = pending.Pop();
            if (!seen.Add(name))
            {
                continue;
            }

            ServiceShape shape = GetShape(name);
            foreach (ServiceMember member in shape.Members.Values)
            {
                if (follow is null || follow(shape, member))
                {
                    pending.Push(member.Target);
                }
            }

            foreach (string? target in new[] { shape.ListMember, shape.MapKey, shape.MapValue })
            {
                if (target is not null)
                {
                    pending.Push(target);
                }
            }
        }

        return seen;
    }

    /// <summary>
    /// Validates <paramref name="json"/> as a JSON body of shape <paramref name="shapeName"/>. Returns the errors,
    /// each prefixed by its path (<c>ConverseRequest.messages[0].content[0]: unknown member 'txt'</c>); empty when valid.
    /// </summary>
    public IReadOnlyList<string> Validate(string shapeName, JsonElement json) => Check(shapeName, json).Errors;

    /// <summary>Like <see cref="Validate"/>, also returning warnings (length/range constraints, unknown enum values).</summary>
    public ShapeValidationResult Check(string shapeName, JsonElement json)
    {
        ArgumentNullException.ThrowIfNull(shapeName);
        var errors = new List<string>();
        var warnings = new List<string>();
        ValidateValue(GetShape(shapeName), json, shapeName, errors, warnings);
        return new ShapeValidationResult(errors, warnings);
    }

    private void ValidateValue(ServiceShape shape, JsonElement json, string path, List<string> errors, List<string> warnings)
    {
        switch (shape.Type)
        {
            case "structure" when shape.IsDocument:
                return; // Any JSON value.
            case "structure":
                ValidateStructure(shape, json, path, errors, warnings);
                return;
            case "list":
                if (!Expect(json, JsonValueKind.Array, "list", path, errors))
                {
                    return;
                }

                CheckCount(shape, json.GetArrayLength(), path, warnings);
                int index = 0;
                foreach (JsonElement item in json.EnumerateArray())
                {
                    string itemPath = $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        errors.Add($"{itemPath}: null list item");
                    }
                    else
                    {
                        ValidateValue(GetShape(shape.ListMember!), item, itemPath, errors, warnings);
                    }

                    index++;
                }

                return;
            case "map":
                if (!Expect(json, JsonValueKind.Object, "map", path, errors))
                {
                    return;
                }

                int count = 0;
                foreach (JsonProperty entry in json.EnumerateObject())
                {
                    count++;
                    string entryPath = $"{path}[\"{entry.Name}\"]";
                    ServiceShape keyShape = GetShape(shape.MapKey!);
                    CheckLength(keyShape, entry.Name.Length, "key length", entryPath, warnings);
                    if (entry.Value.ValueKind == JsonValueKind.Null)
                    {
                        errors.Add($"{entryPath}: null map value");
                    }
                    else
                    {
                        ValidateValue(GetShape(shape.MapValue!), entry.Value, entryPath, errors, warnings);
                    }
                }

                CheckCount(shape, count, path, warnings);
                return;
            case "string":
                if (Expect(json, JsonValueKind.String, "string", path, errors))
                {
                    string value = json.GetString()!;
                    CheckLength(shape, value.Length, "length", path, warnings);
                    if (shape.Enum is not null && !shape.Enum.Contains(value))
                    {
                        warnings.Add($"{path}: '{value}' is not one of the known values {string.Join(", ", shape.Enum)}");
                    }
                }

                return;
            case "blob":
                if (Expect(json, JsonValueKind.String, "blob (base64 string)", path, errors))
                {
                    string text = json.GetString()!;
                    byte[] buffer = new byte[((text.Length + 3) / 4) * 3];
                    if (!Convert.TryFromBase64String(text, buffer, out int written))
                    {
                        errors.Add($"{path}: expected blob (base64 string), got a string that is not base64");
                    }
                    else
                    {
                        CheckLength(shape, written, "size in bytes", path, warnings);
                    }
                }

                return;
            case "boolean":
                if (json.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{path}: expected boolean, got {Describe(json)}");
                }

                return;
            case "integer":
                if (Expect(json, JsonValueKind.Number, "integer", path, errors))
                {
                    if (json.TryGetInt32(out int value))
                    {
                        CheckRange(shape, value, path, warnings);
                    }
                    else
                    {
                        errors.Add($"{path}: expected integer, got number {json.GetRawText()}");
                    }
                }

                return;
            case "long":
                if (Expect(json, JsonValueKind.Number, "long", path, errors))
                {
                    if (json.TryGetInt64(out long value))
                    {
                        CheckRange(shape, value, path, warnings);
                    }
                    else
                    {
                        errors.Add($"{path}: expected long, got number {json.GetRawText()}");
                    }
                }

                return;
            case "float":
            case "double":
                if (Expect(json, JsonValueKind.Number, shape.Type, path, errors))
                {
                    CheckRange(shape, json.GetDouble(), path, warnings);
                }

                return;
            case "timestamp":
                if (json.ValueKind == JsonValueKind.Number)
                {
                    return; // Epoch seconds, the JSON protocols' default.
                }

                if (json.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(json.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                {
                    errors.Add($"{path}: expected timestamp (epoch seconds or ISO 8601), got {Describe(json)}");
                }

                return;
            default:
                errors.Add($"{path}: shape '{shape.Name}' has type '{shape.Type}', which this validator does not know");
                return;
        }
    }

    private void ValidateStructure(ServiceShape shape, JsonElement json, string path, List<string> errors, List<string> warnings)
    {
        if (!Expect(json, JsonValueKind.Object, shape.IsUnion ? "union (object)" : "structure (object)", path, errors))
        {
            return;
        }

        int set = 0;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in json.EnumerateObject())
        {
            if (!shape.Members.TryGetValue(property.Name, out ServiceMember? member) || !member.IsInBody(shape))
            {
                string where = member is null ? string.Empty : $" (bound to {member.Location ?? "the payload"}, not the JSON body)";
                errors.Add($"{path}: unknown member '{property.Name}'{where}");
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue; // Treated as absent.
            }

            present.Add(property.Name);
            set++;
            ValidateValue(GetShape(member.Target), property.Value, $"{path}.{property.Name}", errors, warnings);
        }

        if (shape.IsUnion && set != 1)
        {
            errors.Add($"{path}: union must have exactly one member set, got {set.ToString(CultureInfo.InvariantCulture)}" +
                (set > 1 ? $" ({string.Join(", ", present)})" : string.Empty));
        }

        foreach (string required in shape.Required)
        {
            if (shape.Members.TryGetValue(required, out ServiceMember? member) && member.IsInBody(shape) && !present.Contains(required))
            {
                errors.Add($"{path}: missing required member '{required}'");
            }
        }
    }

    private static bool Expect(JsonElement json, JsonValueKind kind, string expected, string path, List<string> errors)
    {
        if (json.ValueKind == kind)
        {
            return true;
        }

        errors.Add($"{path}: expected {expected}, got {Describe(json)}");
        return false;
    }

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => json.ValueKind.ToString(),
    };

    private static void CheckLength(ServiceShape shape, long length, string what, string path, List<string> warnings)
    {
        if (shape.Min is double min && length < min)
        {
            warnings.Add($"{path}: {what} {length.ToString(CultureInfo.InvariantCulture)} is below the minimum {min.ToString(CultureInfo.InvariantCulture)}");
        }

        if (shape.Max is double max && length > max)
        {
            warnings.Add($"{path}: {what} {length.ToString(CultureInfo.InvariantCulture)} is above the maximum {max.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    private static void CheckCount(ServiceShape shape, int count, string path, List<string> warnings) =>
        CheckLength(shape, count, "entry count", path, warnings);

    private static void CheckRange(ServiceShape shape, double value, string path, List<string> warnings)
    {
        if ((shape.Min is double min && value < min) || (shape.Max is double max && value > max))
        {
            warnings.Add($"{path}: value {value.ToString(CultureInfo.InvariantCulture)} is outside " +
                $"[{shape.Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"}, {shape.Max?.ToString(CultureInfo.InvariantCulture) ?? "inf"}]");
        }
    }
}
