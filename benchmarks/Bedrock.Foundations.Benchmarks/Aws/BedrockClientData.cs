using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Bedrock.Foundations.Aws.EventStreams;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Testing;

namespace Bedrock.Foundations.Benchmarks.Aws;

/// <summary>
/// The inputs of the Bedrock client benchmarks: one realistic Converse request (a system prompt, three messages of which
/// the first carries about 2 KB of retrieved context, an inference configuration and one tool), the fixed answer the
/// emulated model gives (about 120 words), and that answer as the service would send it: a Converse response body and a
/// ConverseStream event-stream body (3 words per delta, as the emulator chunks it).
/// </summary>
public static class BedrockClientData
{
    /// <summary>A model id with a <c>:</c>, so the path is percent-encoded and signed double-encoded, as for real ids.</summary>
    public const string ModelId = "anthropic.claude-3-5-haiku-20241022-v1:0";

    /// <summary>The signing region.</summary>
    public const string Region = "us-east-1";

    /// <summary>Words per ConverseStream text delta (<see cref="BedrockEmulatorOptions.StreamChunkWords"/>).</summary>
    public const int StreamChunkWords = 3;

    /// <summary>The model's answer: about 120 words, so ConverseStream sends about 40 text deltas.</summary>
    public const string Answer =
        "The order 7741-B shipped on March 3 from the Rotterdam warehouse and is currently held at customs in Felixstowe. " +
        "According to the carrier notes in the context, the hold is a routine documentation check for lithium batteries, " +
        "which usually clears within two to three business days. No action is needed from the customer at this point. " +
        "If the package has not moved by Friday, the support team can open a trace with the carrier using the tracking " +
        "number ending in 0931, and offer either a replacement shipment from the UK stock or a full refund under the late " +
        "delivery policy described in section 4.2. I can check the tracking status again with the order lookup tool whenever you like.";

