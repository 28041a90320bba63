using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Tests.Aws.ServiceModel;

namespace Bedrock.Foundations.Tests.Aws.Model;

/// <summary>
/// Fully populated DTOs serialize through <see cref="BedrockJsonContext"/> to JSON the service model accepts; every
/// union member is exercised; the [JsonIgnore] members stay out of the body.
/// </summary>
[TestFixture]
public sealed class BedrockJsonContextRequestTests
{
    // Enough variants that every member of every nested union is chosen at least once (the deepest chains of
    // unions multiply their member counts; the coverage test below fails if this is too small).
    private const int Variants = 400;

    private static IEnumerable<Type> RootTypes() => ModelShapeMap.ContextRootTypes.Where(t => t != typeof(BedrockErrorBody));

    [TestCaseSource(nameof(RootTypes))]
    public void FullyPopulatedSample_SerializesToJsonTheModelAccepts(Type type)
    {
        (ServiceModelShapes model, ServiceShape shape) = ModelShapeMap.ShapeOf(type);
        var populator = new SamplePopulator();
        JsonTypeInfo info = BedrockJsonContext.Default.GetTypeInfo(type)!;

        for (int variant = 0; variant < Variants; variant++)
        {
            object sample = populator.Create(type, variant);
            JsonElement json = JsonSerializer.SerializeToElement(sample, info);
            ShapeValidationResult result = model.Check(shape.Name, json);

            Assert.Multiple(() =>
            {
                Assert.That(result.Errors, Is.Empty, $"variant {variant}: {json}");
                Assert.That(result.Warnings, Is.Empty, $"variant {variant}: {json}");
            });
        }
    }

    [Test]
    public void FullyPopulatedSamples_SetEveryPropertyOfEveryDto()
    {
        var populator = new SamplePopulator();
        foreach (Type type in RootTypes())
        {
            for (int variant = 0; variant < Variants; variant++)
            {
                populator.Create(type, variant);
            }
        }

        var all = ModelShapeMap.DtoTypes
            .SelectMany(t => ModelShapeMap.ShapeProperties(t).Select(p => $"{t.Name}.{p.Name}"))
            .ToList();

        Assert.That(all.Where(p => !populator.SetProperties.Contains(p)), Is.Empty);
    }

