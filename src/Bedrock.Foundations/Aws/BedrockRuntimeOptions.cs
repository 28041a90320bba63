using System.Globalization;
using Amazon.Runtime;

namespace Bedrock.Foundations.Aws;

/// <summary>
/// Where and how <see cref="BedrockRuntimeClient"/> talks to Amazon Bedrock: region or endpoint, credentials, retries and
/// timeouts. Every property is settable so the type binds from configuration; <see cref="Validate"/> checks the whole set
/// (the client calls it in its constructor).
/// </summary>
/// <remarks>
/// <para><b>Endpoints.</b> Without <see cref="ServiceUrl"/> the runtime endpoint is
/// <c>https://bedrock-runtime.{region}.{dns suffix}</c> (<c>amazonaws.com</c>, <c>amazonaws.com.cn</c> in China, …), with the
/// <c>-fips</c> label when <see cref="UseFipsEndpoint"/> is set and the dual-stack suffix (<c>api.aws</c>,
/// <c>api.amazonwebservices.com.cn</c>) when <see cref="UseDualStackEndpoint"/> is set; Retrieve and Rerank use the same
/// pattern with <c>bedrock-agent-runtime</c>. These are the rules of the service's endpoint rule set.</para>
/// <para><b>Signing region.</b> <see cref="Region"/>, else the environment variable <c>AWS_REGION</c>, else
/// <c>AWS_DEFAULT_REGION</c>, else the region in an AWS host name of <see cref="ServiceUrl"/> (or
/// <see cref="AgentRuntimeServiceUrl"/>): <c>bedrock-runtime.{region}.amazonaws.com</c>, the FIPS and dual-stack variants,
/// or a VPC endpoint name <c>vpce-….bedrock-runtime.{region}.vpce.amazonaws.com</c>; else, only for a loopback
/// <see cref="ServiceUrl"/> (<c>BedrockEmulator</c>), <c>us-east-1</c>. Any other case fails <see cref="Validate"/>: a
/// request signed for a guessed region would only be rejected by the service.</para>
/// <para><b>Agent runtime.</b> Retrieve and Rerank go to <see cref="AgentRuntimeServiceUrl"/> when set; else to
/// <see cref="ServiceUrl"/> when that is loopback (the emulator serves both services); else, when <see cref="ServiceUrl"/>
/// is an AWS host name (a VPC endpoint, say), to the regional <c>bedrock-agent-runtime</c> endpoint of the signing region
/// (a runtime VPC endpoint does not serve the agent runtime); else, with no <see cref="ServiceUrl"/>, to the endpoint
/// derived from the region. With a custom non-loopback <see cref="ServiceUrl"/> (a proxy) and no
/// <see cref="AgentRuntimeServiceUrl"/>, Retrieve and Rerank throw <see cref="InvalidOperationException"/>.</para>
/// <para><b>Authentication</b>, in this order of precedence: (1) <see cref="ApiKey"/> set in code, sent as
/// <c>Authorization: Bearer</c> on the runtime operations; (2) explicit <see cref="Credentials"/> or <see cref="Profile"/>
/// (SigV4); (3) a Bedrock API key in the environment variable <c>AWS_BEARER_TOKEN_BEDROCK</c> (bearer) — ignored when
/// (2) is set; (4) AWSSDK.Core's default credential chain (environment, profile, SSO, container, instance; SigV4).
/// Retrieve/Rerank are always signed with SigV4 (signing name <c>bedrock</c>), from (2) or (4). Credentials are asked for
/// on every attempt, so refreshing credentials stay current.</para>
/// <para><b>Timeouts.</b> <see cref="AttemptTimeout"/> (default 5 minutes) bounds each attempt and, on a stream, each wait
/// for the next bytes; <see cref="Timeout"/> (default 15 minutes) bounds the whole call, retries, backoff and the reading
/// of a stream included. Long generations need larger values (Amazon Nova, for one, allows an inference to run up to 60
/// minutes): an attempt cut by <see cref="AttemptTimeout"/> is retried, and a retried Converse or InvokeModel is a new
/// inference, billed again for its tokens.</para>
/// <para>Secrets in this object (<see cref="ApiKey"/>, <see cref="Credentials"/>) never appear in exception messages or
/// in <see cref="ToString"/>.</para>
/// </remarks>
public sealed class BedrockRuntimeOptions
{
    /// <summary>The default of <see cref="MaxAttempts"/>: 3 (the AWS "standard" retry mode).</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>The environment variable that holds a Bedrock API key when <see cref="ApiKey"/> is not set.</summary>
    public const string ApiKeyEnvironmentVariable = "AWS_BEARER_TOKEN_BEDROCK";

