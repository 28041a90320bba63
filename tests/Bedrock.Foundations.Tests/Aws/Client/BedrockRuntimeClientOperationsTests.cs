using System.Net;
using System.Text;
using System.Text.Json;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Tests.Aws.ServiceModel;

namespace Bedrock.Foundations.Tests.Aws.Client;

[TestFixture]
public sealed class BedrockRuntimeClientOperationsTests
{
    private const string ModelId = "amazon.nova-lite-v1:0";

    [Test]
    public async Task ConverseAsync_SendsTheModelShapedBody_AndParsesTheResponse()
    {
        FakeHttpHandler handler = new()
        {
            Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """
                {"output":{"message":{"role":"assistant","content":[{"text":"Hello there"}]}},"stopReason":"end_turn",
                 "usage":{"inputTokens":12,"outputTokens":3,"totalTokens":15,"cacheReadInputTokenCount":0,"serverToolUsage":{}},
                 "metrics":{"latencyMs":42},"unknownTopLevel":[1,2]}
                """, ("x-amzn-RequestId", "rid-1"))),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        ConverseResponse response = await client.ConverseAsync(new ConverseRequest
        {
            ModelId = ModelId,
            Messages = [new Message { Role = "user", Content = [new ContentBlock { Text = "Hi" }] }],
            InferenceConfig = new InferenceConfiguration { MaxTokens = 100, Temperature = 0.5f },
        });

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.RawPath, Is.EqualTo("/model/amazon.nova-lite-v1%3A0/converse"));
        Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json"));
        AssertValid(ServiceModelShapes.Runtime, "ConverseRequest", request.Body);
        using (JsonDocument body = JsonDocument.Parse(request.Body))
        {
            Assert.That(body.RootElement.TryGetProperty("modelId", out _), Is.False);
            Assert.That(body.RootElement.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("Hi"));
            Assert.That(body.RootElement.GetProperty("inferenceConfig").GetProperty("maxTokens").GetInt32(), Is.EqualTo(100));
        }

        Assert.That(response.Output!.Message!.Content![0].Text, Is.EqualTo("Hello there"));
        Assert.That(response.StopReason, Is.EqualTo("end_turn"));
        Assert.That(response.Usage!.TotalTokens, Is.EqualTo(15));
        Assert.That(response.Metrics!.LatencyMs, Is.EqualTo(42));
    }

    [Test]
    public void ConverseAsync_BadArguments_Throw()
    {
        using BedrockRuntimeClient client = TestClients.Create(new FakeHttpHandler());

        Assert.That(() => client.ConverseAsync(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("request"));
        Assert.That(() => client.ConverseAsync(new ConverseRequest()),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("request").And.Message.Contains("ConverseRequest.ModelId is required"));
        Assert.That(() => client.ConverseAsync(new ConverseRequest { ModelId = " " }), Throws.ArgumentException.With.Property("ParamName").EqualTo("request"));
    }

    [TestCase("not json")]
    [TestCase("null")]
    [TestCase("""{"stopReason": 5}""")]
    public void ConverseAsync_UnreadableResponse_ThrowsInvalidResponse(string body)
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, body, ("x-amzn-RequestId", "rid-9"))) };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(new ConverseRequest { ModelId = ModelId }))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.InvalidResponse));
        Assert.That(ex.RequestId, Is.EqualTo("rid-9"));
        Assert.That(handler.Attempts, Is.EqualTo(1));
    }

    [Test]
    public void ConverseAsync_ServiceError_ThrowsBedrockException()
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Error(HttpStatusCode.BadRequest, "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/", "The model returned the following errors: bad")) };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        BedrockException ex = Assert.ThrowsAsync<BedrockException>(() => client.ConverseAsync(new ConverseRequest { ModelId = ModelId }))!;

        Assert.That(ex.Kind, Is.EqualTo(BedrockErrorKind.Validation));
        Assert.That(ex.ErrorCode, Is.EqualTo("ValidationException"));
        Assert.That(ex.Message, Does.StartWith("Bedrock Converse failed: ValidationException (HTTP 400): The model returned the following errors: bad"));
    }

    [Test]
    public async Task InvokeModelAsync_SendsRawBodyAndHeaders_ReturnsRawBytes()
    {
        byte[] responseBody = Encoding.UTF8.GetBytes("""{"embedding":[0.1,0.2],"inputTextTokenCount":3}""");
        FakeHttpHandler handler = new()
        {
            Respond = (_, _, _) =>
            {
                HttpResponseMessage response = new(HttpStatusCode.OK) { Content = new ByteArrayContent(responseBody) };
                response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                response.Headers.TryAddWithoutValidation("X-Amzn-Bedrock-PerformanceConfig-Latency", "optimized");
                response.Headers.TryAddWithoutValidation("X-Amzn-Bedrock-Service-Tier", "priority");
                return Task.FromResult(response);
            },
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);
        byte[] requestBody = Encoding.UTF8.GetBytes("""{"inputText":"hello","dimensions":256}""");

        InvokeModelResponse result = await client.InvokeModelAsync(new InvokeModelRequest
        {
            ModelId = "amazon.titan-embed-text-v2:0",
            Body = requestBody,
            ContentType = "application/json",
            Accept = "application/json",
            Trace = "ENABLED",
            GuardrailIdentifier = "gr-1",
            GuardrailVersion = "DRAFT",
            PerformanceConfigLatency = "optimized",
            ServiceTier = "priority",
            RequestMetadata = """{"team":"search"}""",
        });

        CapturedRequest request = handler.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.RawPath, Is.EqualTo("/model/amazon.titan-embed-text-v2%3A0/invoke"));
            Assert.That(request.Body, Is.EqualTo(requestBody));
            Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json"));
            Assert.That(request.Header("Accept"), Is.EqualTo("application/json"));
            Assert.That(request.Header("X-Amzn-Bedrock-Trace"), Is.EqualTo("ENABLED"));
            Assert.That(request.Header("X-Amzn-Bedrock-GuardrailIdentifier"), Is.EqualTo("gr-1"));
            Assert.That(request.Header("X-Amzn-Bedrock-GuardrailVersion"), Is.EqualTo("DRAFT"));
            Assert.That(request.Header("X-Amzn-Bedrock-PerformanceConfig-Latency"), Is.EqualTo("optimized"));
            Assert.That(request.Header("X-Amzn-Bedrock-Service-Tier"), Is.EqualTo("priority"));
            Assert.That(request.Header("X-Amzn-Bedrock-Request-Metadata"), Is.EqualTo("""{"team":"search"}"""));
            Assert.That(request.Header("Authorization"), Does.Contain("x-amzn-bedrock-guardrailidentifier"));
            Assert.That(result.Body, Is.EqualTo(responseBody));
            Assert.That(result.ContentType, Is.EqualTo("application/json"));
            Assert.That(result.PerformanceConfigLatency, Is.EqualTo("optimized"));
            Assert.That(result.ServiceTier, Is.EqualTo("priority"));
        });
    }

    [Test]
    public async Task InvokeModelAsync_OnlyRequiredFields_DefaultsContentTypeAndSendsNoOptionalHeaders()
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler);

        await client.InvokeModelAsync(new InvokeModelRequest { ModelId = "m", Body = [1, 2, 3] });

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json"));
        Assert.That(request.Headers.Keys.Where(k => k.StartsWith("X-Amzn-Bedrock", StringComparison.OrdinalIgnoreCase)), Is.Empty);
        Assert.That(request.Header("Accept"), Is.Null);
    }

    [Test]
    public void InvokeModelAsync_MissingBodyOrModel_Throws()
    {
        using BedrockRuntimeClient client = TestClients.Create(new FakeHttpHandler());

        Assert.That(() => client.InvokeModelAsync(new InvokeModelRequest { ModelId = "m" }),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("request").And.Message.Contains("InvokeModelRequest.Body is required"));
        Assert.That(() => client.InvokeModelAsync(new InvokeModelRequest { Body = [1] }),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("request").And.Message.Contains("InvokeModelRequest.ModelId is required"));
        Assert.That(() => client.InvokeModelAsync(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("request"));
    }

    [Test]
    public async Task ApplyGuardrailAsync_PathAndBody_ResponseParsed()
    {
        FakeHttpHandler handler = new()
        {
            Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """
                {"usage":{"topicPolicyUnits":1,"contentPolicyUnits":1,"wordPolicyUnits":0,"sensitiveInformationPolicyUnits":0,
                 "sensitiveInformationPolicyFreeUnits":0,"contextualGroundingPolicyUnits":0},
                 "action":"GUARDRAIL_INTERVENED","outputs":[{"text":"Sorry."}],"assessments":[]}
                """)),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        ApplyGuardrailResponse response = await client.ApplyGuardrailAsync(new ApplyGuardrailRequest
        {
            GuardrailIdentifier = "arn:aws:bedrock:us-east-1:123456789012:guardrail/abc123",
            GuardrailVersion = "1",
            Source = "INPUT",
            Content = [new GuardrailContentBlock { Text = new GuardrailTextBlock { Text = "some input" } }],
        });

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.RawPath, Is.EqualTo("/guardrail/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aguardrail%2Fabc123/version/1/apply"));
        AssertValid(ServiceModelShapes.Runtime, "ApplyGuardrailRequest", request.Body);
        Assert.That(response.Action, Is.EqualTo("GUARDRAIL_INTERVENED"));
        Assert.That(response.Outputs![0].Text, Is.EqualTo("Sorry."));
        Assert.That(() => client.ApplyGuardrailAsync(new ApplyGuardrailRequest { GuardrailIdentifier = "g" }),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("request").And.Message.Contains("GuardrailVersion"));
    }

    [Test]
    public async Task CountTokensAsync_PathAndBody_ResponseParsed()
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """{"inputTokens":17}""")) };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        CountTokensResponse response = await client.CountTokensAsync(new CountTokensRequest
        {
            ModelId = "anthropic.claude-3-5-haiku-20241022-v1:0",
            Input = new CountTokensInput { Converse = new ConverseTokensRequest { Messages = [new Message { Role = "user", Content = [new ContentBlock { Text = "count me" }] }] } },
        });

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.RawPath, Is.EqualTo("/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/count-tokens"));
        AssertValid(ServiceModelShapes.Runtime, "CountTokensRequest", request.Body);
        Assert.That(response.InputTokens, Is.EqualTo(17));
    }

    [Test]
    public async Task RetrieveAsync_AgentRuntimeEndpoint_AlwaysSigV4()
    {
        FakeHttpHandler handler = new()
        {
            Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """
                {"retrievalResults":[{"content":{"text":"passage","type":"TEXT"},"score":0.75,"location":{"type":"S3","s3Location":{"uri":"s3://b/k"}}}],"nextToken":"n1"}
                """)),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.ApiKey = "runtime-only-key");

        RetrieveResponse response = await client.RetrieveAsync(new RetrieveRequest
        {
            KnowledgeBaseId = "KB12345678",
            RetrievalQuery = new KnowledgeBaseQuery { Text = "what is bedrock" },
        });

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.Uri.Host, Is.EqualTo("bedrock-agent-runtime.us-east-1.amazonaws.com"));
        Assert.That(request.RawPath, Is.EqualTo("/knowledgebases/KB12345678/retrieve"));
        Assert.That(request.Header("Authorization"), Does.StartWith("AWS4-HMAC-SHA256 ").And.Contain("/us-east-1/bedrock/aws4_request"));
        AssertValid(ServiceModelShapes.AgentRuntime, "RetrieveRequest", request.Body);
        Assert.That(response.RetrievalResults![0].Content!.Text, Is.EqualTo("passage"));
        Assert.That(response.RetrievalResults[0].Score, Is.EqualTo(0.75));
        Assert.That(response.NextToken, Is.EqualTo("n1"));
        Assert.That(() => client.RetrieveAsync(new RetrieveRequest()), Throws.ArgumentException.With.Property("ParamName").EqualTo("request"));
    }

    [Test]
    public async Task RerankAsync_PathAndBody_ResponseParsed()
    {
        FakeHttpHandler handler = new()
        {
            Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """{"results":[{"index":1,"relevanceScore":0.9},{"index":0,"relevanceScore":0.1}]}""")),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        RerankResponse response = await client.RerankAsync(new RerankRequest
        {
            Queries = [new RerankQuery { Type = "TEXT", TextQuery = new RerankTextDocument { Text = "q" } }],
            Sources =
            [
                new RerankSource { Type = "INLINE", InlineDocumentSource = new RerankDocument { Type = "TEXT", TextDocument = new RerankTextDocument { Text = "a" } } },
                new RerankSource { Type = "INLINE", InlineDocumentSource = new RerankDocument { Type = "TEXT", TextDocument = new RerankTextDocument { Text = "b" } } },
            ],
            RerankingConfiguration = new RerankingConfiguration
            {
                Type = "BEDROCK_RERANKING_MODEL",
                BedrockRerankingConfiguration = new BedrockRerankingConfiguration
                {
                    NumberOfResults = 2,
                    ModelConfiguration = new BedrockRerankingModelConfiguration { ModelArn = "arn:aws:bedrock:us-east-1::foundation-model/amazon.rerank-v1:0" },
                },
            },
        });

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.Uri.Host, Is.EqualTo("bedrock-agent-runtime.us-east-1.amazonaws.com"));
        Assert.That(request.RawPath, Is.EqualTo("/rerank"));
        AssertValid(ServiceModelShapes.AgentRuntime, "RerankRequest", request.Body);
        Assert.That(response.Results!.Select(r => r.Index), Is.EqualTo(new int?[] { 1, 0 }));
        Assert.That(response.Results![0].RelevanceScore, Is.EqualTo(0.9f));
        Assert.That(() => client.RerankAsync(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("request"));
    }

    internal static void AssertValid(ServiceModelShapes model, string shape, byte[] body)
    {
        using JsonDocument document = JsonDocument.Parse(body);
        Assert.That(model.Validate(shape, document.RootElement), Is.Empty, Encoding.UTF8.GetString(body));
    }
}
