namespace Bedrock.Foundations.Evaluation;

/// <summary>
/// The special functions under the A/B statistics (<c>AbTest</c>): the standard normal distribution and its inverse, ln Γ, the
/// regularized incomplete beta function, and Student's t distribution with real degrees of freedom.
/// </summary>
/// <remarks>
/// Pure scalar IEEE arithmetic in a fixed order (no vectorization, no fused operations the JIT could choose), so each
/// result is bit-identical on every machine. Accuracy, checked in <c>StatisticsMathTests</c> against closed forms and
/// published values: Φ and Φ⁻¹ to a few units in the 15th digit, relative accuracy kept in the tails; the t distribution
/// to about 10⁻¹³ relative.
/// </remarks>
internal static class StatisticsMath
{
    /// <summary>1/√(2π).</summary>
    private const double InverseSqrtTwoPi = 0.398942280401432677939946059934;

    /// <summary>½ ln(2π).</summary>
    private const double HalfLogTwoPi = 0.918938533204672741780329736406;

    /// <summary>ln Γ(½) = ½ ln π.</summary>
    private const double LogGammaHalf = 0.572364942924700087071713675677;

    /// <summary>Where Φ switches from its Taylor series to the continued fraction: z² = 3 (|z| ≈ 1.73).</summary>
    private const double SeriesLimitSquared = 3d;

    /// <summary>Stirling's series takes over in ln Γ from this argument on.</summary>
    private const double StirlingFrom = 10d;

    private const double Epsilon = 1e-16;

    /// <summary>Stands in for 0 in the modified Lentz algorithm (Thompson &amp; Barnett 1986).</summary>
    private const double Tiny = 1e-300;

    private const int MaximumIterations = 100_000;

    /// <summary>The standard normal density φ(z) = e^(−z²/2)/√(2π).</summary>
    /// <remarks>z² is split into its rounded value and the rounding error (one FMA), so the exponent is exact to
    /// about 10⁻³² and φ keeps full relative accuracy far into the tail.</remarks>
    internal static double NormalDensity(double z)
    {
        double square = z * z;
        double error = Math.FusedMultiplyAdd(z, z, -square); // z² = square + error exactly
        return InverseSqrtTwoPi * Math.Exp(-0.5 * square) * (1d - (0.5 * error));
    }

    /// <summary>
    /// The standard normal distribution function Φ(z) = P(Z ≤ z). NaN gives NaN.
    /// </summary>
    /// <remarks>
    /// For z² &lt; 3, Φ(z) = ½ + φ(z)·Σₙ z²ⁿ⁺¹/(1·3·5···(2n+1)) (a series of positive terms; Abramowitz &amp; Stegun
    /// 26.2.11). Beyond, the tail Φ(−|z|) = φ(z)·(|z|/2)·F(z²/2), where F(x) is the even part of Legendre's continued
    /// fraction for the upper incomplete gamma function Q(½, x) = erfc(√x) (Numerical Recipes §6.2), evaluated with the
    /// modified Lentz algorithm. Either way the tail below the mean is computed directly, never as 1 − Φ, so Φ(z) for
    /// z ≪ 0 keeps its relative accuracy down to the smallest subnormal.
    /// </remarks>
    internal static double NormalCdf(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }

        double square = z * z;
        if (square < SeriesLimitSquared)
        {
            // Σ z^(2n+1)/(2n+1)!!: term_(n+1) = term_n · z²/(2n+3).
            double term = z;
            double sum = z;
            for (int k = 3; Math.Abs(term) > Epsilon * Math.Abs(sum); k += 2)
            {
                term *= square / k;
                sum += term;
            }

            return 0.5 + (NormalDensity(z) * sum);
        }

