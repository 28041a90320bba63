using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Bedrock.Foundations.Testing.Tests;

/// <summary>
/// Sends requests to an emulator, signed with AWSSDK.Core's <see cref="AWS4Signer"/> (an implementation independent of
/// the emulator's verifier), or with a bearer key, or unsigned.
/// </summary>
internal sealed class EmulatorClient : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public EmulatorClient(BedrockEmulator emulator)
    {
        Emulator = emulator;
    }

    public BedrockEmulator Emulator { get; }

    public string AccessKeyId { get; set; } = BedrockEmulatorCredentials.DefaultAccessKeyId;

    public string SecretAccessKey { get; set; } = BedrockEmulatorCredentials.DefaultSecretAccessKey;

    public string? BearerKey { get; set; }

    public bool Unsigned { get; set; }

    public string? SessionToken { get; set; }

    public DateTime? SignedAt { get; set; }

    /// <summary>The region of the credential scope (AWS4Signer signs for the request's authentication region).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <param name="resourcePath">e.g. "/model/{modelId}/converse"</param>
    /// <param name="label">the value of the one path label in braces, or null</param>
    /// <param name="json">the body</param>
    public HttpRequestMessage CreateRequest(string resourcePath, string? label, string json)
    {
        byte[] body = Encoding.UTF8.GetBytes(json);
        DefaultRequest request = new(new EmptyRequest(), "Bedrock")
        {
            HttpMethod = "POST",
            Endpoint = Emulator.ServiceUrl,
            ResourcePath = resourcePath,
            Content = body,
            AuthenticationRegion = Region,
        };
        int open = resourcePath.IndexOf('{', StringComparison.Ordinal);
        if (label is not null && open >= 0)
        {
            string name = resourcePath[open..(resourcePath.IndexOf('}', StringComparison.Ordinal) + 1)];
            request.AddPathResource(name, label);
        }

        request.Headers["Content-Type"] = "application/json";
        if (SessionToken is not null)
        {
            request.Headers["X-Amz-Security-Token"] = SessionToken;
        }
        if (!Unsigned && BearerKey is null)
        {
            TestClientConfig config = new(Emulator.ServiceUrl);
            AWS4Signer signer = new();
            AWS4SigningResult result = SignedAt is DateTime at
                ? signer.SignRequest(request, config, null, AccessKeyId, SecretAccessKey, at)
                : signer.SignRequest(request, config, null, AccessKeyId, SecretAccessKey);
            request.Headers["Authorization"] = result.ForAuthorizationHeader;
        }

        HttpRequestMessage message = new(HttpMethod.Post, AmazonServiceClient.ComposeUrl(request))
        {
            Content = new ByteArrayContent(body),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (KeyValuePair<string, string> header in request.Headers)
        {
            if (header.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (BearerKey is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerKey);
        }

        return message;
    }

    public Task<HttpResponseMessage> SendAsync(string resourcePath, string? label, string json, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        _http.SendAsync(CreateRequest(resourcePath, label, json), completion);

    public async Task<(HttpResponseMessage Response, JsonElement Body)> PostJsonAsync(string resourcePath, string? label, string json)
    {
        HttpResponseMessage response = await SendAsync(resourcePath, label, json);
        string text = await response.Content.ReadAsStringAsync();
        using JsonDocument doc = JsonDocument.Parse(text);
        return (response, doc.RootElement.Clone());
    }

    public Task<(HttpResponseMessage Response, JsonElement Body)> ConverseAsync(string modelId, string json) =>
        PostJsonAsync("/model/{modelId}/converse", modelId, json);

    public void Dispose() => _http.Dispose();

    private sealed class EmptyRequest : AmazonWebServiceRequest
    {
    }

    private sealed class TestClientConfig : ClientConfig
    {
        private readonly Uri _url;

        public TestClientConfig(Uri url)
            : base(null)
        {
            _url = url;
            ServiceURL = url.ToString();
            AuthenticationRegion = "us-east-1";
            AuthenticationServiceName = "bedrock";
        }

        public override string RegionEndpointServiceName => "bedrock-runtime";

        public override string ServiceVersion => "2023-09-30";

        public override string UserAgent => "emulator-tests";

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(_url.ToString());
    }
}
