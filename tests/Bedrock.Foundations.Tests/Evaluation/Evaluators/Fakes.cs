using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Tests.Evaluation.Evaluators;

/// <summary>A chat client whose answer is a callback; records every call.</summary>
internal sealed class FakeChatClient : IChatClient
{
    private int _calls;

    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>> OnGetResponse { get; init; } =
        (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "")));

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = [];

    public int CallCount => Volatile.Read(ref _calls);

    public static FakeChatClient Answering(Func<string, string> answer) => new()
    {
        OnGetResponse = (messages, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(messages[^1].Text)))),
    };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatMessage[] list = [.. messages];
        Interlocked.Increment(ref _calls);
        lock (Calls)
        {
            Calls.Add((list, options));
        }

        return OnGetResponse(list, options, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The fake does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>An embedding generator whose vectors come from a callback; counts calls.</summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private int _calls;

    public Func<string, float[]> Embed { get; init; } = LetterCounts;

    public int CallCount => Volatile.Read(ref _calls);

    public List<string[]> Inputs { get; } = [];

    /// <summary>A 26-dimensional bag of letters: texts with the same letters in the same proportions have cosine 1.</summary>
    public static float[] LetterCounts(string text)
    {
        float[] v = new float[26];
        foreach (char c in text.ToUpperInvariant())
        {
            if (c is >= 'A' and <= 'Z')
            {
                v[c - 'A']++;
            }
        }

        return v;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        string[] inputs = [.. values];
        lock (Inputs)
        {
            Inputs.Add(inputs);
        }

        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(inputs.Select(v => new Embedding<float>(Embed(v)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
