using TorchSharp;
using static TorchSharp.torch;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>
/// Hugging Face transformers' sampling on LibTorch, op for op: <c>TemperatureLogitsWarper</c> (scores / T),
/// <c>TopKLogitsWarper</c> (mask scores below the k-th value of <c>topk</c>), <c>TopPLogitsWarper</c> (ascending
/// <c>sort</c>, <c>softmax</c>, <c>cumsum</c>, remove cumulative ≤ 1 − p, keep the last, <c>scatter</c> back,
/// <c>masked_fill</c> −∞), then <c>softmax</c> and <c>multinomial(probs, 1)</c> as <c>GenerationMixin._sample</c> does.
/// </summary>
/// <remarks>Every intermediate tensor is created in a dispose scope, so nothing outlives a call. Not thread-safe (the
/// generator is shared).</remarks>
public sealed class TorchHfSampler : IDisposable
{
    private readonly float _temperature;
    private readonly int _topK;
    private readonly float _topP;
    private readonly Generator _generator;

    public TorchHfSampler(float temperature, int topK, float topP, ulong seed)
    {
        PeerRuntime.EnsureTorch();
        _temperature = temperature;
        _topK = topK;
        _topP = topP;
        _generator = new Generator(seed);
    }

    /// <summary>Draws one token from a [1, V] row of scores.</summary>
    public long Sample(Tensor scores)
    {
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        Tensor probabilities = softmax(Warp(scores), -1);
        return multinomial(probabilities, 1, replacement: false, generator: _generator).item<long>();
    }

    /// <summary>How many tokens the warpers leave with a finite score.</summary>
    public long SupportSize(Tensor scores)
    {
        using var noGrad = no_grad();
        using DisposeScope scope = NewDisposeScope();
        return Warp(scores).isfinite().sum().item<long>();
    }

    /// <inheritdoc />
    public void Dispose() => _generator.Dispose();

    private Tensor Warp(Tensor scores)
    {
        if (_temperature != 1f)
        {
            scores = scores / _temperature;
        }

        if (_topK > 0)
        {
            int k = (int)Math.Min(_topK, scores.shape[^1]);
            Tensor kth = topk(scores, k).values[TensorIndex.Ellipsis, TensorIndex.Single(-1), TensorIndex.None];
            scores = scores.masked_fill(scores < kth, float.NegativeInfinity);
        }

        if (_topP < 1f)
        {
            (Tensor sortedLogits, Tensor sortedIndices) = sort(scores, descending: false);
            Tensor cumulative = sortedLogits.softmax(-1).cumsum(-1);
            Tensor sortedToRemove = cumulative <= 1 - _topP;
            sortedToRemove[TensorIndex.Ellipsis, TensorIndex.Slice(-1)] = tensor(false); // min_tokens_to_keep = 1
            Tensor toRemove = sortedToRemove.scatter(1, sortedIndices, sortedToRemove);
            scores = scores.masked_fill(toRemove, float.NegativeInfinity);
        }

        return scores;
    }
}
