using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Bedrock.Foundations.Attention.Common;

/// <summary>
/// The tiled, online-softmax attention of one tile (FlashAttention's algorithm: Dao et al. 2022, "FlashAttention: Fast
/// and Memory-Efficient Exact Attention with IO-Awareness"; the online softmax of Milakov &amp; Gimelshein 2018).
/// </summary>
/// <remarks>
/// <para>A tile is one (batch, key/value head, block of query rows) and holds those rows for every query head of the
/// group, so that grouped-query heads read each key/value block once. For each block of <see cref="KeyBlock"/> keys:
/// S = scale·QKᵀ (+ mask, + causal −∞), then per row the running maximum m, the running normalizer l and the output
/// accumulator are rescaled by e^(m_old − m_new) and P = e^(S − m_new) is accumulated as O += P·V. At the end O/l is
/// written (zeros when l = 0: every key masked). Memory is O(tile): nothing of size Lq·Lk exists.</para>
/// <para>Key blocks entirely to the right of the tile's causal limit are skipped; only blocks that straddle it are masked
/// element by element.</para>
/// </remarks>
internal static unsafe class AttentionKernel
{
    /// <summary>Keys per block.</summary>
    internal const int KeyBlock = 64;

    /// <summary>Query rows per tile, summed over the heads of a group (at least one row per head).</summary>
    internal const int TileRows = 64;

    [ThreadStatic]
    private static float[]? t_scratch;

    /// <summary>Fills in the tiling of a job and runs it.</summary>
    internal static void Run(ref AttentionJob job, int degreeOfParallelism)
    {
        job.RowsPerHead = Math.Clamp(TileRows / job.GroupSize, 1, job.QueryLength);
        job.QueryTiles = (job.QueryLength + job.RowsPerHead - 1) / job.RowsPerHead;
        fixed (AttentionJob* state = &job)
        {
            ParallelTiles.Run(job.TileCount, degreeOfParallelism, state, &RunTile);
        }
    }

    private static void RunTile(void* state, int tile)
    {
        ref readonly AttentionJob job = ref *(AttentionJob*)state;
        int queryTiles = job.QueryTiles;
        int queryTile = queryTiles - 1 - (tile % queryTiles); // the longest causal tiles first, for balance
        int rest = tile / queryTiles;
        int kvHead = rest % job.KeyValueHeads;
        int batch = rest / job.KeyValueHeads;
        int group = job.GroupSize;
        int d = job.HeadDimension;
        int first = queryTile * job.RowsPerHead;
        int rowsPerHead = Math.Min(job.RowsPerHead, job.QueryLength - first);
        int rows = group * rowsPerHead;

        int scoresSize = rows * KeyBlock;
        int accumulatorSize = rows * d;
        int needed = scoresSize + accumulatorSize + (2 * rows);
        float[] scratch = t_scratch is { } cached && cached.Length >= needed ? cached : (t_scratch = new float[Math.Max(needed, 4096)]);
        fixed (float* buffer = scratch)
        {
            float* scores = buffer;
            float* accumulator = scores + scoresSize;
            float* maximum = accumulator + accumulatorSize;
            float* normalizer = maximum + rows;
            new Span<float>(accumulator, accumulatorSize).Clear();
            new Span<float>(maximum, rows).Fill(float.NegativeInfinity);
            new Span<float>(normalizer, rows).Clear();

            float* keyHead = job.Key + (((long)batch * job.KeyValueHeads) + kvHead) * job.KeyValueHeadStride;
            float* valueHead = job.Value + (((long)batch * job.KeyValueHeads) + kvHead) * job.KeyValueHeadStride;
            int offset = job.KeyLength - job.QueryLength; // query i sees keys j ≤ i + offset when causal
            int keyEnd = job.IsCausal ? Math.Min(job.KeyLength, first + rowsPerHead + offset) : job.KeyLength;
            int firstLimit = first + offset; // the smallest causal limit in the tile

            for (int j0 = 0; j0 < keyEnd; j0 += KeyBlock)
            {
                int keys = Math.Min(KeyBlock, keyEnd - j0);
                bool straddles = job.IsCausal && j0 + keys - 1 > firstLimit;
                for (int g = 0; g < group; g++)
                {
                    int head = (kvHead * group) + g;
                    for (int ii = 0; ii < rowsPerHead; ii++)
                    {
                        int r = (g * rowsPerHead) + ii;
                        int i = first + ii;
                        float* query = job.Query + (((((long)batch * job.QueryHeads) + head) * job.QueryLength) + i) * d;
                        float* s = scores + (r * KeyBlock);
                        Scores(query, keyHead + ((long)j0 * d), d, keys, job.Scale, s);
                        if (job.Mask is not null)
                        {
                            TensorPrimitives.Add(new ReadOnlySpan<float>(s, keys),
                                new ReadOnlySpan<float>(job.Mask + (batch * job.MaskBatchStride) + ((long)i * job.KeyLength) + j0, keys),
                                new Span<float>(s, keys));
                        }

                        if (straddles)
                        {
                            int visible = Math.Clamp(i + offset - j0 + 1, 0, keys);
                            new Span<float>(s + visible, keys - visible).Fill(float.NegativeInfinity);
                        }

                        Update(s, keys, maximum + r, normalizer + r, accumulator + ((long)r * d), valueHead + ((long)j0 * d), d);
                    }
                }
            }

            for (int g = 0; g < group; g++)
            {
                int head = (kvHead * group) + g;
                for (int ii = 0; ii < rowsPerHead; ii++)
                {
                    int r = (g * rowsPerHead) + ii;
                    float* output = job.Output + (((((long)batch * job.QueryHeads) + head) * job.QueryLength) + first + ii) * d;
                    float l = normalizer[r];
                    var destination = new Span<float>(output, d);
                    if (l == 0f)
                    {
                        destination.Clear(); // every key masked
                    }
                    else
                    {
                        TensorPrimitives.Multiply(new ReadOnlySpan<float>(accumulator + ((long)r * d), d), 1f / l, destination);
                    }
                }
            }
        }
    }

    /// <summary>s[j] = scale · (q · k_j) for the block's keys.</summary>
    private static void Scores(float* query, float* keys, int d, int count, float scale, float* s)
    {
        var q = new ReadOnlySpan<float>(query, d);
        for (int j = 0; j < count; j++)
        {
            s[j] = scale * TensorPrimitives.Dot(q, new ReadOnlySpan<float>(keys + ((long)j * d), d));
        }
    }

    /// <summary>The online-softmax step of one row over one key block: rescale, exponentiate, accumulate P·V.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(float* s, int count, float* maximum, float* normalizer, float* accumulator, float* values, int d)
    {
        var scores = new Span<float>(s, count);
        float blockMax = TensorPrimitives.Max<float>(scores);
        float previous = *maximum;
        float next = Math.Max(previous, blockMax); // NaN when a score is NaN: it then poisons this row, as it should
        if (float.IsNegativeInfinity(next))
        {
            return; // nothing visible yet
        }

        var output = new Span<float>(accumulator, d);
        if (next != previous)
        {
            float correction = MathF.Exp(previous - next); // e^(−∞) = 0 on the first visible block
            *normalizer *= correction;
            TensorPrimitives.Multiply(output, correction, output);
            *maximum = next;
        }

        TensorPrimitives.Subtract(scores, next, scores);
        TensorPrimitives.Exp(scores, scores);
        *normalizer += TensorPrimitives.Sum<float>(scores);
        for (int j = 0; j < count; j++)
        {
            float p = s[j];
            if (p != 0f)
            {
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(values + ((long)j * d), d), p, output, output);
            }
        }
    }
}
