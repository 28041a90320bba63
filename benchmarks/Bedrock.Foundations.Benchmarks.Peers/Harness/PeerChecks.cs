using System.Globalization;
using System.Text;
using Bedrock.Foundations.Benchmarks.Baselines;
using Bedrock.Foundations.Sampling;
using static TorchSharp.torch;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>The outcome of a cross-check: a human-readable report, and whether it passed.</summary>
public readonly record struct CheckResult(bool Passed, string Report);

/// <summary>
/// Checks, before anything is timed, that the peers compute what ours computes on the benchmark's own data:
/// <list type="bullet">
/// <item><description>support sizes after truncation: equal, or within <see cref="BoundaryTolerance"/> tokens (tie and
/// rounding rules at the boundary: reported, not failed), or — for llama.cpp's top-p — exactly the cut that llama.cpp's
/// float32 arithmetic gives (<see cref="NucleusSizes"/>: reported, not failed); anything else fails;</description></item>
/// <item><description>every token a peer draws lies in our support (a boundary token now and then is reported);</description></item>
/// <item><description>LibTorch's softmax matches ours to <see cref="SoftmaxTolerance"/> absolute.</description></item>
/// </list>
/// </summary>
public static class PeerChecks
{
    /// <summary>Largest |ours − peer| support-size difference still put down to tie and rounding rules.</summary>
    public const int BoundaryTolerance = 2;

    /// <summary>Largest |pᵢ(ours) − pᵢ(LibTorch)| accepted.</summary>
    public const double SoftmaxTolerance = 1e-6;

    private const int Draws = 200;

    /// <summary>Prints the report (it lands in BenchmarkDotNet's log) and throws if the check failed, so nothing wrong is timed.</summary>
    /// <exception cref="InvalidOperationException">The check failed.</exception>
    public static void Require(CheckResult result)
    {
        Console.WriteLine(result.Report);
        if (!result.Passed)
        {
            throw new InvalidOperationException("Peer cross-check failed:" + Environment.NewLine + result.Report);
        }
    }

    /// <summary>The logits as the [1, V] float32 tensor LibTorch-based decoders hand to their sampler.</summary>
    public static Tensor ToScores(float[] logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        PeerRuntime.EnsureTorch();
        return tensor(logits, [1, logits.Length]);
    }

    /// <summary>Case (a): temperature, top-k, top-p.</summary>
    public static CheckResult CheckTopKTopP(float[] logits, float temperature, int topK, float topP)
    {
        ArgumentNullException.ThrowIfNull(logits);
        int v = logits.Length;
        var ours = new TokenSampler(new SamplingOptions(Temperature: temperature, TopK: topK, TopP: topP), seed: 7);
        var support = new float[v];
        int oursSize = ours.Filter(logits, support);

        using var temperatureFirst = new LlamaSamplerChain(v, c =>
        {
            c.AddTemperature(temperature);
            c.AddTopK(topK);
            c.AddTopP(topP, 1);
        });
        using var defaultOrder = new LlamaSamplerChain(v, c =>
        {
            c.AddTopK(topK);
            c.AddTopP(topP, 1);
            c.AddTemperature(temperature);
        });
        using var temperatureFirstDraws = new LlamaSamplerChain(v, c =>
        {
            c.AddTemperature(temperature);
            c.AddTopK(topK);
            c.AddTopP(topP, 1);
            c.AddDistributionSampler(7);
        });
        using var torchSampler = new TorchHfSampler(temperature, topK, topP, seed: 7);
        using Tensor scores = ToScores(logits);

        var report = new StringBuilder();
        string title = string.Create(CultureInfo.InvariantCulture, $"(a) V = {v}, T = {temperature}, top-k {topK}, top-p {topP}");
        bool passed = true;
        passed &= CompareSupport(report, title, "llama.cpp temp→top-k→top-p", oursSize, temperatureFirst.SupportSize(logits), acceptedBecause: null);
        passed &= CompareSupport(report, title, "llama.cpp top-k→top-p→temp (default order)", oursSize, defaultOrder.SupportSize(logits), acceptedBecause: "other semantics: top-p before temperature");
        passed &= CompareSupport(report, title, "LibTorch HF warpers", oursSize, torchSampler.SupportSize(scores), acceptedBecause: null);
        passed &= CheckDraws(report, title, "llama.cpp temp→top-k→top-p→dist", support, () => temperatureFirstDraws.Sample(logits));
        passed &= CheckDraws(report, title, "LibTorch multinomial", support, () => checked((int)torchSampler.Sample(scores)));
        passed &= CheckDraws(report, title, "TokenSampler.Sample", support, () => ours.Sample(logits));
        return new CheckResult(passed, report.ToString().TrimEnd());
    }

