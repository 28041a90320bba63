using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bedrock.Foundations.Aws.Common;

/// <summary>
/// What the Microsoft.Extensions.AI OpenTelemetry middleware cannot see: HTTP attempts with their status, retries and
/// throttles. Meter <see cref="Name"/>: counters <c>aws.bedrock.client.attempts</c>, <c>aws.bedrock.client.retries</c>,
/// <c>aws.bedrock.client.throttles</c>, tagged with <c>rpc.system</c> = <c>aws-api</c>, <c>rpc.service</c>,
/// <c>rpc.method</c> (the operation), <c>http.response.status_code</c> and <c>error.type</c>. Each retry is also an
/// <c>aws.bedrock.retry</c> event on the current activity (the chat span when one is open). No content, no secrets.
/// </summary>
internal static class BedrockClientTelemetry
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Bedrock.Foundations.Aws";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("aws.bedrock.client.attempts", "{attempt}", "HTTP attempts sent to Bedrock.");
    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("aws.bedrock.client.retries", "{retry}", "Bedrock calls retried.");
    private static readonly Counter<long> Throttles = Meter.CreateCounter<long>("aws.bedrock.client.throttles", "{response}", "Bedrock responses that throttled the call.");

    /// <summary>Records one attempt's outcome.</summary>
    public static void Attempt(string service, string operation, int? status, string? errorType)
    {
        if (!Attempts.Enabled && !Throttles.Enabled)
        {
            return;
        }

        TagList tags = Tags(service, operation);
        if (status is not null)
        {
            tags.Add("http.response.status_code", status.Value);
        }

        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        Attempts.Add(1, tags);
    }

    /// <summary>Records a throttled response.</summary>
    public static void Throttle(string service, string operation) => Throttles.Add(1, Tags(service, operation));

    /// <summary>Records a retry and adds an event to the current activity.</summary>
    public static void Retry(string service, string operation, int attempt, TimeSpan delay, string? errorType)
    {
        TagList tags = Tags(service, operation);
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        Retries.Add(1, tags);
        Activity.Current?.AddEvent(new ActivityEvent("aws.bedrock.retry", tags: new ActivityTagsCollection
        {
            ["rpc.method"] = operation,
            ["aws.bedrock.retry.attempt"] = attempt,
            ["aws.bedrock.retry.delay_ms"] = delay.TotalMilliseconds,
            ["error.type"] = errorType,
        }));
    }

    private static TagList Tags(string service, string operation) => new()
    {
        { "rpc.system", "aws-api" },
        { "rpc.service", service },
        { "rpc.method", operation },
    };
}
