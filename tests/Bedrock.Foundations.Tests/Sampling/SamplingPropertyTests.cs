using Bedrock.Foundations.Sampling;
using FsCheck;
using FsCheck.Fluent;

namespace Bedrock.Foundations.Tests.Sampling;

/// <summary>
/// FsCheck properties of the sampling math. Inputs are drawn as (length, seed, σ, masked fraction) and expanded by
/// <see cref="TestData.Logits"/>, so a shrunk counter-example is a short, reproducible row. Every property runs with a
/// fixed <c>Replay</c> seed: the suite is deterministic, and a failure names the case to re-run.
/// </summary>
[TestFixture]
public sealed class SamplingPropertyTests
{
    private const string Replay = "20261125,7";
    private const int Cases = 300;

    /// <summary>A row of logits described by how to rebuild it.</summary>
    public sealed record Row(int Length, int Seed, double Sigma, double MaskedFraction)
    {
        public float[] Logits() => TestData.Logits(Length, Seed, Sigma, MaskedFraction);

        public override string ToString() => $"Row(V={Length}, seed={Seed}, σ={Sigma}, masked={MaskedFraction})";
    }

    private static Arbitrary<Row> Rows(bool allowMasked = true) => Arb.From(
        from length in Gen.OneOf(Gen.Choose(1, 300), Gen.Choose(300, 5000))
         from seed in Gen.Choose(0, int.MaxValue)
         from sigma in Gen.Elements(0.01, 0.3, 1.0, 2.0, 4.0, 10.0)
         from masked in allowMasked ? Gen.Elements(0.0, 0.0, 0.2, 0.9) : Gen.Constant(0.0)
         select new Row(length, seed, sigma, masked),
        ShrinkRow);

    private static IEnumerable<Row> ShrinkRow(Row row)
    {
        if (row.Length > 1)
        {
            yield return row with { Length = row.Length / 2 };
            yield return row with { Length = row.Length - 1 };
        }

        if (row.MaskedFraction > 0)
        {
            yield return row with { MaskedFraction = 0 };
        }
    }

    private static Arbitrary<float> Temperatures() =>
        Gen.Elements(0.05f, 0.1f, 0.3f, 0.5f, 0.7f, 1f, 1.3f, 2f, 5f, 20f).ToArbitrary();

    [FsCheck.NUnit.Property(MaxTest = Cases, Replay = Replay)]
    public Property Softmax_SumsToOne_EveryProbabilityInUnitInterval() =>
        Prop.ForAll(Rows(), Temperatures(), (row, temperature) =>
        {
            float[] logits = row.Logits();
            float[] p = new float[logits.Length];
            Distribution.Softmax(logits, p, temperature);
            double sum = p.Sum(v => (double)v);
            return (Math.Abs(sum - 1) <= 1e-5 && p.All(v => v is >= 0f and <= 1f))
                .Label($"Σp = {sum:R}, range [{p.Min()}, {p.Max()}]");
        });

    [FsCheck.NUnit.Property(MaxTest = Cases, Replay = Replay)]
    public Property Entropy_IsBetweenZeroAndLogV_FromLogitsAndFromProbabilities() =>
        Prop.ForAll(Rows(), Temperatures(), (row, temperature) =>
        {
            float[] logits = row.Logits();
            float[] p = new float[logits.Length];
            double fused = Distribution.SoftmaxWithEntropy(logits, p, temperature);
            double fromLogits = Distribution.EntropyOfLogits(logits, temperature);
            double fromProbabilities = Distribution.Entropy(p);
            double lnV = Math.Log(logits.Length);
            bool inRange = fromLogits >= 0 && fromLogits <= lnV + 1e-9 && fromProbabilities >= 0 && fromProbabilities <= lnV + 1e-5;
            return (inRange && fused == fromLogits && TestData.Close(fromProbabilities, fromLogits, 1e-4, 1e-5))
                .Label($"H(logits) = {fromLogits:R}, H(p) = {fromProbabilities:R}, fused = {fused:R}, ln V = {lnV:R}");
        });