        double tail = NormalTail(Math.Abs(z));
        return z < 0 ? tail : 1d - tail;
    }

    /// <summary>Φ(−z) for z² ≥ 3, z &gt; 0, by the continued fraction (see <see cref="NormalCdf"/>).</summary>
    private static double NormalTail(double z)
    {
        if (double.IsPositiveInfinity(z))
        {
            return 0d;
        }

        double density = NormalDensity(z);
        if (density == 0d)
        {
            return 0d; // below the smallest subnormal
        }

        // Q(a, x) = e^(−x) x^a/Γ(a) · 1/(b₀ − a₁/(b₁ − a₂/(b₂ − …))), b_i = x + 2i + 1 − a, a_i = i(i − a), with
        // a = ½ and x = z²/2; e^(−x) x^a/Γ(a) = 2·φ(z)·z/2, and Q(½, x) = 2·Φ(−z). Modified Lentz.
        double b = (0.5 * z * z) + 0.5;
        double c = 1d / Tiny;
        double d = 1d / b;
        double h = d;
        for (int i = 1; i <= MaximumIterations; i++)
        {
            double an = -i * (i - 0.5);
            b += 2d;
            d = (an * d) + b;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1d / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1d) <= Epsilon)
            {
                return density * 0.5 * z * h;
            }
        }

        throw new InvalidOperationException("The normal tail's continued fraction did not converge; this is a bug.");
    }

    /// <summary>ln(1 + x) for x &gt; −1, accurate for small |x| too (Goldberg 1991, Theorem 4: ln(u)·x/(u − 1) with u = 1 + x
    /// rounded cancels the rounding of u). <c>double.LogP1</c> is ln(x + 1) computed directly, which is not.</summary>
    internal static double Log1P(double x)
    {
        double u = 1d + x;
        return u == 1d ? x : double.IsPositiveInfinity(u) ? u : Math.Log(u) * x / (u - 1d);
    }

    /// <summary>
    /// The standard normal quantile Φ⁻¹(p) for p ∈ [0, 1]: −∞ at 0, +∞ at 1, NaN outside or for NaN.
    /// </summary>
    /// <remarks>
    /// Works on q = min(p, 1 − p) (1 − p is exact for p ≥ ½), so the upper half is the mirror of the lower and the
    /// lower tail keeps relative accuracy. Starts from Abramowitz &amp; Stegun 26.2.23 (|error| &lt; 4.5·10⁻⁴) and
    /// refines with Halley's method on Φ(z) − q: e = (Φ(z) − q)/φ(z), z ← z − e/(1 + z·e/2), which converges
    /// cubically, so two or three steps reach the precision of Φ itself.
    /// </remarks>
    internal static double NormalQuantile(double p)
    {
        if (!(p >= 0d && p <= 1d))
        {
            return double.NaN;
        }

        if (p == 0.5)
        {
            return 0d;
        }

        double q = p < 0.5 ? p : 1d - p;
        double z;
        if (q == 0d)
        {
            z = double.NegativeInfinity;
        }
        else
        {
            double t = Math.Sqrt(-2d * Math.Log(q));
            z = -(t - ((2.515517 + (t * (0.802853 + (t * 0.010328)))) / (1d + (t * (1.432788 + (t * (0.189269 + (t * 0.001308))))))));
            for (int i = 0; i < 8; i++)
            {
                double density = NormalDensity(z);
                if (density == 0d)
                {
                    break;
                }

                double e = (NormalCdf(z) - q) / density;
                double step = e / (1d + (0.5 * z * e));
                z -= step;
                if (Math.Abs(step) <= 1e-15 * Math.Abs(z))
                {
                    break;
                }
            }
        }

        return p < 0.5 ? z : -z;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (NaN otherwise; +∞ at +∞).</summary>
    /// <remarks>
    /// For x ≥ 10, Stirling's series ln Γ(x) = (x − ½) ln x − x + ½ ln 2π + ω(x) with
    /// ω(x) = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹) − 691/(360360x¹¹) + 1/(156x¹³) (the Bernoulli
    /// numbers B₂ₖ/(2k(2k−1)); truncation error below 10⁻¹⁷ there); below, the recurrence
    /// ln Γ(x) = ln Γ(x + m) − ln(x(x+1)···(x+m−1)) lifts x past 10.
    /// </remarks>
    internal static double LogGamma(double x)
    {
        if (!(x > 0d))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(x))
        {
            return double.PositiveInfinity;
        }

        if (x >= StirlingFrom)
        {
            return ((x - 0.5) * Math.Log(x)) - x + HalfLogTwoPi + StirlingCorrection(x);
        }

        double product = 1d;
        double y = x;
        while (y < StirlingFrom)
        {
            product *= y;
            y += 1d;
        }

        return LogGamma(y) - Math.Log(product);
    }

    /// <summary>ω(x) = ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10, by Stirling's series.</summary>
    private static double StirlingCorrection(double x)
    {
        double r = 1d / x;
        double r2 = r * r;
        double series = -691d / 360360 + (r2 / 156);
        series = (1d / 1188) + (r2 * series);
        series = (-1d / 1680) + (r2 * series);
        series = (1d / 1260) + (r2 * series);
        series = (-1d / 360) + (r2 * series);
        series = (1d / 12) + (r2 * series);
        return r * series;
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b &gt; 0.</summary>
    /// <remarks>
    /// When the larger argument a is ≥ 10, the (x − ½) ln x − x parts of Stirling's formula are combined by hand,
    /// ln B(a, b) = ln Γ(b) − (a − ½)·ln(1 + b/a) − b·ln(a + b) + b + ω(a) − ω(a + b), so nothing of size a·ln a cancels
    /// and the result keeps its accuracy for a in the millions (t distributions with many degrees of freedom).
    /// </remarks>
    internal static double LogBeta(double a, double b)
    {
        if (a < b)
        {
            (a, b) = (b, a);
        }

        if (a < StirlingFrom)
        {
            return LogGamma(a) + LogGamma(b) - LogGamma(a + b);
        }

        double logGammaB = b == 0.5 ? LogGammaHalf : LogGamma(b);
        return logGammaB - ((a - 0.5) * Log1P(b / a)) - (b * Math.Log(a + b)) + b
            + StirlingCorrection(a) - StirlingCorrection(a + b);
    }

    /// <summary>
    /// The regularized incomplete beta function I_x(a, b) for a, b &gt; 0 and x ∈ [0, 1], given both x and y = 1 − x
    /// (so a caller that knows 1 − x more precisely than by subtraction passes it).
    /// </summary>
    /// <remarks>
    /// I_x(a, b) = x^a y^b / (a·B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …))) with d₂ₘ₊₁ = −(a+m)(a+b+m)x/((a+2m)(a+2m+1)) and
    /// d₂ₘ = m(b−m)x/((a+2m−1)(a+2m)) (Abramowitz &amp; Stegun 26.5.8; Numerical Recipes §6.4), evaluated by the modified
    /// Lentz algorithm, rearranged against cancellation (see <see cref="BetaFraction"/>), where it converges fast,
    /// x &lt; (a+1)/(a+b+2); otherwise through I_x(a, b) = 1 − I_y(b, a). It takes at most O(√max(a, b)) terms.
    /// </remarks>
    internal static double RegularizedIncompleteBeta(double a, double b, double x, double y)
    {
        if (x <= 0d)
        {
            return 0d;
        }

        if (y <= 0d)
        {
            return 1d;
        }

        return x < (a + 1d) / (a + b + 2d)
            ? BetaFront(a, b, x, y) * BetaFraction(a, b, x, y) / a
            : 1d - (BetaFront(b, a, y, x) * BetaFraction(b, a, y, x) / b);
    }

    /// <summary>x^a y^b / B(a, b), in logarithms. The logarithm of whichever of x, y exceeds ½ is taken as ln(1 − other),
    /// so a·ln x keeps its accuracy when x is near 1 and a is large.</summary>
    private static double BetaFront(double a, double b, double x, double y)
    {
        double logX = x <= 0.5 ? Math.Log(x) : Log1P(-y);
        double logY = y <= 0.5 ? Math.Log(y) : Log1P(-x);
        return Math.Exp((a * logX) + (b * logY) - LogBeta(a, b));
    }

    /// <summary>
    /// The continued fraction of <see cref="RegularizedIncompleteBeta"/>, 1/(1 + d₁/(1 + d₂/(1 + …))), by the modified
    /// Lentz algorithm, arranged so that it keeps its accuracy when a is large and x near 1.
    /// </summary>
    /// <remarks>
    /// There the odd coefficients d₂ₘ₊₁ = −(a+m)(a+b+m)x/((a+2m)(a+2m+1)) approach −1 and the even ones approach 0, so
    /// the textbook recurrences D ← 1/(1 + d·D), C ← 1 + d/C lose about log₁₀(a·(1 − x)⁻¹·…) digits in 1 + d₂ₘ₊₁·D
    /// (10⁻¹¹ relative error in a t tail with ν = 10⁶). Here 1 + d₂ₘ₊₁ is formed algebraically from y = 1 − x,
    /// [a(2m + 1 − b) + 3m² + 2m − bm + (a+m)(a+b+m)·y] / ((a+2m)(a+2m+1)), and each even step keeps D − 1 and 1/C − 1
    /// as products, so the odd step computes 1 + d·D = (1 + d) + d·(D − 1) and 1 + d/C = (1 + d) + d·(1/C − 1) with no
    /// cancellation. For x ≤ ½ the direct 1 + d₂ₘ₊₁ has none to begin with and is used as is.
    /// </remarks>
    private static double BetaFraction(double a, double b, double x, double y)
    {
        // m = 0 is the odd step d₁ = −(a+b)x/(a+1), from D = C = 1: h = D = 1/(1 + d₁), and C stays 1.
        double d = 1d / Guard(OnePlusOdd(a, b, x, y, 0));
        double c = 1d;
        double h = d;
        int limit = MaximumIterations + (int)Math.Min(100d * Math.Sqrt(Math.Max(a, b)), int.MaxValue / 2d);
        for (int m = 1; m <= limit; m++)
        {
            // Even step, d₂ₘ = m(b − m)x/((a+2m−1)(a+2m)).
            double even = m * (b - m) * x / ((a + (2d * m) - 1d) * (a + (2d * m)));
            double previousD = d;
            d = 1d / Guard(1d + (even * previousD));
            double dMinusOne = -even * previousD * d;
            double previousC = c;
            c = Guard(1d + (even / previousC));
            double inverseCMinusOne = -(even / previousC) / c;
            h *= d * c;

            // Odd step, d₂ₘ₊₁.
            double odd = -(a + m) * (a + b + m) * x / ((a + (2d * m)) * (a + (2d * m) + 1d));
            double onePlusOdd = OnePlusOdd(a, b, x, y, m);
            d = 1d / Guard(onePlusOdd + (odd * dMinusOne));
            c = Guard(onePlusOdd + (odd * inverseCMinusOne));
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1d) <= Epsilon)
            {
                return h;
            }
        }

        throw new InvalidOperationException("The incomplete beta continued fraction did not converge; this is a bug.");
    }

    /// <summary>1 + d₂ₘ₊₁ (see <see cref="BetaFraction"/>): directly for x ≤ ½, from y otherwise.</summary>
    private static double OnePlusOdd(double a, double b, double x, double y, int m)
    {
        double denominator = (a + (2d * m)) * (a + (2d * m) + 1d);
        return x <= 0.5
            ? 1d - ((a + m) * (a + b + m) * x / denominator)
            : ((a * ((2d * m) + 1d - b)) + (3d * m * m) + (2d * m) - (b * m) + ((a + m) * (a + b + m) * y)) / denominator;
    }

    /// <summary>Replaces a value within <see cref="Tiny"/> of 0 by <see cref="Tiny"/>, as the modified Lentz algorithm does.</summary>
    private static double Guard(double value) => Math.Abs(value) < Tiny ? Tiny : value;

    /// <summary>
    /// The two-sided tail P(|T| ≥ |t|) of Student's t with ν &gt; 0 degrees of freedom (real ν; +∞ gives the normal):
    /// I_{ν/(ν+t²)}(ν/2, ½). NaN in gives NaN.
    /// </summary>
    /// <remarks>x = ν/(ν + t²) and 1 − x = t²/(ν + t²) are each formed directly, so large |t| keeps relative accuracy
    /// in the (small) tail.</remarks>
    internal static double StudentTTwoSided(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || double.IsNaN(degreesOfFreedom))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(degreesOfFreedom))
        {
            return 2d * NormalCdf(-Math.Abs(t));
        }

        if (double.IsInfinity(t))
        {
            return 0d;
        }

        double square = t * t;
        double sum = degreesOfFreedom + square;
        return RegularizedIncompleteBeta(0.5 * degreesOfFreedom, 0.5, degreesOfFreedom / sum, square / sum);
    }

    /// <summary>Student's t distribution function P(T ≤ t) with ν &gt; 0 degrees of freedom (real ν; +∞ gives Φ).</summary>
    internal static double StudentTCdf(double t, double degreesOfFreedom)
    {
        double tail = 0.5 * StudentTTwoSided(t, degreesOfFreedom);
        return t < 0 ? tail : 1d - tail;
    }

    /// <summary>
    /// Student's t density f(t) = (1 + t²/ν)^(−(ν+1)/2) / (√ν·B(ν/2, ½)).
    /// </summary>
    internal static double StudentTDensity(double t, double degreesOfFreedom) =>
        double.IsPositiveInfinity(degreesOfFreedom)
            ? NormalDensity(t)
            : Math.Exp((-0.5 * (degreesOfFreedom + 1d) * Log1P(t * t / degreesOfFreedom)) - LogBeta(0.5 * degreesOfFreedom, 0.5))
              / Math.Sqrt(degreesOfFreedom);

    /// <summary>
    /// The quantile of Student's t: the t with P(T ≤ t) = p, for p ∈ [0, 1] and ν &gt; 0 (±∞ at 0 and 1; NaN outside).
    /// </summary>
    /// <remarks>
    /// Solves for the upper tail q = min(p, 1 − p) (exact): the root t ≥ 0 of S(t) = P(T &gt; t) = q. A bracket
    /// [lo, hi] with hi/lo = 2 comes from doubling a start at the normal quantile; Newton's method with the density as
    /// slope then runs inside it, falling back to bisection whenever a step leaves the bracket, until the step is below
    /// 10⁻¹⁵ relative. S is decreasing and convex on t ≥ 0, so Newton converges from either side.
    /// </remarks>
    internal static double StudentTQuantile(double p, double degreesOfFreedom)
    {
        if (!(p >= 0d && p <= 1d) || !(degreesOfFreedom > 0d))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(degreesOfFreedom))
        {
            return NormalQuantile(p);
        }

        if (p == 0.5)
        {
            return 0d;
        }

        double q = p < 0.5 ? p : 1d - p;
        if (q == 0d)
        {
            return p < 0.5 ? double.NegativeInfinity : double.PositiveInfinity;
        }

        // S(t) = ½·I_{ν/(ν+t²)}(ν/2, ½), decreasing from ½ at t = 0.
        double lo = 0d;
        double hi = Math.Max(1d, -NormalQuantile(q));
        while (UpperTail(hi, degreesOfFreedom) > q)
        {
            lo = hi;
            hi *= 2d;
            if (double.IsPositiveInfinity(hi))
            {
                return p < 0.5 ? double.NegativeInfinity : double.PositiveInfinity;
            }
        }

        double t = lo == 0d ? 0.5 * hi : lo;
        for (int i = 0; i < 200; i++)
        {
            double residual = UpperTail(t, degreesOfFreedom) - q;
            if (residual > 0d)
            {
                lo = t;
            }
            else if (residual < 0d)
            {
                hi = t;
            }
            else
            {
                break;
            }

            double next = t + (residual / StudentTDensity(t, degreesOfFreedom));
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }

            double step = next - t;
            t = next;
            if (Math.Abs(step) <= 1e-15 * t || hi - lo <= 4e-16 * hi)
            {
                break;
            }
        }

        return p < 0.5 ? -t : t;

        static double UpperTail(double t, double nu) => 0.5 * StudentTTwoSided(t, nu);
    }
}
