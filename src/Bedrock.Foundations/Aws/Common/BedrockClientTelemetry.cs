using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// What the Microsoft.Extensions.AI OpenTelemetry middleware cannot see: HTTP attempts with their status and duration,
/// retries and throttles. Meter <see cref="Name"/>: counters <c>aws.bedrock.client.attempts</c>,
/// <c>aws.bedrock.client.retries</c>, <c>aws.bedrock.client.throttles</c> and the histogram
/// <c>aws.bedrock.client.attempt.duration</c> (seconds, one measurement per attempt), tagged with <c>rpc.system</c> =
/// <c>aws-api</c>, <c>rpc.service</c>, <c>rpc.method</c> (the operation), <c>server.address</c> (the endpoint host),
/// <c>gen_ai.provider.name</c> = <c>aws.bedrock</c>, <c>gen_ai.request.model</c> (when the operation names a model),
/// <c>http.response.status_code</c> (when a response arrived) and <c>error.type</c> (the error code, <c>timeout</c>,
/// <c>cancelled</c> or the exception type). Every attempt is counted, including those that timed out or were cancelled.
/// Each retry is also an <c>aws.bedrock.retry</c> event on the current activity (the chat span when one is open). No
/// content, no secrets.
/// </summary>
internal static class BedrockClientTelemetry
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Bedrock.Foundations.Aws";

    /// <summary>The value of <c>gen_ai.provider.name</c>.</summary>
    public const string ProviderName = "aws.bedrock";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("aws.bedrock.client.attempts", "{attempt}", "HTTP attempts sent to Bedrock.");
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("aws.bedrock.client.retries", "{retry}", "Bedrock calls retried.");
    private static readonly Counter<long> Throttles = Meter.CreateCounter<long>("aws.bedrock.client.throttles", "{response}", "Bedrock responses that throttled the call.");
    private static readonly Histogram<double> AttemptDuration = Meter.CreateHistogram(
        "aws.bedrock.client.attempt.duration", "s", "Duration of one HTTP attempt to Bedrock (for streams: until the first event).",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });

    /// <summary>Records one attempt's outcome and duration.</summary>
    public static void Attempt(CallTags call, int? status, string? errorType, TimeSpan duration)
    {
        if (!Attempts.Enabled && !AttemptDuration.Enabled)
        {
            return;
        }

        TagList tags = Tags(call);
        if (status is not null)
        {
            tags.Add("http.response.status_code", status.Value);
        }

        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        Attempts.Add(1, tags);
        AttemptDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Records a throttled response.</summary>
    public static void Throttle(CallTags call) => Throttles.Add(1, Tags(call));

    /// <summary>Records a retry and adds an event to the current activity.</summary>
    public static void Retry(CallTags call, int attempt, TimeSpan delay, string? errorType)
    {
        TagList tags = Tags(call);
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        Retries.Add(1, tags);
        Activity.Current?.AddEvent(new ActivityEvent("aws.bedrock.retry", tags: new ActivityTagsCollection
        {
            ["rpc.method"] = call.Operation,
            ["aws.bedrock.retry.attempt"] = attempt,
            ["aws.bedrock.retry.delay_ms"] = delay.TotalMilliseconds,
            ["error.type"] = errorType,
        }));
    }

    private static TagList Tags(CallTags call)
    {
        TagList tags = new()
        {
            { "rpc.system", "aws-api" },
            { "rpc.service", call.Service },
            { "rpc.method", call.Operation },
            { "gen_ai.provider.name", ProviderName },
        };
        if (call.ServerAddress is not null)
        {
            tags.Add("server.address", call.ServerAddress);
        }

        if (call.ModelId is not null)
        {
            tags.Add("gen_ai.request.model", call.ModelId);
        }

        return tags;
    }

    /// <summary>The tags that describe one call.</summary>
    /// <param name="Service">The service, <c>bedrock-runtime</c> or <c>bedrock-agent-runtime</c>.</param>
    /// <param name="Operation">The operation.</param>
    /// <param name="ServerAddress">The endpoint's host.</param>
    /// <param name="ModelId">The model id, when the operation names one.</param>
    internal readonly record struct CallTags(string Service, string Operation, string? ServerAddress, string? ModelId);
}
