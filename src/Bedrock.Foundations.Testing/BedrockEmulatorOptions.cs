using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bedrock.Foundations.Testing;

/// <summary>Configuration of a <see cref="BedrockEmulator"/>. Validated by <see cref="BedrockEmulator.StartAsync"/>.</summary>
/// <remarks>
/// The options are read <b>once</b>, when <see cref="BedrockEmulator.StartAsync"/> is called: it validates them and takes a
/// snapshot (the collections copied into read-only ones, <see cref="Faults"/> and the models copied), so changing this
/// instance afterwards has no effect on the running emulator and a request never sees options change under it. To run
/// with other options (say, faults switched on), start another emulator. The snapshot is
/// <see cref="BedrockEmulator.Options"/>: it is read-only (setters throw <see cref="InvalidOperationException"/>, the
/// collections <see cref="NotSupportedException"/>).
/// </remarks>
public sealed class BedrockEmulatorOptions
{
    /// <summary>The default of <see cref="Region"/>: <c>us-east-1</c>, the region a client signs for when it has a loopback
    /// service URL and no region.</summary>
    public const string DefaultRegion = "us-east-1";

    /// <summary>The default of <see cref="RequestLogCapacity"/>: 10,000 requests.</summary>
    public const int DefaultRequestLogCapacity = 10_000;

    private bool _frozen;

    /// <summary>
    /// Gets or sets the credentials SigV4 signatures are checked against.
    /// The default is <see cref="BedrockEmulatorCredentials.Default"/>.
    /// </summary>
    public BedrockEmulatorCredentials Credentials { get; set { ThrowIfFrozen(); field = value; } } = BedrockEmulatorCredentials.Default;

