// Evaluation demo: calibration and temperature scaling of a simulated classifier, an A/B comparison, and an offline
// evaluation run (self-consistency confidence + semantic similarity) over a small JSONL dataset. Runs offline: the
// "model" and the embeddings are the small local stand-ins at the bottom of this file.
// Usage: dotnet run --project samples/EvaluationDemo [-- OUTPUT_DIRECTORY]
using System.Globalization;
using Bedrock.Foundations.Evaluation;
using Bedrock.Foundations.Evaluation.Evaluators;
using Microsoft.Extensions.AI;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string output = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "bedrock-evaluation-demo");
Directory.CreateDirectory(output);

// A 10-class classifier whose logits are three times too sharp (seeded, so the numbers below repeat).
const int n = 5000, classes = 10;
float[] logits = new float[n * classes];
int[] labels = new int[n];
var random = new Random(11);
for (int i = 0; i < n; i++)
{
    labels[i] = random.Next(classes);
    for (int k = 0; k < classes; k++)
    {
        logits[(i * classes) + k] = (float)(3 * ((k == labels[i] ? 1.0 : 0.0) + Gaussian(random)));
    }
}

// <snippet:calibration>
// Top-label calibration of softmax outputs, then temperature scaling fitted on the same logits.
float[] probabilities = new float[logits.Length];
TemperatureScaling.Apply(logits, classes, temperature: 1.0, probabilities);
CalibrationReport before = Calibration.EvaluateProbabilities(probabilities, classes, labels);

TemperatureScalingResult fit = TemperatureScaling.FitAndEvaluate(logits, classes, labels);
Console.WriteLine($"ECE {before.ExpectedCalibrationError:0.0000} → {fit.After.ExpectedCalibrationError:0.0000} at T = {fit.Temperature:0.000}");
Console.WriteLine($"NLL {fit.Before.NegativeLogLikelihood:0.0000} → {fit.After.NegativeLogLikelihood:0.0000}");
File.WriteAllText(Path.Combine(output, "before.svg"), ReliabilityDiagram.ToSvg(before, "Before temperature scaling"));
// </snippet>

// <snippet:abtest>
// Variant B converts 150 of 1000 visitors, A 120 of 1000.
ProportionComparison conversion = AbTest.CompareProportions(successesA: 120, trialsA: 1000, successesB: 150, trialsB: 1000);
Console.WriteLine($"B − A = {conversion.Difference:+0.000;-0.000}, 95% CI [{conversion.DifferenceInterval.Lower:0.000}, {conversion.DifferenceInterval.Upper:0.000}], " +
                  $"z = {conversion.ZStatistic:0.00}, p = {conversion.PValue:0.0000}");

// Latencies (ms): Welch's t on the means, and a seeded bootstrap interval for the difference of medians.
double[] latencyA = [.. Enumerable.Range(0, 200).Select(_ => 420 + (60 * Gaussian(random)))];
double[] latencyB = [.. Enumerable.Range(0, 200).Select(_ => 400 + (90 * Gaussian(random)))];
MeanComparison welch = AbTest.CompareMeans(latencyA, latencyB);
BootstrapResult medians = AbTest.BootstrapDifference(latencyA, latencyB, Median, resamples: 5000, seed: 1);
Console.WriteLine($"mean B − A = {welch.Difference:0.0} ms (t = {welch.TStatistic:0.00}, ν = {welch.DegreesOfFreedom:0.0}, p = {welch.PValue:0.0000}); " +
                  $"median B − A = {medians.Difference:0.0} ms, 95% CI [{medians.Interval.Lower:0.0}, {medians.Interval.Upper:0.0}]");

// How many visitors per variant to detect 12% → 13.5% with α = 0.05 and power 0.8?
Console.WriteLine($"n per variant: {AbTest.SampleSizeForProportions(baselineRate: 0.12, minimumDetectableEffect: 0.015)}");
// </snippet>

