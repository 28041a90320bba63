namespace Bedrock.Foundations.Tests.Architecture;

/// <summary>The layers of DESIGN.md §1, bottom to top.</summary>
internal enum Layer
{
    /// <summary>Pure, synchronous functions on spans: Sampling, Attention, the numeric core of Evaluation.</summary>
    Math,

    /// <summary>Telemetry: a utility that composition and DependencyInjection use and math never does.</summary>
    CrossCutting,

    /// <summary>Siblings over Microsoft.Extensions.AI: Retrieval, Routing, Evaluation, Safety, Aws. They use math, not each other.</summary>
    Composition,

    /// <summary>DependencyInjection: binds options and composes the pipeline from everything below.</summary>
    Top,
}

/// <summary>One box of DESIGN.md §1: a name, its layer, and the namespaces (with their sub-namespaces) that make it up.</summary>
internal sealed class Component
{
    public Component(string name, Layer layer, params string[] namespaces)
    {
        Name = name;
        Layer = layer;
        Namespaces = namespaces;
    }

    public string Name { get; }

    public Layer Layer { get; }

    public IReadOnlyList<string> Namespaces { get; }

    public override string ToString() => $"{Name}, {Layer} layer";
}

/// <summary>
/// A set of types outside the library, recognised by namespace and/or by the assembly the reference names. Namespace is the
/// reliable key for BCL types (reference assemblies forward them around); package areas are matched by both.
/// </summary>
internal sealed class ExternalArea
{
    private readonly string[] _namespaces;
    private readonly string[] _assemblies;

    public ExternalArea(string name, string[] namespaces, string[] assemblies)
    {
        Name = name;
        _namespaces = namespaces;
        _assemblies = assemblies;
    }

    public string Name { get; }

    public bool Contains(ReferencedType type) =>
        !DependencyRules.IsFromThisLibrary(type) &&
        (_namespaces.Any(ns => DependencyRules.IsWithin(type.Namespace, ns)) ||
         _assemblies.Any(assembly => DependencyRules.IsWithin(type.AssemblyName, assembly)));
}

/// <summary>One rule of DESIGN.md §1, stated so that a violation message can quote it.</summary>
internal sealed class DependencyRule
{
    private readonly Func<Component, Component?, ReferencedType, bool> _forbids;

    public DependencyRule(string id, string statement, string design, string fix, Func<Component, Component?, ReferencedType, bool> forbids)
    {
        Id = id;
        Statement = statement;
        Design = design;
        Fix = fix;
        _forbids = forbids;
    }

    /// <summary>A short stable name, used in messages and tests.</summary>
    public string Id { get; }

    /// <summary>The rule in one sentence.</summary>
    public string Statement { get; }

    /// <summary>The words of DESIGN.md the rule enforces, with their section.</summary>
    public string Design { get; }

    /// <summary>What to do about a violation.</summary>
    public string Fix { get; }

    /// <summary>
    /// True when a type in <paramref name="source"/> may not use <paramref name="type"/>, which belongs to
    /// <paramref name="target"/> when it is part of this library and is null otherwise.
    /// </summary>
    public bool Forbids(Component source, Component? target, ReferencedType type) => _forbids(source, target, type);

    public override string ToString() => Id;
}

/// <summary>
/// The namespace dependency rules of DESIGN.md §1, as a table: which namespace is in which layer, which external areas each
/// may touch, and the check that applies them to an <see cref="AssemblyScan"/>.
/// </summary>
/// <remarks>
/// Written for every namespace DESIGN.md §3 lists, including those that have no code yet, so new code is checked the day it
/// lands. A namespace of this library that is not in <see cref="Components"/> is itself a violation
/// (<see cref="NamespaceHasALayer"/>): add it here, and to DESIGN.md, in the change that creates it.
/// </remarks>
internal static class DependencyRules
{
    /// <summary>The prefix of every assembly this repository ships.</summary>
    public const string LibraryAssemblyPrefix = "Bedrock.Foundations";

    private const string LayerSentence =
        "§1: \"A layer may use the layers below it, never above or beside it (Retrieval does not call Routing; the pipeline " +
        "composes them).\"";

    private const string MathSentence =
        "§1: \"Math layer (Sampling, Attention, the numeric core of Evaluation): pure, synchronous, allocation-free functions " +
        "over Span<T>/ReadOnlySpan<T> and small shape structs. No I/O, no DI, no Microsoft.Extensions.AI types.\"";

