using System.Text.Json;
using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Common;
using Bedrock.Foundations.Aws.EventStreams;
using Bedrock.Foundations.Aws.Model;
using Bedrock.Foundations.Benchmarks.Machine;

namespace Bedrock.Foundations.Benchmarks.Aws;

/// <summary>
/// The pieces of a Converse call that the client does on the CPU, each alone, on the request and answer of
/// <see cref="BedrockClientData"/>: serializing the request with <see cref="BedrockJsonContext"/>; signing it with the
/// client's SigV4 signer (<see cref="BedrockSigV4Signer"/>: body SHA-256, canonical request, key derivation, HMAC); parsing
/// a typical Converse response; and the sum of the three in one row. Two more rows put them in context: building the whole
/// signed <see cref="HttpRequestMessage"/> the way every attempt does (credentials, headers, signing:
/// <see cref="BedrockTransport.CreateRequestAsync"/>), and decoding plus mapping a whole ConverseStream body (~45 events)
/// to <see cref="ConverseStreamOutput"/>s, with its MB/s. No network: "Overhead µs" is each row's median and "% of 50 ms"
/// its share of a 50 ms model call.
/// </summary>
[MemoryDiagnoser]
[CallOverheadColumns]
[EventStreamThroughputColumn]
public class BedrockClientPartsBenchmarks : IWorkloadBenchmark, IDisposable
{
    private const string JsonContentType = "application/json";

    private static readonly byte[] StreamBody = BedrockClientData.ConverseStreamResponseBody();

    private readonly ConverseRequest _request = BedrockClientData.ConverseRequest();
    private readonly byte[] _requestBody;
    private readonly byte[] _responseBody = BedrockClientData.ConverseResponseBody();
    private readonly KeyValuePair<string, string>[] _signedHeaders = [new("content-type", JsonContentType)];
    private readonly ImmutableCredentials _credentials = BedrockClientData.Credentials.GetCredentials();
    private readonly string _path = BedrockPaths.Converse(BedrockClientData.ModelId);
    private readonly BedrockRuntimeClient _client;
    private readonly Uri _uri;

    public BedrockClientPartsBenchmarks()
    {
        _requestBody = JsonSerializer.SerializeToUtf8Bytes(_request, BedrockJsonContext.Default.ConverseRequest);

        // The real regional endpoint: nothing is sent, the client only builds and signs requests for it.
        _client = new BedrockRuntimeClient(new BedrockRuntimeOptions { Region = BedrockClientData.Region, Credentials = BedrockClientData.Credentials });
        _uri = new Uri(_client.Endpoint.GetLeftPart(UriPartial.Authority) + _path, UriKind.Absolute);
    }

    [GlobalSetup]
    public void Setup()
    {
        if (Parse() != BedrockClientData.Answer.Length || ParseStream() != BedrockClientData.Answer.Length || Serialize() != _requestBody.Length)
        {
            throw new InvalidOperationException("The benchmark inputs do not round-trip.");
        }
    }

    [Benchmark(Description = "Serialize ConverseRequest (BedrockJsonContext)")]
    public int Serialize() => JsonSerializer.SerializeToUtf8Bytes(_request, BedrockJsonContext.Default.ConverseRequest).Length;

    [Benchmark(Description = "Sign (BedrockSigV4Signer.Sign)")]
    public int Sign() => SignBody(_requestBody);

    [Benchmark(Description = "Parse ConverseResponse (BedrockJsonContext)")]
    public int Parse() => ParseBody(_responseBody);

    [Benchmark(Description = "Sum: serialize + sign + parse")]
    public int SerializeSignParse()
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(_request, BedrockJsonContext.Default.ConverseRequest);
        return SignBody(body) + ParseBody(_responseBody);
    }

    [Benchmark(Description = "Build signed HttpRequestMessage (transport)")]
    public async Task<int> BuildSignedRequest()
    {
        using HttpRequestMessage request = await _client.Transport.CreateRequestAsync(
            BedrockEndpointKind.Runtime, "Converse", HttpMethod.Post, _path, null, _requestBody, JsonContentType, CancellationToken.None).ConfigureAwait(false);
        return request.Headers.Authorization is null ? 0 : 1;
    }

    [Benchmark(Description = "Decode + map ConverseStream body")]
    public int ParseStream()
    {
        int total = 0;
        using EventStreamDecoder decoder = new();
        decoder.Push(StreamBody);
        while (decoder.TryRead(out EventStreamMessage? message))
        {
            ConverseStreamOutput? output = BedrockEventStreamReader.ToConverseStreamOutput(message, "ConverseStream", null);
            total += output?.ContentBlockDelta?.Delta?.Text?.Length ?? 0;
        }

        decoder.Complete();
        return total;
    }

    public Workload WorkOf(string benchmarkMethod) => benchmarkMethod == nameof(ParseStream) ? new(StreamBody.Length, 1) : default;

    public void Dispose()
    {
        _client.Dispose();
        GC.SuppressFinalize(this);
    }

    private int SignBody(byte[] body) =>
        BedrockSigV4Signer.Sign("POST", _uri, _signedHeaders, body, _credentials, BedrockClientData.Region, DateTime.UtcNow).Authorization.Length;

    private static int ParseBody(byte[] body) =>
        JsonSerializer.Deserialize(body, BedrockJsonContext.Default.ConverseResponse)!.Output!.Message!.Content![0].Text!.Length;
}
