using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Tests.Aws.ServiceModel;

namespace Bedrock.Foundations.Tests.Aws.Model;

/// <summary>
/// Realistic response bodies and stream events, written by hand from the service model, read through
/// <see cref="BedrockJsonContext"/>: the values land where expected and unknown members (new fields, the stream's
/// <c>p</c> padding) are skipped. Each body is first checked against the model with the extra members taken out.
/// </summary>
[TestFixture]
public sealed class BedrockJsonContextResponseTests
{
    private const string ConverseResponseJson = """
        {
          "output": {
            "message": {
              "role": "assistant",
              "content": [
                { "text": "Let me check the weather." },
                { "toolUse": { "toolUseId": "tooluse_abc", "name": "get_weather", "input": { "city": "Paris", "days": 2 } } }
              ]
            }
          },
          "stopReason": "tool_use",
          "usage": { "inputTokens": 120, "outputTokens": 40, "totalTokens": 160, "cacheReadInputTokens": 100, "cacheWriteInputTokens": 20 },
          "metrics": { "latencyMs": 812 }
        }
        """;

    [Test]
    public void ConverseResponse_WithTextToolUseAndCacheUsage_Deserializes()
    {
        AssertValid(ServiceModelShapes.Runtime, "ConverseResponse", ConverseResponseJson);
        JsonObject withExtras = JsonNode.Parse(ConverseResponseJson)!.AsObject();
        withExtras["someFutureField"] = new JsonObject { ["nested"] = new JsonArray(1, 2) };
        withExtras["usage"]!["newTokenCounter"] = 7;
        withExtras["output"]!["message"]!["content"]![0]!["extra"] = "ignored";

        ConverseResponse response = JsonSerializer.Deserialize(withExtras.ToJsonString(), BedrockJsonContext.Default.ConverseResponse)!;

        Message message = response.Output!.Message!;
        ToolUseBlock toolUse = message.Content![1].ToolUse!;
        Assert.Multiple(() =>
        {
            Assert.That(message.Role, Is.EqualTo("assistant"));
            Assert.That(message.Content, Has.Count.EqualTo(2));
            Assert.That(message.Content[0].Text, Is.EqualTo("Let me check the weather."));
            Assert.That(message.Content[0].ToolUse, Is.Null);
            Assert.That(toolUse.ToolUseId, Is.EqualTo("tooluse_abc"));
            Assert.That(toolUse.Name, Is.EqualTo("get_weather"));
            Assert.That(toolUse.Input!.Value.GetProperty("city").GetString(), Is.EqualTo("Paris"));
            Assert.That(toolUse.Input!.Value.GetProperty("days").GetInt32(), Is.EqualTo(2));
            Assert.That(response.StopReason, Is.EqualTo("tool_use"));
            Assert.That(response.Usage!.InputTokens, Is.EqualTo(120));
            Assert.That(response.Usage.OutputTokens, Is.EqualTo(40));
            Assert.That(response.Usage.TotalTokens, Is.EqualTo(160));
            Assert.That(response.Usage.CacheReadInputTokens, Is.EqualTo(100));
            Assert.That(response.Usage.CacheWriteInputTokens, Is.EqualTo(20));
            Assert.That(response.Metrics!.LatencyMs, Is.EqualTo(812L));
            Assert.That(response.Trace, Is.Null);
        });
    }

    [Test]
    public void MessageStartEvent_WithPadding_Deserializes()
    {
        MessageStartEvent e = ReadEvent("""{"p":"abcdefghij","role":"assistant"}""", "MessageStartEvent", BedrockJsonContext.Default.MessageStartEvent);

        Assert.That(e.Role, Is.EqualTo("assistant"));
    }

    [Test]
    public void ContentBlockStartEvent_ToolUse_WithPadding_Deserializes()
    {
        ContentBlockStartEvent e = ReadEvent(
            """{"contentBlockIndex":1,"p":"abcd","start":{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather"}}}""",
            "ContentBlockStartEvent",
            BedrockJsonContext.Default.ContentBlockStartEvent);

        Assert.Multiple(() =>
        {
            Assert.That(e.ContentBlockIndex, Is.EqualTo(1));
            Assert.That(e.Start!.ToolUse!.ToolUseId, Is.EqualTo("tooluse_1"));
            Assert.That(e.Start.ToolUse.Name, Is.EqualTo("get_weather"));
        });
    }

    [Test]
    public void ContentBlockDeltaEvent_Text_WithPadding_Deserializes()
    {
        ContentBlockDeltaEvent e = ReadEvent(
            """{"contentBlockIndex":0,"delta":{"text":"Hel"},"p":"abcdefghijklmnopqrstuvwxyzABCDEFGH"}""",
            "ContentBlockDeltaEvent",
            BedrockJsonContext.Default.ContentBlockDeltaEvent);

        Assert.Multiple(() =>
        {
            Assert.That(e.ContentBlockIndex, Is.EqualTo(0));
            Assert.That(e.Delta!.Text, Is.EqualTo("Hel"));
            Assert.That(e.Delta.ToolUse, Is.Null);
        });
    }

