using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Bedrock.Foundations.Tests.Architecture;

/// <summary>
/// Decodes signatures (fields, methods, locals, type specifications, custom attribute blobs) into the set of named types they
/// mention. A signature like <c>Dictionary&lt;string, List&lt;Amazon.Runtime.AWSCredentials&gt;&gt;[]</c> becomes
/// <c>[Dictionary`2, List`1, AWSCredentials]</c>: arrays, pointers, by-refs, modifiers and generic instantiations are
/// looked through; primitives and generic parameters name no type and decode to nothing.
/// </summary>
/// <remarks>
/// Every TypeRef, TypeSpec it resolves is recorded in the shared <c>reached</c> set, so the scanner can prove that no row of
/// the metadata went unseen.
/// </remarks>
internal sealed class ReferencedTypeProvider :
    ISignatureTypeProvider<ImmutableArray<ReferencedType>, object?>,
    ICustomAttributeTypeProvider<ImmutableArray<ReferencedType>>
{
    /// <summary>Stands in for the assembly of a serialized type name that names none and is not in the scanned assembly.</summary>
    public const string CoreLibrary = "(core library)";

    private static readonly ReferencedType _systemType = new("System", "System.Type", CoreLibrary, IsInScannedAssembly: false);

    private readonly MetadataReader _reader;
    private readonly string _assemblyName;
    private readonly HashSet<EntityHandle> _reached;
    private readonly Dictionary<EntityHandle, ReferencedType> _described = [];
    private readonly Dictionary<string, TypeDefinitionHandle> _definitionsByFullName = new(StringComparer.Ordinal);

    public ReferencedTypeProvider(MetadataReader reader, HashSet<EntityHandle> reached)
    {
        _reader = reader;
        _reached = reached;
        _assemblyName = reader.IsAssembly ? reader.GetString(reader.GetAssemblyDefinition().Name) : reader.GetString(reader.GetModuleDefinition().Name);
        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            _definitionsByFullName[Describe(handle).FullName] = handle;
        }
    }

    /// <summary>The scanned assembly's simple name.</summary>
    public string AssemblyName => _assemblyName;

    /// <summary>Names a type defined in the scanned assembly.</summary>
    public ReferencedType Describe(TypeDefinitionHandle handle)
    {
        if (_described.TryGetValue(handle, out ReferencedType? known))
        {
            return known;
        }

        TypeDefinition definition = _reader.GetTypeDefinition(handle);
        string name = _reader.GetString(definition.Name);
        TypeDefinitionHandle declaring = definition.GetDeclaringType();
        ReferencedType described;
        if (declaring.IsNil)
        {
            string ns = _reader.GetString(definition.Namespace);
            described = new ReferencedType(ns, Join(ns, name), _assemblyName, IsInScannedAssembly: true);
        }
        else
        {
            ReferencedType outer = Describe(declaring);
            described = outer with { FullName = outer.FullName + "+" + name };
        }

        _described[handle] = described;
        return described;
    }

    /// <summary>Names a type reference, following its resolution scope to the assembly (or enclosing type) it lives in.</summary>
    public ReferencedType Describe(TypeReferenceHandle handle)
    {
        _reached.Add(handle);
        if (_described.TryGetValue(handle, out ReferencedType? known))
        {
            return known;
        }

        TypeReference reference = _reader.GetTypeReference(handle);
        string name = _reader.GetString(reference.Name);
        string ns = _reader.GetString(reference.Namespace);
        EntityHandle scope = reference.ResolutionScope;
        ReferencedType described;
        switch (scope.Kind)
        {
            case HandleKind.TypeReference:
                ReferencedType outer = Describe((TypeReferenceHandle)scope);
                described = outer with { FullName = outer.FullName + "+" + name };
                break;
            case HandleKind.AssemblyReference:
                AssemblyReference assembly = _reader.GetAssemblyReference((AssemblyReferenceHandle)scope);
                described = new ReferencedType(ns, Join(ns, name), _reader.GetString(assembly.Name), IsInScannedAssembly: false);
                break;
            case HandleKind.ModuleDefinition:
            case HandleKind.ModuleReference:
                described = new ReferencedType(ns, Join(ns, name), _assemblyName, IsInScannedAssembly: true);
                break;
            default:
                // A nil scope means "look in the ExportedType table" (ECMA-335 II.22.38).
                described = new ReferencedType(ns, Join(ns, name), FindExportingAssembly(ns, name), IsInScannedAssembly: false);
                break;
        }

        _described[handle] = described;
        return described;
    }

    /// <summary>The named types behind a TypeDef, TypeRef or TypeSpec token.</summary>
    public ImmutableArray<ReferencedType> TypesOf(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return [Describe((TypeDefinitionHandle)handle)];
            case HandleKind.TypeReference:
                return [Describe((TypeReferenceHandle)handle)];
            case HandleKind.TypeSpecification:
                _reached.Add(handle);
                return _reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, genericContext: null);
            default:
                throw new BadImageFormatException($"Expected a type token but found a {handle.Kind} token.");
        }
    }

    /// <summary>
    /// The named types in a serialized type name, as custom attributes store <c>typeof(...)</c> arguments and enum types:
    /// <c>System.Collections.Generic.List`1[[Amazon.Runtime.AWSCredentials, AWSSDK.Core]], System.Private.CoreLib</c>.
    /// </summary>
    public ImmutableArray<ReferencedType> GetTypeFromSerializedName(string name)
    {
        if (!TypeName.TryParse(name.AsSpan(), out TypeName? parsed))
        {
            throw new BadImageFormatException($"A custom attribute names the type '{name}', which does not parse as a type name.");
        }

        ImmutableArray<ReferencedType>.Builder types = ImmutableArray.CreateBuilder<ReferencedType>();
        CollectSerialized(parsed, types);
        return types.ToImmutable();
    }

    public ImmutableArray<ReferencedType> GetSystemType() => [_systemType];

    public bool IsSystemType(ImmutableArray<ReferencedType> type) =>
        type.Length == 1 && string.Equals(type[0].FullName, _systemType.FullName, StringComparison.Ordinal);

    public PrimitiveTypeCode GetUnderlyingEnumType(ImmutableArray<ReferencedType> type)
    {
        if (type.Length != 1)
        {
            throw new BadImageFormatException("A custom attribute argument's enum type decoded to more than one type.");
        }

        ReferencedType enumType = type[0];
        if (enumType.IsInScannedAssembly && _definitionsByFullName.TryGetValue(enumType.FullName, out TypeDefinitionHandle handle))
        {
            return ReadEnumUnderlyingType(handle);
        }

        // Enums from other assemblies: the test process has the library's dependencies on its probing path, so the runtime can
        // load them. Without the underlying type the attribute blob cannot be read past this argument.
        string runtimeName = enumType.AssemblyName == CoreLibrary ? enumType.FullName : $"{enumType.FullName}, {enumType.AssemblyName}";
        Type? runtime = Type.GetType(runtimeName, throwOnError: false);
        if (runtime is not { IsEnum: true })
        {
            throw new InvalidOperationException(
                $"A custom attribute takes an argument of enum type {enumType}, which the test process cannot load, so its " +
                "underlying type (and the rest of the attribute blob) is unknown. Reference that assembly from the test project.");
        }

        return ToPrimitive(Type.GetTypeCode(Enum.GetUnderlyingType(runtime)));
    }

    public ImmutableArray<ReferencedType> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

    public ImmutableArray<ReferencedType> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        [Describe(handle)];

    public ImmutableArray<ReferencedType> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        [Describe(handle)];

    public ImmutableArray<ReferencedType> GetTypeFromSpecification(
        MetadataReader reader,
        object? genericContext,
        TypeSpecificationHandle handle,
        byte rawTypeKind) => TypesOf(handle);

    public ImmutableArray<ReferencedType> GetSZArrayType(ImmutableArray<ReferencedType> elementType) => elementType;

    public ImmutableArray<ReferencedType> GetArrayType(ImmutableArray<ReferencedType> elementType, ArrayShape shape) => elementType;

    public ImmutableArray<ReferencedType> GetByReferenceType(ImmutableArray<ReferencedType> elementType) => elementType;

    public ImmutableArray<ReferencedType> GetPointerType(ImmutableArray<ReferencedType> elementType) => elementType;

    public ImmutableArray<ReferencedType> GetPinnedType(ImmutableArray<ReferencedType> elementType) => elementType;

    public ImmutableArray<ReferencedType> GetGenericInstantiation(
        ImmutableArray<ReferencedType> genericType,
        ImmutableArray<ImmutableArray<ReferencedType>> typeArguments)
    {
        ImmutableArray<ReferencedType>.Builder types = ImmutableArray.CreateBuilder<ReferencedType>();
        types.AddRange(genericType);
        foreach (ImmutableArray<ReferencedType> argument in typeArguments)
        {
            types.AddRange(argument);
        }

        return types.ToImmutable();
    }

    public ImmutableArray<ReferencedType> GetGenericMethodParameter(object? genericContext, int index) => [];

    public ImmutableArray<ReferencedType> GetGenericTypeParameter(object? genericContext, int index) => [];

    public ImmutableArray<ReferencedType> GetModifiedType(
        ImmutableArray<ReferencedType> modifier,
        ImmutableArray<ReferencedType> unmodifiedType,
        bool isRequired) => unmodifiedType.AddRange(modifier);

    public ImmutableArray<ReferencedType> GetFunctionPointerType(MethodSignature<ImmutableArray<ReferencedType>> signature)
    {
        ImmutableArray<ReferencedType>.Builder types = ImmutableArray.CreateBuilder<ReferencedType>();
        types.AddRange(signature.ReturnType);
        foreach (ImmutableArray<ReferencedType> parameter in signature.ParameterTypes)
        {
            types.AddRange(parameter);
        }

        return types.ToImmutable();
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

    private static PrimitiveTypeCode ToPrimitive(TypeCode code) => code switch
    {
        TypeCode.Boolean => PrimitiveTypeCode.Boolean,
        TypeCode.Char => PrimitiveTypeCode.Char,
        TypeCode.SByte => PrimitiveTypeCode.SByte,
        TypeCode.Byte => PrimitiveTypeCode.Byte,
        TypeCode.Int16 => PrimitiveTypeCode.Int16,
        TypeCode.UInt16 => PrimitiveTypeCode.UInt16,
        TypeCode.Int32 => PrimitiveTypeCode.Int32,
        TypeCode.UInt32 => PrimitiveTypeCode.UInt32,
        TypeCode.Int64 => PrimitiveTypeCode.Int64,
        TypeCode.UInt64 => PrimitiveTypeCode.UInt64,
        _ => throw new BadImageFormatException($"An enum's underlying type cannot be {code}."),
    };

    private PrimitiveTypeCode ReadEnumUnderlyingType(TypeDefinitionHandle handle)
    {
        // An enum has exactly one instance field, value__, whose type is the underlying primitive (ECMA-335 II.14.3).
        foreach (FieldDefinitionHandle fieldHandle in _reader.GetTypeDefinition(handle).GetFields())
        {
            FieldDefinition field = _reader.GetFieldDefinition(fieldHandle);
            if ((field.Attributes & System.Reflection.FieldAttributes.Static) != 0)
            {
                continue;
            }

            BlobReader signature = _reader.GetBlobReader(field.Signature);
            _ = signature.ReadSignatureHeader();
            return (PrimitiveTypeCode)signature.ReadSignatureTypeCode();
        }

        throw new BadImageFormatException($"{Describe(handle)} is used as an enum but has no instance field.");
    }

    private void CollectSerialized(TypeName name, ImmutableArray<ReferencedType>.Builder types)
    {
        if (name.IsArray || name.IsPointer || name.IsByRef)
        {
            CollectSerialized(name.GetElementType(), types);
            return;
        }

        if (name.IsConstructedGenericType)
        {
            CollectSerialized(name.GetGenericTypeDefinition(), types);
            foreach (TypeName argument in name.GetGenericArguments())
            {
                CollectSerialized(argument, types);
            }

            return;
        }

        TypeName outermost = name;
        while (outermost.IsNested)
        {
            outermost = outermost.DeclaringType;
        }

        string? assembly = name.AssemblyName?.Name ?? outermost.AssemblyName?.Name;
        bool inScanned = assembly is null
            ? _definitionsByFullName.ContainsKey(name.FullName)
            : string.Equals(assembly, _assemblyName, StringComparison.Ordinal);

        // A name without an assembly means "this assembly, else the core library" (ECMA-335 II.23.3).
        assembly ??= inScanned ? _assemblyName : CoreLibrary;
        types.Add(new ReferencedType(outermost.Namespace, name.FullName, assembly, inScanned));
    }

    private string FindExportingAssembly(string ns, string name)
    {
        foreach (ExportedTypeHandle handle in _reader.ExportedTypes)
        {
            ExportedType exported = _reader.GetExportedType(handle);
            if (_reader.StringComparer.Equals(exported.Name, name) &&
                _reader.StringComparer.Equals(exported.Namespace, ns) &&
                exported.Implementation.Kind == HandleKind.AssemblyReference)
            {
                return _reader.GetString(_reader.GetAssemblyReference((AssemblyReferenceHandle)exported.Implementation).Name);
            }
        }

        return "(unresolved)";
    }
}