    /// <summary>The default of <see cref="AttemptTimeout"/>: 5 minutes (long generations take minutes).</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The default of <see cref="Timeout"/>: 15 minutes.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(15);

    /// <summary>The default of <see cref="RetryBaseDelay"/>: 1 second (AWS standard mode).</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>The default of <see cref="MaxRetryDelay"/>: 20 seconds (AWS standard mode).</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(20);

    /// <summary>The smallest finite timeout accepted: 10 milliseconds.</summary>
    public static readonly TimeSpan MinimumTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The largest finite timeout accepted: 24 hours (use <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// for none).</summary>
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromHours(24);

    /// <summary>The AWS region, such as <c>us-east-1</c>; it names the endpoint and is the SigV4 signing region.</summary>
    /// <value>Default null: the environment variable <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>, else the region in
    /// the AWS host name of <see cref="ServiceUrl"/>, else <c>us-east-1</c> for a loopback <see cref="ServiceUrl"/> only;
    /// otherwise <see cref="Validate"/> fails and asks for it.</value>
    public string? Region { get; set; }

    /// <summary>An explicit runtime endpoint (a VPC endpoint, a proxy, or <c>BedrockEmulator.ServiceUrl</c>) instead of the
    /// one derived from <see cref="Region"/>.</summary>
    /// <value>An absolute http or https URI; default null. Cannot be combined with <see cref="UseFipsEndpoint"/> or
    /// <see cref="UseDualStackEndpoint"/>. Unless it is loopback or an AWS host name the region can be read from, set
    /// <see cref="Region"/> too, and <see cref="AgentRuntimeServiceUrl"/> to call Retrieve or Rerank.</value>
    public Uri? ServiceUrl { get; set; }

    /// <summary>An explicit agent-runtime endpoint for Retrieve and Rerank.</summary>
    /// <value>An absolute http or https URI; default null: <see cref="ServiceUrl"/> when that is loopback (the emulator
    /// serves both), else the <c>bedrock-agent-runtime</c> endpoint of the region when <see cref="ServiceUrl"/> is unset or
    /// an AWS host name. With any other <see cref="ServiceUrl"/> it is required for Retrieve and Rerank (they throw
    /// <see cref="InvalidOperationException"/> without it).</value>
    public Uri? AgentRuntimeServiceUrl { get; set; }

    /// <summary>AWS credentials to sign with.</summary>
    /// <value>Default null: the named <see cref="Profile"/>, else AWSSDK.Core's default credential chain.</value>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>The name of a profile in the shared AWS config/credentials files to take credentials from.</summary>
    /// <value>Default null. Cannot be combined with <see cref="Credentials"/>.</value>
    public string? Profile { get; set; }

    /// <summary>A Bedrock API key, sent as <c>Authorization: Bearer</c> on the runtime operations (not on Retrieve and
    /// Rerank, which the service signs with SigV4 only).</summary>
    /// <value>Default null: the environment variable <c>AWS_BEARER_TOKEN_BEDROCK</c> when set and neither
    /// <see cref="Credentials"/> nor <see cref="Profile"/> is, else SigV4. Printable ASCII only.</value>
    public string? ApiKey { get; set; }

    /// <summary>How many times an operation is tried in all (the first try plus retries).</summary>
    /// <value>At least 1; default 3. Only retryable failures are retried (throttling, 5xx, a model not ready, network
    /// errors and attempt timeouts), with full-jitter backoff and a per-client retry quota.</value>
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>The longest one attempt may take, up to the full response (for streams: up to the response headers, and
    /// then the longest wait for the next piece of the stream).</summary>
    /// <value>Between 10 ms and 24 h, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>; default 5 minutes. A
    /// non-streaming call whose generation takes longer is cut and retried (and billed again): raise it for long
    /// generations.</value>
    public TimeSpan AttemptTimeout { get; set; } = DefaultAttemptTimeout;

    /// <summary>The longest an operation may take in all, retries and backoff included (for streams: until the stream
    /// ends, so the time the caller spends between events counts too); when it runs out the call ends with a
    /// <see cref="BedrockException"/> of kind <see cref="BedrockErrorKind.Timeout"/>.</summary>
    /// <value>Between 10 ms and 24 h, or <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>; default 15 minutes.</value>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>The base of the exponential backoff: retry n waits a random time in [0, min(base × 2^(n−1), <see
    /// cref="MaxRetryDelay"/>)).</summary>
    /// <value>Zero or more and at most <see cref="MaxRetryDelay"/>; default 1 second.</value>
    public TimeSpan RetryBaseDelay { get; set; } = DefaultRetryBaseDelay;

    /// <summary>The cap of the backoff before jitter.</summary>
    /// <value>Zero or more and at most 24 hours; default 20 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = DefaultMaxRetryDelay;

    /// <summary>Whether to use the FIPS endpoints (<c>bedrock-runtime-fips.…</c>).</summary>
    /// <value>Default false. Not with an explicit <see cref="ServiceUrl"/> or <see cref="AgentRuntimeServiceUrl"/>.</value>
    public bool UseFipsEndpoint { get; set; }

    /// <summary>Whether to use the dual-stack (IPv4 and IPv6) endpoints.</summary>
    /// <value>Default false. Not with an explicit <see cref="ServiceUrl"/> or <see cref="AgentRuntimeServiceUrl"/>.</value>
    public bool UseDualStackEndpoint { get; set; }

    /// <summary>Checks every option and the rules between them.</summary>
    /// <exception cref="ArgumentException">An option or a combination is invalid (parameter <c>options</c>); the message
    /// names the option and its value (never a secret).</exception>
    public void Validate()
    {
        string? region = ResolveRegion();
        if (region is null && ServiceUrl is null && AgentRuntimeServiceUrl is null)
        {
            throw Invalid("BedrockRuntimeOptions needs a Region (or the AWS_REGION / AWS_DEFAULT_REGION environment variable) or a ServiceUrl; neither is set.");
        }

        if (region is not null && !IsValidRegion(region))
        {
            throw Invalid($"BedrockRuntimeOptions.Region must be a host label such as 'us-east-1' (letters, digits, '-'); it is '{region}'.");
        }

        CheckUrl(ServiceUrl, nameof(ServiceUrl));
        CheckUrl(AgentRuntimeServiceUrl, nameof(AgentRuntimeServiceUrl));

        if (region is null && ResolveSigningRegion() is null)
        {
            Uri url = ServiceUrl ?? AgentRuntimeServiceUrl!;
            string name = ServiceUrl is null ? nameof(AgentRuntimeServiceUrl) : nameof(ServiceUrl);
            throw Invalid(ServiceUrl is null
                ? $"BedrockRuntimeOptions needs a Region for the runtime endpoint: only AgentRuntimeServiceUrl ('{url.GetLeftPart(UriPartial.Authority)}') is set and the region cannot be read from its host name; set Region (or the AWS_REGION / AWS_DEFAULT_REGION environment variable)."
                : $"BedrockRuntimeOptions needs a Region to sign requests: {name} '{url.GetLeftPart(UriPartial.Authority)}' is neither loopback nor an AWS host name such as bedrock-runtime.us-east-1.amazonaws.com the region can be read from; set Region (or the AWS_REGION / AWS_DEFAULT_REGION environment variable).");
        }

        if (UseFipsEndpoint && (ServiceUrl is not null || AgentRuntimeServiceUrl is not null))
        {
            throw Invalid("BedrockRuntimeOptions.UseFipsEndpoint cannot be combined with an explicit ServiceUrl or AgentRuntimeServiceUrl; point the URL at the FIPS endpoint instead.");
        }

        if (UseDualStackEndpoint && (ServiceUrl is not null || AgentRuntimeServiceUrl is not null))
        {
            throw Invalid("BedrockRuntimeOptions.UseDualStackEndpoint cannot be combined with an explicit ServiceUrl or AgentRuntimeServiceUrl; point the URL at the dual-stack endpoint instead.");
        }

        if (UseDualStackEndpoint && region is not null && Common.BedrockEndpoints.DualStackSuffix(region) is null)
        {
            throw Invalid($"BedrockRuntimeOptions.UseDualStackEndpoint: no dual-stack endpoint is known for region '{region}'; set ServiceUrl instead.");
        }

        if (Credentials is not null && Profile is not null)
        {
            throw Invalid($"BedrockRuntimeOptions.Credentials and Profile ('{Profile}') are both set; set one of them.");
        }

        if (Profile is not null && string.IsNullOrWhiteSpace(Profile))
        {
            throw Invalid("BedrockRuntimeOptions.Profile is empty; leave it null for the default credential chain or name a profile.");
        }

        if (ApiKey is not null && string.IsNullOrWhiteSpace(ApiKey))
        {
            throw Invalid("BedrockRuntimeOptions.ApiKey is empty or white space; leave it null to sign with AWS credentials.");
        }

        if (MaxAttempts < 1)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"BedrockRuntimeOptions.MaxAttempts must be at least 1 (the first try counts); it is {MaxAttempts}."));
        }