    /// <summary>Case (b): top-p alone.</summary>
    public static CheckResult CheckTopP(float[] logits, float topP)
    {
        ArgumentNullException.ThrowIfNull(logits);
        int v = logits.Length;
        var ours = new TokenSampler(new SamplingOptions(TopP: topP), seed: 7);
        var support = new float[v];
        int oursSize = ours.Filter(logits, support);

        using var filterOnly = new LlamaSamplerChain(v, c => c.AddTopP(topP, 1));
        using var withDraw = new LlamaSamplerChain(v, c =>
        {
            c.AddTopP(topP, 1);
            c.AddDistributionSampler(7);
        });
        using var torchSampler = new TorchHfSampler(1f, 0, topP, seed: 7);
        using Tensor scores = ToScores(logits);

        var report = new StringBuilder();
        string title = string.Create(CultureInfo.InvariantCulture, $"(b) V = {v}, top-p {topP}");
        bool passed = true;
        // llama.cpp normalizes and accumulates in float32 (Σ over V, then a running sum over ~30 000 sorted terms), so
        // its cut can move by more than a tie: model that arithmetic and accept a cut it explains.
        (int exact, int float32) = NucleusSizes(logits, topP);
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{title}: smallest nucleus with mass ≥ p: {exact} in double precision, {float32} with llama.cpp's float32 sums");
        int llama = filterOnly.SupportSize(logits);
        passed &= CompareSupport(report, title, "llama.cpp top-p", oursSize, llama, acceptedBecause: llama == float32 ? "explained by llama.cpp's float32 sums" : null);
        passed &= CompareSupport(report, title, "LibTorch HF TopPLogitsWarper", oursSize, torchSampler.SupportSize(scores), acceptedBecause: null);
        passed &= CheckDraws(report, title, "llama.cpp top-p→dist", support, () => withDraw.Sample(logits));
        passed &= CheckDraws(report, title, "LibTorch multinomial", support, () => checked((int)torchSampler.Sample(scores)));
        passed &= CheckDraws(report, title, "TokenSampler.Sample", support, () => ours.Sample(logits));
        return new CheckResult(passed, report.ToString().TrimEnd());
    }

    /// <summary>Case (c): softmax and entropy against LibTorch (and the naive double-precision entropy).</summary>
    public static CheckResult CheckSoftmax(float[] logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        int v = logits.Length;
        var ours = new float[v];
        double entropy = Distribution.SoftmaxWithEntropy(logits, ours, 1f);

        using Tensor scores = ToScores(logits);
        float[] theirs;
        double torchEntropy;
        using (no_grad())
        using (NewDisposeScope())
        {
            Tensor p = softmax(scores, -1);
            theirs = p.data<float>().ToArray();
            torchEntropy = -(p * scores.log_softmax(-1)).sum().item<float>();
        }

        double maxError = 0;
        for (int i = 0; i < v; i++)
        {
            maxError = Math.Max(maxError, Math.Abs((double)ours[i] - theirs[i]));
        }

        var naive = new float[v];
        NaiveSoftmax.Softmax(logits, naive);
        double naiveEntropy = NaiveSoftmax.Entropy(naive);

        bool passed = maxError <= SoftmaxTolerance;
        string report = string.Create(CultureInfo.InvariantCulture,
            $"(c) V = {v}: max |p(ours) − p(LibTorch softmax)| = {maxError:E2} (tolerance {SoftmaxTolerance:E0}) {(passed ? "ok" : "FAILED")}; "
            + $"entropy ours {entropy:F6}, LibTorch {torchEntropy:F6} (float32 sum), naive double {naiveEntropy:F6} nats");
        return new CheckResult(passed, report);
    }

    /// <summary>
    /// The smallest most-probable set with mass ≥ p, computed twice: in double precision, and with the float32 arithmetic
    /// of llama.cpp's softmax and top-p (Z = Σ expf(xᵢ − max) in index order, pᵢ = eᵢ / Z, running float sum in
    /// descending order, cut at the first sum ≥ p).
    /// </summary>
    public static (int Exact, int Float32) NucleusSizes(float[] logits, float topP)
    {
        ArgumentNullException.ThrowIfNull(logits);
        float max = float.NegativeInfinity;
        foreach (float x in logits)
        {
            max = Math.Max(max, x);
        }

        float z32 = 0f;
        double z64 = 0d;
        foreach (float x in logits)
        {
            z32 += MathF.Exp(x - max);
            z64 += Math.Exp((double)x - max);
        }

        float[] sorted = (float[])logits.Clone();
        Array.Sort(sorted);
        Array.Reverse(sorted);
        int exact = sorted.Length;
        int float32 = sorted.Length;
        float cumulative32 = 0f;
        double cumulative64 = 0d;
        for (int i = 0; i < sorted.Length && (exact == sorted.Length || float32 == sorted.Length); i++)
        {
            cumulative32 += MathF.Exp(sorted[i] - max) / z32;
            cumulative64 += Math.Exp((double)sorted[i] - max) / z64;
            if (float32 == sorted.Length && cumulative32 >= topP)
            {
                float32 = i + 1;
            }

            if (exact == sorted.Length && cumulative64 >= topP)
            {
                exact = i + 1;
            }
        }

        return (exact, float32);
    }

    private static bool CompareSupport(StringBuilder report, string title, string peer, int ours, long theirs, string? acceptedBecause)
    {
        long delta = theirs - ours;
        bool within = Math.Abs(delta) <= BoundaryTolerance;
        string verdict = delta == 0 ? "equal"
            : acceptedBecause is not null ? $"differs, {acceptedBecause} (reported, not failed)"
            : within ? "boundary difference (reported, not failed)"
            : "FAILED";
        report.AppendLine(CultureInfo.InvariantCulture, $"{title}: support ours {ours}, {peer} {theirs} (Δ {delta:+0;-0;0}) {verdict}");
        return within || acceptedBecause is not null;
    }

    private static bool CheckDraws(StringBuilder report, string title, string peer, float[] support, Func<int> draw)
    {
        int outside = 0;
        for (int i = 0; i < Draws; i++)
        {
            int token = draw();
            if (token < 0 || token >= support.Length || support[token] == 0f)
            {
                outside++;
            }
        }

        // A boundary token the peer keeps and we drop may be drawn now and then; anything more is a real disagreement.
        bool passed = outside <= Draws / 100;
        report.AppendLine(CultureInfo.InvariantCulture,
            $"{title}: {peer}: {Draws - outside}/{Draws} draws inside our support {(outside == 0 ? "ok" : passed ? "(boundary tokens, reported)" : "FAILED")}");
        return passed;
    }
}
