using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>
/// Reads evaluation datasets in JSON Lines: one JSON object per line with a string <c>question</c> (required) and
/// optional <c>id</c> (string or number, unique), <c>reference</c> (string) and <c>context</c> (a string, or an array
/// of strings joined with blank lines). A line without an id gets its line number ("line-N" if another line's id is
/// already that number). Blank lines are skipped; other fields are ignored.
/// </summary>
/// <example>
/// <code>
/// {"id": "capital-fr", "question": "What is the capital of France?", "reference": "Paris"}
/// {"question": "Who wrote it?", "context": ["Passage one.", "Passage two."], "reference": "Ada Lovelace"}
/// </code>
/// </example>
public static class EvaluationDataset
{
    /// <summary>Reads a JSONL file (UTF-8).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The items in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">A line is not a JSON object, lacks a question, has a field of the wrong
    /// type, or repeats an id (the message names the line).</exception>
    public static async Task<IReadOnlyList<EvaluationItem>> LoadJsonlAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await ReadJsonlAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads JSONL from a reader (which stays open).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The items in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    /// <exception cref="InvalidDataException">A bad line (the message names it).</exception>
    public static async Task<IReadOnlyList<EvaluationItem>> ReadJsonlAsync(TextReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var parsed = new List<(EvaluationItem Item, bool HasId, int Line)>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        int number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is string line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            (EvaluationItem item, bool hasId) = ParseLine(line, number);
            if (hasId && !lines.TryAdd(item.Id, number))
            {
                throw Bad(number, $"the id \"{item.Id}\" was already used on line {lines[item.Id]}; ids must be unique.");
            }

            parsed.Add((item, hasId, number));
        }

        // Lines without an id take their line number, or "line-N" when a line's explicit id already is that number.
        var items = new List<EvaluationItem>(parsed.Count);
        foreach ((EvaluationItem item, bool hasId, int at) in parsed)
        {
            if (hasId)
            {
                items.Add(item);
                continue;
            }

            string id = item.Id;
            for (int attempt = 1; !lines.TryAdd(id, at); attempt++)
            {
                id = attempt == 1
                    ? string.Create(CultureInfo.InvariantCulture, $"line-{at}")
                    : string.Create(CultureInfo.InvariantCulture, $"line-{at}-{attempt}");
            }

            items.Add(item with { Id = id });
        }

        return items;
    }

    private static (EvaluationItem Item, bool HasId) ParseLine(string line, int number)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Line {number}: not valid JSON ({e.Message})"), e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(number, $"expected a JSON object, found {root.ValueKind}.");
            }

            string? question = OptionalString(root, "question", number);
            if (string.IsNullOrWhiteSpace(question))
            {
                throw Bad(number, "\"question\" is missing or empty.");
            }

            string id = number.ToString(CultureInfo.InvariantCulture);
            bool hasId = root.TryGetProperty("id", out JsonElement idElement);
            if (hasId)
            {
                id = idElement.ValueKind switch
                {
                    JsonValueKind.String => idElement.GetString()!,
                    JsonValueKind.Number => idElement.GetRawText(),
                    _ => throw Bad(number, $"\"id\" must be a string or a number, not {idElement.ValueKind}."),
                };
            }

            string? reference = OptionalString(root, "reference", number);
            string? context = null;
            if (root.TryGetProperty("context", out JsonElement contextElement))
            {
                context = contextElement.ValueKind switch
                {
                    JsonValueKind.String => contextElement.GetString(),
                    JsonValueKind.Null => null,
                    JsonValueKind.Array => string.Join("\n\n", contextElement.EnumerateArray().Select(e =>
                        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Bad(number, "\"context\" array entries must be strings."))),
                    _ => throw Bad(number, $"\"context\" must be a string or an array of strings, not {contextElement.ValueKind}."),
                };
            }

            return (new EvaluationItem(id, question, reference, context), hasId);
        }
    }

    private static string? OptionalString(JsonElement root, string name, int number)
    {
        if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw Bad(number, $"\"{name}\" must be a string, not {element.ValueKind}.");
    }

    private static InvalidDataException Bad(int line, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Line {line}: {problem}"));
}
