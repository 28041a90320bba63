namespace Bedrock.Foundations.Benchmarks.Baselines;

/// <summary>
/// The straightforward implementation the issue asks us to beat, as Hugging Face transformers does it
/// (TemperatureLogitsWarper → TopKLogitsWarper → TopPLogitsWarper, then multinomial): sort the whole vocabulary,
/// softmax in sorted order, cumulative sum, cut, renormalize, draw. Buffers are preallocated so only the algorithm is
/// measured; the sort is the real cost.
/// </summary>
public sealed class SortBasedSampler
{
    private readonly float[] _keys;
    private readonly int[] _indices;
    private readonly double[] _probabilities;
    private readonly Random _random = new(1);

    public SortBasedSampler(int vocabularySize)
    {
        _keys = new float[vocabularySize];
        _indices = new int[vocabularySize];
        _probabilities = new double[vocabularySize];
    }

    public int Sample(ReadOnlySpan<float> logits, float temperature, int topK, float topP)
    {
        int n = logits.Length;
        for (int i = 0; i < n; i++)
        {
            _keys[i] = -logits[i] / temperature; // ascending sort of the negation = descending logits
            _indices[i] = i;
        }

        Array.Sort(_keys, _indices, 0, n);
        int kept = topK > 0 ? Math.Min(topK, n) : n;
        if (topK > 0)
        {
            while (kept < n && _keys[kept] == _keys[kept - 1])
            {
                kept++;
            }
        }

        double max = -_keys[0];
        double sum = 0;
        for (int i = 0; i < kept; i++)
        {
            _probabilities[i] = Math.Exp(-_keys[i] - max);
            sum += _probabilities[i];
        }

        if (topP < 1f)
        {
            double cumulative = 0;
            int cut = kept;
            for (int i = 0; i < kept; i++)
            {
                cumulative += _probabilities[i] / sum;
                if (cumulative >= topP)
                {
                    cut = i + 1;
                    break;
                }
            }

            kept = cut;
            sum = 0;
            for (int i = 0; i < kept; i++)
            {
                sum += _probabilities[i];
            }
        }

        double target = _random.NextDouble() * sum;
        double running = 0;
        for (int i = 0; i < kept; i++)
        {
            running += _probabilities[i];
            if (running > target)
            {
                return _indices[i];
            }
        }

        return _indices[kept - 1];
    }
}
