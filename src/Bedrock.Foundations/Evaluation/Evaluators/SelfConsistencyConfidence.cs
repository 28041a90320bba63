using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;

namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>
/// A confidence for models that return no log-probabilities: ask the same question k times at a temperature, group the
/// answers that agree, and take the majority answer with its agreement rate (self-consistency: Wang et al., 2023;
/// agreement as confidence: Xiong et al., 2024). The confidence is what <see cref="Calibration.Evaluate"/> needs.
/// </summary>
/// <remarks>
/// <para><b>Grouping.</b> Without an embedding generator, two answers agree when their normalized forms are equal
/// (<see cref="SelfConsistencyOptions.Normalizer"/>, by default <see cref="Normalize"/>). With one, an answer joins the
/// group of an earlier answer identical to it after normalization, else the first group whose first answer has cosine
/// similarity ≥ <see cref="SelfConsistencyOptions.SimilarityThreshold"/> with it (leader clustering in request order),
/// else it starts a new group. The groups depend only on the answers and their order, not on the order the calls complete in.</para>
/// <para><b>Calls.</b> Each sample is one <see cref="IChatClient.GetResponseAsync"/> call with the options' temperature;
/// when the chat options carry a seed, sample i uses seed + i so that the samples can differ. A failed call fails the
/// estimate (the exception propagates); cancellation is honoured between and during calls. Thread-safe when the
/// clients are.</para>
/// </remarks>
public sealed class SelfConsistencyConfidence
{
    private readonly IChatClient _chatClient;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddingGenerator;

    /// <summary>Creates the estimator.</summary>
    /// <param name="chatClient">The model to ask.</param>
    /// <param name="options">Samples, temperature, threshold, concurrency; defaults when null. Validated here.</param>
    /// <param name="embeddingGenerator">When given, answers are grouped by embedding similarity instead of exact match.</param>
    /// <exception cref="ArgumentNullException"><paramref name="chatClient"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Invalid <paramref name="options"/>.</exception>
    public SelfConsistencyConfidence(
        IChatClient chatClient, SelfConsistencyOptions? options = null, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        options ??= new SelfConsistencyOptions();
        options.Validate();
        _chatClient = chatClient;
        _embeddingGenerator = embeddingGenerator;
        Options = options;
    }

    /// <summary>The options in use.</summary>
    public SelfConsistencyOptions Options { get; }

    /// <summary>Asks a question k times and returns the majority answer with its agreement rate.</summary>
    /// <param name="question">The user message.</param>
    /// <param name="chatOptions">Options for every call (model, max tokens, ...); its temperature is replaced.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The majority answer, its confidence, every answer and the groups.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="question"/> is null.</exception>
#pragma warning disable RS0026 // Two overloads with optional parameters, as IChatClient's GetResponseAsync(string | messages) pair: both ship together.
    public Task<SelfConsistencyResult> EstimateAsync(string question, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        ArgumentNullException.ThrowIfNull(question);
        return EstimateAsync([new ChatMessage(ChatRole.User, question)], chatOptions, cancellationToken);
    }

    /// <summary>Sends a conversation k times and returns the majority answer with its agreement rate.</summary>
    /// <param name="messages">The conversation (not changed).</param>
    /// <param name="chatOptions">Options for every call (model, max tokens, ...); its temperature is replaced.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The majority answer, its confidence, every answer and the groups.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="messages"/> is empty.</exception>
#pragma warning disable RS0026 // See the string overload.
    public async Task<SelfConsistencyResult> EstimateAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
#pragma warning restore RS0026
    {
        ArgumentNullException.ThrowIfNull(messages);
        ChatMessage[] conversation = [.. messages];
        if (conversation.Length == 0)
        {
            throw new ArgumentException("The conversation has no messages.", nameof(messages));
        }

        int k = Options.Samples;
        string[] answers = new string[k];
        await Parallel.ForAsync(0, k, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxConcurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                ChatOptions options = chatOptions?.Clone() ?? new ChatOptions();
                options.Temperature = Options.Temperature;
                if (options.Seed is long seed)
                {
                    options.Seed = unchecked(seed + i);
                }

                ChatResponse response = await _chatClient.GetResponseAsync(conversation, options, token).ConfigureAwait(false);
                answers[i] = response.Text;
            }).ConfigureAwait(false);

        IReadOnlyList<AnswerCluster> clusters = await ClusterAsync(answers, cancellationToken).ConfigureAwait(false);
        AnswerCluster top = clusters[0];
        return new SelfConsistencyResult(top.Representative, (double)top.Count / k, answers, clusters);
    }

    /// <summary>
    /// The default normalization for exact-match grouping: lower-cased (invariant culture, every script), whitespace runs
    /// collapsed to one space, and leading or trailing whitespace, quotes and punctuation removed — so "Paris." and
    /// " paris" agree. It does not depend on the host's culture or ICU data.
    /// </summary>
    /// <param name="answer">An answer.</param>
    /// <returns>Its key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="answer"/> is null.</exception>
    public static string Normalize(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        string text = answer.ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        int start = 0;
        int end = builder.Length;
        while (start < end && IsTrimmed(builder[start]))
        {
            start++;
        }

        while (end > start && IsTrimmed(builder[end - 1]))
        {
            end--;
        }

        return builder.ToString(start, end - start);
    }

    private static bool IsTrimmed(char c) => char.IsPunctuation(c) || char.IsWhiteSpace(c) || c is '`' or '´';

    private async Task<IReadOnlyList<AnswerCluster>> ClusterAsync(string[] answers, CancellationToken cancellationToken)
    {
        Func<string, string> normalize = Options.Normalizer ?? Normalize;
        string[] keys = [.. answers.Select(normalize)];
        ReadOnlyMemory<float>[]? vectors = null;
        if (_embeddingGenerator is not null)
        {
            GeneratedEmbeddings<Embedding<float>> embeddings = await _embeddingGenerator
                .GenerateAsync(answers, options: null, cancellationToken).ConfigureAwait(false);
            if (embeddings.Count != answers.Length)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The embedding generator returned {embeddings.Count} embeddings for {answers.Length} answers."));
            }

            vectors = [.. embeddings.Select(e => e.Vector)];
        }

        var leaders = new List<int>();
        var members = new List<List<int>>();
        var groupOfKey = new Dictionary<string, int>(StringComparer.Ordinal); // every member's key, not only leaders'
        for (int i = 0; i < answers.Length; i++)
        {
            int group = groupOfKey.TryGetValue(keys[i], out int same) ? same : -1;
            for (int g = 0; g < leaders.Count && group < 0 && vectors is not null; g++)
            {
                int leader = leaders[g];
                if (SemanticSimilarityEvaluator.CosineSimilarity(vectors[leader].Span, vectors[i].Span, out _) >= Options.SimilarityThreshold)
                {
                    group = g;
                }
            }

            if (group < 0)
            {
                group = leaders.Count;
                leaders.Add(i);
                members.Add([i]);
            }
            else
            {
                members[group].Add(i);
            }

            groupOfKey.TryAdd(keys[i], group);
        }

        // Largest first; List.Sort is not stable, so order by (size descending, formation order).
        int[] order = [.. Enumerable.Range(0, leaders.Count).OrderByDescending(g => members[g].Count).ThenBy(g => g)];
        return [.. order.Select(g => new AnswerCluster(answers[leaders[g]], members[g]))];
    }
}
