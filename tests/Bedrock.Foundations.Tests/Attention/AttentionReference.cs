namespace Bedrock.Foundations.Tests.Attention;

/// <summary>
/// The oracle: scaled dot-product attention written the plain way, in double precision. For each (b, h) it
/// materializes S = scale·QKᵀ + mask (+ −∞ above the bottom-right causal diagonal: key j is visible to query i iff
/// j ≤ i + Lk − Lq), takes a row softmax with the maximum subtracted, and multiplies by V. A row with no visible key
/// (all −∞) gives zeros. Grouped-query attention: query head h reads key/value head h / (Hq / Hkv).
/// It shares no code with the implementation, only the contract's formula (Vaswani et al. 2017, eq. 1).
/// </summary>
internal static class AttentionReference
{
    /// <summary>Reference attention over float inputs (widened to double first).</summary>
    public static ReferenceResult Compute(float[] query, float[] key, float[] value,
        int batch, int queryHeads, int keyValueHeads, int queryLength, int keyLength, int headDimension,
        double? scale = null, bool isCausal = false, float[]? mask = null) =>
        Compute(Widen(query), Widen(key), Widen(value), batch, queryHeads, keyValueHeads, queryLength, keyLength,
            headDimension, scale ?? (1.0 / Math.Sqrt(headDimension)), isCausal, mask);

    /// <summary>Reference attention over double inputs: query [B, Hq, Lq, D], key/value [B, Hkv, Lk, D].</summary>
    public static ReferenceResult Compute(double[] query, double[] key, double[] value,
        int batch, int queryHeads, int keyValueHeads, int queryLength, int keyLength, int headDimension,
        double scale, bool isCausal, float[]? mask)
    {
        int d = headDimension;
        int group = queryHeads / keyValueHeads;
        if (query.Length != batch * queryHeads * queryLength * d || key.Length != batch * keyValueHeads * keyLength * d
            || value.Length != key.Length || queryHeads % keyValueHeads != 0)
        {
            throw new ArgumentException("The reference was called with an inconsistent shape.");
        }

        bool perBatchMask = mask is not null && mask.Length == batch * queryLength * keyLength && batch > 1;
        if (mask is not null && !perBatchMask && mask.Length != queryLength * keyLength)
        {
            throw new ArgumentException("The reference was called with a mask of the wrong length.");
        }

        var output = new double[query.Length];
        var noVisibleKey = new bool[query.Length];
        double maxAbsValue = 0;
        foreach (double v in value)
        {
            if (double.IsFinite(v))
            {
                maxAbsValue = Math.Max(maxAbsValue, Math.Abs(v));
            }
        }

        double maxTermSum = 0;
        double maxAbsLogit = 0;
        var s = new double[queryLength, keyLength];
        var p = new double[keyLength];
        for (int b = 0; b < batch; b++)
        {
            for (int h = 0; h < queryHeads; h++)
            {
                int kvHead = h / group;
                int qBase = ((b * queryHeads) + h) * queryLength * d;
                int kvBase = ((b * keyValueHeads) + kvHead) * keyLength * d;
                int maskBase = perBatchMask ? b * queryLength * keyLength : 0;

                // S = scale·QKᵀ + mask, −∞ where causal hides the key.
                for (int i = 0; i < queryLength; i++)
                {
                    for (int j = 0; j < keyLength; j++)
                    {
                        double dot = 0, termSum = 0;
                        for (int x = 0; x < d; x++)
                        {
                            double term = query[qBase + (i * d) + x] * key[kvBase + (j * d) + x];
                            dot += term;
                            termSum += Math.Abs(term);
                        }

                        // NaN inputs poison their own rows only; they must not poison the bound for the others.
                        if (double.IsFinite(termSum))
                        {
                            maxTermSum = Math.Max(maxTermSum, Math.Abs(scale) * termSum);
                        }

                        double logit = scale * dot;
                        if (double.IsFinite(logit))
                        {
                            maxAbsLogit = Math.Max(maxAbsLogit, Math.Abs(logit));
                        }

                        if (mask is not null)
                        {
                            logit += mask[maskBase + (i * keyLength) + j];
                        }

                        if (isCausal && j > i + keyLength - queryLength)
                        {
                            logit = double.NegativeInfinity;
                        }

                        s[i, j] = logit;
                    }
                }

                // Row softmax with the maximum subtracted, then P·V.
                for (int i = 0; i < queryLength; i++)
                {
                    int o = qBase + (i * d);
                    double max = double.NegativeInfinity;
                    bool nan = false;
                    for (int j = 0; j < keyLength; j++)
                    {
                        nan |= double.IsNaN(s[i, j]);
                        max = Math.Max(max, s[i, j]);
                    }

                    if (nan)
                    {
                        Array.Fill(output, double.NaN, o, d);
                        continue;
                    }

                    if (double.IsNegativeInfinity(max))
                    {
                        Array.Fill(noVisibleKey, true, o, d);
                        continue;
                    }

                    double sum = 0;
                    for (int j = 0; j < keyLength; j++)
                    {
                        p[j] = Math.Exp(s[i, j] - max);
                        sum += p[j];
                    }

                    for (int j = 0; j < keyLength; j++)
                    {
                        double weight = p[j] / sum;
                        if (weight == 0)
                        {
                            continue;
                        }

                        for (int x = 0; x < d; x++)
                        {
                            output[o + x] += weight * value[kvBase + (j * d) + x];
                        }
                    }
                }
            }
        }

        return new ReferenceResult(output, noVisibleKey, maxAbsValue, maxTermSum, maxAbsLogit);
    }

