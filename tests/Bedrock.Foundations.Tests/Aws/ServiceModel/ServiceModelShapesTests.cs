using System.Text.Json;

namespace Bedrock.Foundations.Tests.Aws.ServiceModel;

[TestFixture]
public sealed class ServiceModelShapesTests
{
    private static ServiceModelShapes Runtime => ServiceModelShapes.Runtime;

    private static IReadOnlyList<string> Errors(string shape, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return Runtime.Validate(shape, document.RootElement);
    }

    private static ShapeValidationResult Check(string shape, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return Runtime.Check(shape, document.RootElement);
    }

    [Test]
    public void Models_AreFoundBesideTheRepository_AndLoad()
    {
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(ServiceModelShapes.FindSpecsDirectory(), ServiceModelShapes.RuntimeModelPath)), Is.True);
            Assert.That(Runtime.Name, Is.EqualTo("bedrock-runtime"));
            Assert.That(ServiceModelShapes.AgentRuntime.Name, Is.EqualTo("bedrock-agent-runtime"));
            Assert.That(Runtime.Operations["Converse"].Input, Is.EqualTo("ConverseRequest"));
            Assert.That(Runtime.GetShape("ContentBlock").IsUnion, Is.True);
            Assert.That(Runtime.GetShape("ConverseStreamOutput").IsEventStream, Is.True);
            Assert.That(Runtime.GetShape("ConverseRequest").Members["modelId"].Location, Is.EqualTo("uri"));
        });
    }

    [Test]
    public void Validate_AcceptsAMinimalConverseRequest()
    {
        Assert.That(Errors("ConverseRequest", """{"messages":[{"role":"user","content":[{"text":"hi"}]}]}"""), Is.Empty);
    }

    [Test]
    public void Validate_ReportsAnUnknownMemberWithItsPath()
    {
        Assert.That(
            Errors("ConverseRequest", """{"messages":[{"role":"user","content":[{"txt":"hi"}]}]}"""),
            Is.EqualTo(new[]
            {
                "ConverseRequest.messages[0].content[0]: unknown member 'txt'",
                "ConverseRequest.messages[0].content[0]: union must have exactly one member set, got 0",
            }));
    }

    [Test]
    public void Validate_ReportsAWrongJsonType()
    {
        Assert.That(
            Errors("ConverseRequest", """{"inferenceConfig":{"temperature":"hot","maxTokens":1.5,"stopSequences":"x"}}"""),
            Is.EqualTo(new[]
            {
                "ConverseRequest.inferenceConfig.temperature: expected float, got string",
                "ConverseRequest.inferenceConfig.maxTokens: expected integer, got number 1.5",
                "ConverseRequest.inferenceConfig.stopSequences: expected list, got string",
            }));
    }

    [Test]
    public void Validate_ReportsAUnionWithTwoMembers()
    {
        Assert.That(
            Errors("ContentBlock", """{"text":"a","cachePoint":{"type":"default"}}"""),
            Is.EqualTo(new[] { "ContentBlock: union must have exactly one member set, got 2 (text, cachePoint)" }));
    }

    [Test]
    public void Validate_ReportsAMissingRequiredMember_ButNotAPathBoundOne()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors("Message", """{"role":"user"}"""), Is.EqualTo(new[] { "Message: missing required member 'content'" }));
            Assert.That(Errors("ConverseRequest", "{}"), Is.Empty, "modelId is in the URI path");
        });
    }

    [Test]
    public void Validate_ReportsAPathBoundMemberInTheBody()
    {
        Assert.That(
            Errors("ConverseRequest", """{"modelId":"m"}"""),
            Is.EqualTo(new[] { "ConverseRequest: unknown member 'modelId' (bound to uri, not the JSON body)" }));
    }

    [Test]
    public void Validate_ChecksBlobsAreBase64()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors("ImageSource", """{"bytes":"AQID"}"""), Is.Empty);
            Assert.That(
                Errors("ImageSource", """{"bytes":"not base64!"}"""),
                Is.EqualTo(new[] { "ImageSource.bytes: expected blob (base64 string), got a string that is not base64" }));
        });
    }

    [Test]
    public void Validate_ChecksBooleansLongsDoublesMapsAndDocuments()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors("CitationsConfig", """{"enabled":"yes"}"""), Is.EqualTo(new[] { "CitationsConfig.enabled: expected boolean, got string" }));
            Assert.That(Errors("ConverseMetrics", """{"latencyMs":12345678901}"""), Is.Empty);
            Assert.That(Errors("ConverseMetrics", """{"latencyMs":1.5}"""), Is.EqualTo(new[] { "ConverseMetrics.latencyMs: expected long, got number 1.5" }));
            Assert.That(Errors("ConverseRequest", """{"requestMetadata":{"k":1}}"""), Is.EqualTo(new[] { "ConverseRequest.requestMetadata[\"k\"]: expected string, got number" }));
            Assert.That(Errors("ConverseRequest", """{"additionalModelRequestFields":{"anything":[1,{"x":null}]}}"""), Is.Empty);
            Assert.That(Errors("ToolUseBlock", """{"toolUseId":"t","name":"n","input":"a string is a document too"}"""), Is.Empty);
        });
    }

    [Test]
    public void Check_ReportsConstraintsAndUnknownEnumValuesAsWarningsOnly()
    {
        ShapeValidationResult result = Check("ConverseRequest", """{"inferenceConfig":{"temperature":3,"maxTokens":0},"messages":[{"role":"narrator","content":[{"text":"x"}]}]}""");

        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.Warnings, Has.Count.EqualTo(3));
            Assert.That(result.Warnings, Has.Some.StartsWith("ConverseRequest.inferenceConfig.temperature: value 3 is outside [0, 1]"));
            Assert.That(result.Warnings, Has.Some.StartsWith("ConverseRequest.inferenceConfig.maxTokens: value 0 is outside [1, "));
            Assert.That(result.Warnings, Has.Some.StartsWith("ConverseRequest.messages[0].role: 'narrator' is not one of the known values"));
        });
    }

    [Test]
    public void Validate_TreatsTheEventStreamAsAUnion()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Errors("ConverseStreamOutput", """{"messageStart":{"role":"assistant"}}"""), Is.Empty);
            Assert.That(Errors("ConverseStreamOutput", "{}"), Is.EqualTo(new[] { "ConverseStreamOutput: union must have exactly one member set, got 0" }));
        });
    }

    [Test]
    public void GetShape_UnknownName_ThrowsNamingTheModel()
    {
        Assert.That(
            () => Runtime.GetShape("NoSuchShape"),
            Throws.TypeOf<KeyNotFoundException>().With.Message.EqualTo("Shape 'NoSuchShape' is not in the bedrock-runtime model."));
    }

    [Test]
    public void ReachableShapes_FollowsMembersListsAndMaps_AndRejectsUnknownOperations()
    {
        IReadOnlySet<string> reachable = Runtime.ReachableShapes("Converse");

        Assert.Multiple(() =>
        {
            Assert.That(reachable, Does.Contain("ConverseRequest").And.Contain("ToolUseBlock").And.Contain("PromptVariableValues").And.Contain("TokenUsage"));
            Assert.That(reachable, Does.Not.Contain("ConverseStreamOutput"));
            Assert.That(() => Runtime.ReachableShapes("Nope"), Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("Operation 'Nope'"));
        });
    }
}
