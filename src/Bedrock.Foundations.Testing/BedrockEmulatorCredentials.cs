namespace Bedrock.Foundations.Testing;

/// <summary>
/// The AWS credentials the <see cref="BedrockEmulator"/> accepts: a SigV4 signature is verified with
/// <see cref="SecretAccessKey"/> when the request's credential scope names <see cref="AccessKeyId"/>.
/// </summary>
/// <remarks>These are test credentials only; never configure a real secret key here.</remarks>
public sealed class BedrockEmulatorCredentials
{
    /// <summary>The access key id of <see cref="Default"/>.</summary>
    public const string DefaultAccessKeyId = "AKIDEMULATOREXAMPLE";

    /// <summary>The secret access key of <see cref="Default"/>.</summary>
    public const string DefaultSecretAccessKey = "emulator/SECRET/KEY/wJalrXUtnFEMIK7MDENGbPxRfiCY";

    /// <summary>Initializes a new instance of the <see cref="BedrockEmulatorCredentials"/> class.</summary>
    /// <param name="accessKeyId">The access key id the client signs with.</param>
    /// <param name="secretAccessKey">The secret access key the client signs with.</param>
    /// <param name="sessionToken">
    /// When not <see langword="null"/>, requests must carry this value in <c>X-Amz-Security-Token</c>
    /// (temporary credentials); when <see langword="null"/>, any security token is accepted.
    /// </param>
    /// <exception cref="ArgumentException">A key is null, empty or white space.</exception>
    public BedrockEmulatorCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessKeyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(secretAccessKey);
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
    }

    /// <summary>
    /// The fixed test pair (<see cref="DefaultAccessKeyId"/>, <see cref="DefaultSecretAccessKey"/>) the
    /// emulator accepts unless configured otherwise.
    /// </summary>
    public static BedrockEmulatorCredentials Default { get; } = new(DefaultAccessKeyId, DefaultSecretAccessKey);

    /// <summary>Gets the access key id.</summary>
    public string AccessKeyId { get; }

    /// <summary>Gets the secret access key.</summary>
    public string SecretAccessKey { get; }

    /// <summary>Gets the session token that requests must carry, or <see langword="null"/> to accept any.</summary>
    public string? SessionToken { get; }

    /// <inheritdoc/>
    public override string ToString() => $"BedrockEmulatorCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
