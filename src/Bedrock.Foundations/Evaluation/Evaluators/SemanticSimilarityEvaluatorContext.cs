using Microsoft.Extensions.AI.Evaluation;

namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>
/// The reference answer that <see cref="SemanticSimilarityEvaluator"/> compares a response with. Pass it in the
/// evaluator's <c>additionalContext</c>.
/// </summary>
public sealed class SemanticSimilarityEvaluatorContext : EvaluationContext
{
    /// <summary>The context's name in an <see cref="EvaluationMetric"/>'s <c>Context</c>: "Reference".</summary>
    public const string ReferenceContextName = "Reference";

    /// <summary>Creates the context.</summary>
    /// <param name="referenceText">The reference (ground-truth) answer; not null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="referenceText"/> is null.</exception>
    public SemanticSimilarityEvaluatorContext(string referenceText)
        : base(ReferenceContextName, ArgumentNullChecked(referenceText))
    {
        ReferenceText = referenceText;
    }

    /// <summary>The reference answer.</summary>
    public string ReferenceText { get; }

    private static string ArgumentNullChecked(string referenceText)
    {
        ArgumentNullException.ThrowIfNull(referenceText);
        return referenceText;
    }
}
