using System.Diagnostics.Metrics;
using System.Net;
using Bedrock.Foundations.Aws;
using Bedrock.Foundations.Aws.Model;

namespace Bedrock.Foundations.Tests.Aws.Client;

[TestFixture]
[NonParallelizable]
public sealed class BedrockClientTelemetryTests
{
    [Test]
    public async Task Retries_CountsAttemptsWithStatusRetriesAndThrottles()
    {
        List<(string Instrument, long Value, Dictionary<string, object?> Tags)> measurements = [];
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BedrockRuntimeClient.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Dictionary<string, object?> map = [];
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, map));
            }
        });
        listener.Start();
        FakeHttpHandler handler = new()
        {
            Respond = (_, attempt, _) => Task.FromResult(attempt < 3
                ? FakeHttpHandler.Error(HttpStatusCode.TooManyRequests, "ThrottlingException")
                : FakeHttpHandler.Json(HttpStatusCode.OK, """{"inputTokens":1}""")),
        };
        using BedrockRuntimeClient client = TestClients.Create(handler);

        await client.CountTokensAsync(new CountTokensRequest { ModelId = "telemetry-test-model", Input = new CountTokensInput() });

        List<(string Instrument, long Value, Dictionary<string, object?> Tags)> mine;
        lock (measurements)
        {
            mine = [.. measurements.Where(m => Equals(m.Tags.GetValueOrDefault("rpc.method"), "CountTokens"))];
        }

        var attempts = mine.Where(m => m.Instrument == "aws.bedrock.client.attempts").ToList();
        Assert.That(attempts.Select(m => m.Tags["http.response.status_code"]), Is.EqualTo(new object[] { 429, 429, 200 }));
        Assert.That(attempts[0].Tags["error.type"], Is.EqualTo("ThrottlingException"));
        Assert.That(attempts[2].Tags.ContainsKey("error.type"), Is.False);
        Assert.That(attempts.Select(m => m.Tags["rpc.service"]), Has.All.EqualTo("bedrock-runtime"));
        Assert.That(mine.Count(m => m.Instrument == "aws.bedrock.client.retries"), Is.EqualTo(2));
        Assert.That(mine.Count(m => m.Instrument == "aws.bedrock.client.throttles"), Is.EqualTo(2));
    }
}
