using System.Net;
using System.Text;

namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>A request as the fake handler saw it (copied before the client disposes it).</summary>
internal sealed record CapturedRequest(HttpMethod Method, Uri Uri, string RawPath, Dictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out string? value) ? value : null;

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>An <see cref="HttpMessageHandler"/> that records each request and answers with <see cref="Respond"/>.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly List<CapturedRequest> _requests = [];

    /// <summary>Answers attempt n (1-based) of the run.</summary>
    public Func<CapturedRequest, int, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } =
        (_, _, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}"));

    public IReadOnlyList<CapturedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public int Attempts => Requests.Count;

    public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
    {
        HttpResponseMessage response = new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        foreach ((string name, string value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Error(HttpStatusCode status, string errorType, string message = "boom") =>
        Json(status, $$"""{"message":"{{message}}"}""", ("x-amzn-ErrorType", errorType), ("x-amzn-RequestId", "req-" + (int)status));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        byte[] body = [];
        if (request.Content is not null)
        {
            foreach (KeyValuePair<string, IEnumerable<string>> header in request.Content.Headers)
            {
                headers[header.Key] = string.Join(",", header.Value);
            }

            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        CapturedRequest captured = new(request.Method, request.RequestUri!, request.RequestUri!.AbsolutePath, headers, body);
        int attempt;
        lock (_requests)
        {
            _requests.Add(captured);
            attempt = _requests.Count;
        }

        HttpResponseMessage response = await Respond(captured, attempt, cancellationToken);
        response.RequestMessage = request;
        return response;
    }
}