    /// <summary>
    /// Gets the Bedrock API keys accepted as <c>Authorization: Bearer &lt;key&gt;</c> on runtime operations
    /// (never on Retrieve or Rerank, as in the agent-runtime service model). Empty by default.
    /// </summary>
    public IList<string> ApiKeys { get; private set; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether requests must be authenticated. The default is <see langword="true"/>;
    /// when <see langword="false"/>, the <c>Authorization</c> header is not looked at.
    /// </summary>
    public bool RequireAuthentication { get; set { ThrowIfFrozen(); field = value; } } = true;

    /// <summary>
    /// Gets or sets the largest accepted difference between <c>X-Amz-Date</c> and the emulator's clock.
    /// The default is 5 minutes, as AWS.
    /// </summary>
    public TimeSpan ClockSkewTolerance { get; set { ThrowIfFrozen(); field = value; } } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the models with their own behaviour, by model id (ordinal). Other ids use <see cref="DefaultModel"/>.</summary>
    public IDictionary<string, EmulatedModel> Models { get; private set; } = new Dictionary<string, EmulatedModel>(StringComparer.Ordinal);

    /// <summary>Gets or sets the behaviour of every model id not in <see cref="Models"/>.</summary>
    public EmulatedModel DefaultModel { get; set { ThrowIfFrozen(); field = value; } } = new();

    /// <summary>
    /// Gets or sets the factor applied to every model latency (<see cref="EmulatedLatencyProfile"/>) before it is
    /// awaited: 1 is real time, 0 answers at once. The default is 0.01, so tests stay fast.
    /// </summary>
    public double LatencyScale { get; set { ThrowIfFrozen(); field = value; } } = 0.01;

    /// <summary>Gets or sets the injected faults. None by default.</summary>
    public BedrockEmulatorFaults Faults { get; set { ThrowIfFrozen(); field = value; } } = new();

    /// <summary>Gets or sets the logger factory of the server. <see langword="null"/> (the default) logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set { ThrowIfFrozen(); field = value; } }

    /// <summary>
    /// Gets or sets the clock used to check request dates and to wait latencies. The default is <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set { ThrowIfFrozen(); field = value; } } = TimeProvider.System;

    /// <summary>
    /// Gets the words that make ApplyGuardrail (and Converse with a <c>guardrailConfig</c>) intervene when the text
    /// contains one as a whole word, ignoring case. Empty by default.
    /// </summary>
    public IList<string> GuardrailBlockedWords { get; private set; } = [];

    /// <summary>Gets or sets the text returned in place of blocked content. The default is "Sorry, the model cannot answer this question.".</summary>
    public string GuardrailBlockedMessage { get; set { ThrowIfFrozen(); field = value; } } = "Sorry, the model cannot answer this question.";

    /// <summary>Gets the documents Retrieve searches, for every knowledge-base id. Empty by default.</summary>
    public IList<EmulatedDocument> KnowledgeBaseDocuments { get; private set; } = [];

    /// <summary>
    /// Gets or sets the AWS region the emulator stands for: a SigV4 credential scope naming another region is rejected
    /// with 403 <c>InvalidSignatureException</c> ("Credential should be scoped to a valid region."), as AWS does. The
    /// default is <see cref="DefaultRegion"/> (<c>us-east-1</c>); a client with <c>Region</c> (or <c>AWS_REGION</c>) set to
    /// another region needs the same value here.
    /// </summary>
    public string Region { get; set { ThrowIfFrozen(); field = value; } } = DefaultRegion;

    /// <summary>
    /// Gets or sets how many requests <see cref="BedrockEmulator.RequestLog"/> keeps; when it is full the oldest is
    /// dropped. The default is <see cref="DefaultRequestLogCapacity"/> (10,000).
    /// </summary>
    public int RequestLogCapacity { get; set { ThrowIfFrozen(); field = value; } } = DefaultRequestLogCapacity;

    /// <summary>Gets or sets the number of words in each ConverseStream text delta. The default is 3.</summary>
    public int StreamChunkWords { get; set { ThrowIfFrozen(); field = value; } } = 3;

    /// <summary>Returns the behaviour of a model id: its entry in <see cref="Models"/>, else <see cref="DefaultModel"/>.</summary>
    /// <param name="modelId">The decoded model id.</param>
    /// <returns>The emulated model.</returns>
    public EmulatedModel GetModel(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return Models.TryGetValue(modelId, out EmulatedModel? model) ? model : DefaultModel;
    }

    internal void Validate(string paramName)
    {
        static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        List<string> errors = [];
        if (Credentials is null)
        {
            errors.Add("Credentials must not be null.");
        }

        if (DefaultModel is null)
        {
            errors.Add("DefaultModel must not be null.");
        }

        if (TimeProvider is null)
        {
            errors.Add("TimeProvider must not be null.");
        }

        if (GuardrailBlockedMessage is null)
        {
            errors.Add("GuardrailBlockedMessage must not be null.");
        }

        if (ClockSkewTolerance < TimeSpan.Zero)
        {
            errors.Add($"ClockSkewTolerance must not be negative; it is {ClockSkewTolerance}.");
        }

        if (!(LatencyScale >= 0) || double.IsInfinity(LatencyScale))
        {
            errors.Add($"LatencyScale must be a finite number ≥ 0; it is {F(LatencyScale)}.");
        }

        if (string.IsNullOrWhiteSpace(Region) || !Region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add($"Region must be a region name such as 'us-east-1' (lower-case letters, digits, '-'); it is '{Region}'.");
        }

        if (ApiKeys.Any(string.IsNullOrEmpty))
        {
            errors.Add("ApiKeys must not contain null or empty keys.");
        }

        if (GuardrailBlockedWords.Any(word => word is null))
        {
            errors.Add("GuardrailBlockedWords must not contain null.");
        }

        if (KnowledgeBaseDocuments.Any(document => document is null))
        {
            errors.Add("KnowledgeBaseDocuments must not contain null.");
        }

        if (RequestLogCapacity < 1)
        {
            errors.Add($"RequestLogCapacity must be ≥ 1; it is {RequestLogCapacity}.");
        }

        if (StreamChunkWords < 1)
        {
            errors.Add($"StreamChunkWords must be ≥ 1; it is {StreamChunkWords}.");
        }

        foreach (KeyValuePair<string, EmulatedModel> pair in Models)
        {
            if (pair.Value is null)
            {
                errors.Add($"Models[\"{pair.Key}\"] must not be null.");
            }
            else if (pair.Value.Latency is null)
            {
                errors.Add($"Models[\"{pair.Key}\"].Latency must not be null.");
            }
        }

        if (DefaultModel is not null && DefaultModel.Latency is null)
        {
            errors.Add("DefaultModel.Latency must not be null.");
        }

        if (Faults is null)
        {
            errors.Add("Faults must not be null.");
        }
        else
        {
            void Rate(string name, double value)
            {
                if (!(value >= 0 && value <= 1))
                {
                    errors.Add($"Faults.{name} must be in [0, 1]; it is {F(value)}.");
                }
            }

            Rate(nameof(BedrockEmulatorFaults.ThrottlingRate), Faults.ThrottlingRate);
            Rate(nameof(BedrockEmulatorFaults.ServerErrorRate), Faults.ServerErrorRate);
            Rate(nameof(BedrockEmulatorFaults.LatencySpikeRate), Faults.LatencySpikeRate);
            Rate(nameof(BedrockEmulatorFaults.DroppedConnectionRate), Faults.DroppedConnectionRate);
            Rate(nameof(BedrockEmulatorFaults.StreamExceptionRate), Faults.StreamExceptionRate);
            Rate(nameof(BedrockEmulatorFaults.CorruptFrameRate), Faults.CorruptFrameRate);
            if (Faults.LatencySpike < TimeSpan.Zero)
            {
                errors.Add($"Faults.LatencySpike must not be negative; it is {Faults.LatencySpike}.");
            }

            if (Faults.StreamFaultAfterEvents < 0)
            {
                errors.Add($"Faults.StreamFaultAfterEvents must be ≥ 0; it is {Faults.StreamFaultAfterEvents}.");
            }

            if (string.IsNullOrWhiteSpace(Faults.StreamExceptionType))
            {
                errors.Add("Faults.StreamExceptionType must not be empty.");
            }
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid BedrockEmulatorOptions: " + string.Join(" ", errors), paramName);
        }
    }

    /// <summary>
    /// A read-only snapshot of validated options: scalars copied, collections copied into read-only ones, the faults and
    /// the models copied and frozen. Reading it from many requests at once is safe.
    /// </summary>
    internal BedrockEmulatorOptions Snapshot()
    {
        BedrockEmulatorOptions copy = new()
        {
            Credentials = Credentials,
            RequireAuthentication = RequireAuthentication,
            ClockSkewTolerance = ClockSkewTolerance,
            DefaultModel = DefaultModel.Snapshot(),
            LatencyScale = LatencyScale,
            Faults = Faults.Snapshot(),
            LoggerFactory = LoggerFactory,
            TimeProvider = TimeProvider,
            GuardrailBlockedMessage = GuardrailBlockedMessage,
            StreamChunkWords = StreamChunkWords,
            Region = Region,
            RequestLogCapacity = RequestLogCapacity,
        };
        copy.ApiKeys = new ReadOnlyCollection<string>([.. ApiKeys]);
        copy.GuardrailBlockedWords = new ReadOnlyCollection<string>([.. GuardrailBlockedWords]);
        copy.KnowledgeBaseDocuments = new ReadOnlyCollection<EmulatedDocument>([.. KnowledgeBaseDocuments]);
        copy.Models = Models.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.Snapshot(), StringComparer.Ordinal);
        copy._frozen = true;
        return copy;
    }

    private void ThrowIfFrozen()
    {
        if (_frozen)
        {
            throw new InvalidOperationException(
                "These are the options of a running BedrockEmulator, read once at start; they cannot be changed. Start another emulator with other options.");
        }
    }
}
