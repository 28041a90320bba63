using System.Xml.Linq;
using Bedrock.Foundations.Evaluation;

namespace Bedrock.Foundations.Tests.Evaluation;

[TestFixture]
public sealed class ReliabilityDiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Test]
    public void ToSvg_IsWellFormedSvg_WithTitleBarsDiagonalAndHistogram()
    {
        CalibrationReport report = Calibration.Evaluate([0.25, 0.25, 0.55, 0.75, 0.75], [false, false, true, true, true], new CalibrationOptions(Bins: 4));

        XDocument svg = XDocument.Parse(ReliabilityDiagram.ToSvg(report, "Model <A> & B"));

        XElement root = svg.Root!;
        Assert.That(root.Name, Is.EqualTo(Svg + "svg"));
        string text = string.Concat(root.Descendants(Svg + "text").Select(t => t.Value + "\n"));
        Assert.That(text, Does.Contain("Model <A> & B"));
        Assert.That(text, Does.Contain("ECE 0.2900"));
        int nonEmpty = report.Bins.Count(b => b.Count > 0);
        Assert.That(root.Descendants(Svg + "rect").Count(r => r.Attribute("fill")?.Value == "#4c78a8"), Is.EqualTo(nonEmpty), "one accuracy bar per non-empty bin");
        Assert.That(root.Descendants(Svg + "rect").Count(r => r.Attribute("fill")?.Value == "#9d9d9d"), Is.EqualTo(nonEmpty), "one count bar per non-empty bin");
        Assert.That(root.Descendants(Svg + "line").Any(l => l.Attribute("stroke-dasharray") is not null), Is.True, "the diagonal");
        Assert.That(root.ToString(), Does.Not.Contain("href").And.Not.Contain("<script"));
    }

    [Test]
    public void ToSvg_BarHeightsAreTheAccuracies()
    {
        CalibrationReport report = Calibration.Evaluate([0.1, 0.15, 0.9, 0.95], [false, true, true, true], new CalibrationOptions(Bins: 2));

        XDocument svg = XDocument.Parse(ReliabilityDiagram.ToSvg(report, width: 400, height: 500));

        double[] heights = svg.Root!.Descendants(Svg + "rect").Where(r => r.Attribute("fill")?.Value == "#4c78a8")
            .Select(r => double.Parse(r.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.That(heights[1] / heights[0], Is.EqualTo(2.0).Within(0.01), "accuracy 1 vs 0.5");
    }

    [Test]
    public void ToSvg_AxisTitleAndHistogramLabel_AreOnSeparateLines()
    {
        CalibrationReport report = Calibration.Evaluate([0.25, 0.55, 0.75], [false, true, true], new CalibrationOptions(Bins: 4));

        XElement root = XDocument.Parse(ReliabilityDiagram.ToSvg(report)).Root!;

        double axisTitle = Number(root.Descendants(Svg + "text").Single(t => t.Value == "confidence"), "y");
        double histogramLabel = Number(root.Descendants(Svg + "text").Single(t => t.Value.StartsWith("predictions per bin", StringComparison.Ordinal)), "y");
        Assert.That(histogramLabel - axisTitle, Is.GreaterThanOrEqualTo(14), "12 px text needs 14 px between baselines");
    }

    [TestCase(200, 200)]
    [TestCase(200, 560)]
    [TestCase(480, 200)]
    [TestCase(480, 560)]
    [TestCase(1200, 900)]
    public void ToSvg_AnySize_KeepsEveryShapeInside(int width, int height)
    {
        CalibrationReport report = Calibration.Evaluate([0.05, 0.25, 0.55, 0.75, 0.99], [false, false, true, true, true], new CalibrationOptions(Bins: 5));

        XElement root = XDocument.Parse(ReliabilityDiagram.ToSvg(report, width: width, height: height)).Root!;

        using (Assert.EnterMultipleScope())
        {
            foreach (XElement rect in root.Descendants(Svg + "rect").Where(r => r.Attribute("x") is not null))
            {
                Assert.That(Number(rect, "x") + Number(rect, "width"), Is.LessThanOrEqualTo(width), rect.ToString());
                Assert.That(Number(rect, "y") + Number(rect, "height"), Is.LessThanOrEqualTo(height), rect.ToString());
            }

            foreach (XElement line in root.Descendants(Svg + "line"))
            {
                Assert.That(Math.Max(Number(line, "y1"), Number(line, "y2")), Is.LessThanOrEqualTo(height), line.ToString());
            }

            foreach (XElement text in root.Descendants(Svg + "text").Where(t => t.Attribute("y") is not null))
            {
                Assert.That(Number(text, "y"), Is.InRange(12, height - 4), text.ToString());
            }
        }
    }

    [Test]
    public void ToSvg_BadArguments_Throw()
    {
        CalibrationReport report = Calibration.Evaluate([0.5], [true]);

        Assert.That(Assert.Throws<ArgumentNullException>(() => ReliabilityDiagram.ToSvg(null!))!.ParamName, Is.EqualTo("report"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => ReliabilityDiagram.ToSvg(report, width: 10))!.ParamName, Is.EqualTo("width"));
    }

    private static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, System.Globalization.CultureInfo.InvariantCulture);
}
