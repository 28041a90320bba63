namespace Bedrock.Foundations.Aws.Model;

/// <summary>
/// The model must request at least one tool (no text is generated).
/// </summary>
/// <remarks>Shape <c>AnyToolChoice</c> of the bedrock-runtime service model.</remarks>
public sealed class AnyToolChoice
{
}