    private const string TelemetrySentence =
        "§1 (as the foundation issue reads it): Telemetry is a cross-cutting utility usable by composition and " +
        "DependencyInjection, and must not be used by math.";

    private const string DependencyInjectionSentence =
        "§1: \"DependencyInjection: services.AddBedrockFoundations(...) binds options ... and registers the composed IChatClient " +
        "pipeline and the parts ... Each part is also usable without DI.\"";

    public static Component Sampling { get; } = new("Sampling", Layer.Math, "Bedrock.Foundations.Sampling");

    public static Component Attention { get; } = new("Attention", Layer.Math, "Bedrock.Foundations.Attention");

    /// <summary>
    /// The numeric core of Evaluation (ECE, reliability diagrams, temperature scaling): math. DESIGN.md draws it as
    /// "(Calibration math)"; the evaluation issue pins its types (<c>Calibration</c>, <c>TemperatureScaling</c>, ...) to namespace
    /// <c>Bedrock.Foundations.Evaluation</c> itself, so the evaluators over Microsoft.Extensions.AI, which are composition,
    /// live in the sub-namespace <see cref="Evaluation"/> names.
    /// </summary>
    public static Component Calibration { get; } = new("Evaluation (calibration math)", Layer.Math, "Bedrock.Foundations.Evaluation");

    public static Component Telemetry { get; } = new("Telemetry", Layer.CrossCutting, "Bedrock.Foundations.Telemetry");

    public static Component Retrieval { get; } = new("Retrieval", Layer.Composition, "Bedrock.Foundations.Retrieval");

    public static Component Routing { get; } = new("Routing", Layer.Composition, "Bedrock.Foundations.Routing");

    /// <summary>The evaluators and evaluation runs over Microsoft.Extensions.AI (composition).</summary>
    public static Component Evaluation { get; } = new("Evaluation.Evaluators", Layer.Composition, "Bedrock.Foundations.Evaluation.Evaluators");

    public static Component Safety { get; } = new("Safety", Layer.Composition, "Bedrock.Foundations.Safety");

    public static Component Aws { get; } = new("Aws", Layer.Composition, "Bedrock.Foundations.Aws");

    /// <summary>
    /// The top layer. CONVENTIONS.md §2 puts <c>AddBedrockFoundations</c> in namespace
    /// <c>Microsoft.Extensions.DependencyInjection</c>, so types this library defines there belong here too.
    /// </summary>
    public static Component DependencyInjection { get; } =
        new("DependencyInjection", Layer.Top, "Bedrock.Foundations.DependencyInjection", "Microsoft.Extensions.DependencyInjection");

    /// <summary>Every namespace of the library, with its layer.</summary>
    public static IReadOnlyList<Component> Components { get; } =
        [Sampling, Attention, Calibration, Telemetry, Retrieval, Routing, Evaluation, Safety, Aws, DependencyInjection];

    public static ExternalArea AwsSdk { get; } = new("AWS SDK", ["Amazon"], ["AWSSDK"]);

    public static ExternalArea DiContainer { get; } =
        new("dependency injection container", ["Microsoft.Extensions.DependencyInjection"], ["Microsoft.Extensions.DependencyInjection"]);

    public static ExternalArea MicrosoftExtensionsAI { get; } =
        new("Microsoft.Extensions.AI", ["Microsoft.Extensions.AI"], ["Microsoft.Extensions.AI"]);

    public static ExternalArea Logging { get; } =
        new("Microsoft.Extensions.Logging", ["Microsoft.Extensions.Logging"], ["Microsoft.Extensions.Logging"]);

    public static ExternalArea NetworkIO { get; } = new("System.Net", ["System.Net"], []);

    public static ExternalArea FileIO { get; } = new("System.IO", ["System.IO"], []);

    /// <summary>Metrics and tracing from the BCL: <c>Meter</c>, <c>Activity</c>, <c>ActivitySource</c>, <c>DiagnosticSource</c>.</summary>
    public static ExternalArea BclTelemetry { get; } =
        new("BCL metrics and tracing", ["System.Diagnostics.Metrics"], ["System.Diagnostics.DiagnosticSource"]);

