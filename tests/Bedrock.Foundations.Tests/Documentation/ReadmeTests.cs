using System.Text.RegularExpressions;

namespace Bedrock.Foundations.Tests.Documentation;

/// <summary>
/// Keeps README.md honest: every C# block marked <c>&lt;!-- snippet: NAME --&gt;</c> is, line for line, the region
/// <c>// &lt;snippet:NAME&gt;</c> … <c>// &lt;/snippet&gt;</c> of a compiled sample, and the test command the README gives is the
/// one <c>.ci/run</c> runs.
/// </summary>
[TestFixture]
public sealed partial class ReadmeTests
{
    private static readonly Lazy<string> _root = new(FindRepositoryRoot);

    private static string Root => _root.Value;

    private static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    public static IEnumerable<TestCaseData> ReadmeSnippets()
    {
        foreach (Match match in MarkedBlock().Matches(Readme))
        {
            yield return new TestCaseData(match.Groups["name"].Value, match.Groups["code"].Value).SetArgDisplayNames(match.Groups["name"].Value);
        }
    }

    [Test]
    public void Readme_HasSnippetBlocks()
    {
        Assert.That(ReadmeSnippets().Count(), Is.GreaterThanOrEqualTo(2), "README.md should show compiled sample code in <!-- snippet: NAME --> blocks.");
    }

    [TestCaseSource(nameof(ReadmeSnippets))]
    public void ReadmeSnippet_IsTheCompiledSampleRegion(string name, string code)
    {
        Dictionary<string, string> regions = SampleRegions();

        Assert.That(regions, Does.ContainKey(name), $"No region // <snippet:{name}> in samples/**/*.cs.");
        Assert.That(Normalize(code), Is.EqualTo(Normalize(regions[name])), $"README.md's snippet '{name}' differs from the sample; copy the region over.");
    }

    [Test]
    public void CiRun_RunsExactlyTheReadmeTestCommand()
    {
        Match command = MarkedCommand().Match(Readme);
        Assert.That(command.Success, Is.True, "README.md should mark its test command with <!-- command: test -->.");

        string testCommand = command.Groups["command"].Value.Trim();
        string[] ciLines = File.ReadAllLines(Path.Combine(Root, ".ci", "run")).Select(l => l.Trim()).ToArray();

        Assert.That(testCommand, Does.StartWith("dotnet test"));

        // Verbatim, optionally with its output also copied to a log (`2>&1 | tee FILE`), which changes nothing it runs.
        Assert.That(
            ciLines.Any(l => l == testCommand || (l.StartsWith(testCommand + " 2>&1 | tee ", StringComparison.Ordinal) && !l[(testCommand.Length + 12)..].Contains('|', StringComparison.Ordinal))),
            Is.True,
            ".ci/run must run the README's test command verbatim.");
    }

    private static Dictionary<string, string> SampleRegions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Root, "samples"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in SourceRegion().Matches(File.ReadAllText(file)))
            {
                regions.Add(match.Groups["name"].Value, match.Groups["code"].Value);
            }
        }

        return regions;
    }

    private static string Normalize(string code) => string.Join('\n', code.ReplaceLineEndings("\n").Trim('\n').Split('\n').Select(l => l.TrimEnd()));

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bedrock.Foundations.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Bedrock.Foundations.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }

    [GeneratedRegex(@"<!-- snippet: (?<name>[\w-]+) -->\s*```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex MarkedBlock();

    [GeneratedRegex(@"// <snippet:(?<name>[\w-]+)>\n(?<code>.*?)// </snippet>", RegexOptions.Singleline)]
    private static partial Regex SourceRegion();

    [GeneratedRegex(@"<!-- command: test -->\s*```(?:bash|sh|shell)?\n(?<command>[^\n]+)\n```", RegexOptions.Singleline)]
    private static partial Regex MarkedCommand();
}
