using System.Text.Json;
using Bedrock.Foundations.Aws.Model;

namespace Bedrock.Foundations.Tests.Aws.Model;

/// <summary>The error body of both services, read and written through <see cref="BedrockJsonContext"/>.</summary>
[TestFixture]
public sealed class BedrockErrorBodyTests
{
    [TestCase("""{"message":"Rate exceeded"}""", "Rate exceeded")]
    [TestCase("""{"Message":"Upper-case spelling"}""", "Upper-case spelling")]
    [TestCase("""{"Message":"upper","message":"lower"}""", "lower")]
    [TestCase("""{"message":"lower","Message":"upper"}""", "lower")]
    public void BedrockErrorBody_ReadsMessageInEitherSpelling(string json, string expected)
    {
        BedrockErrorBody body = JsonSerializer.Deserialize(json, BedrockJsonContext.Default.BedrockErrorBody)!;

        Assert.That(body.Message, Is.EqualTo(expected));
    }

    [Test]
    public void BedrockErrorBody_ReadsTheExtraFields()
    {
        const string Json = """
            {"__type":"com.amazon.bedrock#ModelErrorException","code":"ModelErrorException","message":"m",
             "originalStatusCode":503,"originalMessage":"om","resourceName":"arn:aws:bedrock:r","reason":"why","extra":true}
            """;

        BedrockErrorBody body = JsonSerializer.Deserialize(Json, BedrockJsonContext.Default.BedrockErrorBody)!;

        Assert.Multiple(() =>
        {
            Assert.That(body.ErrorType, Is.EqualTo("com.amazon.bedrock#ModelErrorException"));
            Assert.That(body.Code, Is.EqualTo("ModelErrorException"));
            Assert.That(body.Message, Is.EqualTo("m"));
            Assert.That(body.OriginalStatusCode, Is.EqualTo(503));
            Assert.That(body.OriginalMessage, Is.EqualTo("om"));
            Assert.That(body.ResourceName, Is.EqualTo("arn:aws:bedrock:r"));
            Assert.That(body.Reason, Is.EqualTo("why"));
        });
    }

    [Test]
    public void BedrockErrorBody_WritesOnlyTheLowerCaseMessage()
    {
        string json = JsonSerializer.Serialize(new BedrockErrorBody { Message = "m", OriginalStatusCode = 500 }, BedrockJsonContext.Default.BedrockErrorBody);

        Assert.That(json, Is.EqualTo("""{"message":"m","originalStatusCode":500}"""));
    }
}
