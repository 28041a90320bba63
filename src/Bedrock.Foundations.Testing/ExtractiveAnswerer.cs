namespace Bedrock.Foundations.Testing;

/// <summary>
/// The default answering function of an emulated model: it answers with the sentence of the prompt that shares the
/// most words with the question. Deterministic.
/// </summary>
/// <remarks>
/// The rule, exactly:
/// <list type="number">
/// <item>The question sentences are the sentences (<see cref="EmulatedTokenizer.Sentences"/>) of
/// <see cref="EmulatedConverseCall.Question"/> that end with '?'; when there is none, its last sentence.</item>
/// <item>The question words are the distinct <see cref="EmulatedTokenizer.Words"/> of the question sentences that are
/// not in <see cref="StopWords"/>.</item>
/// <item>The candidates are the sentences of <see cref="EmulatedConverseCall.Prompt"/> that are not question sentences.
/// Each scores the number of distinct question words it contains.</item>
/// <item>The answer is the candidate with the highest score, the earliest on ties; when the best score is 0 or there is
/// no candidate, the answer is <see cref="NoAnswer"/>.</item>
/// </list>
/// </remarks>
public static class ExtractiveAnswerer
{
    /// <summary>The answer when no sentence of the prompt shares a word with the question.</summary>
    public const string NoAnswer = "I don't know.";

    /// <summary>Gets the words ignored in the question (lower-case English function words).</summary>
    public static IReadOnlySet<string> StopWords { get; } = new HashSet<string>(
        [
            "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "into",
            "about", "as", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "what", "which",
            "who", "whom", "whose", "when", "where", "why", "how", "that", "this", "these", "those", "it", "its",
            "i", "you", "he", "she", "we", "they", "me", "my", "your", "our", "their", "can", "could", "would",
            "should", "will", "shall", "may", "might", "must", "has", "have", "had", "not", "no", "please", "tell",
        ],
        StringComparer.Ordinal);

    /// <summary>Answers a Converse call with the rule above.</summary>
    /// <param name="call">The call.</param>
    /// <returns>The best-matching sentence of the prompt, or <see cref="NoAnswer"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="call"/> is null.</exception>
    public static string Answer(EmulatedConverseCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return Answer(call.Prompt, call.Question);
    }

    /// <summary>Answers a question from a prompt with the rule above.</summary>
    /// <param name="prompt">The whole prompt (context and question).</param>
    /// <param name="question">The question (may also appear inside <paramref name="prompt"/>).</param>
    /// <returns>The best-matching sentence of <paramref name="prompt"/>, or <see cref="NoAnswer"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string Answer(string prompt, string question)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(question);

        IReadOnlyList<string> questionSentences = EmulatedTokenizer.Sentences(question);
        HashSet<string> asked = new(StringComparer.Ordinal);
        foreach (string sentence in questionSentences)
        {
            if (sentence.EndsWith('?'))
            {
                asked.Add(sentence);
            }
        }

        if (asked.Count == 0 && questionSentences.Count > 0)
        {
            asked.Add(questionSentences[^1]);
        }

        HashSet<string> questionWords = new(StringComparer.Ordinal);
        foreach (string sentence in asked)
        {
            foreach (string word in EmulatedTokenizer.Words(sentence))
            {
                if (!StopWords.Contains(word))
                {
                    questionWords.Add(word);
                }
            }
        }

        string? best = null;
        int bestScore = 0;
        foreach (string sentence in EmulatedTokenizer.Sentences(prompt))
        {
            if (asked.Contains(sentence))
            {
                continue;
            }

            int score = 0;
            HashSet<string> seen = new(StringComparer.Ordinal);
            foreach (string word in EmulatedTokenizer.Words(sentence))
            {
                if (questionWords.Contains(word) && seen.Add(word))
                {
                    score++;
                }
            }

            if (score > bestScore)
            {
                best = sentence;
                bestScore = score;
            }
        }

        return best ?? NoAnswer;
    }
}
