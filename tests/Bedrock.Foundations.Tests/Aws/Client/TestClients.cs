using Amazon.Runtime;
using Bedrock.Foundations.Aws;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>Clients over a <see cref="FakeHttpHandler"/> with fixed credentials and no backoff wait.</summary>
internal static class TestClients
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public static BasicAWSCredentials Credentials { get; } = new(AccessKey, SecretKey);

    public static BedrockRuntimeOptions Options(Action<BedrockRuntimeOptions>? configure = null)
    {
        BedrockRuntimeOptions options = new() { Region = "us-east-1", Credentials = Credentials };
        configure?.Invoke(options);
        return options;
    }

    public static BedrockRuntimeClient Create(FakeHttpHandler handler, Action<BedrockRuntimeOptions>? configure = null, Func<double>? jitter = null, TimeProvider? time = null) =>
        new(Options(configure), new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, time ?? TimeProvider.System, jitter ?? (() => 0.0));
}
