using Bedrock.Foundations.Evaluation;
using FsCheck;
using FsCheck.Fluent;

namespace Bedrock.Foundations.Tests.Evaluation;

/// <summary>
/// The special functions against independent values: closed forms (the t distribution with 1 and 2 degrees of freedom,
/// Γ at half-integers), published quantiles, and values computed to 40 digits with an arbitrary-precision library
/// (mpmath: Φ(z) = erfc(−z/√2)/2, I_x(a, b) = betainc(a, b, 0, x, regularized=True), loggamma), quoted here rounded to 17
/// digits. Tolerances are relative unless said otherwise.
/// </summary>
[TestFixture]
public sealed class StatisticsMathTests
{
    private const string Replay = "20260412,7";

    private static void AssertRelative(double actual, double expected, double tolerance, string? what = null) =>
        Assert.That(actual, Is.EqualTo(expected).Within(tolerance * Math.Abs(expected)), what);

    [TestCase(1.959963984540054, 0.97499999999999998623)]
    [TestCase(0.0, 0.5)]
    [TestCase(1.0, 0.84134474606854294859)]
    [TestCase(-1.0, 0.15865525393145705141)]
    [TestCase(-1.7, 0.044565462758543039487)] // just inside the series
    [TestCase(1.75, 0.95994084313618290958)] // just inside the continued fraction
    [TestCase(-3.0, 0.0013498980316300945267)]
    [TestCase(-5.0, 2.8665157187919391167e-7)]
    [TestCase(-10.0, 7.619853024160526066e-24)]
    [TestCase(-20.0, 2.7536241186062336951e-89)]
    [TestCase(8.0, 0.9999999999999993779)]
    public void NormalCdf_MatchesReferenceValues(double z, double expected) =>
        // 5·10⁻¹⁵: near |z| ≈ 2 both the series (½ − φ·S cancels) and the continued fraction (some 60 terms) leave ~3·10⁻¹⁵.
        AssertRelative(StatisticsMath.NormalCdf(z), expected, 5e-15);

    [Test]
    public void NormalCdf_KeepsRelativeAccuracyNearTheSmallestNormalDouble() =>
        AssertRelative(StatisticsMath.NormalCdf(-37.5), 4.6053530095819548438e-308, 1e-13);

