namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>One question of an offline evaluation dataset.</summary>
/// <param name="Id">A unique id (the JSONL field <c>id</c>; when absent, the line number, or "line-N" if that is taken).</param>
/// <param name="Question">What to ask the model.</param>
/// <param name="Reference">The reference answer, for evaluators that compare with one (optional).</param>
/// <param name="Context">Passages to answer from, put before the question in the prompt (optional).</param>
public sealed record EvaluationItem(string Id, string Question, string? Reference = null, string? Context = null);
