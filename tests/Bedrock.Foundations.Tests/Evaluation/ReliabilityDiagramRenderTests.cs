using System.Globalization;
using System.Xml.Linq;
using Bedrock.Foundations.Evaluation;
using Bedrock.Foundations.Tests.Common;

namespace Bedrock.Foundations.Tests.Evaluation;

/// <summary>
/// Renders a reliability diagram in headless Chromium and checks the screenshot against the geometry of the SVG itself
/// (the <c>&lt;rect&gt;</c> and <c>&lt;line&gt;</c> elements, read with System.Xml.Linq). Needs <c>chromium</c> or
/// <c>chromium-browser</c> on the PATH: without one the fixture is ignored, or fails when <c>CI=true</c> so CI cannot
/// skip it silently.
/// </summary>
[TestFixture]
public sealed class ReliabilityDiagramRenderTests
{
    private const int Width = 480;
    private const int Height = 560;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>#4c78a8 at fill-opacity 0.85 over white: 0.85 · c + 0.15 · 255 per channel.</summary>
    private static readonly Rgba BarColour = new(103, 140, 181, 255);

    private static readonly Rgba HistogramColour = new(0x9d, 0x9d, 0x9d, 255);
    private static readonly Rgba White = new(255, 255, 255, 255);

    private string _scratch = null!;
    private CalibrationReport _report = null!;
    private XElement _svg = null!;
    private PngImage _image = null!;

    [OneTimeSetUp]
    public void RenderOnce()
    {
        string? browser = HeadlessChromium.Find();
        if (browser is null)
        {
            const string Missing = "No chromium or chromium-browser on the PATH; " + HeadlessChromium.InstallHint + ".";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(Missing + " CI=true, so the render test may not be skipped.");
            }

            Assert.Ignore(Missing);
        }

