// Sampling demo: the seed article's §9 example, then entropy versus temperature for a real-sized vocabulary,
// then a few seeded draws through temperature → top-k → top-p → min-p.
//
//   dotnet run --project samples/SamplingDemo -c Release
using System.Globalization;
using Bedrock.Foundations.Sampling;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// §9: logits (2.0, 1.0, 0.1) at T = 1 and T = 0.5.
// <snippet:distribution>
float[] example = [2.0f, 1.0f, 0.1f];
float[] probabilities = new float[example.Length];
Console.WriteLine("Seed article §9: logits (2.0, 1.0, 0.1)");
Console.WriteLine("  T     p1        p2        p3        H (nats)  PP = e^H");
foreach (float temperature in new[] { 1.0f, 0.5f })
{
    Distribution.Softmax(example, probabilities, temperature);
    double entropy = Distribution.Entropy(probabilities);
    Console.WriteLine(
        $"  {temperature,-4:0.0}  {probabilities[0],-8:0.000000}  {probabilities[1],-8:0.000000}  {probabilities[2],-8:0.000000}  {entropy,-8:0.000000}  {Math.Exp(entropy):0.0000}");
}

// </snippet>

Console.WriteLine();

// A Llama-3-sized vocabulary with Gaussian logits (σ = 2.5), seeded so every run prints the same table.
const int Vocabulary = 128_256;
float[] logits = GaussianLogits(Vocabulary, standardDeviation: 2.5, seed: 2026);
float[] distribution = new float[Vocabulary];
Console.WriteLine($"Entropy vs temperature, V = {Vocabulary:N0} Gaussian logits (σ = 2.5); ln V = {Math.Log(Vocabulary):0.000}");
Console.WriteLine("  T      H (nats)   PP = e^H      p_max      top-p 0.9 support");
foreach (float temperature in new[] { 0f, 0.25f, 0.5f, 0.7f, 1.0f, 1.5f, 2.0f, 5.0f })
{
    double entropy = Distribution.SoftmaxWithEntropy(logits, distribution, temperature);
    float pMax = 0f;
    foreach (float p in distribution)
    {
        pMax = Math.Max(pMax, p);
    }

    int nucleus = new TokenSampler(new SamplingOptions(Temperature: temperature, TopP: 0.9f), seed: 1).Filter(logits, distribution);
    Console.WriteLine($"  {temperature,-5:0.00}  {entropy,9:0.0000}  {Math.Exp(entropy),11:0.0}  {pMax,9:0.000000}  {nucleus,10:N0}");
}

Console.WriteLine();

// Seeded sampling: the same seed gives the same tokens on every run and machine.
// <snippet:sampler>
var options = new SamplingOptions(Temperature: 0.8f, TopK: 40, TopP: 0.95f, MinP: 0.05f);
var sampler = new TokenSampler(options, seed: 42);
int[] tokens = new int[12];
for (int i = 0; i < tokens.Length; i++)
{
    tokens[i] = sampler.Sample(logits);
}

Console.WriteLine($"{options}, seed 42:");
Console.WriteLine("  " + string.Join(", ", tokens));

// Filter writes the truncated, renormalized distribution and returns how many tokens survived.
int support = sampler.Filter(logits, distribution);
Console.WriteLine($"  {support} tokens survive temperature → top-k → top-p → min-p");
// </snippet>

static float[] GaussianLogits(int length, double standardDeviation, int seed)
{
    var random = new Random(seed);
    var values = new float[length];
    for (int i = 0; i < length; i++)
    {
        // Box–Muller.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        values[i] = (float)(standardDeviation * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    return values;
}
