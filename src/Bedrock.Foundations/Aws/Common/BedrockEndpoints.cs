using Amazon;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// The two base URIs and the SigV4 signing region of a client, resolved once from validated options by the rules of the
/// services' endpoint rule sets: <c>https://{service}[-fips].{region}.{dns suffix}</c>, the dual-stack suffix when asked,
/// or the explicit service URLs. The signing region and the agent-runtime fallbacks follow the rules documented on
/// <see cref="BedrockRuntimeOptions"/>; an agent-runtime endpoint that cannot be derived is an
/// <see cref="InvalidOperationException"/> when asked for, not a guess.
/// </summary>
internal sealed class BedrockEndpoints
{
    /// <summary>The signing region used when only a loopback service URL is configured (the emulator) and no region is set
    /// anywhere.</summary>
    internal const string LoopbackSigningRegion = "us-east-1";

    private readonly Uri? _agentRuntime;
    private readonly string? _agentRuntimeProblem;

    private BedrockEndpoints(Uri runtime, Uri? agentRuntime, string? agentRuntimeProblem, string signingRegion)
    {
        Runtime = runtime;
        _agentRuntime = agentRuntime;
        _agentRuntimeProblem = agentRuntimeProblem;
        SigningRegion = signingRegion;
    }

    /// <summary>The bedrock-runtime base URI (no trailing slash in its path).</summary>
    public Uri Runtime { get; }

    /// <summary>The bedrock-agent-runtime base URI.</summary>
    /// <exception cref="InvalidOperationException">It cannot be derived from the options (a custom, non-loopback
    /// <see cref="BedrockRuntimeOptions.ServiceUrl"/> without <see cref="BedrockRuntimeOptions.AgentRuntimeServiceUrl"/>).</exception>
    public Uri AgentRuntime => _agentRuntime ?? throw new InvalidOperationException(_agentRuntimeProblem);

    /// <summary>The region requests are signed for.</summary>
    public string SigningRegion { get; }

    /// <summary>The base URI of one service.</summary>
    /// <exception cref="InvalidOperationException">The agent-runtime endpoint is asked for and cannot be derived.</exception>
    public Uri For(BedrockEndpointKind kind) => kind == BedrockEndpointKind.Runtime ? Runtime : AgentRuntime;

    /// <summary>Resolves validated options.</summary>
    public static BedrockEndpoints Resolve(BedrockRuntimeOptions options)
    {
        string region = options.ResolveSigningRegion()
            ?? throw new InvalidOperationException("BedrockRuntimeOptions has no region; call Validate first.");
        Uri runtime = options.ServiceUrl ?? FromRegion("bedrock-runtime", region, options.UseFipsEndpoint, options.UseDualStackEndpoint);
        Uri? agent = options.AgentRuntimeServiceUrl;
        string? problem = null;
        if (agent is null)
        {
            if (options.ServiceUrl is null)
            {
                agent = FromRegion("bedrock-agent-runtime", region, options.UseFipsEndpoint, options.UseDualStackEndpoint);
            }
            else if (options.ServiceUrl.IsLoopback)
            {
                // The emulator (or another local stand-in) serves both services.
                agent = options.ServiceUrl;
            }
            else if (ParseAwsHost(options.ServiceUrl) is { } host)
            {
                agent = FromRegion("bedrock-agent-runtime", region, host.Fips, host.DualStack);
            }
            else
            {
                problem = $"Retrieve and Rerank use the bedrock-agent-runtime endpoint, which cannot be derived from BedrockRuntimeOptions.ServiceUrl '{options.ServiceUrl.GetLeftPart(UriPartial.Authority)}' (neither loopback nor an AWS host name); set BedrockRuntimeOptions.AgentRuntimeServiceUrl.";
            }
        }

        return new BedrockEndpoints(TrimBase(runtime), agent is null ? null : TrimBase(agent), problem, region);
    }

    /// <summary>
    /// Reads an AWS Bedrock endpoint host name: <c>bedrock-runtime[-fips].{region}.{suffix}</c>,
    /// <c>bedrock-agent-runtime[-fips].{region}.{suffix}</c> and VPC endpoint names
    /// <c>vpce-….bedrock-runtime.{region}.vpce.amazonaws.com</c>, where the suffix is a partition's DNS suffix or
    /// dual-stack suffix. Returns null for any other host.
    /// </summary>
    internal static (string Region, bool Fips, bool DualStack)? ParseAwsHost(Uri? url)
    {
        if (url is null || !url.IsAbsoluteUri || url.HostNameType != UriHostNameType.Dns)
        {
            return null;
        }

        string host = url.IdnHost.TrimEnd('.').ToLowerInvariant();
        foreach ((string suffix, bool dualStack) in AwsSuffixes)
        {
            if (!host.EndsWith("." + suffix, StringComparison.Ordinal))
            {
                continue;
            }

            string[] labels = host[..^(suffix.Length + 1)].Split('.');
            int n = labels.Length;
            bool vpce = n >= 1 && labels[n - 1] == "vpce";
            if (vpce)
            {
                // vpce-{id}[-{az}].{service}.{region}.vpce.{suffix}
                if (n < 4 || !labels[0].StartsWith("vpce-", StringComparison.Ordinal))
                {
                    return null;
                }

                n--;
            }
            else if (n != 2)
            {
                return null;
            }

            string service = labels[n - 2];
            string region = labels[n - 1];
            bool fips = service.EndsWith("-fips", StringComparison.Ordinal);
            string baseService = fips ? service[..^"-fips".Length] : service;
            if (baseService is not ("bedrock-runtime" or "bedrock-agent-runtime") || !IsRegionLabel(region))
            {
                return null;
            }

            return (region, fips, dualStack);
        }

        return null;
    }

    private static readonly (string Suffix, bool DualStack)[] AwsSuffixes =
    [
        ("amazonaws.com", false),
        ("amazonaws.com.cn", false),
        ("c2s.ic.gov", false),
        ("sc2s.sgov.gov", false),
        ("cloud.adc-e.uk", false),
        ("csp.hci.ic.gov", false),
        ("api.aws", true),
        ("api.amazonwebservices.com.cn", true),
    ];

    private static bool IsRegionLabel(string label)
    {
        // Regions are lower-case letters and digits in dash-separated groups, ending in a digit: us-east-1, us-gov-west-1.
        if (label.Length is < 4 or > 63 || label.IndexOf('-', StringComparison.Ordinal) < 0 || !char.IsAsciiDigit(label[^1]) || !char.IsAsciiLetterLower(label[0]))
        {
            return false;
        }

        foreach (char c in label)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
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