        _report = Overconfident(n: 5000, seed: 20_240_601);
        string svg = ReliabilityDiagram.ToSvg(_report, "Over-confident model (synthetic)", Width, Height);
        _svg = XDocument.Parse(svg).Root!;
        _scratch = Directory.CreateTempSubdirectory("bedrock-render-").FullName;
        string page = Path.Combine(_scratch, "diagram.svg");
        string screenshot = Path.Combine(_scratch, "diagram.png");
        File.WriteAllText(page, svg);
        HeadlessChromium.Screenshot(browser, page, screenshot, Width, Height, _scratch, TimeSpan.FromSeconds(60));
        _image = PngImage.Load(screenshot);
    }

    [OneTimeTearDown]
    public void DeleteScratch()
    {
        if (_scratch is not null && Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Test]
    public void Screenshot_IsTheWindowSize() =>
        Assert.That((_image.Width, _image.Height), Is.EqualTo((Width, Height)));

    [Test]
    public void Screenshot_EveryNonEmptyBinsAccuracyBar_HasTheBarColourAtItsCentre()
    {
        Box[] bars = Rects("#4c78a8");
        Line diagonal = Diagonal();
        Assert.That(bars, Has.Length.EqualTo(_report.Bins.Count(b => b.Count > 0)).And.Length.EqualTo(10), "one bar per non-empty bin");

        using (Assert.EnterMultipleScope())
        {
            foreach (Box bar in bars)
            {
                (int x, int y) = bar.CentrePixel;
                Assert.That(bar.Covers(x, y), Is.True, $"premise: the bar {bar} is big enough to cover its centre pixel");
                Assert.That(diagonal.Distance(x + 0.5, y + 0.5), Is.GreaterThan(3), $"premise: the centre of {bar} is clear of the diagonal");
                Rgba pixel = _image.GetPixel(x, y);
                Assert.That(pixel.MaxChannelDifference(BarColour), Is.LessThanOrEqualTo(6), $"centre ({x}, {y}) of the bar {bar} is {pixel}");
            }
        }
    }

    [Test]
    public void Screenshot_EveryCountBar_HasTheHistogramColourAtItsCentre()
    {
        Box[] bars = Rects("#9d9d9d");
        Assert.That(bars, Has.Length.EqualTo(10));

        using (Assert.EnterMultipleScope())
        {
            foreach (Box bar in bars)
            {
                (int x, int y) = bar.CentrePixel;
                Assert.That(bar.Covers(x, y), Is.True, $"premise: the count bar {bar} covers its centre pixel");
                Rgba pixel = _image.GetPixel(x, y);
                Assert.That(pixel.MaxChannelDifference(HistogramColour), Is.LessThanOrEqualTo(6), $"centre ({x}, {y}) of the count bar {bar} is {pixel}");
            }
        }
    }

    [Test]
    public void Screenshot_BarColouredArea_MatchesTheBarRectangles()
    {
        double area = Rects("#4c78a8").Sum(b => b.Width * b.Height);
        int count = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (_image.GetPixel(x, y).MaxChannelDifference(BarColour) <= 8)
                {
                    count++;
                }
            }
        }

        // Antialiased edges and the diagonal crossing the first bar take a little; nothing else is this colour.
        Assert.That(count, Is.InRange(0.9 * area, 1.01 * area), $"bar-coloured pixels vs {area:0} px² of bars");
    }

    [Test]
    public void Screenshot_Diagonal_IsDashed()
    {
        // Walk the dashed line: the middle of each 5-unit dash is dark grey (#333333, antialiased), the middle of each
        // 4-unit gap is not.
        Line diagonal = Diagonal();
        Assert.That(diagonal.DashArray, Is.EqualTo("5 4"));
        int dashes = 0;
        int darkDashes = 0;
        int darkGaps = 0;
        for (double s = 0; s + 9 <= diagonal.Length; s += 9)
        {
            dashes++;
            (double dx, double dy) = diagonal.At(s + 2.5);
            if (Neighbourhood((int)dx, (int)dy).Any(IsDarkGrey))
            {
                darkDashes++;
            }

            (double gx, double gy) = diagonal.At(s + 7);
            if (IsDarkGrey(_image.GetPixel((int)gx, (int)gy)))
            {
                darkGaps++;
            }
        }

        Assert.That(dashes, Is.GreaterThan(50));
        Assert.That(darkDashes, Is.GreaterThanOrEqualTo(0.95 * dashes), $"dashes with a dark pixel, of {dashes}");
        Assert.That(darkGaps, Is.LessThanOrEqualTo(0.05 * dashes), $"gaps with a dark pixel, of {dashes}");
    }

    [Test]
    public void Screenshot_Border_IsWhite_NothingRunsOffTheEdge()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_image.GetPixel(Width - 1, 0), Is.EqualTo(White), "top-right corner");
            Assert.That(_image.GetPixel(0, Height - 1), Is.EqualTo(White), "bottom-left corner");
            for (int x = 0; x < Width; x++)
            {
                foreach (int y in (int[])[0, 1, Height - 2, Height - 1])
                {
                    Assert.That(_image.GetPixel(x, y), Is.EqualTo(White), $"({x}, {y})");
                }
            }

            for (int y = 0; y < Height; y++)
            {
                foreach (int x in (int[])[0, 1, Width - 2, Width - 1])
                {
                    Assert.That(_image.GetPixel(x, y), Is.EqualTo(White), $"({x}, {y})");
                }
            }
        }
    }

    [Test]
    public void Screenshot_TitleLines_AreDrawnInText()
    {
        // The title (bold 15 px, baseline 22) and the ECE line (12 px, baseline 42) start at x = 56: with no usable
        // font the browser would draw nothing there.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CountDark(56, 8, 300, 26), Is.GreaterThan(150), "dark pixels in the title");
            Assert.That(CountDark(56, 31, 300, 46), Is.GreaterThan(150), "dark pixels in the ECE line");
        }
    }

    /// <summary>
    /// An over-confident model: confidence c uniform on [0, 1), right with probability 0.75·c, so every bin's accuracy
    /// sits about a quarter below its confidence.
    /// </summary>
    private static CalibrationReport Overconfident(int n, int seed)
    {
        var random = new Random(seed);
        var confidences = new double[n];
        var correct = new bool[n];
        for (int i = 0; i < n; i++)
        {
            confidences[i] = random.NextDouble();
            correct[i] = random.NextDouble() < 0.75 * confidences[i];
        }

        return Calibration.Evaluate(confidences, correct, new CalibrationOptions(Bins: 10));
    }

    private Box[] Rects(string fill) =>
        _svg.Descendants(Svg + "rect").Where(r => r.Attribute("fill")?.Value == fill)
            .Select(r => new Box(Number(r, "x"), Number(r, "y"), Number(r, "width"), Number(r, "height"))).ToArray();

    private Line Diagonal()
    {
        XElement line = _svg.Descendants(Svg + "line").Single(l => l.Attribute("stroke-dasharray") is not null);
        return new Line(Number(line, "x1"), Number(line, "y1"), Number(line, "x2"), Number(line, "y2"), line.Attribute("stroke-dasharray")!.Value);
    }

    private static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, NumberStyles.Float, CultureInfo.InvariantCulture);

    private IEnumerable<Rgba> Neighbourhood(int x, int y)
    {
        for (int j = y - 1; j <= y + 1; j++)
        {
            for (int i = x - 1; i <= x + 1; i++)
            {
                yield return _image.GetPixel(i, j);
            }
        }
    }

    private int CountDark(int left, int top, int right, int bottom)
    {
        int count = 0;
        for (int y = top; y < bottom; y++)
        {
            for (int x = left; x < right; x++)
            {
                Rgba p = _image.GetPixel(x, y);
                if (p.R < 128 && p.G < 128 && p.B < 128)
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>#333333 with at least about half coverage, and grey (not a blend with the red markers or blue bars).</summary>
    private static bool IsDarkGrey(Rgba p) =>
        Math.Max(p.R, Math.Max(p.G, p.B)) <= 160 && Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B)) <= 40;

    /// <summary>An SVG rectangle in user units (= CSS pixels = screenshot pixels at scale factor 1).</summary>
    private readonly record struct Box(double X, double Y, double Width, double Height)
    {
        public (int X, int Y) CentrePixel => ((int)Math.Floor(X + (Width / 2)), (int)Math.Floor(Y + (Height / 2)));

        /// <summary>Whether pixel (<paramref name="x"/>, <paramref name="y"/>), the unit square at that corner, is inside.</summary>
        public bool Covers(int x, int y) => x >= X && x + 1 <= X + Width && y >= Y && y + 1 <= Y + Height;
    }

    private readonly record struct Line(double X1, double Y1, double X2, double Y2, string DashArray)
    {
        public double Length => Math.Sqrt(((X2 - X1) * (X2 - X1)) + ((Y2 - Y1) * (Y2 - Y1)));

        /// <summary>The point <paramref name="s"/> units along the line from its start.</summary>
        public (double X, double Y) At(double s) => (X1 + ((X2 - X1) * s / Length), Y1 + ((Y2 - Y1) * s / Length));

        public double Distance(double x, double y) =>
            Math.Abs(((X2 - X1) * (Y1 - y)) - ((X1 - x) * (Y2 - Y1))) / Length;
    }
}
