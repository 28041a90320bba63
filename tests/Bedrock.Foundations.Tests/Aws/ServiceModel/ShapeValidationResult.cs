namespace Bedrock.Foundations.Tests.Aws.ServiceModel;

/// <summary>The outcome of <see cref="ServiceModelShapes.Check"/>.</summary>
public sealed record ShapeValidationResult(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);
