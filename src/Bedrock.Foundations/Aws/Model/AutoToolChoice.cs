namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The Model automatically decides if a tool should be called or whether to generate text instead.
/// </summary>
/// <remarks>Shape <c>AutoToolChoice</c> of the bedrock-runtime service model.</remarks>
public sealed class AutoToolChoice
{
}
