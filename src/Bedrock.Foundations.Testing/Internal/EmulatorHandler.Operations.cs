using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bedrock.Foundations.Testing.Internal;

internal sealed partial class EmulatorHandler
{
    private static AwsError Malformed(string detail) =>
        AwsError.Validation($"Malformed input request: {detail}, please reformat your input and try again.");

    private async Task<OperationResult> InvokeModelAsync(RequestContext request, JsonElement root, CancellationToken cancellationToken)
    {
        string modelId = request.ResourceId;
        EmulatedModel model = _options.GetModel(modelId);
        Func<string, int> count = model.CountTokens ?? EmulatedTokenizer.CountTokens;
        Func<string, int, float[]> embed = model.Embed ?? HashedEmbedding.Embed;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Malformed("#: expected type: JSONObject, found: " + root.ValueKind);
        }

        bool titan = modelId.Contains("titan-embed", StringComparison.Ordinal);
        bool cohere = modelId.Contains("cohere.embed", StringComparison.Ordinal);
        if (!titan && !cohere)
        {
            return AwsError.Validation(
                $"The emulator answers InvokeModel only for embedding models (Amazon Titan Text Embeddings, Cohere Embed); '{modelId}' is not one. Use Converse for text generation.");
        }

        byte[] body;
        int inputTokens;
        if (titan)
        {
            bool v1 = modelId.Contains("titan-embed-text-v1", StringComparison.Ordinal);
            string[] allowed = v1 ? ["inputText"] : ["inputText", "dimensions", "normalize", "embeddingTypes"];
            AwsError? unknown = CheckMembers(root, allowed);
            if (unknown is not null)
            {
                return unknown;
            }

            if (!root.TryGetProperty("inputText", out JsonElement inputText) || inputText.ValueKind != JsonValueKind.String)
            {
                return Malformed("#: required key [inputText] not found or not a string");
            }

            int dimensions = v1 ? 1536 : 1024;
            if (root.TryGetProperty("dimensions", out JsonElement dims))
            {
                if (dims.ValueKind != JsonValueKind.Number || !dims.TryGetInt32(out dimensions) || dimensions is not (256 or 512 or 1024))
                {
                    return Malformed("#/dimensions: " + dims.GetRawText() + " is not a valid enum value (256, 512, 1024)");
                }
            }

            bool normalize = true;
            if (root.TryGetProperty("normalize", out JsonElement norm))
            {
                if (norm.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Malformed("#/normalize: expected type: Boolean, found: " + norm.ValueKind);
                }

                normalize = norm.GetBoolean();
            }

            bool wantFloat = true, wantBinary = false;
            if (root.TryGetProperty("embeddingTypes", out JsonElement types))
            {
                if (types.ValueKind != JsonValueKind.Array)
                {
                    return Malformed("#/embeddingTypes: expected type: JSONArray, found: " + types.ValueKind);
                }

                wantFloat = false;
                foreach (JsonElement type in types.EnumerateArray())
                {
                    if (type.ValueEquals("float"))
                    {
                        wantFloat = true;
                    }
                    else if (type.ValueEquals("binary"))
                    {
                        wantBinary = true;
                    }
                    else
                    {
                        return Malformed("#/embeddingTypes: " + type.GetRawText() + " is not a valid enum value (float, binary)");
                    }
                }
            }

            string text = inputText.GetString()!;
            inputTokens = count(text);
            float[] vector = model.Embed is null && !normalize ? HashedEmbedding.EmbedUnnormalized(text, dimensions) : embed(text, dimensions);
            if (vector.Length != dimensions)
            {
                return new AwsError(424, "ModelErrorException", $"The embedding generator returned {vector.Length} values for {dimensions} dimensions.");
            }

            await WaitAsync(Scale(model.Latency.Compute(inputTokens, 0)), cancellationToken).ConfigureAwait(false);
            body = JsonWriting.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("embedding");
                foreach (float v in vector)
                {
                    w.WriteNumberValue(v);
                }

                w.WriteEndArray();
                w.WriteNumber("inputTextTokenCount", inputTokens);
                w.WriteStartObject("embeddingsByType");
                if (wantFloat)
                {
                    w.WriteStartArray("float");
                    foreach (float v in vector)
                    {
                        w.WriteNumberValue(v);
                    }

                    w.WriteEndArray();
                }

                if (wantBinary)
                {
                    w.WriteStartArray("binary");
                    foreach (float v in vector)
                    {
                        w.WriteNumberValue(v > 0 ? 1 : 0);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            });
        }
        else
        {
            AwsError? unknown = CheckMembers(root, ["texts", "input_type", "truncate", "embedding_types", "output_dimension", "images"]);
            if (unknown is not null)
            {
                return unknown;
            }

            if (!root.TryGetProperty("texts", out JsonElement texts) || texts.ValueKind != JsonValueKind.Array)
            {
                return Malformed("#: required key [texts] not found or not an array (the emulator does not embed images)");
            }

            if (texts.GetArrayLength() > 96)
            {
                return Malformed($"#/texts: expected maximum item count: 96, found: {texts.GetArrayLength()}");
            }

            if (!root.TryGetProperty("input_type", out JsonElement inputType) || inputType.ValueKind != JsonValueKind.String
                || inputType.GetString() is not ("search_document" or "search_query" or "classification" or "clustering"))
            {
                return Malformed("#: required key [input_type] not found or not one of search_document, search_query, classification, clustering");
            }

            bool v4 = modelId.Contains("embed-v4", StringComparison.Ordinal);
            int dimensions = v4 ? 1536 : 1024;
            if (root.TryGetProperty("output_dimension", out JsonElement od))
            {
                if (!v4 || od.ValueKind != JsonValueKind.Number || !od.TryGetInt32(out dimensions) || dimensions is not (256 or 512 or 1024 or 1536))
                {
                    return Malformed("#/output_dimension: " + od.GetRawText() + " is not valid for this model");
                }
            }

            List<string>? byType = null;
            if (root.TryGetProperty("embedding_types", out JsonElement types))
            {
                if (types.ValueKind != JsonValueKind.Array)
                {
                    return Malformed("#/embedding_types: expected type: JSONArray, found: " + types.ValueKind);
                }

                byType = [];
                foreach (JsonElement type in types.EnumerateArray())
                {
                    string? t = type.ValueKind == JsonValueKind.String ? type.GetString() : null;
                    if (t is not ("float" or "int8" or "uint8"))
                    {
                        return Malformed("#/embedding_types: " + type.GetRawText() + " is not supported by the emulator (float, int8, uint8)");
                    }

                    byType.Add(t);
                }
            }

            List<string> inputs = [];
            foreach (JsonElement t in texts.EnumerateArray())
            {
                if (t.ValueKind != JsonValueKind.String)
                {
                    return Malformed("#/texts: expected type: String, found: " + t.ValueKind);
                }

                inputs.Add(t.GetString()!);
            }

            List<float[]> vectors = [];
            inputTokens = 0;
            foreach (string text in inputs)
            {
                inputTokens += count(text);
                float[] vector = embed(text, dimensions);
                if (vector.Length != dimensions)
                {
                    return new AwsError(424, "ModelErrorException", $"The embedding generator returned {vector.Length} values for {dimensions} dimensions.");
                }

                vectors.Add(vector);
            }

            await WaitAsync(Scale(model.Latency.Compute(inputTokens, 0)), cancellationToken).ConfigureAwait(false);
            string id = request.Http.Response.Headers["x-amzn-RequestId"].ToString();
            body = JsonWriting.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteStartArray("texts");
                foreach (string text in inputs)
                {
                    w.WriteStringValue(text);
                }

                w.WriteEndArray();
                if (byType is null)
                {
                    w.WriteString("response_type", "embeddings_floats");
                    w.WriteStartArray("embeddings");
                    foreach (float[] vector in vectors)
                    {
                        WriteVector(w, vector, "float");
                    }

                    w.WriteEndArray();
                }
                else
                {
                    w.WriteString("response_type", "embeddings_by_type");
                    w.WriteStartObject("embeddings");
                    foreach (string type in byType)
                    {
                        w.WriteStartArray(type);
                        foreach (float[] vector in vectors)
                        {
                            WriteVector(w, vector, type);
                        }

                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndObject();
            });
        }

