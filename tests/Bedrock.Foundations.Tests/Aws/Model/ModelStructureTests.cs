using System.Reflection;
using System.Text.Json.Serialization;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Tests.Aws.ServiceModel;

namespace Bedrock.Foundations.Tests.Aws.Model;

/// <summary>
/// The DTO classes against the service models, by reflection: every class is a modelled shape, every property a
/// member of it with the matching type, every member a property unless listed as omitted, and every modelled shape a class.
/// </summary>
[TestFixture]
public sealed class ModelStructureTests
{
    private static IEnumerable<Type> DtoTypes() => ModelShapeMap.DtoTypes;

    [Test]
    public void DtoTypes_CoverTheContractNames()
    {
        string[] contract =
        [
            "ConverseRequest", "ConverseResponse", "Message", "ContentBlock", "SystemContentBlock", "InferenceConfiguration",
            "ToolConfiguration", "Tool", "ToolSpecification", "ToolInputSchema", "ToolChoice", "ToolUseBlock", "ToolResultBlock",
            "ToolResultContentBlock", "ImageBlock", "ImageSource", "DocumentBlock", "DocumentSource", "GuardrailConfiguration",
            "TokenUsage", "ConverseMetrics", "ConverseOutput", "ConverseStreamRequest", "ConverseStreamOutput", "MessageStartEvent",
            "ContentBlockStartEvent", "ContentBlockDeltaEvent", "ContentBlockStopEvent", "MessageStopEvent",
            "ConverseStreamMetadataEvent", "InvokeModelRequest", "InvokeModelResponse", "ApplyGuardrailRequest",
            "ApplyGuardrailResponse", "CountTokensRequest", "CountTokensResponse", "RetrieveRequest", "RetrieveResponse",
            "RerankRequest", "RerankResponse",
        ];

        Assert.That(ModelShapeMap.DtoTypes.Select(t => t.Name), Is.SupersetOf(contract));
    }

    [TestCaseSource(nameof(DtoTypes))]
    public void DtoType_IsASealedClassForAModelledShape(Type type)
    {
        (ServiceModelShapes model, ServiceShape shape) = ModelShapeMap.ShapeOf(type);

        Assert.Multiple(() =>
        {
            Assert.That(type.IsClass && type.IsSealed, Is.True, $"{type.Name} should be a sealed class");
            Assert.That(shape.Type, Is.EqualTo("structure"));
            Assert.That(shape.IsDocument, Is.False, $"{type.Name} maps to a document shape of {model.Name}");
        });
    }

    [TestCaseSource(nameof(DtoTypes))]
    public void DtoType_EveryPropertyIsAMemberOfItsShape_WithTheMatchingType(Type type)
    {
        (ServiceModelShapes model, ServiceShape shape) = ModelShapeMap.ShapeOf(type);
        var nullability = new NullabilityInfoContext();
        var problems = new List<string>();

        foreach (PropertyInfo property in ModelShapeMap.ShapeProperties(type))
        {
            string? jsonName = ModelShapeMap.JsonName(property);
            ServiceMember? member;
            if (jsonName is null)
            {
                member = ModelShapeMap.IgnoredMember(shape, property);
                if (member is null || member.IsInBody(shape))
                {
                    problems.Add($"{property.Name} is [JsonIgnore] but {shape.Name} has no member of that name bound outside the JSON body");
                    continue;
                }
            }
            else if (!shape.Members.TryGetValue(jsonName, out member))
            {
                problems.Add($"{property.Name}: '{jsonName}' is not a member of {shape.Name}");
                continue;
            }
            else if (!member.IsInBody(shape))
            {
                problems.Add($"{property.Name}: '{jsonName}' is bound to {member.Location ?? "the payload"}, so it needs [JsonIgnore]");
                continue;
            }

            string? mismatch = ModelShapeMap.TypeMismatch(property.PropertyType, model, model.GetShape(member.Target));
            if (mismatch is not null)
            {
                problems.Add($"{property.Name}: {mismatch}");
            }

            bool nullable = property.PropertyType.IsValueType
                ? Nullable.GetUnderlyingType(property.PropertyType) is not null
                : nullability.Create(property).ReadState == NullabilityState.Nullable;
            if (!nullable)
            {
                problems.Add($"{property.Name} must be nullable (absent members read as null)");
            }

            if (property.SetMethod is not { IsPublic: true })
            {
                problems.Add($"{property.Name} needs a public setter");
            }
        }

        Assert.That(problems, Is.Empty, $"{type.Name} vs shape {shape.Name} of {model.Name}");
    }

