using System.Net;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Common;
using Bedrock.Foundations.Aws.Model;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>Where the signing region and the agent-runtime endpoint come from when they are not given outright.</summary>
[TestFixture]
[NonParallelizable]
public sealed class BedrockEndpointsRegionTests
{
    private static EnvironmentScope NoRegionEnvironment() => new(("AWS_REGION", null), ("AWS_DEFAULT_REGION", null));

    [Test]
    public void Validate_CustomServiceUrlWithoutRegion_ThrowsAskingForRegion()
    {
        using EnvironmentScope env = NoRegionEnvironment();
        BedrockRuntimeOptions options = new() { ServiceUrl = new Uri("https://bedrock-proxy.example.com/") };

        ArgumentException ex = Assert.Throws<ArgumentException>(options.Validate)!;
        Assert.That(ex.ParamName, Is.EqualTo("options"));
        Assert.That(ex.Message, Does.Contain("set Region").And.Contain("https://bedrock-proxy.example.com"));
        Assert.That(() => new BedrockRuntimeClient(options), Throws.ArgumentException.With.Message.Contains("set Region"));
    }

    [Test]
    public void Validate_OnlyAgentRuntimeServiceUrlWithoutRegion_ThrowsAskingForRegion()
    {
        using EnvironmentScope env = NoRegionEnvironment();
        BedrockRuntimeOptions options = new() { AgentRuntimeServiceUrl = new Uri("https://agent-proxy.example.com") };

        ArgumentException ex = Assert.Throws<ArgumentException>(options.Validate)!;
        Assert.That(ex.ParamName, Is.EqualTo("options"));
        Assert.That(ex.Message, Does.Contain("set Region").And.Contain("AgentRuntimeServiceUrl"));
    }

    [TestCase("https://vpce-0a1b2c3d4e5f-abcdefgh.bedrock-runtime.eu-west-1.vpce.amazonaws.com", "eu-west-1", "https://bedrock-agent-runtime.eu-west-1.amazonaws.com")]
    [TestCase("https://vpce-0a1b2c3d4e5f-abcdefgh-eu-west-1a.bedrock-runtime.eu-west-1.vpce.amazonaws.com", "eu-west-1", "https://bedrock-agent-runtime.eu-west-1.amazonaws.com")]
    [TestCase("https://bedrock-runtime.ap-northeast-1.amazonaws.com", "ap-northeast-1", "https://bedrock-agent-runtime.ap-northeast-1.amazonaws.com")]
    [TestCase("https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com", "us-gov-west-1", "https://bedrock-agent-runtime-fips.us-gov-west-1.amazonaws.com")]
    [TestCase("https://bedrock-runtime.eu-central-1.api.aws", "eu-central-1", "https://bedrock-agent-runtime.eu-central-1.api.aws")]
    [TestCase("https://bedrock-runtime.cn-north-1.amazonaws.com.cn", "cn-north-1", "https://bedrock-agent-runtime.cn-north-1.amazonaws.com.cn")]
    [TestCase("https://BEDROCK-RUNTIME.US-WEST-2.AMAZONAWS.COM", "us-west-2", "https://bedrock-agent-runtime.us-west-2.amazonaws.com")]
    public void Resolve_AwsServiceUrlWithoutRegion_RegionAndAgentRuntimeFromTheHostName(string serviceUrl, string region, string agentRuntime)
    {
        using EnvironmentScope env = NoRegionEnvironment();
        using BedrockRuntimeClient client = new(new BedrockRuntimeOptions { ServiceUrl = new Uri(serviceUrl) });

        Assert.That(client.Region, Is.EqualTo(region));
        Assert.That(client.Endpoint, Is.EqualTo(new Uri(serviceUrl)));
        Assert.That(client.AgentRuntimeEndpoint, Is.EqualTo(new Uri(agentRuntime)));
    }

    [Test]
    public void Resolve_AgentRuntimeVpcEndpointOnly_RegionFromItsHostName()
    {
        using EnvironmentScope env = NoRegionEnvironment();
        using BedrockRuntimeClient client = new(new BedrockRuntimeOptions
        {
            AgentRuntimeServiceUrl = new Uri("https://vpce-0123.bedrock-agent-runtime.sa-east-1.vpce.amazonaws.com"),
        });

        Assert.That(client.Region, Is.EqualTo("sa-east-1"));
        Assert.That(client.Endpoint, Is.EqualTo(new Uri("https://bedrock-runtime.sa-east-1.amazonaws.com")));
    }

    [Test]
    public void Resolve_RegionSettingsWinOverTheHostName()
    {
        using (EnvironmentScope env = new(("AWS_REGION", "us-west-2"), ("AWS_DEFAULT_REGION", null)))
        using (BedrockRuntimeClient client = new(new BedrockRuntimeOptions { ServiceUrl = new Uri("https://bedrock-runtime.eu-west-1.amazonaws.com") }))
        {
            Assert.That(client.Region, Is.EqualTo("us-west-2"));
        }

        using (EnvironmentScope env = new(("AWS_REGION", "us-west-2"), ("AWS_DEFAULT_REGION", null)))
        using (BedrockRuntimeClient client = new(new BedrockRuntimeOptions { Region = "eu-north-1", ServiceUrl = new Uri("https://bedrock-runtime.eu-west-1.amazonaws.com") }))
        {
            Assert.That(client.Region, Is.EqualTo("eu-north-1"));
        }
    }

