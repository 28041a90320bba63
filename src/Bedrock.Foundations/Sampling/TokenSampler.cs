using Bedrock.Foundations.Sampling.Common;

namespace Bedrock.Foundations.Sampling;

/// <summary>
/// Draws the next token from a row of logits, shaped and truncated by <see cref="SamplingOptions"/>:
/// temperature → top-k → top-p → min-p, each stage applied to the distribution the one before left and renormalized.
/// </summary>
/// <remarks>
/// <para><b>The distribution.</b> With zᵢ = (xᵢ − max x)/τ and eᵢ = exp(zᵢ):</para>
/// <list type="number">
/// <item><description>top-k keeps K = { i : xᵢ ≥ x₍ₖ₎ }, x₍ₖ₎ the k-th largest logit (ties kept);</description></item>
/// <item><description>top-p keeps, of K, { i : eᵢ ≥ t } for the largest t such that Σ_{j∈K, eⱼ ≥ t} eⱼ ≥ p·Σ_{j∈K} eⱼ,
/// i.e. the smallest most-probable set with mass ≥ p plus the tokens tied with its last member;</description></item>
/// <item><description>min-p keeps those with eᵢ ≥ m·max e (max e = 1 after the shift: the arg-max always survives);</description></item>
/// <item><description>the result is pᵢ = eᵢ / Σ_kept eⱼ on the kept tokens and 0 elsewhere.</description></item>
/// </list>
/// <para>τ = 0 is greedy: the arg-max (lowest index on ties), with no random draw. −∞ logits are masked tokens and are never
/// drawn; NaN and +∞ logits, and rows that are all −∞, are rejected.</para>
/// <para><b>Cost.</b> O(V) per call and no sort of the vocabulary: selection by sampled pivots and vectorized
/// partitions (see the README's benchmark tables). With top-k, only the k-odd survivors are exponentiated.
/// After the first call for a vocabulary size, calls allocate nothing: the sampler keeps its own workspace
/// (about 16 bytes per vocabulary entry), grown when a longer row arrives.</para>
/// <para><b>Reproducibility.</b> Randomness comes from xoshiro256** seeded through SplitMix64 from the constructor's seed,
/// one 53-bit uniform u ∈ [0, 1) per non-greedy <see cref="Sample(ReadOnlySpan{float})"/>, and the token is the first
/// index (in vocabulary order) at which the running kept mass exceeds u·Σ kept. Every sum is taken in a fixed order and
/// every exponential is computed with exactly specified operations, so the same seed, options and logits give the
/// same tokens on every run and every machine (with or without AVX-512).</para>
/// <para><b>Thread safety.</b> An instance is not thread-safe (it owns a random state and a workspace): use one per
/// decoding stream. Instances share nothing.</para>
/// </remarks>
public sealed class TokenSampler
{
    private Xoshiro256StarStar _random;
    private float[] _values = [];
    private float[] _scratchA = [];
    private float[] _scratchB = [];
    private float[] _scratchC = [];
    private int[] _indices = [];

    /// <summary>Creates a sampler.</summary>
    /// <param name="options">The stages to apply; validated here.</param>
    /// <param name="seed">Seeds the random generator: equal seeds give equal token sequences.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="SamplingOptions.Validate"/>);
    /// the parameter name is <c>options</c> and the message names the field.</exception>
    public TokenSampler(SamplingOptions options, ulong seed)
    {
        options.Validate();
        Options = options;
        _random = new Xoshiro256StarStar(seed);
    }

    /// <summary>The options this sampler applies.</summary>
    public SamplingOptions Options { get; }

    /// <summary>Restarts the random sequence as if the sampler had just been created with <paramref name="seed"/>.</summary>
    /// <param name="seed">The new seed.</param>
    public void Reseed(ulong seed) => _random = new Xoshiro256StarStar(seed);

    /// <summary>Draws a token index from the shaped and truncated distribution of <paramref name="logits"/>.</summary>
    /// <param name="logits">One row of logits, length V ≥ 1; −∞ allowed (masked), NaN and +∞ not.</param>
    /// <returns>An index in [0, V) whose logit is not −∞.</returns>
    /// <exception cref="ArgumentException">Empty logits, a NaN or +∞ logit (the message names the first index), or all logits −∞.
    /// The random state is not advanced.</exception>
    public int Sample(ReadOnlySpan<float> logits)
    {
        LogitRange range = LogitChecks.ValidateRange(logits, nameof(logits));
        if (Options.Temperature == 0f)
        {
            return LogitChecks.ArgMax(logits, range.Max);
        }

        return Draw(logits, range, _random.NextDouble());
    }

    /// <summary>
    /// Like <see cref="Sample(ReadOnlySpan{float})"/>, but with a uniform variate the caller supplies (the sampler's own
    /// random state is neither used nor advanced): the token is the first index at which the running kept probability
    /// exceeds <paramref name="uniform"/>. Useful to drive several samplers from one stream, or for speculative decoding.
    /// </summary>
    /// <param name="logits">One row of logits, length V ≥ 1.</param>
    /// <param name="uniform">u in [0, 1).</param>
    /// <returns>An index in [0, V) whose logit is not −∞.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Sample(ReadOnlySpan{float})"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="uniform"/> is outside [0, 1) or NaN.</exception>
    public int Sample(ReadOnlySpan<float> logits, double uniform)
    {
        if (!(uniform >= 0d && uniform < 1d))
        {
            ThrowHelper.ThrowInvalidUniform(nameof(uniform), uniform);
        }

        LogitRange range = LogitChecks.ValidateRange(logits, nameof(logits));
        return Options.Temperature == 0f ? LogitChecks.ArgMax(logits, range.Max) : Draw(logits, range, uniform);
    }