    [TestCaseSource(nameof(DtoTypes))]
    public void DtoType_EveryMemberOfItsShapeIsAProperty_UnlessListedAsOmitted(Type type)
    {
        (ServiceModelShapes model, ServiceShape shape) = ModelShapeMap.ShapeOf(type);
        PropertyInfo[] properties = ModelShapeMap.ShapeProperties(type);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (PropertyInfo property in properties)
        {
            string? name = ModelShapeMap.JsonName(property) ?? ModelShapeMap.IgnoredMember(shape, property)?.Name;
            if (name is not null)
            {
                covered.Add(name);
            }
        }

        var missing = shape.Members.Keys.Where(m => !covered.Contains(m) && !ModelShapeMap.IsOmitted(model, shape.Name, m)).ToList();
        var stale = ModelShapeMap.OmittedMembers
            .Where(o => o.Service == model.Name && o.Shape == shape.Name && covered.Contains(o.Member))
            .Select(o => o.Member)
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(missing, Is.Empty, $"members of {shape.Name} without a property in {type.Name}");
            Assert.That(stale, Is.Empty, $"members of {shape.Name} listed as omitted but present in {type.Name}");
        });
    }

    [Test]
    public void OmittedMembers_AreRealMembers()
    {
        foreach ((string service, string shape, string member, string reason) in ModelShapeMap.OmittedMembers)
        {
            ServiceModelShapes model = service == ServiceModelShapes.Runtime.Name ? ServiceModelShapes.Runtime : ServiceModelShapes.AgentRuntime;
            Assert.That(model.GetShape(shape).Members.ContainsKey(member), Is.True, $"{service} {shape}.{member} ({reason})");
        }
    }

    [TestCase("bedrock-runtime")]
    [TestCase("bedrock-agent-runtime")]
    public void EveryModelledStructure_HasADtoClass(string service)
    {
        ServiceModelShapes model = service == ServiceModelShapes.Runtime.Name ? ServiceModelShapes.Runtime : ServiceModelShapes.AgentRuntime;

        var withoutClass = ModelShapeMap.ModelledShapes(model)
            .Select(model.GetShape)
            .Where(s => s.Type == "structure" && !s.IsDocument && ModelShapeMap.ClassOf(model, s.Name) is null)
            .Select(s => s.Name)
            .ToList();

        Assert.That(withoutClass, Is.Empty);
    }

    [TestCaseSource(nameof(DtoTypes))]
    public void BedrockJsonContext_HasTypeInfoForEveryDto(Type type)
    {
        Assert.That(BedrockJsonContext.Default.GetTypeInfo(type), Is.Not.Null);
    }

    [Test]
    public void BedrockJsonContext_DeclaresEveryRequestResponseEventAndErrorType()
    {
        Type[] expected =
        [
            typeof(ConverseRequest), typeof(ConverseResponse), typeof(ConverseStreamRequest), typeof(ConverseStreamOutput),
            typeof(MessageStartEvent), typeof(ContentBlockStartEvent), typeof(ContentBlockDeltaEvent), typeof(ContentBlockStopEvent),
            typeof(MessageStopEvent), typeof(ConverseStreamMetadataEvent), typeof(InternalServerException),
            typeof(ModelStreamErrorException), typeof(ValidationException), typeof(ThrottlingException),
            typeof(ServiceUnavailableException), typeof(InvokeModelRequest), typeof(InvokeModelResponse),
            typeof(ApplyGuardrailRequest), typeof(ApplyGuardrailResponse), typeof(CountTokensRequest), typeof(CountTokensResponse),
            typeof(RetrieveRequest), typeof(RetrieveResponse), typeof(RerankRequest), typeof(RerankResponse), typeof(BedrockErrorBody),
        ];

        Assert.Multiple(() =>
        {
            Assert.That(ModelShapeMap.ContextRootTypes, Is.EquivalentTo(expected));
            Assert.That(
                typeof(BedrockJsonContext).GetCustomAttribute<JsonSourceGenerationOptionsAttribute>()?.DefaultIgnoreCondition,
                Is.EqualTo(JsonIgnoreCondition.WhenWritingNull));
        });
    }
}