        return OperationResult.Json(
            body,
            new("X-Amzn-Bedrock-Input-Token-Count", inputTokens.ToString(CultureInfo.InvariantCulture)),
            new("X-Amzn-Bedrock-Invocation-Latency", ElapsedMilliseconds(request.Started).ToString(CultureInfo.InvariantCulture)));
    }

    private static void WriteVector(Utf8JsonWriter w, float[] vector, string type)
    {
        w.WriteStartArray();
        foreach (float v in vector)
        {
            switch (type)
            {
                case "int8":
                    w.WriteNumberValue((int)Math.Clamp(MathF.Round(v * 127f), -128f, 127f));
                    break;
                case "uint8":
                    w.WriteNumberValue((int)Math.Clamp(MathF.Round((v + 1f) * 127.5f), 0f, 255f));
                    break;
                default:
                    w.WriteNumberValue(v);
                    break;
            }
        }

        w.WriteEndArray();
    }

    private static AwsError? CheckMembers(JsonElement root, string[] allowed)
    {
        foreach (JsonProperty member in root.EnumerateObject())
        {
            if (Array.IndexOf(allowed, member.Name) < 0)
            {
                return Malformed($"#: extraneous key [{member.Name}] is not permitted");
            }
        }

        return null;
    }

    private OperationResult CountTokens(RequestContext request, JsonElement root)
    {
        Func<string, int> count = _options.GetModel(request.ResourceId).CountTokens ?? EmulatedTokenizer.CountTokens;
        if (!root.TryGetProperty("input", out JsonElement input) || input.ValueKind != JsonValueKind.Object)
        {
            return AwsError.Validation("1 validation error detected: Value null at 'input' failed to satisfy constraint: Member must not be null");
        }

        int tokens;
        if (input.TryGetProperty("converse", out JsonElement converse) && converse.ValueKind == JsonValueKind.Object)
        {
            tokens = count(BuildCall(request.ResourceId, converse).Prompt);
        }
        else if (input.TryGetProperty("invokeModel", out JsonElement invoke) && invoke.ValueKind == JsonValueKind.Object
            && invoke.TryGetProperty("body", out JsonElement b) && b.ValueKind == JsonValueKind.String)
        {
            byte[] raw;
            try
            {
                raw = b.GetBytesFromBase64();
            }
            catch (FormatException)
            {
                return AwsError.Validation("The value of 'input.invokeModel.body' is not valid base64.");
            }

            tokens = count(TextOfJson(raw));
        }
        else
        {
            return AwsError.Validation("'input' must set exactly one of 'converse' or 'invokeModel' (with 'body').");
        }

        return OperationResult.Json(JsonWriting.Write(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("inputTokens", tokens);
            w.WriteEndObject();
        }));
    }

    /// <summary>The string values of a JSON body joined by new lines, or the body as UTF-8 text when it is not JSON.</summary>
    private static string TextOfJson(byte[] raw)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(raw);
            List<string> strings = [];
            Collect(doc.RootElement, strings);
            return string.Join('\n', strings);
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(raw);
        }

        static void Collect(JsonElement e, List<string> strings)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    strings.Add(e.GetString()!);
                    break;
                case JsonValueKind.Array:
                    foreach (JsonElement item in e.EnumerateArray())
                    {
                        Collect(item, strings);
                    }

                    break;
                case JsonValueKind.Object:
                    foreach (JsonProperty p in e.EnumerateObject())
                    {
                        Collect(p.Value, strings);
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The configured blocked words or phrases found in a text, as whole-word sequences, ignoring case.</summary>
    internal IReadOnlyList<string> FindBlockedWords(string text)
    {
        IReadOnlyList<string> words = EmulatedTokenizer.Words(text);
        List<string> found = [];
        foreach (string blocked in _options.GuardrailBlockedWords)
        {
            IReadOnlyList<string> phrase = EmulatedTokenizer.Words(blocked);
            if (phrase.Count == 0)
            {
                continue;
            }

            for (int i = 0; i + phrase.Count <= words.Count; i++)
            {
                bool match = true;
                for (int j = 0; j < phrase.Count && match; j++)
                {
                    match = string.Equals(words[i + j], phrase[j], StringComparison.Ordinal);
                }

                if (match)
                {
                    found.Add(blocked);
                    break;
                }
            }
        }

        return found;
    }

    private OperationResult ApplyGuardrail(RequestContext request, JsonElement root)
    {
        if (!root.TryGetProperty("source", out JsonElement source) || source.ValueKind != JsonValueKind.String
            || source.GetString() is not ("INPUT" or "OUTPUT"))
        {
            return AwsError.Validation("1 validation error detected: Value at 'source' failed to satisfy constraint: Member must satisfy enum value set: [INPUT, OUTPUT]");
        }

        if (!root.TryGetProperty("content", out JsonElement content) || content.ValueKind != JsonValueKind.Array)
        {
            return AwsError.Validation("1 validation error detected: Value null at 'content' failed to satisfy constraint: Member must not be null");
        }

        List<string> texts = [];
        foreach (JsonElement block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("text", out JsonElement t) && t.ValueKind == JsonValueKind.Object
                && t.TryGetProperty("text", out JsonElement tt) && tt.ValueKind == JsonValueKind.String)
            {
                texts.Add(tt.GetString()!);
            }
        }

        string all = string.Join('\n', texts);
        IReadOnlyList<string> blocked = FindBlockedWords(all);
        bool intervened = blocked.Count > 0;
        int units = (all.Length + 999) / 1000;
        long latency = ElapsedMilliseconds(request.Started);
        byte[] body = JsonWriting.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("usage");
            WriteGuardrailUsage(w, units);
            w.WriteString("action", intervened ? "GUARDRAIL_INTERVENED" : "NONE");
            w.WriteString("actionReason", intervened ? "Guardrail blocked." : "No action.");
            w.WriteStartArray("outputs");
            if (intervened)
            {
                w.WriteStartObject();
                w.WriteString("text", _options.GuardrailBlockedMessage);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("assessments");
            w.WriteStartObject();
            if (intervened)
            {
                w.WriteStartObject("wordPolicy");
                w.WriteStartArray("customWords");
                foreach (string word in blocked)
                {
                    w.WriteStartObject();
                    w.WriteString("match", word);
                    w.WriteString("action", "BLOCKED");
                    w.WriteBoolean("detected", true);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("managedWordLists");
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteStartObject("invocationMetrics");
            w.WriteNumber("guardrailProcessingLatency", latency);
            w.WritePropertyName("usage");
            WriteGuardrailUsage(w, units);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return OperationResult.Json(body);
    }

    private static void WriteGuardrailUsage(Utf8JsonWriter w, int wordUnits)
    {
        w.WriteStartObject();
        w.WriteNumber("topicPolicyUnits", 0);
        w.WriteNumber("contentPolicyUnits", 0);
        w.WriteNumber("wordPolicyUnits", wordUnits);
        w.WriteNumber("sensitiveInformationPolicyUnits", 0);
        w.WriteNumber("sensitiveInformationPolicyFreeUnits", 0);
        w.WriteNumber("contextualGroundingPolicyUnits", 0);
        w.WriteEndObject();
    }

    /// <summary>
    /// Word-overlap relevance: the fraction of the query's distinct words (less <see cref="ExtractiveAnswerer.StopWords"/>)
    /// that occur in the text; 0 when the query has no such word.
    /// </summary>
    internal static double Overlap(string query, string text)
    {
        HashSet<string> queryWords = new(StringComparer.Ordinal);
        foreach (string word in EmulatedTokenizer.Words(query))
        {
            if (!ExtractiveAnswerer.StopWords.Contains(word))
            {
                queryWords.Add(word);
            }
        }

        if (queryWords.Count == 0)
        {
            return 0;
        }

        HashSet<string> textWords = new(EmulatedTokenizer.Words(text), StringComparer.Ordinal);
        int hits = 0;
        foreach (string word in queryWords)
        {
            if (textWords.Contains(word))
            {
                hits++;
            }
        }

        return (double)hits / queryWords.Count;
    }

    private OperationResult Retrieve(JsonElement root)
    {
        if (!root.TryGetProperty("retrievalQuery", out JsonElement query) || query.ValueKind != JsonValueKind.Object
            || !query.TryGetProperty("text", out JsonElement queryText) || queryText.ValueKind != JsonValueKind.String)
        {
            return AwsError.Validation("1 validation error detected: Value null at 'retrievalQuery.text' failed to satisfy constraint: Member must not be null");
        }

        int k = 5;
        if (root.TryGetProperty("retrievalConfiguration", out JsonElement config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("vectorSearchConfiguration", out JsonElement vector) && vector.ValueKind == JsonValueKind.Object
            && vector.TryGetProperty("numberOfResults", out JsonElement n) && n.ValueKind == JsonValueKind.Number)
        {
            if (!n.TryGetInt32(out k) || k is < 1 or > 100)
            {
                return AwsError.Validation($"1 validation error detected: Value '{n.GetRawText()}' at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value between 1 and 100");
            }
        }

        string q = queryText.GetString()!;
        List<(EmulatedDocument Document, double Score, int Order)> scored = [];
        int order = 0;
        foreach (EmulatedDocument document in _options.KnowledgeBaseDocuments)
        {
            scored.Add((document, Overlap(q, document.Text), order++));
        }

        scored.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Order.CompareTo(b.Order));
        byte[] body = JsonWriting.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("retrievalResults");
            for (int i = 0; i < Math.Min(k, scored.Count); i++)
            {
                (EmulatedDocument document, double score, _) = scored[i];
                w.WriteStartObject();
                w.WriteStartObject("content");
                w.WriteString("text", document.Text);
                w.WriteString("type", "TEXT");
                w.WriteEndObject();
                w.WriteStartObject("location");
                w.WriteString("type", "CUSTOM");
                w.WriteStartObject("customDocumentLocation");
                w.WriteString("id", document.Id);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartObject("metadata");
                foreach (KeyValuePair<string, string> pair in document.Metadata)
                {
                    w.WriteString(pair.Key, pair.Value);
                }

                w.WriteEndObject();
                w.WriteNumber("score", score);
                w.WriteString("documentId", document.Id);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return OperationResult.Json(body);
    }

    private static OperationResult Rerank(JsonElement root)
    {
        if (!root.TryGetProperty("queries", out JsonElement queries) || queries.ValueKind != JsonValueKind.Array || queries.GetArrayLength() != 1
            || queries[0].ValueKind != JsonValueKind.Object
            || !queries[0].TryGetProperty("textQuery", out JsonElement textQuery) || textQuery.ValueKind != JsonValueKind.Object
            || !textQuery.TryGetProperty("text", out JsonElement queryText) || queryText.ValueKind != JsonValueKind.String)
        {
            return AwsError.Validation("1 validation error detected: Value at 'queries' failed to satisfy constraint: Member must have length equal to 1 and a 'textQuery.text'");
        }

        if (!root.TryGetProperty("sources", out JsonElement sources) || sources.ValueKind != JsonValueKind.Array
            || sources.GetArrayLength() is < 1 or > 1000)
        {
            return AwsError.Validation("1 validation error detected: Value at 'sources' failed to satisfy constraint: Member must have length between 1 and 1000");
        }

        if (!root.TryGetProperty("rerankingConfiguration", out JsonElement config) || config.ValueKind != JsonValueKind.Object)
        {
            return AwsError.Validation("1 validation error detected: Value null at 'rerankingConfiguration' failed to satisfy constraint: Member must not be null");
        }

        int? n = null;
        if (config.TryGetProperty("bedrockRerankingConfiguration", out JsonElement bedrock) && bedrock.ValueKind == JsonValueKind.Object
            && bedrock.TryGetProperty("numberOfResults", out JsonElement count) && count.ValueKind == JsonValueKind.Number)
        {
            if (!count.TryGetInt32(out int c) || c is < 1 or > 1000)
            {
                return AwsError.Validation($"1 validation error detected: Value '{count.GetRawText()}' at 'rerankingConfiguration.bedrockRerankingConfiguration.numberOfResults' failed to satisfy constraint: Member must have value between 1 and 1000");
            }

            n = c;
        }

        string q = queryText.GetString()!;
        List<(int Index, double Score, JsonElement Document)> scored = [];
        int index = 0;
        foreach (JsonElement source in sources.EnumerateArray())
        {
            JsonElement document = default;
            string text = string.Empty;
            if (source.ValueKind == JsonValueKind.Object && source.TryGetProperty("inlineDocumentSource", out document) && document.ValueKind == JsonValueKind.Object)
            {
                if (document.TryGetProperty("textDocument", out JsonElement td) && td.ValueKind == JsonValueKind.Object
                    && td.TryGetProperty("text", out JsonElement tdText) && tdText.ValueKind == JsonValueKind.String)
                {
                    text = tdText.GetString()!;
                }
                else if (document.TryGetProperty("jsonDocument", out JsonElement jd))
                {
                    text = jd.GetRawText();
                }
            }

            scored.Add((index++, Overlap(q, text), document));
        }

        scored.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        int take = Math.Min(n ?? scored.Count, scored.Count);
        byte[] body = JsonWriting.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("results");
            for (int i = 0; i < take; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("index", scored[i].Index);
                w.WriteNumber("relevanceScore", (float)scored[i].Score);
                if (scored[i].Document.ValueKind == JsonValueKind.Object)
                {
                    w.WritePropertyName("document");
                    scored[i].Document.WriteTo(w);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        return OperationResult.Json(body);
    }
}
