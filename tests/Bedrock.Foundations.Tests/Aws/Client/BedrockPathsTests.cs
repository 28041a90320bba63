using Bedrock.Foundations.Aws.Common;

namespace Bedrock.Foundations.Tests.Aws.Client;

[TestFixture]
public sealed class BedrockPathsTests
{
    [TestCase("amazon.nova-lite-v1:0", "amazon.nova-lite-v1%3A0")]
    [TestCase("arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0", "arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Famazon.titan-embed-text-v2%3A0")]
    [TestCase("AZaz09-._~", "AZaz09-._~")]
    [TestCase("a b+c%d?e#f&g=h'i(j)k*l!m,n;o@p$q[r]s", "a%20b%2Bc%25d%3Fe%23f%26g%3Dh%27i%28j%29k%2Al%21m%2Cn%3Bo%40p%24q%5Br%5Ds")]
    [TestCase("é", "%C3%A9")]
    [TestCase("😀", "%F0%9F%98%80")]
    [TestCase("", "")]
    public void EncodeLabel_OnlyUnreservedCharactersStayBare(string label, string expected) =>
        Assert.That(BedrockPaths.EncodeLabel(label), Is.EqualTo(expected));

    [Test]
    public void OperationPaths_AreTheServiceModelUris()
    {
        Assert.Multiple(() =>
        {
            Assert.That(BedrockPaths.Converse("m:0"), Is.EqualTo("/model/m%3A0/converse"));
            Assert.That(BedrockPaths.ConverseStream("m:0"), Is.EqualTo("/model/m%3A0/converse-stream"));
            Assert.That(BedrockPaths.InvokeModel("m:0"), Is.EqualTo("/model/m%3A0/invoke"));
            Assert.That(BedrockPaths.InvokeModelWithResponseStream("m:0"), Is.EqualTo("/model/m%3A0/invoke-with-response-stream"));
            Assert.That(BedrockPaths.CountTokens("m:0"), Is.EqualTo("/model/m%3A0/count-tokens"));
            Assert.That(BedrockPaths.ApplyGuardrail("gr-1", "DRAFT"), Is.EqualTo("/guardrail/gr-1/version/DRAFT/apply"));
            Assert.That(BedrockPaths.Retrieve("KB12345678"), Is.EqualTo("/knowledgebases/KB12345678/retrieve"));
            Assert.That(BedrockPaths.Rerank, Is.EqualTo("/rerank"));
        });
    }

    [Test]
    public void EncodeLabel_Null_Throws() =>
        Assert.That(() => BedrockPaths.EncodeLabel(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("value"));
}
