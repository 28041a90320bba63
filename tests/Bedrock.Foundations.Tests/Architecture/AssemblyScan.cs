namespace Bedrock.Foundations.Tests.Architecture;

/// <summary>A type named in an assembly's metadata: its namespace, its full name and the assembly it lives in.</summary>
/// <param name="Namespace">
/// The namespace of the type, or of its outermost declaring type when the type is nested; empty for the global namespace.
/// </param>
/// <param name="FullName">Namespace-qualified name, nested types joined with <c>+</c> (<c>Ns.Outer+Inner</c>).</param>
/// <param name="AssemblyName">
/// The simple name of the assembly the reference resolves to (as written in the referencing assembly: reference assemblies,
/// not the runtime's forwarding targets).
/// </param>
/// <param name="IsInScannedAssembly">True when the type is defined in the assembly being scanned.</param>
internal sealed record ReferencedType(string Namespace, string FullName, string AssemblyName, bool IsInScannedAssembly)
{
    public override string ToString() => $"{FullName} [{AssemblyName}]";
}

/// <summary>A type defined in the scanned assembly.</summary>
/// <param name="Namespace">The namespace the type is attributed to: its outermost declaring type's namespace.</param>
/// <param name="FullName">Namespace-qualified name, nested types joined with <c>+</c>.</param>
/// <param name="IsNested">True for a nested type (its references count against its outermost type's namespace).</param>
/// <param name="IsCompilerGenerated">
/// True for types the compiler adds on its own: <c>&lt;Module&gt;</c>, <c>&lt;PrivateImplementationDetails&gt;</c>,
/// embedded attributes such as <c>System.Runtime.CompilerServices.NullableAttribute</c>.
/// </param>
internal sealed record DefinedType(string Namespace, string FullName, bool IsNested, bool IsCompilerGenerated);

/// <summary>One use of a type by a type defined in the scanned assembly.</summary>
/// <param name="SourceType">Full name of the defining type that uses <paramref name="Target"/> (nested types included).</param>
/// <param name="SourceNamespace">The namespace the use is attributed to: the outermost declaring type's namespace.</param>
/// <param name="Site">Where the use is: <c>field _x</c>, <c>method M (signature)</c>, <c>method M (body)</c>, <c>base type</c>, ...</param>
/// <param name="Target">The type used.</param>
internal sealed record TypeReferenceEdge(string SourceType, string SourceNamespace, string Site, ReferencedType Target);

/// <summary>What <see cref="TypeReferenceScanner"/> found in one assembly.</summary>
internal sealed class AssemblyScan
{
    public AssemblyScan(
        string assemblyName,
        IReadOnlyList<DefinedType> types,
        IReadOnlyList<TypeReferenceEdge> references,
        IReadOnlyList<string> unreachedRows)
    {
        AssemblyName = assemblyName;
        Types = types;
        References = references;
        UnreachedRows = unreachedRows;
    }

    /// <summary>The scanned assembly's simple name.</summary>
    public string AssemblyName { get; }

    /// <summary>Every distinct use of a type (source type, site, target), in the order the scan met them.</summary>
    public IReadOnlyList<TypeReferenceEdge> References { get; }

    /// <summary>Every type defined in the assembly, nested and compiler-generated ones included.</summary>
    public IReadOnlyList<DefinedType> Types { get; }

    /// <summary>
    /// Metadata rows that name types (TypeRef, MemberRef, TypeSpec, MethodSpec, StandAloneSig) which the scan never reached
    /// from a defining type or the assembly's own attributes. Empty when the scan saw every type reference the compiler
    /// emitted; anything here is a blind spot of the scanner.
    /// </summary>
    public IReadOnlyList<string> UnreachedRows { get; }
}
