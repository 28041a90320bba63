using Amazon;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// The two base URIs and the SigV4 signing region of a client, resolved once from validated options by the rules of the
/// services' endpoint rule sets: <c>https://{service}[-fips].{region}.{dns suffix}</c>, the dual-stack suffix when asked,
/// or the explicit service URLs.
/// </summary>
internal sealed class BedrockEndpoints
{
    /// <summary>The signing region used when only a service URL is configured (no region anywhere).</summary>
    internal const string FallbackSigningRegion = "us-east-1";

    private BedrockEndpoints(Uri runtime, Uri agentRuntime, string signingRegion)
    {
        Runtime = runtime;
        AgentRuntime = agentRuntime;
        SigningRegion = signingRegion;
    }

    /// <summary>The bedrock-runtime base URI (no trailing slash in its path).</summary>
    public Uri Runtime { get; }

    /// <summary>The bedrock-agent-runtime base URI.</summary>
    public Uri AgentRuntime { get; }

    /// <summary>The region requests are signed for.</summary>
    public string SigningRegion { get; }

    /// <summary>The base URI of one service.</summary>
    public Uri For(BedrockEndpointKind kind) => kind == BedrockEndpointKind.Runtime ? Runtime : AgentRuntime;

    /// <summary>Resolves validated options.</summary>
    public static BedrockEndpoints Resolve(BedrockRuntimeOptions options)
    {
        string? region = options.ResolveRegion();
        Uri? runtime = options.ServiceUrl;
        Uri? agent = options.AgentRuntimeServiceUrl ?? options.ServiceUrl;
        runtime ??= FromRegion("bedrock-runtime", region!, options.UseFipsEndpoint, options.UseDualStackEndpoint);
        agent ??= FromRegion("bedrock-agent-runtime", region!, options.UseFipsEndpoint, options.UseDualStackEndpoint);
        return new BedrockEndpoints(TrimBase(runtime), TrimBase(agent), region ?? FallbackSigningRegion);
    }

    /// <summary>The endpoint of <paramref name="service"/> in <paramref name="region"/>, as the endpoint rule set builds it.</summary>
    internal static Uri FromRegion(string service, string region, bool fips, bool dualStack)
    {
        RegionEndpoint endpoint = RegionEndpoint.GetBySystemName(region);
        string suffix = dualStack
            ? DualStackSuffix(region) ?? throw new InvalidOperationException($"No dual-stack endpoint is known for region '{region}'.")
            : endpoint.PartitionDnsSuffix;
        string label = fips ? service + "-fips" : service;
        return new Uri($"https://{label}.{region}.{suffix}", UriKind.Absolute);
    }

    /// <summary>The dual-stack DNS suffix of the partition of <paramref name="region"/>, or null when none is known.</summary>
    internal static string? DualStackSuffix(string region) => RegionEndpoint.GetBySystemName(region).PartitionName switch
    {
        "aws" or "aws-us-gov" => "api.aws",
        "aws-cn" => "api.amazonwebservices.com.cn",
        _ => null,
    };

    private static Uri TrimBase(Uri uri)
    {
        string path = uri.AbsolutePath.TrimEnd('/');
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + path, UriKind.Absolute);
    }
}
