// Attention demo: scaled dot-product attention with grouped-query heads and a causal mask, checked against a plain
// double-precision computation; then a multi-head attention layer decoding token by token through a key/value cache,
// checked against the whole sequence at once; then the throughput of one prefill shape.
// Usage: dotnet run --project samples/AttentionDemo -c Release
using System.Diagnostics;
using System.Globalization;
using Bedrock.Foundations.Attention;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var random = new Random(5);
float[] Random(long n) => [.. Enumerable.Range(0, (int)n).Select(_ => (float)((random.NextDouble() * 2) - 1))];

// <snippet:attention>
// 8 query heads sharing 2 key/value heads (grouped-query attention), 48 new tokens after 80 cached ones, D = 64.
var shape = new AttentionShape(Batch: 1, QueryHeads: 8, KeyValueHeads: 2, QueryLength: 48, KeyLength: 128, HeadDimension: 64);
float[] query = Random(shape.QueryElementCount);                       // [B, Hq, Lq, D]
float[] key = Random(shape.KeyValueElementCount);                      // [B, Hkv, Lk, D]
float[] value = Random(shape.KeyValueElementCount);
float[] output = new float[shape.QueryElementCount];

// Causal, aligned bottom-right: query i sees keys j ≤ i + (Lk − Lq), so the first new token sees the 80 cached ones.
ScaledDotProductAttention.Compute(query, key, value, output, shape, new AttentionOptions { IsCausal = true });
// </snippet>
Console.WriteLine($"SDPA {shape.QueryHeads}/{shape.KeyValueHeads} heads, Lq = {shape.QueryLength}, Lk = {shape.KeyLength}: " +
                  $"max |ours − double reference| = {MaxError(query, key, value, output, shape):E1}");

// <snippet:decode>
// A layer with model width 96, 6 query heads and 2 key/value heads of 16 dimensions, weights in nn.Linear layout.
const int width = 96, heads = 6, kvHeads = 2, d = 16, tokens = 12;
var layer = new MultiHeadAttention(width, heads, kvHeads, d,
    queryWeight: Random(heads * d * width), keyWeight: Random(kvHeads * d * width),
    valueWeight: Random(kvHeads * d * width), outputWeight: Random(width * heads * d));
float[] sequence = Random(tokens * width);                             // [B = 1, L, M]
var causal = new AttentionOptions { IsCausal = true };

float[] whole = new float[sequence.Length];
layer.Forward(sequence, whole, batch: 1, sequenceLength: tokens, options: causal);

KeyValueCache cache = layer.CreateCache(batch: 1, capacity: tokens);
float[] stepwise = new float[sequence.Length];
for (int t = 0; t < tokens; t++)
{
    // One token at a time: its keys and values join the cache, its query attends to everything cached.
    layer.Forward(sequence.AsSpan(t * width, width), stepwise.AsSpan(t * width, width), batch: 1, sequenceLength: 1, cache, causal);
}
// </snippet>
double drift = whole.Zip(stepwise, (a, b) => Math.Abs(a - b)).Max();
Console.WriteLine($"MHA token by token through a {cache.Length}-token cache vs whole sequence: max difference {drift:E1}");

// Throughput of one prefill shape (a rough figure: see benchmarks/ for the measured tables).
var prefill = new AttentionShape(1, 8, 8, 512, 512, 64);
float[] q = Random(prefill.QueryElementCount), k = Random(prefill.KeyValueElementCount), v = Random(prefill.KeyValueElementCount);
float[] o = new float[prefill.QueryElementCount];
for (int i = 0; i < 3; i++)
{
    ScaledDotProductAttention.Compute(q, k, v, o, prefill);
}

var watch = Stopwatch.StartNew();
const int runs = 10;
for (int i = 0; i < runs; i++)
{
    ScaledDotProductAttention.Compute(q, k, v, o, prefill);
}

double seconds = watch.Elapsed.TotalSeconds / runs;
Console.WriteLine($"prefill (1, 8, 8, 512, 64) on {Environment.ProcessorCount} cores: {seconds * 1e3:0.00} ms, {prefill.FloatingPointOperations(false) / seconds / 1e9:0.0} GFLOP/s");
return drift < 1e-4 ? 0 : 1;

static double MaxError(float[] q, float[] k, float[] v, float[] o, AttentionShape s)
{
    double worst = 0;
    double scale = 1 / Math.Sqrt(s.HeadDimension);
    int offset = s.KeyLength - s.QueryLength;
    for (int h = 0; h < s.QueryHeads; h++)
    {
        int kv = h / s.GroupSize;
        for (int i = 0; i < s.QueryLength; i++)
        {
            double[] p = new double[s.KeyLength];
            double max = double.NegativeInfinity;
            for (int j = 0; j <= i + offset; j++)
            {
                double dot = 0;
                for (int x = 0; x < s.HeadDimension; x++)
                {
                    dot += (double)q[(((h * s.QueryLength) + i) * s.HeadDimension) + x] * k[(((kv * s.KeyLength) + j) * s.HeadDimension) + x];
                }

                p[j] = dot * scale;
                max = Math.Max(max, p[j]);
            }

            double sum = 0;
            for (int j = 0; j <= i + offset; j++)
            {
                p[j] = Math.Exp(p[j] - max);
                sum += p[j];
            }

            for (int x = 0; x < s.HeadDimension; x++)
            {
                double acc = 0;
                for (int j = 0; j <= i + offset; j++)
                {
                    acc += p[j] * v[(((kv * s.KeyLength) + j) * s.HeadDimension) + x];
                }

                worst = Math.Max(worst, Math.Abs((acc / sum) - o[(((h * s.QueryLength) + i) * s.HeadDimension) + x]));
            }
        }
    }

    return worst;
}
