// Bedrock quick start: the Bedrock wire client behind Microsoft.Extensions.AI, offline by default.
//
//   dotnet run --project samples/BedrockQuickStart -c Release            # against BedrockEmulator on loopback
//   dotnet run --project samples/BedrockQuickStart -c Release -- --live  # against Amazon Bedrock (AWS_REGION, default credentials)
//
// Offline, the emulator speaks the real protocol (SigV4, JSON, event-stream frames), so the same client code runs
// in both modes; its "model" answers with the sentence of the prompt that best matches the question.
using System.Numerics.Tensors;
using Amazon.Runtime;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Testing;
using Microsoft.Extensions.AI;

bool live = args.Contains("--live");
string chatModel = Environment.GetEnvironmentVariable("BEDROCK_CHAT_MODEL") ?? "anthropic.claude-3-haiku-20240307-v1:0";
string embeddingModel = Environment.GetEnvironmentVariable("BEDROCK_EMBEDDING_MODEL") ?? "amazon.titan-embed-text-v2:0";

await using BedrockEmulator? emulator = live ? null : await BedrockEmulator.StartAsync();
BedrockRuntimeOptions options = live
    ? new BedrockRuntimeOptions { Region = Environment.GetEnvironmentVariable("AWS_REGION") ?? "us-east-1" }
    : new BedrockRuntimeOptions
    {
        Region = "us-east-1",
        ServiceUrl = emulator!.ServiceUrl,
        Credentials = new BasicAWSCredentials(BedrockEmulatorCredentials.DefaultAccessKeyId, BedrockEmulatorCredentials.DefaultSecretAccessKey),
    };
Console.WriteLine(live ? $"Amazon Bedrock, region {options.Region}" : $"BedrockEmulator at {emulator!.ServiceUrl}");

// <snippet:bedrock-chat>
using var runtime = new BedrockRuntimeClient(options); // SigV4 (or a Bedrock API key), retries, timeouts
using IChatClient chat = new ChatClientBuilder(new BedrockChatClient(runtime, chatModel))
    .UseFunctionInvocation() // tool calls go back to the model as toolResult blocks
    .Build();

string context = "Context: Bedrock.Foundations is a .NET library. Its emulator listens on loopback. " +
                 "The capital of France is Paris.";
ChatResponse answer = await chat.GetResponseAsync(
    [
        new ChatMessage(ChatRole.System, "Answer from the context in one sentence."),
        new ChatMessage(ChatRole.User, $"{context}\nQuestion: What is the capital of France?"),
    ],
    new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 200 });
Console.WriteLine($"answer: {answer.Text}");
Console.WriteLine($"usage: {answer.Usage?.InputTokenCount} in, {answer.Usage?.OutputTokenCount} out; finish {answer.FinishReason}");

Console.Write("streamed:");
await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync($"{context}\nQuestion: Where does the emulator listen?"))
{
    Console.Write(update.Text);
}

Console.WriteLine();
// </snippet>

// <snippet:bedrock-embeddings>
using var embeddings = new BedrockEmbeddingGenerator(runtime, embeddingModel, dimensions: 256);
GeneratedEmbeddings<Embedding<float>> vectors = await embeddings.GenerateAsync(
    ["the capital of France is Paris", "Paris is the capital city of France", "bananas grow in warm climates"]);
float related = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[1].Vector.Span);
float unrelated = TensorPrimitives.CosineSimilarity(vectors[0].Vector.Span, vectors[2].Vector.Span);
Console.WriteLine($"embeddings: {vectors[0].Vector.Length} dimensions; related {related:0.00} > unrelated {unrelated:0.00}");
// </snippet>

if (emulator is not null)
{
    Console.WriteLine($"emulator saw {emulator.RequestLog.CountOf(BedrockEmulatorOperation.Converse)} Converse, " +
                      $"{emulator.RequestLog.CountOf(BedrockEmulatorOperation.ConverseStream)} ConverseStream and " +
                      $"{emulator.RequestLog.CountOf(BedrockEmulatorOperation.InvokeModel)} InvokeModel requests, all signed");
}

return related > unrelated && answer.Text.Length > 0 ? 0 : 1;
