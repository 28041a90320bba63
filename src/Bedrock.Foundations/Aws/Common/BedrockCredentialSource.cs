using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// Where the SigV4 credentials of a client come from: the explicit <see cref="AWSCredentials"/>, else a named profile,
/// else AWSSDK.Core's default chain. The <see cref="AWSCredentials"/> object is found once (and again after a failure);
/// <see cref="AWSCredentials.GetCredentialsAsync"/> is asked on every attempt so that expiring credentials refresh.
/// </summary>
internal sealed class BedrockCredentialSource
{
    private readonly AWSCredentials? _explicit;
    private readonly string? _profile;
    private readonly bool _hasApiKey;
    private AWSCredentials? _resolved;

    public BedrockCredentialSource(AWSCredentials? credentials, string? profile, bool hasApiKey)
    {
        _explicit = credentials;
        _profile = profile;
        _hasApiKey = hasApiKey;
    }

    /// <summary>The current credentials.</summary>
    /// <exception cref="BedrockException">Kind <see cref="BedrockErrorKind.CredentialsUnavailable"/> when none can be found.</exception>
    public async Task<ImmutableCredentials> GetAsync(string operation, CancellationToken cancellationToken)
    {
        AWSCredentials source = _explicit ?? _resolved ?? await ResolveAsync(operation, cancellationToken).ConfigureAwait(false);
        ImmutableCredentials? credentials;
        try
        {
            credentials = await source.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or InvalidOperationException or IOException or HttpRequestException)
        {
            throw BedrockErrors.CredentialsUnavailable(operation, $"the credential provider {source.GetType().Name} failed ({ex.GetType().Name}).", ex);
        }

        if (credentials is null || string.IsNullOrEmpty(credentials.AccessKey) || string.IsNullOrEmpty(credentials.SecretKey))
        {
            throw BedrockErrors.CredentialsUnavailable(operation, $"the credential provider {source.GetType().Name} returned no access key.", null);
        }

        return credentials;
    }

    private async Task<AWSCredentials> ResolveAsync(string operation, CancellationToken cancellationToken)
    {
        // Two calls racing here both resolve; either result is fine (the chain is deterministic).
        if (_profile is not null)
        {
            if (!new CredentialProfileStoreChain().TryGetAWSCredentials(_profile, out AWSCredentials? fromProfile) || fromProfile is null)
            {
                throw BedrockErrors.CredentialsUnavailable(operation,
                    $"the profile '{_profile}' (BedrockRuntimeOptions.Profile) was not found in the shared AWS config or credentials files.", null);
            }

            return _resolved = fromProfile;
        }

        try
        {
            return _resolved = await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or InvalidOperationException or IOException or HttpRequestException)
        {
            string why = _hasApiKey
                ? "this operation needs AWS credentials (SigV4); a Bedrock API key is accepted only by the bedrock-runtime operations, and AWSSDK.Core's default credential chain found none. Set BedrockRuntimeOptions.Credentials or Profile."
                : "AWSSDK.Core's default credential chain (environment, profile, SSO, container, instance) found no credentials. Set BedrockRuntimeOptions.Credentials, Profile or ApiKey.";
            throw BedrockErrors.CredentialsUnavailable(operation, why, ex);
        }
    }
}
