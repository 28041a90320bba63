using System.Globalization;

namespace Bedrock.Foundations.Retrieval;

/// <summary>The BM25 parameters and the analyzer setting of a <see cref="KeywordIndex"/>.</summary>
public sealed class KeywordIndexOptions
{
    /// <summary>The default term-frequency saturation k1: 1.2.</summary>
    public const double DefaultK1 = 1.2;

    /// <summary>The default length normalization b: 0.75.</summary>
    public const double DefaultB = 0.75;

    /// <summary>Gets the term-frequency saturation k1 of BM25: how quickly repeated occurrences of a term stop adding to a score.</summary>
    /// <value>Finite and not negative; default <see cref="DefaultK1"/>. 0 counts a term once however often it occurs.</value>
    public double K1 { get; init; } = DefaultK1;

    /// <summary>Gets the length normalization b of BM25: how much a long document is penalized.</summary>
    /// <value>In [0, 1]; default <see cref="DefaultB"/>. 0 ignores document length; 1 normalizes fully by it.</value>
    public double B { get; init; } = DefaultB;

    /// <summary>Gets whether the analyzer drops English stop words.</summary>
    /// <value>
    /// Default <see langword="false"/>. When set, the 33 words of Lucene's English stop set (a, an, and, are, as, at, be,
    /// but, by, for, if, in, into, is, it, no, not, of, on, or, such, that, the, their, then, there, these, they, this,
    /// to, was, will, with) are removed from documents and queries. BM25's IDF already gives such words little weight.
    /// </value>
    public bool RemoveEnglishStopWords { get; init; }

    /// <summary>Checks every value; throws naming the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value outside its range (parameter <c>options</c>; the message names the property and the value).</exception>
    public void Validate()
    {
        if (!double.IsFinite(K1) || K1 < 0)
        {
            throw new ArgumentOutOfRangeException("options", K1, string.Create(CultureInfo.InvariantCulture, $"KeywordIndexOptions.K1 must be finite and not negative; it is {K1}."));
        }

        if (!(B >= 0 && B <= 1))
        {
            throw new ArgumentOutOfRangeException("options", B, string.Create(CultureInfo.InvariantCulture, $"KeywordIndexOptions.B must be in [0, 1]; it is {B}."));
        }
    }
}
