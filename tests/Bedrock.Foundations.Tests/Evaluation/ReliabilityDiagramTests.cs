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
    public void ToSvg_BadArguments_Throw()
    {
        CalibrationReport report = Calibration.Evaluate([0.5], [true]);

        Assert.That(Assert.Throws<ArgumentNullException>(() => ReliabilityDiagram.ToSvg(null!))!.ParamName, Is.EqualTo("report"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => ReliabilityDiagram.ToSvg(report, width: 10))!.ParamName, Is.EqualTo("width"));
    }
}
