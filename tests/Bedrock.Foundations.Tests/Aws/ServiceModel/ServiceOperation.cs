namespace Bedrock.Foundations.Tests.Aws.ServiceModel;

/// <summary>One operation: its name and its input and output shapes (either may be absent).</summary>
public sealed record ServiceOperation(string Name, string? Input, string? Output);