    public static ExternalArea HostAbstractions { get; } = new("Microsoft.Extensions.*", ["Microsoft.Extensions"], ["Microsoft.Extensions"]);

    public static DependencyRule MathBelowComposition { get; } = new(
        "math-below-composition",
        "Math (Sampling, Attention, Evaluation) uses no composition namespace (Retrieval, Routing, Evaluation.Evaluators, Safety, Aws).",
        LayerSentence,
        "Move what both need down into the math layer, or turn the dependency around so the composition type calls the math.",
        (source, target, _) => source.Layer == Layer.Math && target?.Layer == Layer.Composition);

    public static DependencyRule MathWithoutTelemetry { get; } = new(
        "math-without-telemetry",
        "Math uses neither the Telemetry namespace nor BCL metrics/tracing (Meter, Activity, DiagnosticSource).",
        TelemetrySentence + " " + MathSentence,
        "Measure in the composition type that calls the kernel (or in a benchmark), not inside the kernel.",
        (source, target, type) => source.Layer == Layer.Math && (target?.Layer == Layer.CrossCutting || BclTelemetry.Contains(type)));

    public static DependencyRule NothingUsesDependencyInjection { get; } = new(
        "dependency-injection-on-top",
        "Only DependencyInjection uses DependencyInjection: it is the top layer, and nothing below it may reach up.",
        LayerSentence + " " + DependencyInjectionSentence,
        "Take what the part needs as constructor arguments or options; let DependencyInjection supply them.",
        (source, target, _) => source.Layer != Layer.Top && target?.Layer == Layer.Top);

    public static DependencyRule CompositionSiblingsIndependent { get; } = new(
        "composition-siblings-independent",
        "Composition namespaces (Retrieval, Routing, Evaluation.Evaluators, Safety, Aws) are siblings: each may use math and Telemetry, none uses another.",
        LayerSentence,
        "Let the pipeline (DependencyInjection, or the user's ChatClientBuilder) compose the two parts; share data through " +
        "Microsoft.Extensions.AI types or move the shared piece down into math.",
        (source, target, _) => source.Layer == Layer.Composition && target?.Layer == Layer.Composition && target != source);

    public static DependencyRule TelemetryBelowComposition { get; } = new(
        "telemetry-below-composition",
        "Telemetry is a utility for composition and DependencyInjection; it uses no composition namespace.",
        TelemetrySentence + " " + LayerSentence,
        "Have the composition type pass Telemetry what it records (names, counts, durations) instead of Telemetry reaching up.",
        (source, target, _) => source.Layer == Layer.CrossCutting && target?.Layer == Layer.Composition);

    public static DependencyRule OnlyAwsReferencesAwsSdk { get; } = new(
        "only-aws-references-awssdk",
        "Only the Aws namespace references AWS SDK types (namespace Amazon.*, assemblies AWSSDK.*).",
        "§1: \"Aws: the only place that knows Bedrock's wire format. Nothing else references AWS types.\"",
        "Keep AWS types inside Aws and expose Microsoft.Extensions.AI abstractions (IChatClient, IEmbeddingGenerator) or our own options types.",
        (source, _, type) => source != Aws && AwsSdk.Contains(type));

    public static DependencyRule OnlyDependencyInjectionReferencesContainer { get; } = new(
        "only-dependency-injection-references-container",
        "Only DependencyInjection references the DI container (namespace Microsoft.Extensions.DependencyInjection, assemblies " +
        "Microsoft.Extensions.DependencyInjection*). System.IServiceProvider, from the BCL, is allowed everywhere but math.",
        DependencyInjectionSentence + " " + MathSentence,
        "Move the registration into DependencyInjection; outside it resolve optional services with " +
        "IServiceProvider.GetService(typeof(T)) rather than the container's GetService<T>/GetRequiredService<T> extensions.",
        (source, _, type) => source.Layer != Layer.Top && DiContainer.Contains(type));

    public static DependencyRule MathWithoutMicrosoftExtensionsAI { get; } = new(
        "math-without-microsoft-extensions-ai",
        "Math references no Microsoft.Extensions.AI type.",
        MathSentence,
        "Take spans of numbers; convert from Microsoft.Extensions.AI types in the composition layer.",
        (source, _, type) => source.Layer == Layer.Math && MicrosoftExtensionsAI.Contains(type));

