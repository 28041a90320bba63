using Bedrock.Foundations.Evaluation.Evaluators;

namespace Bedrock.Foundations.Tests.Evaluation.Evaluators;

public sealed class EvaluationDatasetTests
{
    [Test]
    public async Task ReadJsonlAsync_ReadsEveryFieldForm()
    {
        const string Jsonl = """
            {"id": "fr", "question": "Capital of France?", "reference": "Paris", "extra": 1}

            {"question": "Who?", "context": ["One.", "Two."]}
            {"id": 7, "question": "Why?", "context": "Because.", "reference": null}
            """;

        IReadOnlyList<EvaluationItem> items = await EvaluationDataset.ReadJsonlAsync(new StringReader(Jsonl));

        Assert.That(items, Is.EqualTo(new[]
        {
            new EvaluationItem("fr", "Capital of France?", "Paris"),
            new EvaluationItem("3", "Who?", null, "One.\n\nTwo."),
            new EvaluationItem("7", "Why?", null, "Because."),
        }));
    }

    [Test]
    public async Task ReadJsonlAsync_LineNumberTakenByAnExplicitId_GetsALinePrefix()
    {
        const string Jsonl = "{\"id\": \"2\", \"question\": \"a\"}\n{\"question\": \"b\"}\n{\"question\": \"c\"}";

        IReadOnlyList<EvaluationItem> items = await EvaluationDataset.ReadJsonlAsync(new StringReader(Jsonl));

        Assert.That(items.Select(i => i.Id), Is.EqualTo(new[] { "2", "line-2", "3" }));
    }

    [Test]
    public async Task LoadJsonlAsync_ReadsAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dataset-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(path, "{\"question\": \"q1\"}\n{\"question\": \"q2\", \"reference\": \"r\"}\n");
        try
        {
            IReadOnlyList<EvaluationItem> items = await EvaluationDataset.LoadJsonlAsync(path);

            Assert.That(items.Select(i => i.Id), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(items[1].Reference, Is.EqualTo("r"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("{\"question\": \"a\"}\nnot json", "Line 2: not valid JSON")]
    [TestCase("[1, 2]", "Line 1: expected a JSON object")]
    [TestCase("{\"reference\": \"r\"}", "Line 1: \"question\" is missing or empty")]
    [TestCase("{\"question\": \"  \"}", "Line 1: \"question\" is missing or empty")]
    [TestCase("{\"question\": 5}", "Line 1: \"question\" must be a string, not Number")]
    [TestCase("{\"question\": \"q\", \"id\": true}", "Line 1: \"id\" must be a string or a number")]
    [TestCase("{\"question\": \"q\", \"context\": [1]}", "Line 1: \"context\" array entries must be strings")]
    [TestCase("{\"question\": \"q\", \"context\": {}}", "Line 1: \"context\" must be a string or an array")]
    [TestCase("{\"id\": \"a\", \"question\": \"q\"}\n\n{\"id\": \"a\", \"question\": \"q\"}", "Line 3: the id \"a\" was already used on line 1")]
    public void ReadJsonlAsync_BadLines_ThrowNamingTheLine(string jsonl, string message)
    {
        Assert.That(async () => await EvaluationDataset.ReadJsonlAsync(new StringReader(jsonl)),
            Throws.InstanceOf<InvalidDataException>().With.Message.StartsWith(message));
    }

    [Test]
    public void BadArguments_Throw()
    {
        Assert.That(async () => await EvaluationDataset.ReadJsonlAsync(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("reader"));
        Assert.That(async () => await EvaluationDataset.LoadJsonlAsync(""), Throws.ArgumentException.With.Property("ParamName").EqualTo("path"));
        Assert.That(async () => await EvaluationDataset.LoadJsonlAsync(Path.Combine(Path.GetTempPath(), "missing", "none.jsonl")),
            Throws.InstanceOf<DirectoryNotFoundException>());
    }
}