    /// <summary>The test credentials the emulator accepts.</summary>
    public static AWSCredentials Credentials { get; } =
        new BasicAWSCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey);

    /// <summary>About 2 KB of retrieved context, sent in the first user message.</summary>
    public static string Context { get; } = BuildContext();

    /// <summary>A new Converse request (see the class remarks).</summary>
    public static ConverseRequest ConverseRequest() => new()
    {
        ModelId = ModelId,
        System = System(),
        Messages = Messages(),
        InferenceConfig = Inference(),
        ToolConfig = Tools(),
    };

    /// <summary>The same request for ConverseStream.</summary>
    public static ConverseStreamRequest ConverseStreamRequest() => new()
    {
        ModelId = ModelId,
        System = System(),
        Messages = Messages(),
        InferenceConfig = Inference(),
        ToolConfig = Tools(),
    };

    /// <summary>The Converse response body for <see cref="Answer"/>, shaped as the service (and the emulator) send it.</summary>
    public static byte[] ConverseResponseBody() => JsonSerializer.SerializeToUtf8Bytes(new ConverseResponse
    {
        Output = new ConverseOutput
        {
            Message = new Message { Role = "assistant", Content = [new ContentBlock { Text = Answer }] },
        },
        StopReason = "end_turn",
        Usage = new TokenUsage { InputTokens = 712, OutputTokens = 131, TotalTokens = 843 },
        Metrics = new ConverseMetrics { LatencyMs = 2 },
    }, BedrockJsonContext.Default.ConverseResponse);

    /// <summary>
    /// The ConverseStream response body for <see cref="Answer"/>: messageStart, one contentBlockDelta per
    /// <see cref="StreamChunkWords"/> words, contentBlockStop, messageStop and metadata, each payload with the service's
    /// <c>p</c> padding field.
    /// </summary>
    public static byte[] ConverseStreamResponseBody()
    {
        const string Padding = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        List<(string Type, string Json)> events = [("messageStart", "\"role\":\"assistant\"")];
        string[] words = Answer.Split(' ');
        for (int i = 0; i < words.Length; i += StreamChunkWords)
        {
            string chunk = (i == 0 ? string.Empty : " ") + string.Join(' ', words.Skip(i).Take(StreamChunkWords));
            events.Add(("contentBlockDelta", "\"contentBlockIndex\":0,\"delta\":{\"text\":" + JsonSerializer.Serialize(chunk, BenchmarkJson.Default.String) + "}"));
        }

        events.Add(("contentBlockStop", "\"contentBlockIndex\":0"));
        events.Add(("messageStop", "\"stopReason\":\"end_turn\""));
        events.Add(("metadata", "\"usage\":{\"inputTokens\":712,\"outputTokens\":131,\"totalTokens\":843},\"metrics\":{\"latencyMs\":2}"));
        List<byte> body = [];
        for (int i = 0; i < events.Count; i++)
        {
            string json = "{" + events[i].Json + ",\"p\":\"" + Padding[..(1 + (i * 7 % Padding.Length))] + "\"}";
            body.AddRange(EventStreamEncoder.Encode(EventStreamMessage.CreateEvent(events[i].Type, Encoding.UTF8.GetBytes(json))));
        }

        return [.. body];
    }

    /// <summary>Emulator options for the round trips: no latency, the fixed <see cref="Answer"/>, signatures verified.</summary>
    public static BedrockEmulatorOptions EmulatorOptions()
    {
        BedrockEmulatorOptions options = new()
        {
            LatencyScale = 0,
            StreamChunkWords = StreamChunkWords,
            DefaultModel = new EmulatedModel
            {
                Latency = EmulatedLatencyProfile.Zero,
                Answer = static (_, _) => ValueTask.FromResult(Answer),
            },

            // The baseline replays a request signed once in [GlobalSetup]; an hour covers any run of the process.
            // Signatures are still verified on every request.
            ClockSkewTolerance = TimeSpan.FromHours(1),
        };
        return options;
    }

    private static List<SystemContentBlock> System() =>
    [
        new SystemContentBlock
        {
            Text = "You are the customer-support assistant of an online electronics shop. Answer from the context provided; " +
                "when the context does not contain the answer, say so and offer to look the order up with the order_lookup " +
                "tool. Be concise, cite order numbers exactly, never promise delivery dates the carrier has not confirmed, " +
                "and answer in the language of the customer.",
        },
    ];

    private static List<Message> Messages() =>
    [
        new Message
        {
            Role = "user",
            Content =
            [
                new ContentBlock { Text = "Context:\n" + Context },
                new ContentBlock { Text = "Hi, my order 7741-B still has not arrived. Where is it?" },
            ],
        },
        new Message
        {
            Role = "assistant",
            Content = [new ContentBlock { Text = "Let me check the shipping notes for order 7741-B in the context for you." }],
        },
        new Message
        {
            Role = "user",
            Content = [new ContentBlock { Text = "Thanks. Is there anything I need to do, and what happens if it is late?" }],
        },
    ];

    private static InferenceConfiguration Inference() => new()
    {
        MaxTokens = 1024,
        Temperature = 0.2f,
        TopP = 0.9f,
        StopSequences = ["\n\nHuman:"],
    };

    private static ToolConfiguration Tools() => new()
    {
        Tools =
        [
            new Tool
            {
                ToolSpec = new ToolSpecification
                {
                    Name = "order_lookup",
                    Description = "Looks up the current status, carrier and tracking events of an order by its number.",
                    InputSchema = new ToolInputSchema
                    {
                        Json = JsonDocument.Parse("""
                            {"type":"object","properties":{"orderNumber":{"type":"string","description":"The order number, such as 7741-B."},"includeEvents":{"type":"boolean","description":"Whether to return the carrier's tracking events."}},"required":["orderNumber"]}
                            """).RootElement.Clone(),
                    },
                },
            },
        ],
    };

    private static string BuildContext()
    {
        string[] notes =
        [
            "Order 7741-B: 2 items (USB-C dock, 65 W charger), paid by card on March 1, packed on March 2 in Rotterdam.",
            "Carrier note March 3: parcel handed to the carrier, service Standard International, tracking number ending 0931.",
            "Carrier note March 5: parcel arrived at Felixstowe; held by customs for a documentation check (lithium batteries, UN3481).",
            "Policy 4.1: customs checks for battery shipments usually clear within two to three business days; no customer action is needed.",
            "Policy 4.2: if a parcel is more than five business days late, offer a replacement from the nearest stock or a full refund.",
            "Policy 4.3: a trace with the carrier may be opened by support after two business days without a tracking event.",
            "Customer profile: account since 2019, 14 orders, preferred language English, no open complaints.",
        ];
        StringBuilder context = new();
        for (int i = 0; context.Length < 2_000; i++)
        {
            context.Append(notes[i % notes.Length]).Append('\n');
        }

        return context.ToString();
    }
}

/// <summary>Source-generated JSON for the few plain values the benchmark inputs serialize.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class BenchmarkJson : System.Text.Json.Serialization.JsonSerializerContext;
