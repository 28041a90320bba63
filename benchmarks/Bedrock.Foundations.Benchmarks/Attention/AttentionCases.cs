using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Filters;
using Bedrock.Foundations.Attention;

namespace Bedrock.Foundations.Benchmarks.Attention;

/// <summary>
/// The attention shapes and seeded inputs. Prefill shapes are written "(B, Hq, Hkv, L, D)" with Lq = Lk = L, as
/// in the issue (without spaces, so that BenchmarkDotNet does not shorten them in the tables); <c>BENCHMARK_CI=1</c> keeps
/// only (1,8,8,512,64). Decode is one query token against
/// Lk = 4096 cached keys: (B, Hq, Hkv, Lk, D) = (1, 32, 8, 4096, 128).
/// </summary>
public static class AttentionCases
{
    /// <summary>The smallest prefill shape, the only one in the CI pass.</summary>
    public const string SmallPrefill = "(1,8,8,512,64)";

    /// <summary>The decode shape, "(B, Hq, Hkv, Lk, D)": K and V together are 2 · 8 · 4096 · 128 · 4 bytes = 32 MiB.</summary>
    public const string MainDecode = "(1,32,8,4096,128)";

    /// <summary>The decode shape (one query token).</summary>
    public static AttentionShape Decode { get; } = ParseDecode(MainDecode);

    /// <summary>
    /// Decode shapes: the (grouped 4:1, D = 128), a group of 8 (Llama-70B's), multi-head attention (a group of
    /// one, 128 MiB of K/V) and D = 64; under CI only <see cref="MainDecode"/>.
    /// </summary>
    public static IEnumerable<string> DecodeShapes =>
        IsCi ? [MainDecode] : [MainDecode, "(1,64,8,4096,128)", "(1,32,32,4096,128)", "(1,32,8,4096,64)"];

    /// <summary>Parses "(B, Hq, Hkv, Lk, D)" into a one-token decode shape (Lq = 1).</summary>
    public static AttentionShape ParseDecode(string shape)
    {
        int[] n = ParseFive(shape);
        return new AttentionShape(n[0], n[1], n[2], 1, n[3], n[4]);
    }

    /// <summary>
    /// Copies of the decode K/V that a benchmark cycles through, one per invocation, so that the K/V read by a
    /// call is never the one the previous call left in the (32 MiB) L3: 4 copies = 128 MiB.
    /// </summary>
    public const int DecodeCopies = 4;

    /// <summary>
    /// Copies for any decode shape: at least <see cref="DecodeCopies"/>, and enough for 128 MiB in all (4× the L3), so a
    /// shape with less K/V per call than the L3 holds (D = 64: 16 MiB) does not find some of it still cached.
    /// </summary>
    public static int DecodeCopiesOf(AttentionShape shape)
    {
        double bytes = 2.0 * shape.KeyValueElementCount * sizeof(float);
        return Math.Max(DecodeCopies, (int)Math.Ceiling((128 << 20) / bytes));
    }

    /// <summary>Whether the short CI pass is on (<c>BENCHMARK_CI=1</c>).</summary>
    public static bool IsCi => Environment.GetEnvironmentVariable("BENCHMARK_CI") == "1";

    /// <summary>The prefill shapes of the issue; under CI only <see cref="SmallPrefill"/>.</summary>
    public static IEnumerable<string> PrefillShapes =>
        IsCi ? [SmallPrefill] : [SmallPrefill, "(1,32,32,1024,128)", "(1,32,32,2048,128)"];

    /// <summary>Parses "(B, Hq, Hkv, L, D)" into a shape with Lq = Lk = L.</summary>
    public static AttentionShape ParsePrefill(string shape)
    {
        int[] n = ParseFive(shape);
        return new AttentionShape(n[0], n[1], n[2], n[3], n[3], n[4]);
    }

    private static int[] ParseFive(string shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int[] n = shape.Trim('(', ')').Split(',').Select(s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray();
        if (n.Length != 5)
        {
            throw new FormatException($"Expected five sizes, got {shape}.");
        }

        return n;
    }

    /// <summary>Uniform values in [−1, 1) from a seeded generator.</summary>
    public static float[] Uniform(long length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (long i = 0; i < length; i++)
        {
            values[i] = (2 * random.NextSingle()) - 1;
        }

        return values;
    }

    /// <summary>Naive <see cref="Baselines.NaiveAttention"/> on an <see cref="AttentionShape"/>.</summary>
    public static void Naive(float[] query, float[] key, float[] value, float[] output, AttentionShape s, bool isCausal) =>
        Baselines.NaiveAttention.Compute(query, key, value, output, s.Batch, s.QueryHeads, s.KeyValueHeads, s.QueryLength, s.KeyLength, s.HeadDimension, isCausal);
}

/// <summary>
/// Drops the naive baseline's rows on prefill shapes with L &gt; 512 (tens of seconds per call at about 1 GFLOP/s)
/// unless <c>BENCHMARK_NAIVE_ALL=1</c>. Those rows then have no Ratio; their GFLOP/s columns still compare.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NaiveOnSmallShapesAttribute() : FilterConfigBaseAttribute(new SimpleFilter(benchmarkCase =>
    Environment.GetEnvironmentVariable("BENCHMARK_NAIVE_ALL") == "1"
    || !benchmarkCase.Descriptor.Baseline
    || benchmarkCase.Parameters.Items.All(p => p.Name != "Shape" || (p.Value as string) == AttentionCases.SmallPrefill)));