        CheckTimeout(AttemptTimeout, nameof(AttemptTimeout));
        CheckTimeout(Timeout, nameof(Timeout));

        if (MaxRetryDelay < TimeSpan.Zero || MaxRetryDelay > MaximumTimeout)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"BedrockRuntimeOptions.MaxRetryDelay must be between 00:00:00 and 1.00:00:00; it is {MaxRetryDelay}."));
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > MaxRetryDelay)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"BedrockRuntimeOptions.RetryBaseDelay must be between 00:00:00 and MaxRetryDelay ({MaxRetryDelay}); it is {RetryBaseDelay}."));
        }
    }

    /// <summary>Describes the endpoint settings, without secrets.</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"BedrockRuntimeOptions {{ Region = {Region ?? "(unset)"}, ServiceUrl = {ServiceUrl?.ToString() ?? "(unset)"}, Credentials = {(Credentials is null ? "(unset)" : "(set)")}, Profile = {Profile ?? "(unset)"}, ApiKey = {(ApiKey is null ? "(unset)" : "(set)")}, MaxAttempts = {MaxAttempts}, AttemptTimeout = {AttemptTimeout}, Timeout = {Timeout} }}");

    /// <summary>A copy, so that a client is not affected by later changes to the caller's instance.</summary>
    internal BedrockRuntimeOptions Clone() => (BedrockRuntimeOptions)MemberwiseClone();

    /// <summary>The region: the option, else <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>; null when none is set.</summary>
    internal string? ResolveRegion()
    {
        foreach (string? candidate in (ReadOnlySpan<string?>)[Region, Environment.GetEnvironmentVariable("AWS_REGION"), Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")])
        {
            if (!string.IsNullOrWhiteSpace(candidate))
            {
                return candidate.Trim();
            }
        }

        return null;
    }

    /// <summary>The region requests are signed for: <see cref="ResolveRegion"/>, else the region in an AWS host name of
    /// <see cref="ServiceUrl"/> or <see cref="AgentRuntimeServiceUrl"/>, else <c>us-east-1</c> for a loopback
    /// <see cref="ServiceUrl"/>; null when none applies.</summary>
    internal string? ResolveSigningRegion() =>
        ResolveRegion()
        ?? Common.BedrockEndpoints.ParseAwsHost(ServiceUrl)?.Region
        ?? Common.BedrockEndpoints.ParseAwsHost(AgentRuntimeServiceUrl)?.Region
        ?? (ServiceUrl is { IsAbsoluteUri: true, IsLoopback: true } ? Common.BedrockEndpoints.LoopbackSigningRegion : null);

    private static bool IsValidRegion(string region)
    {
        if (region.Length is 0 or > 63 || region[0] == '-' || region[^1] == '-')
        {
            return false;
        }

        foreach (char c in region)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckUrl(Uri? url, string name)
    {
        if (url is null)
        {
            return;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw Invalid($"BedrockRuntimeOptions.{name} must be an absolute http or https URI; it is '{url.OriginalString}'.");
        }

        if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw Invalid($"BedrockRuntimeOptions.{name} must not carry a query, fragment or user info; it is '{url.GetLeftPart(UriPartial.Authority)}…'.");
        }
    }

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value != System.Threading.Timeout.InfiniteTimeSpan && (value < MinimumTimeout || value > MaximumTimeout))
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"BedrockRuntimeOptions.{name} must be between 00:00:00.010 and 1.00:00:00, or Timeout.InfiniteTimeSpan; it is {value}."));
        }
    }

    private static ArgumentException Invalid(string message, string paramName = "options") => new(message, paramName);
}