    [TestCase("http://127.0.0.1:4567/")]
    [TestCase("http://localhost:4567/")]
    [TestCase("http://[::1]:4567/")]
    public void Resolve_LoopbackServiceUrlWithoutRegion_SignsForUsEast1AndServesBothServices(string url)
    {
        using EnvironmentScope env = NoRegionEnvironment();
        using BedrockRuntimeClient client = new(new BedrockRuntimeOptions { ServiceUrl = new Uri(url) });

        Assert.That(client.Region, Is.EqualTo("us-east-1"));
        Assert.That(client.AgentRuntimeEndpoint, Is.EqualTo(client.Endpoint));
    }

    [TestCase("https://example.com")]
    [TestCase("https://bedrock-runtime.us-east-1.amazonaws.com.evil.example")]
    [TestCase("https://bedrock.us-east-1.amazonaws.com")]
    [TestCase("https://s3.us-east-1.amazonaws.com")]
    [TestCase("https://bedrock-runtime.amazonaws.com")]
    [TestCase("https://x.bedrock-runtime.us-east-1.amazonaws.com")]
    [TestCase("https://10.0.0.1")]
    public void ParseAwsHost_OtherHosts_AreNotAwsEndpoints(string url) =>
        Assert.That(BedrockEndpoints.ParseAwsHost(new Uri(url)), Is.Null);

    [Test]
    public async Task Send_VpcEndpointWithoutRegion_IsSignedForTheEndpointsRegion()
    {
        using EnvironmentScope env = NoRegionEnvironment();
        FakeHttpHandler handler = new()
        {
            Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """{"inputTokens":3}""")),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler, o =>
        {
            o.Region = null;
            o.ServiceUrl = new Uri("https://vpce-0a1b2c3d.bedrock-runtime.eu-west-3.vpce.amazonaws.com");
        });

        await client.CountTokensAsync(new CountTokensRequest
        {
            ModelId = "anthropic.claude-3-haiku-20240307-v1:0",
            Input = new CountTokensInput { Converse = new ConverseTokensRequest { Messages = [new Message { Role = "user", Content = [new ContentBlock { Text = "hi" }] }] } },
        });

        CapturedRequest request = handler.Requests.Single();
        Assert.That(request.Uri.Host, Is.EqualTo("vpce-0a1b2c3d.bedrock-runtime.eu-west-3.vpce.amazonaws.com"));
        Assert.That(request.Header("Authorization"), Does.Contain("/eu-west-3/bedrock/aws4_request"));
    }

    [Test]
    public void RetrieveAndRerank_CustomServiceUrlWithoutAgentRuntimeServiceUrl_ThrowInvalidOperationAndSendNothing()
    {
        FakeHttpHandler handler = new();
        using BedrockRuntimeClient client = TestClients.Create(handler, o => o.ServiceUrl = new Uri("https://bedrock-proxy.example.com"));

        Assert.That(() => client.RetrieveAsync(new RetrieveRequest { KnowledgeBaseId = "KB12345678", RetrievalQuery = new KnowledgeBaseQuery { Text = "q" } }),
            Throws.InvalidOperationException.With.Message.Contains("AgentRuntimeServiceUrl").And.Message.Contains("https://bedrock-proxy.example.com"));
        Assert.That(() => client.RerankAsync(new RerankRequest()),
            Throws.InvalidOperationException.With.Message.Contains("AgentRuntimeServiceUrl"));
        Assert.That(() => client.AgentRuntimeEndpoint, Throws.InvalidOperationException);
        Assert.That(handler.Attempts, Is.Zero);
    }

    [Test]
    public async Task Retrieve_CustomServiceUrlWithAgentRuntimeServiceUrl_GoesToTheAgentRuntimeUrl()
    {
        FakeHttpHandler handler = new() { Respond = (_, _, _) => Task.FromResult(FakeHttpHandler.Json(HttpStatusCode.OK, """{"retrievalResults":[]}""")) };
        using BedrockRuntimeClient client = TestClients.Create(handler, o =>
        {
            o.ServiceUrl = new Uri("https://bedrock-proxy.example.com");
            o.AgentRuntimeServiceUrl = new Uri("https://agent-proxy.example.com/kb/");
        });

        await client.RetrieveAsync(new RetrieveRequest { KnowledgeBaseId = "KB12345678", RetrievalQuery = new KnowledgeBaseQuery { Text = "q" } });

        Assert.That(handler.Requests.Single().Uri.AbsoluteUri, Is.EqualTo("https://agent-proxy.example.com/kb/knowledgebases/KB12345678/retrieve"));
    }
}
