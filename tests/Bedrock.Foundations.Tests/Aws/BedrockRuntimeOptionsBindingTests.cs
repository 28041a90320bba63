using Bedrock.Foundations.Aws;
using Microsoft.Extensions.Configuration;

namespace Bedrock.Foundations.Tests.Aws;

/// <summary>Options come from configuration (appsettings, environment) the usual way: <c>Bind</c>, then <c>Validate</c>.</summary>
public sealed class BedrockRuntimeOptionsBindingTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Test]
    public void Bind_ReadsEveryScalarOption()
    {
        IConfiguration configuration = Configuration(
            ("Bedrock:Region", "eu-west-1"),
            ("Bedrock:ServiceUrl", "https://vpce-123.bedrock-runtime.eu-west-1.vpce.amazonaws.com"),
            ("Bedrock:AgentRuntimeServiceUrl", "https://vpce-456.bedrock-agent-runtime.eu-west-1.vpce.amazonaws.com"),
            ("Bedrock:Profile", "production"),
            ("Bedrock:MaxAttempts", "5"),
            ("Bedrock:AttemptTimeout", "00:00:30"),
            ("Bedrock:Timeout", "00:02:00"),
            ("Bedrock:RetryBaseDelay", "00:00:00.250"),
            ("Bedrock:MaxRetryDelay", "00:00:10"));
        var options = new BedrockRuntimeOptions();

        configuration.GetSection("Bedrock").Bind(options);
        options.Validate();

        Assert.That(options.Region, Is.EqualTo("eu-west-1"));
        Assert.That(options.ServiceUrl, Is.EqualTo(new Uri("https://vpce-123.bedrock-runtime.eu-west-1.vpce.amazonaws.com")));
        Assert.That(options.AgentRuntimeServiceUrl!.Host, Does.StartWith("vpce-456"));
        Assert.That(options.Profile, Is.EqualTo("production"));
        Assert.That(options.MaxAttempts, Is.EqualTo(5));
        Assert.That(options.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(options.RetryBaseDelay, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        Assert.That(options.MaxRetryDelay, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Bind_UnsetKeysKeepTheDefaults()
    {
        var options = new BedrockRuntimeOptions();

        Configuration(("Bedrock:Region", "us-west-2")).GetSection("Bedrock").Bind(options);

        Assert.That(options.MaxAttempts, Is.EqualTo(BedrockRuntimeOptions.DefaultMaxAttempts));
        Assert.That(options.AttemptTimeout, Is.EqualTo(BedrockRuntimeOptions.DefaultAttemptTimeout));
        Assert.That(options.Timeout, Is.EqualTo(BedrockRuntimeOptions.DefaultTimeout));
        Assert.That(options.UseFipsEndpoint, Is.False);
    }

    [Test]
    public void Bind_BadValueFromConfiguration_IsCaughtByValidate()
    {
        var options = new BedrockRuntimeOptions();
        Configuration(("Bedrock:Region", "us-east-1"), ("Bedrock:MaxAttempts", "0")).GetSection("Bedrock").Bind(options);

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.That(e!.Message, Does.Contain("MaxAttempts"));
    }
}