    [Test]
    public void ContentBlockDeltaEvent_ToolUseInputAndReasoning_WithPadding_Deserialize()
    {
        ContentBlockDeltaEvent toolUse = ReadEvent(
            """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":"}},"p":"ab"}""",
            "ContentBlockDeltaEvent",
            BedrockJsonContext.Default.ContentBlockDeltaEvent);
        ContentBlockDeltaEvent reasoning = ReadEvent(
            """{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Thinking"}},"p":"abc"}""",
            "ContentBlockDeltaEvent",
            BedrockJsonContext.Default.ContentBlockDeltaEvent);

        Assert.Multiple(() =>
        {
            Assert.That(toolUse.Delta!.ToolUse!.Input, Is.EqualTo("{\"city\":"));
            Assert.That(reasoning.Delta!.ReasoningContent!.Text, Is.EqualTo("Thinking"));
        });
    }

    [Test]
    public void ContentBlockStopEvent_WithPadding_Deserializes()
    {
        ContentBlockStopEvent e = ReadEvent("""{"contentBlockIndex":2,"p":"abcdefgh"}""", "ContentBlockStopEvent", BedrockJsonContext.Default.ContentBlockStopEvent);

        Assert.That(e.ContentBlockIndex, Is.EqualTo(2));
    }

    [Test]
    public void MessageStopEvent_WithPadding_Deserializes()
    {
        MessageStopEvent e = ReadEvent(
            """{"p":"abc","stopReason":"end_turn","additionalModelResponseFields":{"stop_sequence":null}}""",
            "MessageStopEvent",
            BedrockJsonContext.Default.MessageStopEvent);

        Assert.Multiple(() =>
        {
            Assert.That(e.StopReason, Is.EqualTo("end_turn"));
            Assert.That(e.AdditionalModelResponseFields!.Value.GetProperty("stop_sequence").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void ConverseStreamMetadataEvent_WithPadding_Deserializes()
    {
        ConverseStreamMetadataEvent e = ReadEvent(
            """{"metrics":{"latencyMs":300},"p":"abcdef","usage":{"inputTokens":10,"outputTokens":5,"totalTokens":15,"cacheReadInputTokens":3}}""",
            "ConverseStreamMetadataEvent",
            BedrockJsonContext.Default.ConverseStreamMetadataEvent);

        Assert.Multiple(() =>
        {
            Assert.That(e.Metrics!.LatencyMs, Is.EqualTo(300L));
            Assert.That(e.Usage!.InputTokens, Is.EqualTo(10));
            Assert.That(e.Usage.OutputTokens, Is.EqualTo(5));
            Assert.That(e.Usage.TotalTokens, Is.EqualTo(15));
            Assert.That(e.Usage.CacheReadInputTokens, Is.EqualTo(3));
            Assert.That(e.Usage.CacheWriteInputTokens, Is.Null);
        });
    }

    [Test]
    public void StreamExceptionEvents_Deserialize()
    {
        ModelStreamErrorException modelError = ReadEvent(
            """{"message":"The model failed.","originalStatusCode":500,"originalMessage":"inner failure"}""",
            "ModelStreamErrorException",
            BedrockJsonContext.Default.ModelStreamErrorException);
        ThrottlingException throttling = ReadEvent("""{"message":"Too many requests."}""", "ThrottlingException", BedrockJsonContext.Default.ThrottlingException);

        Assert.Multiple(() =>
        {
            Assert.That(modelError.Message, Is.EqualTo("The model failed."));
            Assert.That(modelError.OriginalStatusCode, Is.EqualTo(500));
            Assert.That(modelError.OriginalMessage, Is.EqualTo("inner failure"));
            Assert.That(throttling.Message, Is.EqualTo("Too many requests."));
        });
    }

    [Test]
    public void ConverseStreamOutput_UnionForm_SetsExactlyTheNamedMember()
    {
        const string Json = """{"contentBlockDelta":{"contentBlockIndex":0,"delta":{"text":"Hi"}}}""";
        AssertValid(ServiceModelShapes.Runtime, "ConverseStreamOutput", Json);

        ConverseStreamOutput output = JsonSerializer.Deserialize(Json, BedrockJsonContext.Default.ConverseStreamOutput)!;

        Assert.Multiple(() =>
        {
            Assert.That(output.ContentBlockDelta!.Delta!.Text, Is.EqualTo("Hi"));
            Assert.That(output.MessageStart, Is.Null);
            Assert.That(output.Metadata, Is.Null);
        });
    }

    [Test]
    public void ApplyGuardrailResponse_Deserializes()
    {
        const string Json = """
            {
              "usage": { "topicPolicyUnits": 1, "contentPolicyUnits": 1, "wordPolicyUnits": 0, "sensitiveInformationPolicyUnits": 0,
                         "sensitiveInformationPolicyFreeUnits": 0, "contextualGroundingPolicyUnits": 0 },
              "action": "GUARDRAIL_INTERVENED",
              "outputs": [ { "text": "Sorry, I can't help with that." } ],
              "assessments": [ { "contentPolicy": { "filters": [ { "type": "HATE", "confidence": "HIGH", "action": "BLOCKED", "detected": true } ] } } ]
            }
            """;
        AssertValid(ServiceModelShapes.Runtime, "ApplyGuardrailResponse", Json);

        ApplyGuardrailResponse response = JsonSerializer.Deserialize(Json, BedrockJsonContext.Default.ApplyGuardrailResponse)!;

        GuardrailContentFilter filter = response.Assessments![0].ContentPolicy!.Filters![0];
        Assert.Multiple(() =>
        {
            Assert.That(response.Action, Is.EqualTo("GUARDRAIL_INTERVENED"));
            Assert.That(response.Outputs![0].Text, Is.EqualTo("Sorry, I can't help with that."));
            Assert.That(response.Usage!.ContentPolicyUnits, Is.EqualTo(1));
            Assert.That(filter.Type, Is.EqualTo("HATE"));
            Assert.That(filter.Detected, Is.True);
        });
    }

    [Test]
    public void CountTokensResponse_Deserializes()
    {
        AssertValid(ServiceModelShapes.Runtime, "CountTokensResponse", """{"inputTokens":42}""");

        Assert.That(JsonSerializer.Deserialize("""{"inputTokens":42}""", BedrockJsonContext.Default.CountTokensResponse)!.InputTokens, Is.EqualTo(42));
    }

    [Test]
    public void RetrieveResponse_Deserializes()
    {
        const string Json = """
            {
              "retrievalResults": [
                {
                  "content": { "text": "Paris is the capital of France.", "type": "TEXT" },
                  "location": { "type": "S3", "s3Location": { "uri": "s3://bucket/doc.pdf" } },
                  "metadata": { "x-amz-bedrock-kb-source-uri": "s3://bucket/doc.pdf", "page": 3 },
                  "score": 0.82
                }
              ],
              "guardrailAction": "NONE",
              "nextToken": "token-2"
            }
            """;
        AssertValid(ServiceModelShapes.AgentRuntime, "RetrieveResponse", Json);

        RetrieveResponse response = JsonSerializer.Deserialize(Json, BedrockJsonContext.Default.RetrieveResponse)!;

        KnowledgeBaseRetrievalResult result = response.RetrievalResults![0];
        Assert.Multiple(() =>
        {
            Assert.That(result.Content!.Text, Is.EqualTo("Paris is the capital of France."));
            Assert.That(result.Location!.S3Location!.Uri, Is.EqualTo("s3://bucket/doc.pdf"));
            Assert.That(result.Metadata!["page"].GetInt32(), Is.EqualTo(3));
            Assert.That(result.Score, Is.EqualTo(0.82));
            Assert.That(response.GuardrailAction, Is.EqualTo("NONE"));
            Assert.That(response.NextToken, Is.EqualTo("token-2"));
        });
    }

    [Test]
    public void RerankResponse_Deserializes()
    {
        const string Json = """{"results":[{"index":1,"relevanceScore":0.9},{"index":0,"relevanceScore":0.125,"document":{"type":"TEXT","textDocument":{"text":"b"}}}]}""";
        AssertValid(ServiceModelShapes.AgentRuntime, "RerankResponse", Json);

        RerankResponse response = JsonSerializer.Deserialize(Json, BedrockJsonContext.Default.RerankResponse)!;

        Assert.Multiple(() =>
        {
            Assert.That(response.Results!.Select(r => r.Index), Is.EqualTo(new int?[] { 1, 0 }));
            Assert.That(response.Results![0].RelevanceScore, Is.EqualTo(0.9f));
            Assert.That(response.Results[1].Document!.TextDocument!.Text, Is.EqualTo("b"));
        });
    }

    private static T ReadEvent<T>(string json, string shape, JsonTypeInfo<T> info)
    {
        JsonObject withoutPadding = JsonNode.Parse(json)!.AsObject();
        withoutPadding.Remove("p");
        AssertValid(ServiceModelShapes.Runtime, shape, withoutPadding.ToJsonString());
        return JsonSerializer.Deserialize(json, info)!;
    }

    private static void AssertValid(ServiceModelShapes model, string shape, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        ShapeValidationResult result = model.Check(shape, document.RootElement);
        Assert.Multiple(() =>
        {
            Assert.That(result.Errors, Is.Empty, $"{shape}: {json}");
            Assert.That(result.Warnings, Is.Empty, $"{shape}: {json}");
        });
    }
}
