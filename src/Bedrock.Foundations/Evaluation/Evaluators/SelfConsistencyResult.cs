namespace Bedrock.Foundations.Evaluation.Evaluators;

/// <summary>A group of answers that agree: its first answer stands for it.</summary>
/// <param name="Representative">The first answer of the group, as the model wrote it.</param>
/// <param name="Members">The sample indices (0-based, in request order) of the answers in the group.</param>
public sealed record AnswerCluster(string Representative, IReadOnlyList<int> Members)
{
    /// <summary>How many answers the group holds.</summary>
    public int Count => Members.Count;
}

/// <summary>The outcome of <see cref="SelfConsistencyConfidence.EstimateAsync(string, Microsoft.Extensions.AI.ChatOptions?, System.Threading.CancellationToken)"/>.</summary>
/// <param name="Answer">The majority answer: the representative of the largest group (the earliest group on a tie).</param>
/// <param name="Confidence">The largest group's share of the samples, in [1/k, 1].</param>
/// <param name="Answers">Every sampled answer, in request order.</param>
/// <param name="Clusters">The groups, largest first (ties in order of formation).</param>
public sealed record SelfConsistencyResult(string Answer, double Confidence, IReadOnlyList<string> Answers, IReadOnlyList<AnswerCluster> Clusters);
