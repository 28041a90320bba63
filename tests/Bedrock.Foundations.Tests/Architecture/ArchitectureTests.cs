using Bedrock.Foundations.Sampling;

namespace Bedrock.Foundations.Tests.Architecture;

/// <summary>
/// DESIGN.md §1, checked on metadata: the built library follows the layer rules, and the checker flags a deliberately bad
/// assembly (emitted at test time) with exactly the violations seeded into it.
/// </summary>
[TestFixture]
public sealed class ArchitectureTests
{
    private static readonly Lazy<AssemblyScan> _library =
        new(() => TypeReferenceScanner.Scan(typeof(Distribution).Assembly.Location));

    private string? _badAssemblyDirectory;
    private AssemblyScan? _badScan;
    private IReadOnlyList<LayerViolation>? _badViolations;

    private AssemblyScan BadScan => _badScan ?? throw new InvalidOperationException("OneTimeSetUp did not run.");

    private IReadOnlyList<LayerViolation> BadViolations => _badViolations ?? throw new InvalidOperationException("OneTimeSetUp did not run.");

    [OneTimeSetUp]
    public void EmitAndScanBadAssembly()
    {
        _badAssemblyDirectory = Path.Combine(Path.GetTempPath(), "bedrock-architecture-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_badAssemblyDirectory);
        string path = Path.Combine(_badAssemblyDirectory, LayerViolationAssembly.AssemblyName + ".dll");
        LayerViolationAssembly.Save(path);
        _badScan = TypeReferenceScanner.Scan(path);
        _badViolations = DependencyRules.Check(_badScan);
    }

    [OneTimeTearDown]
    public void DeleteBadAssembly()
    {
        if (_badAssemblyDirectory is not null && Directory.Exists(_badAssemblyDirectory))
        {
            Directory.Delete(_badAssemblyDirectory, recursive: true);
        }
    }

    // ---- The library --------------------------------------------------------------------------------------------------

    [Test]
    public void LibraryAssembly_FollowsLayerRules()
    {
        AssemblyScan scan = _library.Value;

        // Not vacuous: the scan sees Sampling's kernels calling into TensorPrimitives, so it is reading real references.
        Assert.That(
            scan.References.Where(e => DependencyRules.IsWithin(e.SourceNamespace, "Bedrock.Foundations.Sampling")).Select(e => e.Target.FullName),
            Has.Member("System.Numerics.Tensors.TensorPrimitives"),
            "The scanner found no reference from Bedrock.Foundations.Sampling to TensorPrimitives; it is not reading the assembly.");

        IReadOnlyList<LayerViolation> violations = DependencyRules.Check(scan);

        Assert.That(violations, Is.Empty, () => "DESIGN.md §1 is broken:" + Environment.NewLine + Format(violations));
    }

    [Test]
    public void LibraryAssembly_EveryTypeReferenceRowIsReachedFromADefiningType()
    {
        // A reference the walk never reaches could hide a violation; so every TypeRef, MemberRef, TypeSpec, MethodSpec and
        // StandAloneSig the compiler emitted must have been reached from some type (or the assembly's own attributes).
        AssemblyScan scan = _library.Value;

        Assert.That(scan.References.Select(e => e.Target.AssemblyName), Has.Member("System.Runtime"));
        Assert.That(scan.UnreachedRows, Is.Empty);
    }

    [Test]
    public void LibraryAssembly_EveryDefinedTypeIsCompilerGeneratedOrInALayer()
    {
        AssemblyScan scan = _library.Value;

        Assert.That(scan.Types.Where(t => !t.IsCompilerGenerated).Select(t => t.FullName), Has.Member(typeof(Distribution).FullName));
        Assert.That(
            scan.Types.Where(t => !t.IsNested && !t.IsCompilerGenerated && DependencyRules.ComponentOf(t.Namespace) is null).Select(t => t.FullName),
            Is.Empty);
    }

    [Test]
    public void CalibrationMath_IsCheckedAsMath_AndEvaluatorsAsComposition()
    {
        Assert.That(DependencyRules.ComponentOf(typeof(Bedrock.Foundations.Evaluation.Calibration).Namespace!)?.Layer, Is.EqualTo(Layer.Math));
        Assert.That(DependencyRules.ComponentOf("Bedrock.Foundations.Evaluation.Evaluators")?.Layer, Is.EqualTo(Layer.Composition));
    }

    // ---- The checker can fail: a deliberately bad assembly --------------------------------------------------------------

    [Test]
    public void Checker_FlagsExactlyTheSeededViolations()
    {
        string[] expected =
        [
            Key(DependencyRules.MathBelowComposition, LayerViolationAssembly.LeakyKernel, LayerViolationAssembly.Retriever),
            Key(DependencyRules.MathWithoutTelemetry, LayerViolationAssembly.LeakyKernel, LayerViolationAssembly.Meters),
            Key(DependencyRules.MathWithoutLogging, LayerViolationAssembly.LeakyKernel, LayerViolationAssembly.Logger),
            Key(DependencyRules.MathWithoutFileIO, LayerViolationAssembly.LeakyKernel, "System.IO.File"),
            Key(DependencyRules.MathWithoutNetworkIO, LayerViolationAssembly.Scratch, "System.Net.Http.HttpClient"),
            Key(DependencyRules.OnlyAwsReferencesAwsSdk, LayerViolationAssembly.CredentialedAttention, LayerViolationAssembly.AwsCredentials),
            Key(DependencyRules.MathWithoutMicrosoftExtensionsAI, LayerViolationAssembly.CredentialedAttention, LayerViolationAssembly.ChatClient),
            Key(DependencyRules.CompositionSiblingsIndependent, LayerViolationAssembly.Retriever, LayerViolationAssembly.Router),
            Key(DependencyRules.NothingUsesDependencyInjection, LayerViolationAssembly.Retriever, LayerViolationAssembly.ServiceCollectionExtensions),
            Key(DependencyRules.OnlyDependencyInjectionReferencesContainer, LayerViolationAssembly.ContentFilter, LayerViolationAssembly.ServiceCollection),
            Key(DependencyRules.TelemetryBelowComposition, LayerViolationAssembly.Meters, LayerViolationAssembly.Router),
            Key(DependencyRules.NamespaceHasALayer, LayerViolationAssembly.Helper, target: null),
        ];

        Assert.That(BadViolations.Select(Key), Is.EquivalentTo(expected), () => Format(BadViolations));
    }

    [Test]
    public void Checker_FlagsMathReferencingComposition()
    {
        LayerViolation violation = Single(LayerViolationAssembly.LeakyKernel, LayerViolationAssembly.Retriever);

        Assert.That(violation.Rule, Is.SameAs(DependencyRules.MathBelowComposition));
        Assert.That(violation.SourceNamespace, Is.EqualTo("Bedrock.Foundations.Sampling"));
        Assert.That(violation.Sites, Is.EqualTo(new[] { "field _retriever" }));
    }

    [Test]
    public void Checker_FlagsSiblingReferenceMadeOnlyInAMethodBody()
    {
        // Retriever.Route is `new Router()`, with no signature naming Router: only the IL's newobj token shows the edge.
        LayerViolation violation = Single(LayerViolationAssembly.Retriever, LayerViolationAssembly.Router);

        Assert.That(violation.Rule, Is.SameAs(DependencyRules.CompositionSiblingsIndependent));
        Assert.That(violation.Sites, Is.EqualTo(new[] { "method Route (body)" }));
    }

    [Test]
    public void Checker_FlagsMathReferencingLoggingFileAndNetworkIO()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Single(LayerViolationAssembly.LeakyKernel, LayerViolationAssembly.Logger).Rule, Is.SameAs(DependencyRules.MathWithoutLogging));
            Assert.That(Single(LayerViolationAssembly.LeakyKernel, "System.IO.File").Rule, Is.SameAs(DependencyRules.MathWithoutFileIO));
            Assert.That(Single(LayerViolationAssembly.LeakyKernel, "System.IO.File").Sites, Is.EqualTo(new[] { "method Load (body)" }));
            Assert.That(Single(LayerViolationAssembly.Scratch, "System.Net.Http.HttpClient").Rule, Is.SameAs(DependencyRules.MathWithoutNetworkIO));
        });
    }

    [Test]
    public void Checker_AttributesNestedTypesToTheirOutermostNamespace()
    {
        LayerViolation violation = Single(LayerViolationAssembly.Scratch, "System.Net.Http.HttpClient");

        Assert.That(violation.SourceNamespace, Is.EqualTo("Bedrock.Foundations.Sampling"));
    }

    [Test]
    public void Checker_FlagsAwsTypesOutsideAws()
    {
        LayerViolation violation = Single(LayerViolationAssembly.CredentialedAttention, LayerViolationAssembly.AwsCredentials);

        Assert.That(violation.Rule, Is.SameAs(DependencyRules.OnlyAwsReferencesAwsSdk));
        Assert.That(violation.Target!.AssemblyName, Is.EqualTo("AWSSDK.Core"));
    }

    [Test]
    public void Checker_FlagsDiContainerOutsideDependencyInjection()
    {
        LayerViolation container = Single(LayerViolationAssembly.ContentFilter, LayerViolationAssembly.ServiceCollection);
        LayerViolation upward = Single(LayerViolationAssembly.Retriever, LayerViolationAssembly.ServiceCollectionExtensions);

        Assert.That(container.Rule, Is.SameAs(DependencyRules.OnlyDependencyInjectionReferencesContainer));
        Assert.That(container.Sites, Is.EqualTo(new[] { "method Register (signature)" }));
        Assert.That(upward.Rule, Is.SameAs(DependencyRules.NothingUsesDependencyInjection));
    }

    [Test]
    public void Checker_FlagsTelemetryInMathAndCompositionInTelemetry()
    {
        Assert.That(Single(LayerViolationAssembly.LeakyKernel, LayerViolationAssembly.Meters).Rule, Is.SameAs(DependencyRules.MathWithoutTelemetry));
        Assert.That(Single(LayerViolationAssembly.Meters, LayerViolationAssembly.Router).Rule, Is.SameAs(DependencyRules.TelemetryBelowComposition));
    }

    [Test]
    public void Checker_FlagsNamespaceWithNoLayer()
    {
        LayerViolation violation = BadViolations.Single(v => v.SourceType == LayerViolationAssembly.Helper);

        Assert.That(violation.Rule, Is.SameAs(DependencyRules.NamespaceHasALayer));
        Assert.That(violation.Target, Is.Null);
    }

    [TestCase(LayerViolationAssembly.Retriever, LayerViolationAssembly.LeakyKernel, TestName = "Checker_AllowsCompositionUsingMath")]
    [TestCase(LayerViolationAssembly.Retriever, LayerViolationAssembly.Meters, TestName = "Checker_AllowsCompositionUsingTelemetry")]
    [TestCase(LayerViolationAssembly.BedrockWireClient, LayerViolationAssembly.AwsCredentials, TestName = "Checker_AllowsAwsUsingAwsSdk")]
    [TestCase(LayerViolationAssembly.ServiceCollectionExtensions, LayerViolationAssembly.ServiceCollection, TestName = "Checker_AllowsDependencyInjectionUsingContainer")]
    [TestCase(LayerViolationAssembly.ServiceCollectionExtensions, LayerViolationAssembly.Retriever, TestName = "Checker_AllowsDependencyInjectionUsingComposition")]
    [TestCase(LayerViolationAssembly.ServiceCollectionExtensions, LayerViolationAssembly.Router, TestName = "Checker_AllowsDependencyInjectionUsingAnotherComposition")]
    public void Checker_AllowsEdgeDesignPermits(string source, string target)
    {
        // The edge is in the scan (so "not flagged" means allowed, not unseen) and no violation names it.
        Assert.That(BadScan.References.Where(e => e.SourceType == source).Select(e => e.Target.FullName), Has.Member(target));
        Assert.That(BadViolations.Where(v => v.SourceType == source && v.Target?.FullName == target), Is.Empty);
    }

    [Test]
    public void Checker_BadAssemblyScanReachesEveryRow()
    {
        Assert.That(BadScan.AssemblyName, Is.EqualTo(LayerViolationAssembly.AssemblyName));
        Assert.That(BadScan.UnreachedRows, Is.Empty);
    }

    [Test]
    public void ViolationMessage_NamesSourceTypeReferencedTypeSiteAndRule()
    {
        string message = Single(LayerViolationAssembly.Retriever, LayerViolationAssembly.Router).ToString();

        Assert.That(message, Does.StartWith(
            "Bedrock.Foundations.Retrieval.Retriever (Retrieval, Composition layer) references Bedrock.Foundations.Routing.Router " +
            "from assembly Bedrock.Foundations.LayerViolations (Routing, Composition layer) in method Route (body)."));
        Assert.That(message, Does.Contain("Broken rule composition-siblings-independent:"));
        Assert.That(message, Does.Contain("Retrieval does not call Routing; the pipeline composes them"));
        Assert.That(message, Does.Contain("Fix: "));
    }

    [Test]
    public void ViolationMessage_ForExternalType_NamesItsAssemblyAndArea()
    {
        string message = Single(LayerViolationAssembly.CredentialedAttention, LayerViolationAssembly.AwsCredentials).ToString();

        Assert.That(message, Does.Contain(
            "references Amazon.Runtime.AWSCredentials from assembly AWSSDK.Core (external: AWS SDK) in field _credentials."));
        Assert.That(message, Does.Contain("Nothing else references AWS types."));
    }

    private static string Key(DependencyRule rule, string source, string? target) => $"{rule.Id}: {source} -> {target ?? "(none)"}";

    private static string Key(LayerViolation violation) => Key(violation.Rule, violation.SourceType, violation.Target?.FullName);

    private static string Format(IEnumerable<LayerViolation> violations) =>
        string.Join(Environment.NewLine + Environment.NewLine, violations.Select(v => v.ToString()));

    private LayerViolation Single(string source, string target)
    {
        LayerViolation[] matches = BadViolations.Where(v => v.SourceType == source && v.Target?.FullName == target).ToArray();
        Assert.That(matches, Has.Length.EqualTo(1), () => $"Expected one violation {source} -> {target}; all:{Environment.NewLine}{Format(BadViolations)}");
        return matches[0];
    }
}