    public static double[] Widen(float[] values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            wide[i] = values[i];
        }

        return wide;
    }
}

/// <summary>The reference output and the magnitudes the float32 error bound scales with.</summary>
/// <param name="Output">[B, Hq, Lq, D], in double.</param>
/// <param name="NoVisibleKey">Per output element: its row has no visible key, so the contract demands exactly 0.</param>
/// <param name="MaxAbsValue">max |v| over the value tensor.</param>
/// <param name="MaxLogitTermSum">max over (query, key) of |scale|·Σ_d |q_d·k_d|: the condition of the logit dot products.</param>
/// <param name="MaxAbsLogit">max |scale·q·k| over all (query, key) pairs, before mask and causal.</param>
internal sealed record ReferenceResult(double[] Output, bool[] NoVisibleKey, double MaxAbsValue, double MaxLogitTermSum, double MaxAbsLogit)
{
    /// <summary>
    /// The float32 error bound: 1e-5·(1 + max|v|)·max(1, A/4), A = <see cref="MaxLogitTermSum"/>.
    /// <para>
    /// Why: each output row is a convex combination Σ_j p_j v_j of value rows, so it is bounded by max|v| and its
    /// error has two float32 sources (unit roundoff u = 2⁻²⁴ ≈ 6e-8). (1) Each logit is a D-term float dot product,
    /// whose error is at most γ_D·A and, with rounding errors of random sign, about √D·u·A (Higham, Accuracy and
    /// Stability, §3.1); a logit error δ moves the weights by a relative ~δ and so the output by ≲ 2δ·max|v|. For
    /// D ≤ 127 and A ≤ 4 that is ≲ 2·11·6e-8·4·max|v| ≈ 5e-6·max|v|. (2) The exponentials, the normalizer and the
    /// weighted sum accumulate over Lk keys with a relative error of about √Lk·u (≈ 2e-6 at Lk = 1000), plus a few ulp
    /// per online-softmax rescale. Both are below 1e-5·max|v|; the "1 +" is an absolute floor of 1e-5 for tiny V.
    /// A bound of this size is needed (an absolute 1e-7 fails on honest float32 rounding over long rows), and it is
    /// still tight: a real bug (wrong scale, wrong kv head, causal off by one, a dropped key) moves outputs by ≥ 1e-2.
    /// When the logits are large (A ≫ 4, e.g. the ±80 overflow tests) the logit error grows in proportion to A, so
    /// the bound does too.
    /// </para>
    /// </summary>
    public double Tolerance => 1e-5 * (1 + MaxAbsValue) * Math.Max(1, MaxLogitTermSum / 4);
}
