using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Tests.Aws.ServiceModel;

namespace Bedrock.Foundations.Tests.Aws.Model;

/// <summary>Union members this version does not model survive a round trip through the DTOs.</summary>
[TestFixture]
public sealed class UnknownUnionMemberTests
{
    private static readonly Type[] OpenUnions =
        [typeof(ContentBlock), typeof(ToolResultContentBlock), typeof(ContentBlockDelta), typeof(ContentBlockStart), typeof(SystemContentBlock), typeof(Tool)];

    [TestCaseSource(nameof(OpenUnions))]
    public void OpenUnion_HasAnAdditionalMembersExtensionDataProperty(Type type)
    {
        PropertyInfo? property = type.GetProperty("AdditionalMembers");

        Assert.That(property, Is.Not.Null);
        Assert.That(property!.PropertyType, Is.EqualTo(typeof(IDictionary<string, JsonElement>)));
        Assert.That(property.GetCustomAttribute<JsonExtensionDataAttribute>(), Is.Not.Null);
        Assert.That(ServiceModelShapes.Runtime.GetShape(type.Name).IsUnion, Is.True);
    }

    [Test]
    public void ConverseResponse_VideoBlock_IsSentBackUnchangedInTheHistory()
    {
        const string Response = """
            {"output":{"message":{"role":"assistant","content":[
              {"video":{"format":"mp4","source":{"s3Location":{"uri":"s3://bucket/clip.mp4"}}}},
              {"text":"Here is the clip."}]}},
             "stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"metrics":{"latencyMs":5}}
            """;
        ConverseResponse response = JsonSerializer.Deserialize(Response, BedrockJsonContext.Default.ConverseResponse)!;
        Message assistant = response.Output!.Message!;

        ConverseRequest next = new()
        {
            ModelId = "amazon.nova-pro-v1:0",
            Messages = [assistant, new Message { Role = "user", Content = [new ContentBlock { Text = "Describe it." }] }],
        };
        JsonNode sent = JsonNode.Parse(JsonSerializer.Serialize(next, BedrockJsonContext.Default.ConverseRequest))!;

        JsonNode? video = sent["messages"]![0]!["content"]![0];
        Assert.That(assistant.Content![0].AdditionalMembers, Is.Not.Null.And.ContainKey("video"));
        Assert.That(JsonNode.DeepEquals(video, JsonNode.Parse("""{"video":{"format":"mp4","source":{"s3Location":{"uri":"s3://bucket/clip.mp4"}}}}""")), Is.True,
            video?.ToJsonString());
        Assert.That(sent["messages"]![0]!["content"]![1]!.ToJsonString(), Is.EqualTo("""{"text":"Here is the clip."}"""));
    }

    [Test]
    public void ToolResultVideoAndNewDeltaMembers_RoundTrip()
    {
        const string Block = """{"toolResult":{"toolUseId":"t1","content":[{"video":{"format":"mp4","source":{"bytes":"AAEC"}}}],"status":"success"}}""";
        ContentBlock block = JsonSerializer.Deserialize(Block, BedrockJsonContext.Default.ContentBlock)!;
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(JsonSerializer.Serialize(block, BedrockJsonContext.Default.ContentBlock)), JsonNode.Parse(Block)), Is.True);

        const string Delta = """{"futureDelta":{"value":1}}""";
        ContentBlockDelta delta = JsonSerializer.Deserialize(Delta, BedrockJsonContext.Default.ContentBlockDelta)!;
        Assert.That(delta.Text, Is.Null);
        Assert.That(JsonSerializer.Serialize(delta, BedrockJsonContext.Default.ContentBlockDelta), Is.EqualTo(Delta));
    }

    [Test]
    public void KnownMembersOnly_NoAdditionalMembersAreWritten()
    {
        ContentBlock block = JsonSerializer.Deserialize("""{"text":"hi"}""", BedrockJsonContext.Default.ContentBlock)!;

        Assert.That(block.AdditionalMembers, Is.Null);
        Assert.That(JsonSerializer.Serialize(block, BedrockJsonContext.Default.ContentBlock), Is.EqualTo("""{"text":"hi"}"""));
    }
}
