using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>
/// The outcome of an <see cref="EvaluationRunner"/> run: one result per item, in dataset order, and the summary. Writes
/// itself as files: per-item JSON Lines, a summary JSON and, when the run had confidences, the reliability diagram.
/// </summary>
/// <remarks>
/// In the JSON output, numbers that JSON cannot hold (NaN, ±∞: an empty metric's mean, an infinite log-likelihood) are
/// written as the strings "NaN", "Infinity" and "-Infinity", as System.Text.Json's
/// <c>JsonNumberHandling.AllowNamedFloatingPointLiterals</c> reads them; durations are in milliseconds.
/// </remarks>
/// <param name="Items">Per item, in dataset order.</param>
/// <param name="Summary">The run as a whole.</param>
public sealed record EvaluationRunReport(IReadOnlyList<EvaluationItemResult> Items, EvaluationSummary Summary)
{
    /// <summary>The per-item file's name: items.jsonl.</summary>
    public const string ItemsFileName = "items.jsonl";

    /// <summary>The summary file's name: summary.json.</summary>
    public const string SummaryFileName = "summary.json";

    /// <summary>The reliability diagram's file name: reliability-diagram.svg.</summary>
    public const string DiagramFileName = "reliability-diagram.svg";

    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>
    /// Writes <see cref="ItemsFileName"/>, <see cref="SummaryFileName"/> and, when the summary has a calibration report,
    /// <see cref="DiagramFileName"/> into a directory (created when missing; files of those names are replaced).
    /// </summary>
    /// <param name="directory">Where to write.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The paths written.</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    public async Task<IReadOnlyList<string>> WriteAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var written = new List<string>(3);

        string items = Path.Combine(directory, ItemsFileName);
        FileStream itemsStream = File.Create(items);
        await using (itemsStream.ConfigureAwait(false))
        {
            await WriteItemsAsync(itemsStream, cancellationToken).ConfigureAwait(false);
        }

        written.Add(items);
        string summary = Path.Combine(directory, SummaryFileName);
        FileStream summaryStream = File.Create(summary);
        await using (summaryStream.ConfigureAwait(false))
        {
            await WriteSummaryAsync(summaryStream, cancellationToken).ConfigureAwait(false);
        }

        written.Add(summary);
        if (Summary.Calibration is { } calibration)
        {
            string diagram = Path.Combine(directory, DiagramFileName);
            await File.WriteAllTextAsync(diagram, ReliabilityDiagram.ToSvg(calibration, "Evaluation run: confidence vs correctness"), Encoding.UTF8, cancellationToken)
                .ConfigureAwait(false);
            written.Add(diagram);
        }

        return written;
    }

    /// <summary>Writes one JSON object per item, one per line (UTF-8), to a stream (which stays open).</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public async Task WriteItemsAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        foreach (EvaluationItemResult result in Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                WriteItem(json, result);
            }

            buffer.WriteByte((byte)'\n');
            await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the summary as one indented JSON object (UTF-8) to a stream (which stays open).</summary>
    /// <param name="stream">Where to write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public async Task WriteSummaryAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            WriteSummary(json, Summary);
        }

        buffer.WriteByte((byte)'\n');
        await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteItem(Utf8JsonWriter json, EvaluationItemResult result)
    {
        json.WriteStartObject();
        json.WriteString("id", Safe(result.Item.Id));
        json.WriteString("question", Safe(result.Item.Question));
        WriteOptional(json, "reference", result.Item.Reference);
        WriteOptional(json, "answer", result.Answer);
        WriteNumber(json, "confidence", result.Confidence);
        if (result.Correct is bool correct)
        {
            json.WriteBoolean("correct", correct);
        }
        else
        {
            json.WriteNull("correct");
        }

        json.WriteStartObject("metrics");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (EvaluationMetricValue metric in result.Metrics)
        {
            // Two evaluators may report the same metric name: later ones get " (2)", " (3)", ... so no key repeats.
            string name = metric.Name;
            for (int copy = 2; !names.Add(name); copy++)
            {
                name = string.Create(CultureInfo.InvariantCulture, $"{metric.Name} ({copy})");
            }

            json.WriteStartObject(Safe(name));
            WriteNumber(json, "value", metric.Value);
            if (metric.Failed is bool failed)
            {
                json.WriteBoolean("failed", failed);
            }

            WriteOptional(json, "rating", metric.Rating);
            if (metric.Errors.Count > 0)
            {
                json.WriteStartArray("errors");
                foreach (string error in metric.Errors)
                {
                    json.WriteStringValue(Safe(error));
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        WriteOptional(json, "error", result.Error);
        json.WriteNumber("durationMs", Math.Round(result.Duration.TotalMilliseconds, 3));
        json.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter json, EvaluationSummary summary)
    {
        json.WriteStartObject();
        json.WriteNumber("count", summary.Count);
        json.WriteNumber("succeeded", summary.Succeeded);
        json.WriteNumber("failed", summary.Failed);
        WriteNumber(json, "accuracy", summary.Accuracy);
        json.WriteNumber("durationMs", Math.Round(summary.Duration.TotalMilliseconds, 3));
        json.WriteStartArray("metrics");
        foreach (EvaluationMetricSummary metric in summary.Metrics)
        {
            json.WriteStartObject();
            json.WriteString("name", Safe(metric.Name));
            json.WriteNumber("count", metric.Count);
            WriteNumber(json, "mean", metric.Mean);
            WriteNumber(json, "min", metric.Minimum);
            WriteNumber(json, "max", metric.Maximum);
            WriteNumber(json, "passRate", metric.PassRate);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (summary.Calibration is { } report)
        {
            json.WriteStartObject("calibration");
            json.WriteNumber("count", report.Count);
            WriteNumber(json, "expectedCalibrationError", report.ExpectedCalibrationError);
            WriteNumber(json, "maximumCalibrationError", report.MaximumCalibrationError);
            WriteNumber(json, "rootMeanSquareCalibrationError", report.RootMeanSquareCalibrationError);
            WriteNumber(json, "brierScore", report.BrierScore);
            WriteNumber(json, "negativeLogLikelihood", report.NegativeLogLikelihood);
            WriteNumber(json, "accuracy", report.Accuracy);
            json.WriteStartArray("bins");
            foreach (CalibrationBin bin in report.Bins)
            {
                json.WriteStartObject();
                WriteNumber(json, "lower", bin.Lower);
                WriteNumber(json, "upper", bin.Upper);
                json.WriteNumber("count", bin.Count);
                WriteNumber(json, "meanConfidence", bin.MeanConfidence);
                WriteNumber(json, "accuracy", bin.Accuracy);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("calibration");
        }

        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, Safe(value));
        }
    }

    /// <summary>
    /// The text with any unpaired surrogate replaced by U+FFFD: model output is not always valid UTF-16, and a JSON writer
    /// must not fail a whole report over one answer.
    /// </summary>
    private static string Safe(string text)
    {
        int bad = -1;
        for (int i = 0; i < text.Length && bad < 0; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                bad = i;
            }
        }

        if (bad < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i, 2);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return builder.ToString();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case double v when double.IsFinite(v):
                json.WriteNumber(name, v);
                break;
            case double v:
                json.WriteString(name, double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
                break;
        }
    }
}
