using System.Buffers;
using LLama.Native;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>
/// A llama.cpp sampler chain (<c>llama_sampler_chain</c>) applied to one row of logits, the way llama.cpp's own decode
/// loop does it (<c>llama_sampler_sample</c>): copy the logits into a <c>llama_token_data</c> array {id, logit, p = 0},
/// unsorted, then run the chain over it. The copy is part of every call, as it is in llama.cpp; the buffer is allocated
/// once.
/// </summary>
/// <remarks>No model or context is needed: the top-k, top-p, temperature and dist samplers only see the array.
/// Not thread-safe (the chain's dist sampler owns a random state and the buffer is reused).</remarks>
public sealed class LlamaSamplerChain : IDisposable
{
    private readonly SafeLLamaSamplerChainHandle _chain;
    private readonly LLamaTokenData[] _buffer;

    /// <summary>Creates a chain; <paramref name="addStages"/> adds the samplers in order.</summary>
    /// <param name="vocabularySize">The longest row that will be sampled.</param>
    /// <param name="addStages">Adds the stages, e.g. <c>c =&gt; { c.AddTopP(0.9f, 1); c.AddDistributionSampler(1); }</c>.</param>
    public LlamaSamplerChain(int vocabularySize, Action<SafeLLamaSamplerChainHandle> addStages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        ArgumentNullException.ThrowIfNull(addStages);
        PeerRuntime.EnsureLlama();
        var parameters = LLamaSamplerChainParams.Default();
        parameters.NoPerf = true; // no timing calls inside the chain: only the sampling is measured
        _chain = SafeLLamaSamplerChainHandle.Create(parameters);
        addStages(_chain);
        _buffer = new LLamaTokenData[vocabularySize];
    }

    /// <summary>Runs the chain, which must end in a selecting sampler (dist), and returns the token it selected.</summary>
    public int Sample(ReadOnlySpan<float> logits)
    {
        using MemoryHandle pin = Prepare(logits, out LLamaTokenDataArrayNative candidates);
        _chain.Apply(ref candidates);
        return (int)candidates.Data[checked((int)candidates.Selected)].ID;
    }

    /// <summary>Runs the chain and returns how many candidates it left (for a chain of filters only).</summary>
    public int SupportSize(ReadOnlySpan<float> logits)
    {
        using MemoryHandle pin = Prepare(logits, out LLamaTokenDataArrayNative candidates);
        _chain.Apply(ref candidates);
        return checked((int)candidates.Size);
    }

    /// <inheritdoc />
    public void Dispose() => _chain.Dispose();

    private MemoryHandle Prepare(ReadOnlySpan<float> logits, out LLamaTokenDataArrayNative candidates)
    {
        // LLamaSharp's API for it: LLamaTokenDataArray.Create writes {id, logit, 0} for every token into the buffer (a
        // plain loop, as in llama.cpp), LLamaTokenDataArrayNative.Create pins it and describes it to native code.
        LLamaTokenDataArray array = LLamaTokenDataArray.Create(logits, _buffer);
        MemoryHandle pin = LLamaTokenDataArrayNative.Create(array, out candidates);
        candidates.Selected = -1;
        return pin;
    }
}
