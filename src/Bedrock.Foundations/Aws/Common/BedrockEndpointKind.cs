namespace Bedrock.Foundations.Aws.Common;

/// <summary>Which of the two Bedrock services an operation belongs to.</summary>
internal enum BedrockEndpointKind
{
    /// <summary>bedrock-runtime: Converse, ConverseStream, InvokeModel, ApplyGuardrail, CountTokens (SigV4 or API key).</summary>
    Runtime,

    /// <summary>bedrock-agent-runtime: Retrieve, Rerank (SigV4 only).</summary>
    AgentRuntime,
}
