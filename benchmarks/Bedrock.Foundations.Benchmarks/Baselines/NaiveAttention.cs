namespace Bedrock.Foundations.Benchmarks.Baselines;

/// <summary>
/// Textbook scaled dot-product attention that materializes the score matrix: for each (batch, query head) it allocates
/// S = Q·Kᵀ·scale [Lq × Lk], sets the causal mask (bottom-right aligned: query i sees keys j ≤ i + Lk − Lq) to −∞,
/// takes a row softmax (max-shifted; a fully masked row gives zeros) and writes S·V. Scalar float loops, one thread.
/// Layouts as in PyTorch: query/output [B, Hq, Lq, D], key/value [B, Hkv, Lk, D]; query head h reads key/value head
/// h / (Hq / Hkv).
/// </summary>
public static class NaiveAttention
{
    public static void Compute(
        ReadOnlySpan<float> query, ReadOnlySpan<float> key, ReadOnlySpan<float> value, Span<float> output,
        int batch, int queryHeads, int keyValueHeads, int queryLength, int keyLength, int headDimension, bool isCausal)
    {
        int d = headDimension;
        int group = queryHeads / keyValueHeads;
        float scale = 1f / MathF.Sqrt(d);
        for (int b = 0; b < batch; b++)
        {
            for (int h = 0; h < queryHeads; h++)
            {
                var scores = new float[queryLength * keyLength];
                int q0 = ((b * queryHeads) + h) * queryLength * d;
                int kv0 = ((b * keyValueHeads) + (h / group)) * keyLength * d;
                for (int i = 0; i < queryLength; i++)
                {
                    for (int j = 0; j < keyLength; j++)
                    {
                        if (isCausal && j > i + keyLength - queryLength)
                        {
                            scores[(i * keyLength) + j] = float.NegativeInfinity;
                            continue;
                        }

                        float dot = 0;
                        for (int c = 0; c < d; c++)
                        {
                            dot += query[q0 + (i * d) + c] * key[kv0 + (j * d) + c];
                        }

                        scores[(i * keyLength) + j] = dot * scale;
                    }
                }

                for (int i = 0; i < queryLength; i++)
                {
                    Span<float> row = scores.AsSpan(i * keyLength, keyLength);
                    float max = float.NegativeInfinity;
                    foreach (float s in row)
                    {
                        max = MathF.Max(max, s);
                    }

                    float sum = 0;
                    for (int j = 0; j < keyLength; j++)
                    {
                        row[j] = max == float.NegativeInfinity ? 0 : MathF.Exp(row[j] - max);
                        sum += row[j];
                    }

                    Span<float> o = output.Slice(q0 + (i * d), d);
                    o.Clear();
                    if (sum == 0)
                    {
                        continue;
                    }

                    for (int j = 0; j < keyLength; j++)
                    {
                        float p = row[j] / sum;
                        for (int c = 0; c < d; c++)
                        {
                            o[c] += p * value[kv0 + (j * d) + c];
                        }
                    }
                }
            }
        }
    }
}