    [TestCaseSource(nameof(RootTypes))]
    public void FullyPopulatedSample_RoundTripsThroughTheContext(Type type)
    {
        JsonTypeInfo info = BedrockJsonContext.Default.GetTypeInfo(type)!;
        object sample = new SamplePopulator().Create(type, 3);

        string first = JsonSerializer.Serialize(sample, info);
        object back = JsonSerializer.Deserialize(first, info)!;
        string second = JsonSerializer.Serialize(back, info);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void ConverseRequest_HandBuilt_SerializesToTheExpectedWireJson()
    {
        var request = new ConverseRequest
        {
            ModelId = "anthropic.claude-3-haiku-20240307-v1:0",
            Messages =
            [
                new Message
                {
                    Role = "user",
                    Content =
                    [
                        new ContentBlock { Text = "What is the weather in Paris?" },
                        new ContentBlock { Image = new ImageBlock { Format = "png", Source = new ImageSource { Bytes = [1, 2, 3] } } },
                    ],
                },
                new Message
                {
                    Role = "assistant",
                    Content =
                    [
                        new ContentBlock
                        {
                            ToolUse = new ToolUseBlock
                            {
                                ToolUseId = "tooluse_1",
                                Name = "get_weather",
                                Input = JsonDocument.Parse("""{"city":"Paris"}""").RootElement,
                            },
                        },
                    ],
                },
                new Message
                {
                    Role = "user",
                    Content =
                    [
                        new ContentBlock
                        {
                            ToolResult = new ToolResultBlock
                            {
                                ToolUseId = "tooluse_1",
                                Status = "success",
                                Content = [new ToolResultContentBlock { Json = JsonDocument.Parse("""{"celsius":21}""").RootElement }],
                            },
                        },
                    ],
                },
            ],
            System = [new SystemContentBlock { Text = "Be brief." }, new SystemContentBlock { CachePoint = new CachePointBlock { Type = "default" } }],
            InferenceConfig = new InferenceConfiguration { MaxTokens = 256, Temperature = 0.5f, TopP = 0.9f, StopSequences = ["END"] },
            ToolConfig = new ToolConfiguration
            {
                Tools =
                [
                    new Tool
                    {
                        ToolSpec = new ToolSpecification
                        {
                            Name = "get_weather",
                            Description = "Current weather for a city.",
                            InputSchema = new ToolInputSchema { Json = JsonDocument.Parse("""{"type":"object"}""").RootElement },
                        },
                    },
                ],
                ToolChoice = new ToolChoice { Auto = new AutoToolChoice() },
            },
            GuardrailConfig = new GuardrailConfiguration { GuardrailIdentifier = "gr-1", GuardrailVersion = "1", Trace = "enabled" },
        };

        string json = JsonSerializer.Serialize(request, BedrockJsonContext.Default.ConverseRequest);

        const string Expected =
            """{"messages":[{"role":"user","content":[{"text":"What is the weather in Paris?"},{"image":{"format":"png","source":{"bytes":"AQID"}}}]},""" +
            """{"role":"assistant","content":[{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]},""" +
            """{"role":"user","content":[{"toolResult":{"toolUseId":"tooluse_1","content":[{"json":{"celsius":21}}],"status":"success"}}]}],""" +
            "\"system\":[{\"text\":\"Be brief.\"},{\"cachePoint\":{\"type\":\"default\"}}]," +
            "\"inferenceConfig\":{\"maxTokens\":256,\"temperature\":0.5,\"topP\":0.9,\"stopSequences\":[\"END\"]}," +
            "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"get_weather\",\"description\":\"Current weather for a city.\",\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}],\"toolChoice\":{\"auto\":{}}}," +
            "\"guardrailConfig\":{\"guardrailIdentifier\":\"gr-1\",\"guardrailVersion\":\"1\",\"trace\":\"enabled\"}}";
        Assert.Multiple(() =>
        {
            Assert.That(json, Is.EqualTo(Expected));
            Assert.That(ServiceModelShapes.Runtime.Validate("ConverseRequest", JsonDocument.Parse(json).RootElement), Is.Empty);
        });
    }

    [Test]
    public void InvokeModelRequest_BoundMembers_AreNotInTheJsonBody()
    {
        var request = new InvokeModelRequest
        {
            ModelId = "m",
            Body = [1, 2],
            ContentType = "application/json",
            Accept = "application/json",
            Trace = "ENABLED",
            GuardrailIdentifier = "g",
            GuardrailVersion = "1",
            PerformanceConfigLatency = "optimized",
            ServiceTier = "priority",
            RequestMetadata = "{}",
        };

        Assert.That(JsonSerializer.Serialize(request, BedrockJsonContext.Default.InvokeModelRequest), Is.EqualTo("{}"));
    }

    [Test]
    public void NullMembers_AreNotWritten()
    {
        string json = JsonSerializer.Serialize(new InferenceConfiguration { MaxTokens = 10 }, BedrockJsonContext.Default.InferenceConfiguration);

        Assert.That(json, Is.EqualTo("""{"maxTokens":10}"""));
    }

    [Test]
    public void Blob_RoundTripsAsBase64()
    {
        byte[] bytes = [0, 1, 2, 250, 251, 252, 253, 254, 255];
        var source = new DocumentSource { Bytes = bytes };

        string json = JsonSerializer.Serialize(source, BedrockJsonContext.Default.DocumentSource);
        DocumentSource back = JsonSerializer.Deserialize(json, BedrockJsonContext.Default.DocumentSource)!;

        Assert.Multiple(() =>
        {
            Assert.That(json, Is.EqualTo("{\"bytes\":\"" + Convert.ToBase64String(bytes) + "\"}"));
            Assert.That(back.Bytes, Is.EqualTo(bytes));
            Assert.That(ServiceModelShapes.Runtime.Validate("DocumentSource", JsonDocument.Parse(json).RootElement), Is.Empty);
        });
    }
}