    [FsCheck.NUnit.Property(MaxTest = Cases, Replay = Replay)]
    public Property Entropy_FallsMonotonicallyAsTemperatureFalls() =>
        Prop.ForAll(Rows(allowMasked: true), row =>
        {
            float[] logits = row.Logits();
            float[] finite = logits.Where(float.IsFinite).ToArray();
            bool nonUniform = finite.Length > 1 && finite.Max() - finite.Min() > 1e-3f;

            // dH/dT = Var_p(z)/T³ > 0 for non-uniform logits; the float kernel may wobble by rounding where H is flat.
            float[] temperatures = [0.05f, 0.1f, 0.2f, 0.35f, 0.5f, 0.7f, 1f, 1.4f, 2f, 3f, 5f, 10f];
            double[] h = temperatures.Select(t => Distribution.EntropyOfLogits(logits, t)).ToArray();
            bool monotone = true;
            for (int i = 1; i < h.Length; i++)
            {
                monotone &= h[i - 1] <= h[i] + 1e-6 + (1e-6 * h[i]);
            }

            return monotone.When(nonUniform).Label("H(T) = " + string.Join(", ", h.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))));
        });

    [FsCheck.NUnit.Property(MaxTest = Cases, Replay = Replay)]
    public Property CrossEntropy_EqualsEntropyPlusKl_AndIsAtLeastEntropy() =>
        Prop.ForAll(Rows(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (row, otherSeed) =>
        {
            float[] logits = row.Logits();
            float[] p = new float[logits.Length];
            float[] q = new float[logits.Length];
            Distribution.Softmax(logits, p);
            Distribution.Softmax(TestData.Logits(row.Length, otherSeed, row.Sigma), q);

            double h = Distribution.Entropy(p);
            double ce = Distribution.CrossEntropy(p, q);
            double kl = Distribution.KlDivergence(p, q);
            bool identity = double.IsPositiveInfinity(ce)
                ? double.IsPositiveInfinity(kl)
                : TestData.Close(ce, h + kl, 1e-5, 1e-5);
            return (identity && ce >= h - 1e-6 && kl >= 0).Label($"H = {h:R}, CE = {ce:R}, KL = {kl:R}");
        });

    [FsCheck.NUnit.Property(MaxTest = Cases, Replay = Replay)]
    public Property TopP_SupportHasMassAtLeastP_AndDroppingItsLeastLikelyTokensFallsBelowP() =>
        Prop.ForAll(Rows(), Gen.Elements(0.05f, 0.3f, 0.5f, 0.8f, 0.9f, 0.95f, 0.99f).ToArbitrary(), (row, topP) =>
        {
            float[] logits = row.Logits();
            float[] filtered = new float[logits.Length];
            int support = new TokenSampler(new SamplingOptions(TopP: topP), seed: 1).Filter(logits, filtered);
            double[] p = SamplingReference.Softmax(logits, 1);

            int[] kept = Enumerable.Range(0, logits.Length).Where(i => filtered[i] > 0f).ToArray();
            double mass = kept.Sum(i => p[i]);
            float weakest = kept.Min(i => logits[i]);

            // The least likely kept tokens are tied with each other (kept together by the tie rule); drop all of them.
            double withoutWeakest = kept.Where(i => logits[i] != weakest).Sum(i => p[i]);
            const double Slack = 1e-5; // the kernel decides in float exponentials, the oracle in double
            bool minimal = mass >= topP - Slack && withoutWeakest < topP + Slack;
            bool consistent = support == kept.Length && kept.All(i => filtered[i] <= 1f);
            return (minimal && consistent).Label($"support {support}, mass {mass:R}, without weakest {withoutWeakest:R}, p = {topP}");
        });

    [FsCheck.NUnit.Property(MaxTest = Cases, Replay = Replay)]
    public Property Greedy_EqualsArgMax_WhateverTheOtherStages() =>
        Prop.ForAll(Rows(), Gen.Choose(0, 50).ToArbitrary(), (row, topK) =>
        {
            float[] logits = row.Logits();
            int expected = SamplingReference.ArgMax(logits);
            int greedy = new TokenSampler(SamplingOptions.Greedy, seed: 7).Sample(logits);
            int zeroTemperature = new TokenSampler(new SamplingOptions(Temperature: 0f, TopK: topK, TopP: 0.5f, MinP: 0.1f), seed: 7).Sample(logits);
            return (greedy == expected && zeroTemperature == expected).Label($"arg-max {expected}, greedy {greedy}, T = 0 {zeroTemperature}");
        });

    [FsCheck.NUnit.Property(MaxTest = Cases, Replay = Replay)]
    public Property Sample_AlwaysLandsInFilterSupport() =>
        Prop.ForAll(Rows(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (row, seed) =>
        {
            float[] logits = row.Logits();
            var options = new SamplingOptions(Temperature: 0.8f, TopK: 40, TopP: 0.9f, MinP: 0.02f);
            float[] filtered = new float[logits.Length];
            new TokenSampler(options, seed: 1).Filter(logits, filtered);
            var sampler = new TokenSampler(options, (ulong)seed);
            int[] tokens = Enumerable.Range(0, 20).Select(_ => sampler.Sample(logits)).ToArray();
            return tokens.All(t => filtered[t] > 0f).Label("tokens " + string.Join(", ", tokens));
        });
}
