namespace Bedrock.Foundations.Testing;

/// <summary>The operations the <see cref="BedrockEmulator"/> serves.</summary>
public enum BedrockEmulatorOperation
{
    /// <summary>A path that is no operation.</summary>
    Unknown,

    /// <summary><c>POST /model/{modelId}/converse</c>.</summary>
    Converse,

    /// <summary><c>POST /model/{modelId}/converse-stream</c>.</summary>
    ConverseStream,

    /// <summary><c>POST /model/{modelId}/invoke</c>.</summary>
    InvokeModel,

    /// <summary><c>POST /model/{modelId}/invoke-with-response-stream</c>.</summary>
    InvokeModelWithResponseStream,

    /// <summary><c>POST /model/{modelId}/count-tokens</c>.</summary>
    CountTokens,

    /// <summary><c>POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply</c>.</summary>
    ApplyGuardrail,

    /// <summary><c>POST /knowledgebases/{knowledgeBaseId}/retrieve</c> (agent runtime).</summary>
    Retrieve,

    /// <summary><c>POST /rerank</c> (agent runtime).</summary>
    Rerank,
}