    public static DependencyRule MathWithoutLogging { get; } = new(
        "math-without-logging",
        "Math references no Microsoft.Extensions.Logging type.",
        MathSentence,
        "Report problems by exception (through the namespace's ThrowHelper); log in the composition type that calls the kernel.",
        (source, _, type) => source.Layer == Layer.Math && Logging.Contains(type));

    public static DependencyRule MathWithoutNetworkIO { get; } = new(
        "math-without-network-io",
        "Math references nothing in System.Net (System.Net.Http included): no network I/O.",
        MathSentence,
        "Do the I/O in the composition layer (Aws for Bedrock) and hand the kernel the numbers.",
        (source, _, type) => source.Layer == Layer.Math && NetworkIO.Contains(type));

    public static DependencyRule MathWithoutFileIO { get; } = new(
        "math-without-file-io",
        "Math references nothing in System.IO: no file or stream I/O.",
        MathSentence,
        "Read and write files in the composition layer (for example Retrieval's persisted index) and hand the kernel spans.",
        (source, _, type) => source.Layer == Layer.Math && FileIO.Contains(type));

    public static DependencyRule MathWithoutHostAbstractions { get; } = new(
        "math-without-host-abstractions",
        "Math references no other Microsoft.Extensions.* package (options, configuration, vector data, ...).",
        MathSentence,
        "Take plain parameters or a small options struct defined next to the kernel; bind configuration in DependencyInjection.",
        (source, _, type) => source.Layer == Layer.Math && HostAbstractions.Contains(type));

    /// <summary>Not a dependency rule: every non-compiler-generated type must be in a namespace of <see cref="Components"/>.</summary>
    public static DependencyRule NamespaceHasALayer { get; } = new(
        "namespace-has-a-layer",
        "Every namespace of the library is placed in a layer, so the rules above can check it.",
        "§3: \"the package: one folder per namespace\" (Sampling/ Attention/ Retrieval/ Routing/ Evaluation/ Safety/ Aws/ " +
        "Telemetry/ DependencyInjection/); §1: \"A test in the test project checks these namespace dependencies.\"",
        "Put the type in an existing namespace, or add its namespace to DependencyRules.Components " +
        "(tests/Bedrock.Foundations.Tests/Architecture/DependencyRules.cs) and to DESIGN.md §1/§3 in the same change.",
        (_, _, _) => false);

    /// <summary>
    /// The dependency rules in the order they are tried; a use breaks at most one (the first that forbids it), so the more
    /// specific rules come before the catch-all <see cref="MathWithoutHostAbstractions"/>.
    /// </summary>
    public static IReadOnlyList<DependencyRule> Rules { get; } =
    [
        MathBelowComposition,
        MathWithoutTelemetry,
        NothingUsesDependencyInjection,
        CompositionSiblingsIndependent,
        TelemetryBelowComposition,
        OnlyAwsReferencesAwsSdk,
        OnlyDependencyInjectionReferencesContainer,
        MathWithoutMicrosoftExtensionsAI,
        MathWithoutLogging,
        MathWithoutNetworkIO,
        MathWithoutFileIO,
        MathWithoutHostAbstractions,
    ];

