using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Bedrock.Foundations.Tests.Architecture;

/// <summary>
/// Reads an assembly file's metadata (without loading it) and lists, for every type it defines, every type that type uses:
/// base type and interfaces, generic constraints, field, method, property and event signatures, custom attributes (their
/// constructors and <c>typeof</c> arguments), explicit interface implementations, and method bodies — locals, catch clauses
/// and every token the IL names (calls, field accesses, <c>newobj</c>, casts, <c>ldtoken</c>, ...). Generic instantiations
/// are opened through their TypeSpec and MethodSpec signatures. Type references resolve through their resolution scope to
/// the assembly reference they name.
/// </summary>
/// <remarks>
/// Uses inside a nested type (lambdas' closure classes, iterator state machines, <c>&lt;&gt;c</c>) are attributed to the
/// namespace of the outermost declaring type, so compiler-generated code counts against the namespace whose source produced
/// it. Uses of types in the same assembly are reported too: that is how namespace-to-namespace edges are found.
/// </remarks>
internal sealed class TypeReferenceScanner
{
    private const string AssemblyAttributesSource = "(assembly and module attributes)";

    private static readonly OperandType?[] _oneByteOperands = BuildOperandTable(twoByte: false);
    private static readonly OperandType?[] _twoByteOperands = BuildOperandTable(twoByte: true);

    private readonly PEReader _peReader;
    private readonly MetadataReader _reader;
    private readonly ReferencedTypeProvider _types;
    private readonly HashSet<EntityHandle> _reached = [];
    private readonly HashSet<TypeReferenceEdge> _seen = [];
    private readonly List<TypeReferenceEdge> _edges = [];
    private string _sourceType = "";
    private string _sourceNamespace = "";
    private string _site = "";

    private TypeReferenceScanner(PEReader peReader)
    {
        _peReader = peReader;
        _reader = peReader.GetMetadataReader();
        _types = new ReferencedTypeProvider(_reader, _reached);
    }

    /// <summary>Scans the assembly file at <paramref name="assemblyPath"/>.</summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly, or its metadata is malformed.</exception>
    public static AssemblyScan Scan(string assemblyPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyPath);
        using FileStream stream = File.OpenRead(assemblyPath);
        using var peReader = new PEReader(stream);
        if (!peReader.HasMetadata)
        {
            throw new BadImageFormatException($"{assemblyPath} has no .NET metadata.", assemblyPath);
        }

