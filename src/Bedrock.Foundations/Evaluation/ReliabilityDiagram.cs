using System.Globalization;
using System.Text;

namespace Bedrock.Foundations.Evaluation;

/// <summary>
/// Draws a <see cref="CalibrationReport"/> as a reliability diagram: per bin, a bar of the accuracy and a marker of the
/// mean confidence over the bin's range, the diagonal a calibrated model would follow, a histogram of the bin counts
/// underneath, and the ECE and MCE in the title. The SVG is self-contained (no scripts, fonts or external references)
/// and renders the same in any browser.
/// </summary>
public static class ReliabilityDiagram
{
    /// <summary>Returns the diagram as an SVG document.</summary>
    /// <param name="report">What to draw.</param>
    /// <param name="title">The first title line (XML-escaped); "Reliability diagram" when null.</param>
    /// <param name="width">Width in pixels, ≥ 200.</param>
    /// <param name="height">Height in pixels, ≥ 200.</param>
    /// <returns>An <c>&lt;svg&gt;</c> document (UTF-8 text).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is below 200.</exception>
    public static string ToSvg(CalibrationReport report, string? title = null, int width = 480, int height = 560)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 200);

        const double Left = 56;
        const double Right = 16;
        const double Top = 56;

        // Under the plot: tick labels (baseline +16), the axis title (+30), the histogram's label (+48), then the
        // histogram, at least 24 px tall, and 8 px of margin. At small heights the plot shrinks to keep it all inside.
        const double BelowPlot = 52;
        double plot = Math.Min(width - Left - Right, Math.Min((height - Top) * 0.72, height - Top - BelowPlot - 24 - 8));
        double histogramTop = Top + plot + BelowPlot;
        double histogramHeight = Math.Max(24, height - histogramTop - 36);
        double X(double v) => Left + (v * plot);
        double Y(double v) => Top + ((1 - v) * plot);

        var svg = new StringBuilder();
        Append(svg, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">");
        Append(svg, $"<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>");
        string heading = Escape(title ?? "Reliability diagram");
        Append(svg, $"<text x=\"{Left}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{heading}</text>");
        Append(svg, $"<text x=\"{Left}\" y=\"42\">ECE {report.ExpectedCalibrationError:0.0000} · MCE {report.MaximumCalibrationError:0.0000} · accuracy {report.Accuracy:0.000} · n = {report.Count}</text>");

        // Frame, grid and ticks.
        Append(svg, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plot:0.##}\" height=\"{plot:0.##}\" fill=\"none\" stroke=\"#333333\"/>");
        for (int t = 0; t <= 10; t += 2)
        {
            double v = t / 10d;
            Append(svg, $"<line x1=\"{X(v):0.##}\" y1=\"{Top}\" x2=\"{X(v):0.##}\" y2=\"{Top + plot:0.##}\" stroke=\"#e5e5e5\"/>");
            Append(svg, $"<line x1=\"{Left}\" y1=\"{Y(v):0.##}\" x2=\"{Left + plot:0.##}\" y2=\"{Y(v):0.##}\" stroke=\"#e5e5e5\"/>");
            Append(svg, $"<text x=\"{X(v):0.##}\" y=\"{Top + plot + 16:0.##}\" text-anchor=\"middle\">{v:0.0}</text>");
            Append(svg, $"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.##}\" text-anchor=\"end\">{v:0.0}</text>");
        }

        // Bars (accuracy) and gaps to the mean confidence.
        foreach (CalibrationBin bin in report.Bins.Where(b => b.Count > 0))
        {
            double x0 = X(bin.Lower);
            double w = Math.Max(1.5, X(bin.Upper) - x0 - 1);
            Append(svg, $"<rect x=\"{x0:0.##}\" y=\"{Y(bin.Accuracy):0.##}\" width=\"{w:0.##}\" height=\"{plot * bin.Accuracy:0.##}\" fill=\"#4c78a8\" fill-opacity=\"0.85\"><title>[{bin.Lower:0.###}, {bin.Upper:0.###}]: accuracy {bin.Accuracy:0.###}, confidence {bin.MeanConfidence:0.###}, n = {bin.Count}</title></rect>");
            double top = Math.Max(bin.Accuracy, bin.MeanConfidence);
            double bottom = Math.Min(bin.Accuracy, bin.MeanConfidence);
            Append(svg, $"<rect x=\"{x0:0.##}\" y=\"{Y(top):0.##}\" width=\"{w:0.##}\" height=\"{plot * (top - bottom):0.##}\" fill=\"#e45756\" fill-opacity=\"0.35\"/>");
            Append(svg, $"<circle cx=\"{X(bin.MeanConfidence):0.##}\" cy=\"{Y(bin.MeanConfidence):0.##}\" r=\"2.5\" fill=\"#e45756\"/>");
        }

        Append(svg, $"<line x1=\"{X(0)}\" y1=\"{Y(0):0.##}\" x2=\"{X(1):0.##}\" y2=\"{Y(1)}\" stroke=\"#333333\" stroke-dasharray=\"5 4\"/>");
        Append(svg, $"<text x=\"{X(0.5):0.##}\" y=\"{Top + plot + 30:0.##}\" text-anchor=\"middle\">confidence</text>");
        Append(svg, $"<text transform=\"translate(16 {Y(0.5):0.##}) rotate(-90)\" text-anchor=\"middle\">accuracy</text>");

        // Count histogram.
        int most = report.Bins.Count == 0 ? 0 : report.Bins.Max(b => b.Count);
        Append(svg, $"<text x=\"{Left}\" y=\"{histogramTop - 4:0.##}\" fill=\"#555555\">predictions per bin (max {most})</text>");
        foreach (CalibrationBin bin in report.Bins.Where(b => b.Count > 0))
        {
            double h = histogramHeight * bin.Count / most;
            double x0 = X(bin.Lower);
            double w = Math.Max(1.5, X(bin.Upper) - x0 - 1);
            Append(svg, $"<rect x=\"{x0:0.##}\" y=\"{histogramTop + histogramHeight - h:0.##}\" width=\"{w:0.##}\" height=\"{h:0.##}\" fill=\"#9d9d9d\"><title>n = {bin.Count}</title></rect>");
        }

        Append(svg, $"<line x1=\"{Left}\" y1=\"{histogramTop + histogramHeight:0.##}\" x2=\"{Left + plot:0.##}\" y2=\"{histogramTop + histogramHeight:0.##}\" stroke=\"#333333\"/>");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static void Append(StringBuilder svg, FormattableString text) =>
        svg.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
