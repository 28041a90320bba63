using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Common;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Testing;

namespace Bedrock.Foundations.Benchmarks.Aws;

/// <summary>
/// One Converse and one ConverseStream call against the <see cref="BedrockEmulator"/> on loopback with zero model latency
/// (<see cref="BedrockClientData"/>: system prompt, 3 messages, ~2 KB of context, inference config, one tool), each against
/// a baseline in its category: the same request bytes, serialized and SigV4-signed once in [GlobalSetup], POSTed with a
/// plain <see cref="HttpClient"/> (same handler settings as the client's), the response read as bytes (Converse) or read
/// to the end without decoding (ConverseStream). The emulator does the same work for both rows (it verifies every
/// signature, parses the request, writes the same answer), so the difference of the medians, the "Overhead µs" column, is
/// what <see cref="BedrockRuntimeClient"/> adds per call: serialization, credentials, signing, the Polly pipeline, telemetry
/// and response parsing (event-stream decoding and event mapping for ConverseStream).
/// </summary>
/// <remarks>
/// The emulator runs in the benchmark process and shares the machine's cores with the client, as a sidecar would. Its
/// request log is cleared every 256 calls in every row alike, so it does not grow during a run.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[CallOverheadColumns]
public class BedrockClientBenchmarks : IDisposable
{
    private const string JsonContentType = "application/json";

