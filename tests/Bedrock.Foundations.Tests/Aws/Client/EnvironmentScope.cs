namespace Bedrock.Foundations.Tests.Aws.Client;

/// <summary>Sets environment variables for a test and restores them afterwards (fixtures using it are non-parallel).</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly List<(string Name, string? Value)> _saved = [];

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        foreach ((string name, string? value) in variables)
        {
            _saved.Add((name, Environment.GetEnvironmentVariable(name)));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        for (int i = _saved.Count - 1; i >= 0; i--)
        {
            Environment.SetEnvironmentVariable(_saved[i].Name, _saved[i].Value);
        }
    }
}
