using Amazon.Runtime;
using Bedrock.Foundations.Aws;

namespace Bedrock.Foundations.Tests.Aws.Client;

[TestFixture]
[NonParallelizable]
public sealed class BedrockRuntimeOptionsTests
{
    [Test]
    public void Defaults_ArePinned()
    {
        BedrockRuntimeOptions options = new();

        Assert.Multiple(() =>
        {
            Assert.That(options.Region, Is.Null);
            Assert.That(options.ServiceUrl, Is.Null);
            Assert.That(options.AgentRuntimeServiceUrl, Is.Null);
            Assert.That(options.Credentials, Is.Null);
            Assert.That(options.Profile, Is.Null);
            Assert.That(options.ApiKey, Is.Null);
            Assert.That(options.MaxAttempts, Is.EqualTo(3));
            Assert.That(options.AttemptTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromMinutes(15)));
            Assert.That(options.RetryBaseDelay, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(options.MaxRetryDelay, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(options.UseFipsEndpoint, Is.False);
            Assert.That(options.UseDualStackEndpoint, Is.False);
        });
    }

    public static IEnumerable<TestCaseData> InvalidOptions()
    {
        yield return Case(o => o.Region = null, "needs a Region", "NoRegionNoServiceUrl");
        yield return Case(o => o.Region = "us east 1", "'us east 1'", "RegionWithSpaces");
        yield return Case(o => o.MaxAttempts = 0, "MaxAttempts must be at least 1", "MaxAttemptsZero");
        yield return Case(o => o.MaxAttempts = -3, "it is -3", "MaxAttemptsNegative");
        yield return Case(o => o.AttemptTimeout = TimeSpan.Zero, "AttemptTimeout must be between", "AttemptTimeoutZero");
        yield return Case(o => o.AttemptTimeout = TimeSpan.FromSeconds(-1), "AttemptTimeout must be between", "AttemptTimeoutNegative");
        yield return Case(o => o.Timeout = TimeSpan.FromMilliseconds(5), "Timeout must be between", "TimeoutTooSmall");
        yield return Case(o => o.Timeout = TimeSpan.FromDays(2), "Timeout must be between", "TimeoutTooLarge");
        yield return Case(o => o.RetryBaseDelay = TimeSpan.FromSeconds(-1), "RetryBaseDelay must be between", "RetryBaseDelayNegative");
        yield return Case(o => o.RetryBaseDelay = TimeSpan.FromSeconds(30), "RetryBaseDelay must be between", "RetryBaseDelayOverMax");
        yield return Case(o => o.MaxRetryDelay = TimeSpan.FromSeconds(-1), "MaxRetryDelay must be between", "MaxRetryDelayNegative");
        yield return Case(o => o.ServiceUrl = new Uri("/relative", UriKind.Relative), "ServiceUrl must be an absolute http or https URI", "RelativeServiceUrl");
        yield return Case(o => o.ServiceUrl = new Uri("ftp://example.com"), "ServiceUrl must be an absolute http or https URI", "FtpServiceUrl");
        yield return Case(o => o.AgentRuntimeServiceUrl = new Uri("file:///tmp/x"), "AgentRuntimeServiceUrl must be an absolute http or https URI", "FileAgentUrl");
        yield return Case(o => o.ServiceUrl = new Uri("https://example.com/?a=b"), "must not carry a query", "ServiceUrlWithQuery");
        yield return Case(o => { o.ServiceUrl = new Uri("https://example.com"); o.UseFipsEndpoint = true; }, "UseFipsEndpoint cannot be combined", "FipsWithServiceUrl");
        yield return Case(o => { o.AgentRuntimeServiceUrl = new Uri("https://example.com"); o.UseDualStackEndpoint = true; }, "UseDualStackEndpoint cannot be combined", "DualStackWithAgentUrl");
        yield return Case(o => { o.Region = "us-iso-east-1"; o.UseDualStackEndpoint = true; }, "no dual-stack endpoint is known", "DualStackInIso");
        yield return Case(o => { o.Credentials = new BasicAWSCredentials("a", "b"); o.Profile = "dev"; }, "Credentials and Profile ('dev') are both set", "CredentialsAndProfile");
        yield return Case(o => o.Profile = " ", "Profile is empty", "BlankProfile");
        yield return Case(o => o.ApiKey = "", "ApiKey is empty", "EmptyApiKey");
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void Validate_InvalidOption_ThrowsArgumentExceptionNamingIt(Action<BedrockRuntimeOptions> configure, string message)
    {
        using EnvironmentScope env = new(("AWS_REGION", null), ("AWS_DEFAULT_REGION", null));
        BedrockRuntimeOptions options = new() { Region = "us-east-1" };
        configure(options);

        ArgumentException ex = Assert.Throws<ArgumentException>(options.Validate)!;
        Assert.That(ex.ParamName, Is.EqualTo("options"));
        Assert.That(ex.Message, Does.Contain(message));
        Assert.That(() => new BedrockRuntimeClient(options), Throws.ArgumentException.With.Property("ParamName").EqualTo("options"));
    }

    [Test]
    public void Validate_SecretsNeverInTheMessage()
    {
        BedrockRuntimeOptions options = new() { Region = "us-east-1", ApiKey = "super-secret-key", Credentials = new BasicAWSCredentials("AKID", "secret-value"), MaxAttempts = 0 };

        ArgumentException ex = Assert.Throws<ArgumentException>(options.Validate)!;
        Assert.That(ex.Message, Does.Not.Contain("super-secret-key").And.Not.Contain("secret-value"));
        Assert.That(options.ToString(), Does.Not.Contain("super-secret-key").And.Not.Contain("secret-value").And.Contain("ApiKey = (set)"));
    }

    [Test]
    public void Validate_InfiniteTimeoutsAndOneAttempt_AreValid()
    {
        BedrockRuntimeOptions options = new()
        {
            Region = "us-east-1",
            MaxAttempts = 1,
            AttemptTimeout = Timeout.InfiniteTimeSpan,
            Timeout = Timeout.InfiniteTimeSpan,
            RetryBaseDelay = TimeSpan.Zero,
        };

        Assert.That(options.Validate, Throws.Nothing);
    }

    [Test]
    public void Validate_ServiceUrlWithoutRegion_IsValid()
    {
        using EnvironmentScope env = new(("AWS_REGION", null), ("AWS_DEFAULT_REGION", null));

        Assert.That(new BedrockRuntimeOptions { ServiceUrl = new Uri("http://127.0.0.1:1234") }.Validate, Throws.Nothing);
    }

    [Test]
    public void Constructor_NullOptions_Throws() =>
        Assert.That(() => new BedrockRuntimeClient(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("options"));

    [Test]
    public void Constructor_CopiesTheOptions()
    {
        BedrockRuntimeOptions options = new() { Region = "us-east-1" };
        using BedrockRuntimeClient client = new(options);

        options.Region = "eu-west-1";

        Assert.That(client.Region, Is.EqualTo("us-east-1"));
    }

    private static TestCaseData Case(Action<BedrockRuntimeOptions> configure, string message, string name) =>
        new TestCaseData(configure, message).SetName("Validate_" + name + "_Throws");
}