// An offline evaluation run over a JSONL dataset.
string dataset = Path.Combine(output, "dataset.jsonl");
File.WriteAllLines(dataset,
[
    """{"id": "fr", "question": "What is the capital of France?", "reference": "Paris"}""",
    """{"id": "jp", "question": "What is the capital of Japan?", "reference": "Tokyo"}""",
    """{"id": "au", "question": "What is the capital of Australia?", "reference": "Canberra"}""",
    """{"id": "ca", "question": "What is the capital of Canada?", "reference": "Ottawa"}""",
    """{"id": "br", "question": "What is the capital of Brazil?", "reference": "Brasília"}""",
    """{"id": "tr", "question": "What is the capital of Turkey?", "reference": "Ankara"}""",
]);
using IChatClient model = new StandInModel(seed: 3);
using IEmbeddingGenerator<string, Embedding<float>> embeddings = new LetterEmbeddings();

// <snippet:evaluation-run>
IReadOnlyList<EvaluationItem> items = await EvaluationDataset.LoadJsonlAsync(dataset);
var runner = new EvaluationRunner(
    model,
    [new SemanticSimilarityEvaluator(embeddings, threshold: 0.95)],
    new EvaluationRunOptions
    {
        SystemPrompt = "Answer with the name only.",
        SelfConsistency = new SelfConsistencyOptions { Samples = 8, Temperature = 0.8f }, // confidence = agreement
        Calibration = new CalibrationOptions(Bins: 5),
        MaxConcurrency = 2,
    });

EvaluationRunReport run = await runner.RunAsync(items, new Progress<EvaluationProgress>(p => { /* p.Completed of p.Total */ }));
foreach (EvaluationItemResult item in run.Items)
{
    Console.WriteLine($"  {item.Item.Id}: {item.Answer,-10} confidence {item.Confidence:0.00}  correct {item.Correct}");
}

Console.WriteLine($"accuracy {run.Summary.Accuracy:0.00}, ECE {run.Summary.Calibration?.ExpectedCalibrationError:0.000}");
await run.WriteAsync(output); // items.jsonl, summary.json, reliability-diagram.svg
// </snippet>
Console.WriteLine($"wrote {output}");
return 0;

static double Gaussian(Random random) =>
    Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

static double Median(ReadOnlySpan<double> sample)
{
    double[] sorted = sample.ToArray();
    Array.Sort(sorted);
    int middle = sorted.Length / 2;
    return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/// <summary>
/// A stand-in model for the offline demo: it knows each capital with some probability and otherwise names the
/// country's largest city; temperature makes it waver. Not a language model — a seeded table.
/// </summary>
internal sealed class StandInModel(int seed) : IChatClient
{
    private static readonly Dictionary<string, (string Right, string Wrong, double Knows)> Table = new()
    {
        ["France"] = ("Paris", "Lyon", 0.99),
        ["Japan"] = ("Tokyo", "Osaka", 0.97),
        ["Australia"] = ("Canberra", "Sydney", 0.55),
        ["Canada"] = ("Ottawa", "Toronto", 0.7),
        ["Brazil"] = ("Brasília", "São Paulo", 0.6),
        ["Turkey"] = ("Ankara", "Istanbul", 0.45),
    };

    // One generator per question, so that the answers do not depend on how concurrent questions interleave.
    private readonly Dictionary<string, Random> _random = Table.Keys.Select((country, i) => (country, i)).ToDictionary(e => e.country, e => new Random(seed + e.i));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        string question = messages.Last().Text;
        string country = Table.Keys.First(c => question.Contains(c, StringComparison.Ordinal));
        (string right, string wrong, double knows) = Table[country];
        double draw;
        lock (_random[country])
        {
            draw = _random[country].NextDouble();
        }

        // At temperature 0 the model always gives its most likely answer; hotter, it samples.
        bool correct = (options?.Temperature ?? 0f) == 0f ? knows >= 0.5 : draw < knows;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, correct ? right : wrong)));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

/// <summary>A stand-in embedding for the offline demo: letter counts (texts with the same letters score 1).</summary>
internal sealed class LetterEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            float[] vector = new float[27];
            foreach (char c in value.ToUpperInvariant())
            {
                vector[c is >= 'A' and <= 'Z' ? c - 'A' : 26] += char.IsLetter(c) ? 1 : 0;
            }

            result.Add(new Embedding<float>(vector));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