    private readonly ConverseRequest _converseRequest = BedrockClientData.ConverseRequest();
    private readonly ConverseStreamRequest _streamRequest = BedrockClientData.ConverseStreamRequest();
    private readonly byte[] _readBuffer = new byte[16 * 1024];
    private BedrockEmulator? _emulator;
    private HttpClient? _clientHttp;
    private HttpClient? _plainHttp;
    private BedrockRuntimeClient? _client;
    private SignedRequest? _signedConverse;
    private SignedRequest? _signedStream;
    private int _calls;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _clientHttp?.Dispose();
        _plainHttp?.Dispose();
        _emulator?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        (_client, _clientHttp, _plainHttp, _emulator) = (null, null, null, null);
    }

    public void Dispose()
    {
        Cleanup();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "Converse: pre-signed bytes, plain HttpClient")]
    [BenchmarkCategory("Converse")]
    public async Task<int> PlainConverse()
    {
        Tick();
        using HttpRequestMessage request = _signedConverse!.Create();
        using HttpResponseMessage response = await _plainHttp!.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return body.Length;
    }

    [Benchmark(Description = "Converse: BedrockRuntimeClient.ConverseAsync")]
    [BenchmarkCategory("Converse")]
    public async Task<int> ClientConverse()
    {
        Tick();
        ConverseResponse response = await _client!.ConverseAsync(_converseRequest).ConfigureAwait(false);
        return response.Output!.Message!.Content![0].Text!.Length;
    }

    [Benchmark(Baseline = true, Description = "ConverseStream: pre-signed bytes, plain HttpClient")]
    [BenchmarkCategory("ConverseStream")]
    public async Task<int> PlainConverseStream()
    {
        Tick();
        using HttpRequestMessage request = _signedStream!.Create();
        using HttpResponseMessage response = await _plainHttp!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            int total = 0, read;
            while ((read = await stream.ReadAsync(_readBuffer).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total;
        }
    }

    [Benchmark(Description = "ConverseStream: BedrockRuntimeClient.ConverseStreamAsync")]
    [BenchmarkCategory("ConverseStream")]
    public async Task<int> ClientConverseStream()
    {
        Tick();
        int total = 0;
        await foreach (ConverseStreamOutput output in _client!.ConverseStreamAsync(_streamRequest).ConfigureAwait(false))
        {
            total += output.ContentBlockDelta?.Delta?.Text?.Length ?? 0;
        }

        return total;
    }

    private static HttpClient NewHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };

    private async Task SetupAsync()
    {
        _emulator = await BedrockEmulator.StartAsync(BedrockClientData.EmulatorOptions()).ConfigureAwait(false);
        _clientHttp = NewHttpClient();
        _plainHttp = NewHttpClient();
        _client = new BedrockRuntimeClient(
            new BedrockRuntimeOptions
            {
                Region = BedrockClientData.Region,
                ServiceUrl = _emulator.ServiceUrl,
                Credentials = BedrockClientData.Credentials,
            },
            _clientHttp);

        _signedConverse = await SignedRequest.CreateAsync(_client.Transport, "Converse", BedrockPaths.Converse(BedrockClientData.ModelId),
            JsonSerializer.SerializeToUtf8Bytes(_converseRequest, BedrockJsonContext.Default.ConverseRequest)).ConfigureAwait(false);
        _signedStream = await SignedRequest.CreateAsync(_client.Transport, "ConverseStream", BedrockPaths.ConverseStream(BedrockClientData.ModelId),
            JsonSerializer.SerializeToUtf8Bytes(_streamRequest, BedrockJsonContext.Default.ConverseStreamRequest)).ConfigureAwait(false);

        // Every row must make the same exchange before it is timed: the replayed signatures are accepted, and the client
        // gets the emulated answer back both ways.
        int plainConverse = await PlainConverse().ConfigureAwait(false);
        int plainStream = await PlainConverseStream().ConfigureAwait(false);
        int clientConverse = await ClientConverse().ConfigureAwait(false);
        int clientStream = await ClientConverseStream().ConfigureAwait(false);
        if (clientConverse != BedrockClientData.Answer.Length || clientStream != BedrockClientData.Answer.Length
            || plainConverse < BedrockClientData.Answer.Length || plainStream < BedrockClientData.Answer.Length)
        {
            throw new InvalidOperationException(
                $"The rows disagree: client Converse {clientConverse} and stream {clientStream} characters (expected {BedrockClientData.Answer.Length}), plain bodies {plainConverse} and {plainStream} bytes.");
        }

        _emulator.RequestLog.Clear();
    }

    private void Tick()
    {
        if (++_calls % 256 == 0)
        {
            _emulator!.RequestLog.Clear();
        }
    }

    /// <summary>A request built and signed once by the client's transport, replayed byte for byte.</summary>
    private sealed class SignedRequest
    {
        private readonly Uri _uri;
        private readonly List<KeyValuePair<string, string>> _headers;
        private readonly List<KeyValuePair<string, string>> _contentHeaders;
        private readonly byte[] _body;

        private SignedRequest(Uri uri, List<KeyValuePair<string, string>> headers, List<KeyValuePair<string, string>> contentHeaders, byte[] body)
        {
            _uri = uri;
            _headers = headers;
            _contentHeaders = contentHeaders;
            _body = body;
        }

        public static async Task<SignedRequest> CreateAsync(BedrockTransport transport, string operation, string path, byte[] body)
        {
            using HttpRequestMessage signed = await transport.CreateRequestAsync(
                BedrockEndpointKind.Runtime, operation, HttpMethod.Post, path, null, body, JsonContentType, CancellationToken.None).ConfigureAwait(false);
            return new SignedRequest(signed.RequestUri!, Flatten(signed.Headers), Flatten(signed.Content!.Headers), body);
        }

        public HttpRequestMessage Create()
        {
            HttpRequestMessage request = new(HttpMethod.Post, _uri) { Content = new ByteArrayContent(_body) };
            foreach (KeyValuePair<string, string> header in _headers)
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            foreach (KeyValuePair<string, string> header in _contentHeaders)
            {
                request.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return request;
        }

        private static List<KeyValuePair<string, string>> Flatten(HttpHeaders headers)
        {
            List<KeyValuePair<string, string>> list = [];
            foreach (KeyValuePair<string, HeaderStringValues> header in headers.NonValidated)
            {
                list.Add(new(header.Key, header.Value.ToString()));
            }

            return list;
        }
    }
}
