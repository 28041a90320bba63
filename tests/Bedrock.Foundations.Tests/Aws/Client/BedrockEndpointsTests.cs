using System.Text.Json;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Common;

namespace Bedrock.Foundations.Tests.Aws.Client;

[TestFixture]
[NonParallelizable]
public sealed class BedrockEndpointsTests
{
    public static IEnumerable<TestCaseData> RuleSetCases()
    {
        // botocore's endpoint test files, read from ../shared/specs beside the repository (as the service models are).
        foreach ((string file, string version, string service) in new[] { ("bedrock-runtime", "2023-09-30", "runtime"), ("bedrock-agent-runtime", "2023-07-26", "agent") })
        {
            string path = Path.Combine(Bedrock.Foundations.Tests.Aws.ServiceModel.ServiceModelShapes.FindSpecsDirectory(), file, version, "endpoint-tests-1.json");
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (JsonElement testCase in document.RootElement.GetProperty("testCases").EnumerateArray())
            {
                JsonElement p = testCase.TryGetProperty("params", out JsonElement parameters) ? parameters : default;
                JsonElement expect = testCase.GetProperty("expect");
                bool any = p.ValueKind == JsonValueKind.Object;
                string? region = any && p.TryGetProperty("Region", out JsonElement r) ? r.GetString() : null;
                bool fips = any && p.TryGetProperty("UseFIPS", out JsonElement f) && f.GetBoolean();
                bool dual = any && p.TryGetProperty("UseDualStack", out JsonElement d) && d.GetBoolean();
                string? endpoint = any && p.TryGetProperty("Endpoint", out JsonElement e) ? e.GetString() : null;
                string? url = expect.TryGetProperty("endpoint", out JsonElement ep) ? ep.GetProperty("url").GetString() : null;
                string? error = expect.TryGetProperty("error", out JsonElement err) ? err.GetString() : null;
                // Dual-stack in the ISO partitions has no case in the files; every listed case is supported.
                yield return new TestCaseData(service, region, fips, dual, endpoint, url, error)
                    .SetName($"RuleSet_{file}_{region ?? "noregion"}_fips{fips}_dual{dual}_{(endpoint is null ? "derived" : "custom")}");
            }
        }
    }

    [TestCaseSource(nameof(RuleSetCases))]
    public void Resolve_MatchesTheEndpointRuleSetTests(string service, string? region, bool fips, bool dual, string? endpoint, string? url, string? error)
    {
        using EnvironmentScope env = new(("AWS_REGION", null), ("AWS_DEFAULT_REGION", null));
        BedrockRuntimeOptions options = new()
        {
            Region = region,
            UseFipsEndpoint = fips,
            UseDualStackEndpoint = dual,
            // A custom endpoint of the agent-runtime rule set is the agent-runtime override.
            ServiceUrl = endpoint is null || service != "runtime" ? null : new Uri(endpoint),
            AgentRuntimeServiceUrl = endpoint is null || service == "runtime" ? null : new Uri(endpoint),
        };

        if (error is null && region is null)
        {
            // The rule set resolves a custom endpoint without a region, but a request still needs a signing region, and
            // https://example.com names none: the client asks for Region rather than guessing.
            ArgumentException missing = Assert.Throws<ArgumentException>(options.Validate)!;
            Assert.That(missing.ParamName, Is.EqualTo("options"));
            Assert.That(missing.Message, Does.Contain("set Region"));
            return;
        }

        if (error is not null)
        {
            ArgumentException ex = Assert.Throws<ArgumentException>(options.Validate)!;
            Assert.That(ex.ParamName, Is.EqualTo("options"));
            string keyword = error.Contains("FIPS", StringComparison.Ordinal) ? "UseFipsEndpoint"
                : error.Contains("Dualstack", StringComparison.Ordinal) ? "UseDualStackEndpoint" : "Region";
            Assert.That(ex.Message, Does.Contain(keyword));
            return;
        }

        options.Validate();
        BedrockEndpoints endpoints = BedrockEndpoints.Resolve(options);
        Uri actual = service == "runtime" ? endpoints.Runtime : endpoints.AgentRuntime;
        Assert.That(actual.AbsoluteUri.TrimEnd('/'), Is.EqualTo(url!.TrimEnd('/')));
        Assert.That(endpoints.SigningRegion, Is.EqualTo(region));
    }

    [Test]
    public void Resolve_ServiceUrlOnly_AgentRuntimeUsesTheSameUrl()
    {
        using EnvironmentScope env = new(("AWS_REGION", null), ("AWS_DEFAULT_REGION", null));
        using BedrockRuntimeClient client = new(new BedrockRuntimeOptions { ServiceUrl = new Uri("http://127.0.0.1:4567/") });

        Assert.That(client.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:4567")));
        Assert.That(client.AgentRuntimeEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:4567")));
        Assert.That(client.Region, Is.EqualTo("us-east-1"));
    }

    [Test]
    public void Resolve_RegionAndAgentRuntimeOverride_RuntimeFromRegion()
    {
        using BedrockRuntimeClient client = new(new BedrockRuntimeOptions
        {
            Region = "eu-central-1",
            AgentRuntimeServiceUrl = new Uri("https://vpce-123.bedrock-agent-runtime.eu-central-1.vpce.amazonaws.com"),
        });

        Assert.That(client.Endpoint, Is.EqualTo(new Uri("https://bedrock-runtime.eu-central-1.amazonaws.com")));
        Assert.That(client.AgentRuntimeEndpoint.Host, Is.EqualTo("vpce-123.bedrock-agent-runtime.eu-central-1.vpce.amazonaws.com"));
        Assert.That(client.Region, Is.EqualTo("eu-central-1"));
    }

    [Test]
    public void Resolve_RegionFromEnvironment_WhenTheOptionIsUnset()
    {
        using EnvironmentScope env = new(("AWS_REGION", null), ("AWS_DEFAULT_REGION", "ap-southeast-2"));
        using BedrockRuntimeClient client = new(new BedrockRuntimeOptions());

        Assert.That(client.Endpoint, Is.EqualTo(new Uri("https://bedrock-runtime.ap-southeast-2.amazonaws.com")));

        using EnvironmentScope env2 = new(("AWS_REGION", "us-west-2"));
        using BedrockRuntimeClient client2 = new(new BedrockRuntimeOptions());
        Assert.That(client2.Region, Is.EqualTo("us-west-2"));
    }

    [Test]
    public void Resolve_ServiceUrlWithBasePath_KeepsThePath()
    {
        using BedrockRuntimeClient client = new(new BedrockRuntimeOptions { Region = "us-east-1", ServiceUrl = new Uri("https://proxy.example.com/bedrock/") });

        Assert.That(client.Endpoint.AbsoluteUri, Is.EqualTo("https://proxy.example.com/bedrock"));
    }
}