    /// <summary>True when <paramref name="name"/> is <paramref name="prefix"/> or a dotted child of it.</summary>
    public static bool IsWithin(string name, string prefix) =>
        name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || name[prefix.Length] == '.');

    /// <summary>True when the type is defined in the scanned assembly or in another assembly of this repository.</summary>
    public static bool IsFromThisLibrary(ReferencedType type) =>
        type.IsInScannedAssembly || IsWithin(type.AssemblyName, LibraryAssemblyPrefix);

    /// <summary>The component a namespace belongs to (the longest matching namespace wins), or null when none does.</summary>
    public static Component? ComponentOf(string @namespace)
    {
        Component? best = null;
        int bestLength = -1;
        foreach (Component component in Components)
        {
            foreach (string ns in component.Namespaces)
            {
                if (ns.Length > bestLength && IsWithin(@namespace, ns))
                {
                    best = component;
                    bestLength = ns.Length;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The rule that forbids a type in <paramref name="sourceNamespace"/> from using <paramref name="target"/>, or null when
    /// the use is allowed (or the source namespace is in no layer, which <see cref="Check"/> reports separately).
    /// </summary>
    public static DependencyRule? FindBrokenRule(string sourceNamespace, ReferencedType target)
    {
        Component? source = ComponentOf(sourceNamespace);
        if (source is null)
        {
            return null;
        }

        Component? targetComponent = null;
        if (IsFromThisLibrary(target))
        {
            targetComponent = ComponentOf(target.Namespace);
            if (targetComponent is null || targetComponent == source)
            {
                return null;
            }
        }

        return Rules.FirstOrDefault(rule => rule.Forbids(source, targetComponent, target));
    }

    /// <summary>Every violation of DESIGN.md §1 in the scanned assembly; one per (rule, source type, referenced type).</summary>
    public static IReadOnlyList<LayerViolation> Check(AssemblyScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var violations = new List<LayerViolation>();
        foreach (DefinedType type in scan.Types)
        {
            if (!type.IsNested && !type.IsCompilerGenerated && ComponentOf(type.Namespace) is null)
            {
                violations.Add(new LayerViolation(NamespaceHasALayer, type.FullName, type.Namespace, Target: null, ["type definition"]));
            }
        }

        var sitesByUse = new Dictionary<(DependencyRule Rule, string Source, string SourceNamespace, ReferencedType Target), List<string>>();
        foreach (TypeReferenceEdge edge in scan.References)
        {
            DependencyRule? rule = FindBrokenRule(edge.SourceNamespace, edge.Target);
            if (rule is null)
            {
                continue;
            }

            var key = (rule, edge.SourceType, edge.SourceNamespace, edge.Target);
            if (!sitesByUse.TryGetValue(key, out List<string>? sites))
            {
                sites = [];
                sitesByUse[key] = sites;
            }

            if (!sites.Contains(edge.Site))
            {
                sites.Add(edge.Site);
            }
        }

        foreach (KeyValuePair<(DependencyRule Rule, string Source, string SourceNamespace, ReferencedType Target), List<string>> use in sitesByUse)
        {
            violations.Add(new LayerViolation(use.Key.Rule, use.Key.Source, use.Key.SourceNamespace, use.Key.Target, use.Value));
        }

        return violations;
    }
}

/// <summary>One broken rule: who uses what, where, and what DESIGN.md §1 says about it.</summary>
/// <param name="Rule">The rule broken.</param>
/// <param name="SourceType">The type that makes the reference (nested types named in full).</param>
/// <param name="SourceNamespace">The namespace the reference counts against (the outermost declaring type's).</param>
/// <param name="Target">The type referenced; null for <see cref="DependencyRules.NamespaceHasALayer"/>.</param>
/// <param name="Sites">Where in <paramref name="SourceType"/> the reference is made.</param>
internal sealed record LayerViolation(
    DependencyRule Rule,
    string SourceType,
    string SourceNamespace,
    ReferencedType? Target,
    IReadOnlyList<string> Sites)
{
    /// <summary>The violation as a message a developer can act on without opening this file.</summary>
    public override string ToString()
    {
        string what = Target is null
            ? $"{SourceType} is defined in namespace '{SourceNamespace}', which no layer of DependencyRules.Components contains."
            : $"{SourceType} ({Describe(DependencyRules.ComponentOf(SourceNamespace))}) references {Target.FullName} from assembly " +
              $"{Target.AssemblyName} ({DescribeTarget(Target)}) in {string.Join(", ", Sites)}.";
        return $"{what}{Environment.NewLine}" +
               $"  Broken rule {Rule.Id}: {Rule.Statement}{Environment.NewLine}" +
               $"  DESIGN.md {Rule.Design}{Environment.NewLine}" +
               $"  Fix: {Rule.Fix}";
    }

    private static string Describe(Component? component) => component is null ? "no layer" : component.ToString();

    private static string DescribeTarget(ReferencedType target)
    {
        if (DependencyRules.IsFromThisLibrary(target))
        {
            return Describe(DependencyRules.ComponentOf(target.Namespace));
        }

        ExternalArea[] areas =
        [
            DependencyRules.AwsSdk, DependencyRules.DiContainer, DependencyRules.MicrosoftExtensionsAI, DependencyRules.Logging,
            DependencyRules.NetworkIO, DependencyRules.FileIO, DependencyRules.BclTelemetry, DependencyRules.HostAbstractions,
        ];
        ExternalArea? area = areas.FirstOrDefault(a => a.Contains(target));
        return area is null ? "external" : $"external: {area.Name}";
    }
}