        return new TypeReferenceScanner(peReader).Run();
    }

    private static OperandType?[] BuildOperandTable(bool twoByte)
    {
        // The IL opcode set, from the BCL's own table: OpCodes has one static field per opcode with its encoding and operand.
        var table = new OperandType?[256];
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode opCode && (opCode.Size == 2) == twoByte)
            {
                table[(ushort)opCode.Value & 0xFF] = opCode.OperandType;
            }
        }

        return table;
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineString or OperandType.ShortInlineR => 4,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => throw new BadImageFormatException($"Unexpected IL operand type {operand}."),
    };

    private AssemblyScan Run()
    {
        var types = new List<DefinedType>();
        foreach (TypeDefinitionHandle handle in _reader.TypeDefinitions)
        {
            ReferencedType described = _types.Describe(handle);
            TypeDefinition definition = _reader.GetTypeDefinition(handle);
            bool isNested = !definition.GetDeclaringType().IsNil;
            types.Add(new DefinedType(described.Namespace, described.FullName, isNested, IsCompilerGenerated(definition)));
            ScanType(definition, described);
        }

        _sourceType = AssemblyAttributesSource;
        _sourceNamespace = "";
        At("assembly attributes");
        if (_reader.IsAssembly)
        {
            VisitAttributes(_reader.GetAssemblyDefinition().GetCustomAttributes());
        }

        VisitAttributes(_reader.GetModuleDefinition().GetCustomAttributes());
        VisitDeclarativeSecurity();

        return new AssemblyScan(_types.AssemblyName, types, _edges, FindUnreachedRows());
    }

    /// <summary>
    /// A DeclSecurity row (such as the <c>[assembly: SecurityPermission(SkipVerification = true)]</c> the compiler adds to
    /// an assembly with unsafe code) names its permission attribute types as strings in a blob, yet the compiler still
    /// emits a TypeRef for each and a MemberRef for its constructor: visit those constructors (and so their types).
    /// </summary>
    private void VisitDeclarativeSecurity()
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (DeclarativeSecurityAttributeHandle handle in _reader.DeclarativeSecurityAttributes)
        {
            BlobReader blob = _reader.GetBlobReader(_reader.GetDeclarativeSecurityAttribute(handle).PermissionSet);
            if (blob.ReadByte() != (byte)'.')
            {
                continue; // the old XML permission-set format names no types
            }

            int count = blob.ReadCompressedInteger();
            for (int i = 0; i < count; i++)
            {
                string typeName = blob.ReadSerializedString() ?? "";
                named.Add(typeName.Split(',')[0].Trim());
                int length = blob.ReadCompressedInteger();
                blob.Offset += length;
            }
        }

        foreach (MemberReferenceHandle handle in _reader.MemberReferences)
        {
            MemberReference member = _reader.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference
                && named.Contains(_types.Describe((TypeReferenceHandle)member.Parent).FullName))
            {
                VisitMember(handle);
            }
        }
    }

    private void ScanType(TypeDefinition definition, ReferencedType described)
    {
        _sourceType = described.FullName;
        _sourceNamespace = described.Namespace;

        At("type attributes");
        VisitAttributes(definition.GetCustomAttributes());

        At("base type");
        if (!definition.BaseType.IsNil)
        {
            AddTypes(_types.TypesOf(definition.BaseType));
        }

        At("interface list");
        foreach (InterfaceImplementationHandle handle in definition.GetInterfaceImplementations())
        {
            InterfaceImplementation implementation = _reader.GetInterfaceImplementation(handle);
            AddTypes(_types.TypesOf(implementation.Interface));
            VisitAttributes(implementation.GetCustomAttributes());
        }

        At("generic parameters");
        VisitGenericParameters(definition.GetGenericParameters());

        At("explicit interface implementations");
        foreach (MethodImplementationHandle handle in definition.GetMethodImplementations())
        {
            MethodImplementation implementation = _reader.GetMethodImplementation(handle);
            VisitMember(implementation.MethodBody);
            VisitMember(implementation.MethodDeclaration);
            VisitAttributes(implementation.GetCustomAttributes());
        }

        foreach (FieldDefinitionHandle handle in definition.GetFields())
        {
            FieldDefinition field = _reader.GetFieldDefinition(handle);
            At($"field {_reader.GetString(field.Name)}");
            AddTypes(field.DecodeSignature(_types, genericContext: null));
            VisitAttributes(field.GetCustomAttributes());
        }

        foreach (MethodDefinitionHandle handle in definition.GetMethods())
        {
            ScanMethod(_reader.GetMethodDefinition(handle));
        }

        foreach (PropertyDefinitionHandle handle in definition.GetProperties())
        {
            PropertyDefinition property = _reader.GetPropertyDefinition(handle);
            At($"property {_reader.GetString(property.Name)}");
            AddTypes(property.DecodeSignature(_types, genericContext: null));
            VisitAttributes(property.GetCustomAttributes());
        }

        foreach (EventDefinitionHandle handle in definition.GetEvents())
        {
            EventDefinition @event = _reader.GetEventDefinition(handle);
            At($"event {_reader.GetString(@event.Name)}");
            AddTypes(_types.TypesOf(@event.Type));
            VisitAttributes(@event.GetCustomAttributes());
        }
    }

    private void ScanMethod(MethodDefinition method)
    {
        string name = _reader.GetString(method.Name);
        At($"method {name} (signature)");
        AddTypes(method.DecodeSignature(_types, genericContext: null));
        VisitAttributes(method.GetCustomAttributes());
        foreach (ParameterHandle handle in method.GetParameters())
        {
            VisitAttributes(_reader.GetParameter(handle).GetCustomAttributes());
        }

        VisitGenericParameters(method.GetGenericParameters());

        if (method.RelativeVirtualAddress != 0)
        {
            At($"method {name} (body)");
            ScanBody(_peReader.GetMethodBody(method.RelativeVirtualAddress));
        }
    }

    private void ScanBody(MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            VisitMember(body.LocalSignature);
        }

        foreach (ExceptionRegion region in body.ExceptionRegions)
        {
            if (!region.CatchType.IsNil)
            {
                AddTypes(_types.TypesOf(region.CatchType));
            }
        }

        BlobReader il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            byte first = il.ReadByte();
            OperandType? operand = first == 0xFE ? _twoByteOperands[il.ReadByte()] : _oneByteOperands[first];
            switch (operand)
            {
                case null:
                    throw new BadImageFormatException($"Unknown IL opcode in a method of {_sourceType} at offset {il.Offset - 1}.");
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok
                    or OperandType.InlineType or OperandType.InlineSig:
                    VisitMember(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += OperandSize(operand.Value);
                    break;
            }
        }
    }

    /// <summary>Records the types behind any token a signature, attribute or IL instruction can name.</summary>
    private void VisitMember(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
            case HandleKind.TypeReference:
            case HandleKind.TypeSpecification:
                AddTypes(_types.TypesOf(handle));
                break;
            case HandleKind.MethodDefinition:
                AddTypes([_types.Describe(_reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType())]);
                break;
            case HandleKind.FieldDefinition:
                AddTypes([_types.Describe(_reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType())]);
                break;
            case HandleKind.MemberReference:
                _reached.Add(handle);
                MemberReference member = _reader.GetMemberReference((MemberReferenceHandle)handle);
                if (member.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification
                    or HandleKind.MethodDefinition)
                {
                    VisitMember(member.Parent);
                }

                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    AddTypes(member.DecodeMethodSignature(_types, genericContext: null));
                }
                else
                {
                    AddTypes(member.DecodeFieldSignature(_types, genericContext: null));
                }

                break;
            case HandleKind.MethodSpecification:
                _reached.Add(handle);
                MethodSpecification specification = _reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                VisitMember(specification.Method);
                foreach (ImmutableArray<ReferencedType> argument in specification.DecodeSignature(_types, genericContext: null))
                {
                    AddTypes(argument);
                }

                break;
            case HandleKind.StandaloneSignature:
                _reached.Add(handle);
                StandaloneSignature signature = _reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (signature.GetKind() == StandaloneSignatureKind.Method)
                {
                    AddTypes(signature.DecodeMethodSignature(_types, genericContext: null));
                }
                else
                {
                    foreach (ImmutableArray<ReferencedType> local in signature.DecodeLocalSignature(_types, genericContext: null))
                    {
                        AddTypes(local);
                    }
                }

                break;
            default:
                throw new BadImageFormatException($"Unexpected {handle.Kind} token in {_sourceType} ({_site}).");
        }
    }

    private void VisitGenericParameters(GenericParameterHandleCollection parameters)
    {
        foreach (GenericParameterHandle handle in parameters)
        {
            GenericParameter parameter = _reader.GetGenericParameter(handle);
            VisitAttributes(parameter.GetCustomAttributes());
            foreach (GenericParameterConstraintHandle constraintHandle in parameter.GetConstraints())
            {
                GenericParameterConstraint constraint = _reader.GetGenericParameterConstraint(constraintHandle);
                AddTypes(_types.TypesOf(constraint.Type));
                VisitAttributes(constraint.GetCustomAttributes());
            }
        }
    }

    private void VisitAttributes(CustomAttributeHandleCollection attributes)
    {
        foreach (CustomAttributeHandle handle in attributes)
        {
            CustomAttribute attribute = _reader.GetCustomAttribute(handle);
            VisitMember(attribute.Constructor);
            CustomAttributeValue<ImmutableArray<ReferencedType>> value = attribute.DecodeValue(_types);
            foreach (CustomAttributeTypedArgument<ImmutableArray<ReferencedType>> argument in value.FixedArguments)
            {
                VisitAttributeArgument(argument.Type, argument.Value);
            }

            foreach (CustomAttributeNamedArgument<ImmutableArray<ReferencedType>> argument in value.NamedArguments)
            {
                VisitAttributeArgument(argument.Type, argument.Value);
            }
        }
    }

    private void VisitAttributeArgument(ImmutableArray<ReferencedType> type, object? value)
    {
        AddTypes(type);
        if (value is ImmutableArray<CustomAttributeTypedArgument<ImmutableArray<ReferencedType>>> elements)
        {
            foreach (CustomAttributeTypedArgument<ImmutableArray<ReferencedType>> element in elements)
            {
                VisitAttributeArgument(element.Type, element.Value);
            }
        }
        else if (value is string typeName && _types.IsSystemType(type))
        {
            // typeof(X) is stored as X's serialized name, not as a token.
            AddTypes(_types.GetTypeFromSerializedName(typeName));
        }
    }

    private bool IsCompilerGenerated(TypeDefinition definition)
    {
        if (_reader.GetString(definition.Name).StartsWith('<'))
        {
            return true;
        }

        foreach (CustomAttributeHandle handle in definition.GetCustomAttributes())
        {
            string attributeType = AttributeTypeName(_reader.GetCustomAttribute(handle));
            if (attributeType is "System.Runtime.CompilerServices.CompilerGeneratedAttribute" or "Microsoft.CodeAnalysis.EmbeddedAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private string AttributeTypeName(CustomAttribute attribute)
    {
        EntityHandle constructor = attribute.Constructor;
        if (constructor.Kind == HandleKind.MethodDefinition)
        {
            return _types.Describe(_reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType()).FullName;
        }

        EntityHandle parent = _reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
        return parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification
            ? _types.TypesOf(parent)[0].FullName
            : "";
    }

    private List<string> FindUnreachedRows()
    {
        var unreached = new List<string>();
        foreach (TypeReferenceHandle handle in _reader.TypeReferences)
        {
            if (!_reached.Contains(handle))
            {
                unreached.Add($"TypeRef {_types.Describe(handle)}");
            }
        }

        foreach (MemberReferenceHandle handle in _reader.MemberReferences)
        {
            if (!_reached.Contains(handle))
            {
                unreached.Add($"MemberRef {_reader.GetString(_reader.GetMemberReference(handle).Name)} (row {MetadataTokens.GetRowNumber(handle)})");
            }
        }

        AddUnreached(unreached, TableIndex.TypeSpec, row => MetadataTokens.TypeSpecificationHandle(row), "TypeSpec");
        AddUnreached(unreached, TableIndex.MethodSpec, row => MetadataTokens.MethodSpecificationHandle(row), "MethodSpec");
        AddUnreached(unreached, TableIndex.StandAloneSig, row => MetadataTokens.StandaloneSignatureHandle(row), "StandAloneSig");
        return unreached;
    }

    private void AddUnreached(List<string> unreached, TableIndex table, Func<int, EntityHandle> handleOfRow, string tableName)
    {
        int rows = _reader.GetTableRowCount(table);
        for (int row = 1; row <= rows; row++)
        {
            if (!_reached.Contains(handleOfRow(row)))
            {
                unreached.Add($"{tableName} row {row}");
            }
        }
    }

    private void At(string site) => _site = site;

    private void AddTypes(MethodSignature<ImmutableArray<ReferencedType>> signature)
    {
        AddTypes(signature.ReturnType);
        foreach (ImmutableArray<ReferencedType> parameter in signature.ParameterTypes)
        {
            AddTypes(parameter);
        }
    }

    private void AddTypes(ImmutableArray<ReferencedType> targets)
    {
        foreach (ReferencedType target in targets)
        {
            var edge = new TypeReferenceEdge(_sourceType, _sourceNamespace, _site, target);
            if (_seen.Add(edge))
            {
                _edges.Add(edge);
            }
        }
    }
}