    /// <summary>
    /// Writes the distribution <see cref="Sample(ReadOnlySpan{float})"/> draws from: the truncated, renormalized
    /// probabilities (0 outside the kept set).
    /// </summary>
    /// <param name="logits">One row of logits, length V ≥ 1.</param>
    /// <param name="probabilities">Receives V probabilities summing to 1 (±10⁻⁶); at least V long, elements past V are left alone.</param>
    /// <returns>The support size: how many tokens have non-zero probability.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Sample(ReadOnlySpan{float})"/>, or <paramref name="probabilities"/>
    /// shorter than <paramref name="logits"/>. Nothing is written.</exception>
    public int Filter(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        LogitRange range = LogitChecks.ValidateRange(logits, nameof(logits));
        if (probabilities.Length < logits.Length)
        {
            ThrowHelper.ThrowDestinationTooShort(nameof(probabilities), logits.Length, probabilities.Length);
        }

        probabilities = probabilities[..logits.Length];
        if (Options.Temperature == 0f)
        {
            probabilities.Clear();
            probabilities[LogitChecks.ArgMax(logits, range.Max)] = 1f;
            return 1;
        }

        Truncation kept = Truncate(logits, range);
        float scale = (float)(1d / kept.Mass);
        if (kept.Sparse)
        {
            probabilities.Clear();
            ReadOnlySpan<float> values = _values.AsSpan(0, kept.Length);
            for (int j = 0; j < values.Length; j++)
            {
                if (values[j] >= kept.Threshold)
                {
                    probabilities[_indices[j]] = values[j] * scale;
                }
            }
        }
        else
        {
            Candidates.WriteScaled(_values.AsSpan(0, kept.Length), kept.Threshold, scale, probabilities);
        }

        return kept.Count;
    }

    private int Draw(ReadOnlySpan<float> logits, LogitRange range, double uniform)
    {
        Truncation kept = Truncate(logits, range);
        int position = Candidates.Draw(_values.AsSpan(0, kept.Length), kept.Threshold, uniform * kept.Mass);
        return kept.Sparse ? _indices[position] : position;
    }

    /// <summary>
    /// Runs the stages. Leaves eᵢ of the candidates in <c>_values[0..Length)</c> (with their vocabulary indices in
    /// <c>_indices</c> when top-k compacted them) and returns the final threshold on e and the kept mass.
    /// </summary>
    private Truncation Truncate(ReadOnlySpan<float> logits, LogitRange range)
    {
        float max = range.Max;
        EnsureWorkspace(logits.Length);
        SamplingOptions o = Options;
        float inverseTemperature = 1f / o.Temperature;

        ReadOnlySpan<float> candidates = logits;
        bool sparse = false;
        if (o.TopK > 0 && o.TopK < logits.Length)
        {
            float kth = ThresholdSelector.Select<CountWeight>(logits, o.TopK, logits.Length, _scratchA, _scratchB, _scratchC);
            int survivors = Candidates.CompactAtLeast(logits, kth, _scratchA, _indices);
            candidates = _scratchA.AsSpan(0, survivors);
            sparse = true;
        }

        Span<float> e = _values.AsSpan(0, candidates.Length);
        double mass = ExpSum.Compute(candidates, max, inverseTemperature, e, range.Min);
        // Min-p in e-space (e_max = 1); ε drops flushed zeros. The final threshold is max(top-p's t*, this floor).
        float threshold = MathF.Max(o.MinP, float.Epsilon);
        if (o.TopP < 1f)
        {
            Selection nucleus = ThresholdSelector.SelectWithWeight<MassWeight>(e, o.TopP * mass, mass, _scratchA, _scratchB, _scratchC);
            if (nucleus.Threshold >= threshold)
            {
                // Min-p does not bind: the selection already measured the kept set.
                return new Truncation(e.Length, sparse, nucleus.Threshold, nucleus.Weight, nucleus.Count);
            }
        }
        else if (o.MinP == 0f && !MayFlush(range, inverseTemperature))
        {
            // Nothing truncated by probability and no eᵢ flushed to 0: every candidate is kept, with mass Z.
            return new Truncation(e.Length, sparse, float.Epsilon, mass, e.Length);
        }

        double keptMass = Candidates.SumAtLeast(e, threshold, out int count);
        return new Truncation(e.Length, sparse, threshold, keptMass, count);
    }

    /// <summary>Whether some eᵢ may have been flushed to 0 (a logit more than 86.9·T below the maximum, or masked).</summary>
    private static bool MayFlush(LogitRange range, float inverseTemperature) =>
        !((range.Min - range.Max) * inverseTemperature >= VectorMath.ExpFlushBelow);

    private void EnsureWorkspace(int length)
    {
        if (_values.Length >= length)
        {
            return;
        }

        int padded = length + ThresholdSelector.ScratchPadding;
        _values = new float[padded];
        _scratchA = new float[padded];
        _scratchB = new float[padded];
        _scratchC = new float[padded];
        _indices = new int[padded];
    }

    private readonly record struct Truncation(int Length, bool Sparse, float Threshold, double Mass, int Count);
}
