// Writes the SVG behind docs/reliability-diagram.png: a synthetic over-confident 10-class classifier, its reliability
// diagram at T = 1 next to the one after temperature scaling (TemperatureScaling.FitAndEvaluate), on one canvas.
// Prints the canvas size ("width height") for the browser window. Run by eng/render-reliability-diagram.sh:
//
//   dotnet run eng/reliability-diagram.cs -- docs/reliability-diagram.svg
#:project ../src/Bedrock.Foundations/Bedrock.Foundations.csproj
using System.Globalization;
using System.Text;
using Bedrock.Foundations.Evaluation;

const int Rows = 5000;
const int Classes = 10;
const double Overconfidence = 2.5; // the model's logits are the true ones times this, so the right T is about 2.5
const int PanelWidth = 480;
const int PanelHeight = 560;

string output = args.Length > 0 ? args[0] : "docs/reliability-diagram.svg";

// True logits z ~ N(0, 1.5²) per class; the label is drawn from softmax(z); the model reports 2.5·z.
var random = new Random(20_240_601);
var logits = new float[Rows * Classes];
var labels = new int[Rows];
var weights = new double[Classes];
for (int i = 0; i < Rows; i++)
{
    double total = 0;
    for (int k = 0; k < Classes; k++)
    {
        double z = 1.5 * Gaussian(random);
        logits[(i * Classes) + k] = (float)(Overconfidence * z);
        weights[k] = Math.Exp(z);
        total += weights[k];
    }

    double u = random.NextDouble() * total;
    int label = 0;
    while (label < Classes - 1 && (u -= weights[label]) > 0)
    {
        label++;
    }

    labels[i] = label;
}

TemperatureScalingResult result = TemperatureScaling.FitAndEvaluate(logits, Classes, labels, new CalibrationOptions(Bins: 10));
string before = ReliabilityDiagram.ToSvg(result.Before, "Before: T = 1 (over-confident)", PanelWidth, PanelHeight);
string after = ReliabilityDiagram.ToSvg(
    result.After, string.Create(CultureInfo.InvariantCulture, $"After temperature scaling: T = {result.Temperature:0.00}"), PanelWidth, PanelHeight);

// Two panels side by side: each diagram is a complete <svg>, nested in a translated group of the outer one.
int width = 2 * PanelWidth;
var svg = new StringBuilder();
svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{PanelHeight}\" viewBox=\"0 0 {width} {PanelHeight}\">\n");
svg.Append("<g>\n").Append(before).Append("</g>\n");
svg.Append(CultureInfo.InvariantCulture, $"<g transform=\"translate({PanelWidth} 0)\">\n").Append(after).Append("</g>\n");
svg.Append("</svg>\n");
File.WriteAllText(output, svg.ToString());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{width} {PanelHeight}"));
Console.Error.WriteLine(string.Create(
    CultureInfo.InvariantCulture,
    $"T = {result.Temperature:0.0000}; ECE {result.Before.ExpectedCalibrationError:0.0000} -> {result.After.ExpectedCalibrationError:0.0000}; wrote {output}"));
return 0;

// Box–Muller: one standard normal from two uniforms (1 − u keeps the logarithm finite).
static double Gaussian(Random random) =>
    Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