    [Test]
    public void NormalCdf_EdgeValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StatisticsMath.NormalCdf(double.NegativeInfinity), Is.Zero);
            Assert.That(StatisticsMath.NormalCdf(double.PositiveInfinity), Is.EqualTo(1d));
            Assert.That(StatisticsMath.NormalCdf(-40), Is.Zero);
            Assert.That(StatisticsMath.NormalCdf(double.NaN), Is.NaN);
        });
    }

    // The reference is Φ⁻¹ of the double nearest p, which for 0.999999 is 1 − 1.0000000000287557·10⁻⁶ (the decimal's
    // quantile, 4.7534243088228989, is 5.8·10⁻¹² away) and for 0.975 is 2.2·10⁻¹⁷ below the decimal.
    [TestCase(0.975, 1.9599639845400538556)]
    [TestCase(0.025, -1.9599639845400542118)]
    [TestCase(0.8, 0.8416212335729143638)]
    [TestCase(0.6, 0.25334710313579974132)]
    [TestCase(0.999999, 4.7534243088170877657)]
    [TestCase(1e-10, -6.3613409024040561991)]
    [TestCase(1e-300, -37.047096299361199237)]
    public void NormalQuantile_MatchesReferenceValues(double p, double expected) =>
        AssertRelative(StatisticsMath.NormalQuantile(p), expected, 2e-15);

    [Test]
    public void NormalQuantile_EdgeValues()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StatisticsMath.NormalQuantile(0.5), Is.Zero);
            Assert.That(StatisticsMath.NormalQuantile(0), Is.EqualTo(double.NegativeInfinity));
            Assert.That(StatisticsMath.NormalQuantile(1), Is.EqualTo(double.PositiveInfinity));
            Assert.That(StatisticsMath.NormalQuantile(-0.1), Is.NaN);
            Assert.That(StatisticsMath.NormalQuantile(1.1), Is.NaN);
            Assert.That(StatisticsMath.NormalQuantile(double.NaN), Is.NaN);
        });
    }

    [FsCheck.NUnit.Property(MaxTest = 500, Replay = Replay)]
    public Property NormalQuantile_InvertsNormalCdf() =>
        Prop.ForAll(Gen.Choose(-3_700, 3_700).Select(i => i / 100d).ToArbitrary(), z =>
        {
            // Compare on the side where the probability is small, where it has relative precision.
            double p = StatisticsMath.NormalCdf(-Math.Abs(z));
            double back = -StatisticsMath.NormalQuantile(p);
            return (Math.Abs(back - Math.Abs(z)) <= 1e-14 * Math.Max(1, Math.Abs(z))).Label($"z {z}: Φ⁻¹(Φ(−|z|)) = {-back}");
        });

    [TestCase(0.5, 0.5723649429247000870717)]
    [TestCase(1.0, 0.0)]
    [TestCase(1.5, -0.1207822376352452223455)]
    [TestCase(3.7, 1.428072326665387921872)]
    [TestCase(10.0, 12.80182748008146961121)]
    [TestCase(25.5, 56.38916764371994674445)]
    [TestCase(1e-5, 11.51291969289582570742)]
    [TestCase(123456.7, 1323900.975390918294941)]
    public void LogGamma_MatchesReferenceValues(double x, double expected) =>
        Assert.That(StatisticsMath.LogGamma(x), Is.EqualTo(expected).Within(2e-15 * Math.Max(1, Math.Abs(expected))));

    [Test]
    public void LogGamma_IntegersAreLogFactorials()
    {
        double logFactorial = 0;
        for (int n = 1; n <= 60; n++)
        {
            Assert.That(StatisticsMath.LogGamma(n), Is.EqualTo(logFactorial).Within(3e-15 * Math.Max(1, logFactorial)), $"ln Γ({n}) = ln {n - 1}!");
            logFactorial += Math.Log(n);
        }
    }

    [Test]
    public void LogBeta_KeepsItsDigitsForLargeArguments() =>
        // ln Γ(5·10⁵) + ln Γ(½) − ln Γ(5·10⁵ + ½): three terms of size 6·10⁶ whose sum is −5.99.
        AssertRelative(StatisticsMath.LogBeta(5e5, 0.5), -5.988816495777464310315, 1e-14);

    [TestCase(2.5, 3.5, 0.4, 0.4869041915261173978018)]
    [TestCase(0.3, 7.0, 0.01, 0.4874920509337247128293)]
    [TestCase(50.0, 60.0, 0.6, 0.9989432287719100659848)]
    public void RegularizedIncompleteBeta_MatchesReferenceValues(double a, double b, double x, double expected) =>
        AssertRelative(StatisticsMath.RegularizedIncompleteBeta(a, b, x, 1 - x), expected, 1e-13);

    [Test]
    public void RegularizedIncompleteBeta_WithIntegerArguments_IsTheBinomialTail()
    {
        // I_x(k, n − k + 1) = P(Binomial(n, x) ≥ k).
        const int n = 12;
        const double x = 0.3;
        for (int k = 1; k <= n; k++)
        {
            double tail = 0;
            for (int j = k; j <= n; j++)
            {
                tail += Binomial(n, j) * Math.Pow(x, j) * Math.Pow(1 - x, n - j);
            }

            AssertRelative(StatisticsMath.RegularizedIncompleteBeta(k, n - k + 1, x, 1 - x), tail, 1e-12, $"k = {k}");
        }

        static double Binomial(int n, int k)
        {
            double c = 1;
            for (int i = 1; i <= k; i++)
            {
                c = c * (n - k + i) / i;
            }

            return c;
        }
    }

    [FsCheck.NUnit.Property(MaxTest = 400, Replay = Replay)]
    public Property StudentT_WithOneDegreeOfFreedom_IsTheCauchyDistribution() =>
        Prop.ForAll(Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000d).ToArbitrary(), t =>
        {
            // F(t) = ½ + atan(t)/π; the two-sided tail 1 − 2·atan(|t|)/π = 2·atan(1/|t|)/π keeps its digits for large |t|.
            double cdf = 0.5 + (Math.Atan(t) / Math.PI);
            double twoSided = t == 0 ? 1 : 2 * Math.Atan(1 / Math.Abs(t)) / Math.PI;
            double actualCdf = StatisticsMath.StudentTCdf(t, 1);
            double actualTail = StatisticsMath.StudentTTwoSided(t, 1);
            return (Math.Abs(actualCdf - cdf) <= 1e-14 && Math.Abs(actualTail - twoSided) <= 1e-13 * twoSided)
                .Label($"t {t}: F {actualCdf} vs {cdf}, tail {actualTail} vs {twoSided}");
        });

    [FsCheck.NUnit.Property(MaxTest = 400, Replay = Replay)]
    public Property StudentT_WithTwoDegreesOfFreedom_HasItsClosedForm() =>
        Prop.ForAll(Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000d).ToArbitrary(), t =>
        {
            // F(t) = ½ + t/(2√(2 + t²)); two-sided tail 1 − |t|/√(2 + t²) = 2/(√(2 + t²)(√(2 + t²) + |t|)).
            double root = Math.Sqrt(2 + (t * t));
            double cdf = 0.5 + (t / (2 * root));
            double twoSided = 2 / (root * (root + Math.Abs(t)));
            double actualCdf = StatisticsMath.StudentTCdf(t, 2);
            double actualTail = StatisticsMath.StudentTTwoSided(t, 2);
            return (Math.Abs(actualCdf - cdf) <= 1e-14 && Math.Abs(actualTail - twoSided) <= 1e-13 * twoSided)
                .Label($"t {t}: F {actualCdf} vs {cdf}, tail {actualTail} vs {twoSided}");
        });

    [TestCase(3.0, 2.5, 0.08770664700806554725)]
    [TestCase(5.5, 1.3, 0.24541669590859572593)]
    [TestCase(10.0, 2.228138851986274, 0.050000000000000069608)]
    [TestCase(30.0, -4.0, 0.00038184563608375684324)]
    [TestCase(1000.0, 3.0, 0.0027667090442381924642)]
    [TestCase(2.7, 50.0, 0.000043800212923236578936)]
    [TestCase(1e6, 5.0, 5.733997870890741569e-7)]
    [TestCase(7.0, 0.1, 0.92314805960479238512)]
    public void StudentTTwoSided_MatchesReferenceValues(double degreesOfFreedom, double t, double expected) =>
        AssertRelative(StatisticsMath.StudentTTwoSided(t, degreesOfFreedom), expected, 1e-13);

    [Test]
    public void StudentT_WithInfiniteDegreesOfFreedom_IsTheNormal()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StatisticsMath.StudentTCdf(1.3, double.PositiveInfinity), Is.EqualTo(StatisticsMath.NormalCdf(1.3)));
            Assert.That(StatisticsMath.StudentTQuantile(0.975, double.PositiveInfinity), Is.EqualTo(StatisticsMath.NormalQuantile(0.975)));
        });
    }

    [TestCase(1.0, 12.706204736174704646)]
    [TestCase(10.0, 2.2281388519862747484)]
    [TestCase(30.0, 2.04227245630123831)]
    [TestCase(4.5, 2.6589123472044037737)]
    [TestCase(2.3, 3.8071632082321323345)]
    [TestCase(1000.0, 1.962339080826408485)]
    public void StudentTQuantile_AtNinetySevenAndAHalfPercent_MatchesReferenceValues(double degreesOfFreedom, double expected)
    {
        AssertRelative(StatisticsMath.StudentTQuantile(0.975, degreesOfFreedom), expected, 1e-13);
        AssertRelative(StatisticsMath.StudentTQuantile(0.025, degreesOfFreedom), -expected, 1e-13);
    }

    [Test]
    public void StudentTQuantile_FarInTheTail()
    {
        Assert.Multiple(() =>
        {
            AssertRelative(StatisticsMath.StudentTQuantile(0.999, 3), 10.21453185240738655, 1e-13);

            // df = 1: t_p = tan(π(p − ½)); at p = 10⁻¹² that is −cot(π·10⁻¹²) ≈ −1/(π·10⁻¹²).
            AssertRelative(StatisticsMath.StudentTQuantile(1e-12, 1), -1 / Math.Tan(Math.PI * 1e-12), 1e-12);
            Assert.That(StatisticsMath.StudentTQuantile(0, 4), Is.EqualTo(double.NegativeInfinity));
            Assert.That(StatisticsMath.StudentTQuantile(1, 4), Is.EqualTo(double.PositiveInfinity));
            Assert.That(StatisticsMath.StudentTQuantile(0.5, 4), Is.Zero);
        });
    }

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property StudentTQuantile_InvertsTheCdf() =>
        Prop.ForAll(
            Gen.Choose(1, 999).Select(i => i / 1000d).ToArbitrary(),
            Gen.Elements(0.5, 1, 1.7, 2, 3.3, 8, 25, 140.5, 5_000, 2e6).ToArbitrary(),
            (p, degreesOfFreedom) =>
            {
                double t = StatisticsMath.StudentTQuantile(p, degreesOfFreedom);
                double back = StatisticsMath.StudentTCdf(t, degreesOfFreedom);
                return (Math.Abs(back - p) <= 1e-13).Label($"ν {degreesOfFreedom}, p {p}: t {t}, F(t) {back}");
            });

    [FsCheck.NUnit.Property(MaxTest = 300, Replay = Replay)]
    public Property StudentT_ApproachesTheNormalAsDegreesOfFreedomGrow() =>
        Prop.ForAll(Gen.Choose(-600, 600).Select(i => i / 100d).ToArbitrary(), t =>
        {
            // |F_ν(t) − Φ(t)| = O(1/ν): at ν = 10⁷ within 10⁻⁷, and the t value is never closer to the normal at ν = 10.
            double normal = StatisticsMath.NormalCdf(t);
            double near = Math.Abs(StatisticsMath.StudentTCdf(t, 1e7) - normal);
            double far = Math.Abs(StatisticsMath.StudentTCdf(t, 10) - normal);
            return (near <= 1e-7 && near <= far + 1e-15).Label($"t {t}: ν=1e7 off by {near}, ν=10 off by {far}");
        });
}
