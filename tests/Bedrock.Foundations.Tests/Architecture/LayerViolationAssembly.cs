using System.Reflection;
using System.Reflection.Emit;

namespace Bedrock.Foundations.Tests.Architecture;

/// <summary>
/// Emits, with <see cref="PersistedAssemblyBuilder"/>, a small assembly that breaks DESIGN.md §1 on purpose (and keeps some
/// of it), so the tests can show the checker fails on it. Types from AWSSDK.Core, Microsoft.Extensions.* are stood in for by
/// types of the same names in emitted assemblies of the same names, which are never saved: the bad assembly only needs
/// TypeRefs that name them.
/// </summary>
/// <remarks>
/// <code>
/// Sampling.LeakyKernel          field _retriever : Retrieval.Retriever        math → composition           (flagged)
///                               field _meters    : Telemetry.Meters           math → Telemetry             (flagged)
///                               field _logger    : ILogger                    math → logging               (flagged)
///                               method Load body : call File.ReadAllBytes     math → file I/O              (flagged)
/// Sampling.LeakyKernel+Scratch  field _http      : HttpClient                 math → network, nested       (flagged)
/// Attention.CredentialedAttention field _credentials : AWSCredentials         not Aws → AWS SDK            (flagged)
///                               method Attach : IChatClient                   math → M.E.AI                (flagged)
/// Retrieval.Retriever           method Route body: newobj Router::.ctor       sibling, body only           (flagged)
///                               method Configure body: call AddBedrock...     composition → DI layer       (flagged)
///                               method Rerank(LeakyKernel)                    composition → math           (allowed)
///                               field _meters    : Telemetry.Meters           composition → Telemetry      (allowed)
/// Safety.ContentFilter          method Register(IServiceCollection)           not DI → DI container        (flagged)
/// Telemetry.Meters              field _router    : Routing.Router             Telemetry → composition      (flagged)
/// Aws.BedrockWireClient         field _credentials : AWSCredentials           Aws → AWS SDK                (allowed)
/// Microsoft.Extensions.DependencyInjection.BedrockFoundationsServiceCollectionExtensions
///                               AddBedrockFoundations(IServiceCollection, Retriever, Router)   DI → all    (allowed)
/// Misc.Helper                   (a namespace in no layer)                                              (flagged)
/// </code>
/// </remarks>
internal static class LayerViolationAssembly
{
    public const string AssemblyName = "Bedrock.Foundations.LayerViolations";

    public const string LeakyKernel = "Bedrock.Foundations.Sampling.LeakyKernel";
    public const string Scratch = LeakyKernel + "+Scratch";
    public const string CredentialedAttention = "Bedrock.Foundations.Attention.CredentialedAttention";
    public const string Retriever = "Bedrock.Foundations.Retrieval.Retriever";
    public const string Router = "Bedrock.Foundations.Routing.Router";
    public const string ContentFilter = "Bedrock.Foundations.Safety.ContentFilter";
    public const string Meters = "Bedrock.Foundations.Telemetry.Meters";
    public const string BedrockWireClient = "Bedrock.Foundations.Aws.BedrockWireClient";
    public const string ServiceCollectionExtensions = "Microsoft.Extensions.DependencyInjection.BedrockFoundationsServiceCollectionExtensions";
    public const string Helper = "Bedrock.Foundations.Misc.Helper";

    public const string AwsCredentials = "Amazon.Runtime.AWSCredentials";
    public const string ServiceCollection = "Microsoft.Extensions.DependencyInjection.IServiceCollection";
    public const string Logger = "Microsoft.Extensions.Logging.ILogger";
    public const string ChatClient = "Microsoft.Extensions.AI.IChatClient";

    private const TypeAttributes PublicClass = TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Sealed;
    private const TypeAttributes PublicInterface = TypeAttributes.Public | TypeAttributes.Interface | TypeAttributes.Abstract;
    private const MethodAttributes PublicStatic = MethodAttributes.Public | MethodAttributes.Static;

    /// <summary>Writes the assembly to <paramref name="path"/>.</summary>
    public static void Save(string path)
    {
        Assembly coreLibrary = typeof(object).Assembly;
        Type awsCredentials = DefineExternalType(coreLibrary, "AWSSDK.Core", AwsCredentials, PublicClass);
        Type serviceCollection = DefineExternalType(coreLibrary, "Microsoft.Extensions.DependencyInjection.Abstractions", ServiceCollection, PublicInterface);
        Type logger = DefineExternalType(coreLibrary, "Microsoft.Extensions.Logging.Abstractions", Logger, PublicInterface);
        Type chatClient = DefineExternalType(coreLibrary, "Microsoft.Extensions.AI.Abstractions", ChatClient, PublicInterface);

        var assembly = new PersistedAssemblyBuilder(new AssemblyName(AssemblyName), coreLibrary);
        ModuleBuilder module = assembly.DefineDynamicModule(AssemblyName);

        TypeBuilder router = module.DefineType(Router, PublicClass);
        ConstructorBuilder routerConstructor = router.DefineDefaultConstructor(MethodAttributes.Public);

        TypeBuilder meters = module.DefineType(Meters, PublicClass);
        meters.DefineField("_router", router, FieldAttributes.Private);

        TypeBuilder leakyKernel = module.DefineType(LeakyKernel, PublicClass);
        TypeBuilder scratch = leakyKernel.DefineNestedType("Scratch", TypeAttributes.NestedPrivate | TypeAttributes.Sealed);
        scratch.DefineField("_http", typeof(HttpClient), FieldAttributes.Private);

        TypeBuilder retriever = module.DefineType(Retriever, PublicClass);
        retriever.DefineField("_meters", meters, FieldAttributes.Private);
        DefineEmptyMethod(retriever, "Rerank", MethodAttributes.Public, typeof(void), [leakyKernel]);

        // Reaches Routing only from IL: newobj names Router's constructor by MethodDef token, no signature mentions Router.
        ILGenerator route = retriever.DefineMethod("Route", PublicStatic, typeof(void), Type.EmptyTypes).GetILGenerator();
        route.Emit(OpCodes.Newobj, routerConstructor);
        route.Emit(OpCodes.Pop);
        route.Emit(OpCodes.Ret);

        TypeBuilder extensions = module.DefineType(
            ServiceCollectionExtensions,
            TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Abstract | TypeAttributes.Sealed);
        MethodBuilder addBedrockFoundations = extensions.DefineMethod(
            "AddBedrockFoundations", PublicStatic, serviceCollection, [serviceCollection, retriever, router]);
        ILGenerator add = addBedrockFoundations.GetILGenerator();
        add.Emit(OpCodes.Ldarg_0);
        add.Emit(OpCodes.Ret);

        ILGenerator configure = retriever.DefineMethod("Configure", PublicStatic, typeof(void), Type.EmptyTypes).GetILGenerator();
        configure.Emit(OpCodes.Ldnull);
        configure.Emit(OpCodes.Ldnull);
        configure.Emit(OpCodes.Ldnull);
        configure.Emit(OpCodes.Call, addBedrockFoundations);
        configure.Emit(OpCodes.Pop);
        configure.Emit(OpCodes.Ret);

        leakyKernel.DefineField("_retriever", retriever, FieldAttributes.Private);
        leakyKernel.DefineField("_meters", meters, FieldAttributes.Private);
        leakyKernel.DefineField("_logger", logger, FieldAttributes.Private);
        MethodInfo readAllBytes = typeof(File).GetMethod(nameof(File.ReadAllBytes), [typeof(string)])
            ?? throw new InvalidOperationException("File.ReadAllBytes(string) not found.");
        ILGenerator load = leakyKernel.DefineMethod("Load", PublicStatic, typeof(void), [typeof(string)]).GetILGenerator();
        load.Emit(OpCodes.Ldarg_0);
        load.Emit(OpCodes.Call, readAllBytes);
        load.Emit(OpCodes.Pop);
        load.Emit(OpCodes.Ret);

        TypeBuilder credentialedAttention = module.DefineType(CredentialedAttention, PublicClass);
        credentialedAttention.DefineField("_credentials", awsCredentials, FieldAttributes.Private);
        DefineEmptyMethod(credentialedAttention, "Attach", PublicStatic, chatClient, Type.EmptyTypes);

        TypeBuilder contentFilter = module.DefineType(ContentFilter, PublicClass);
        DefineEmptyMethod(contentFilter, "Register", PublicStatic, typeof(void), [serviceCollection]);

        TypeBuilder wireClient = module.DefineType(BedrockWireClient, PublicClass);
        wireClient.DefineField("_credentials", awsCredentials, FieldAttributes.Private);

        TypeBuilder helper = module.DefineType(Helper, PublicClass);

        foreach (TypeBuilder type in new[] { router, meters, scratch, leakyKernel, retriever, extensions, credentialedAttention, contentFilter, wireClient, helper })
        {
            type.CreateType();
        }

        assembly.Save(path);
    }

    private static Type DefineExternalType(Assembly coreLibrary, string assemblyName, string fullName, TypeAttributes attributes)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(assemblyName), coreLibrary);
        TypeBuilder type = assembly.DefineDynamicModule(assemblyName).DefineType(fullName, attributes);
        return type.CreateType();
    }

    /// <summary>A method whose body returns null or nothing: only its signature matters.</summary>
    private static void DefineEmptyMethod(TypeBuilder type, string name, MethodAttributes attributes, Type returnType, Type[] parameters)
    {
        ILGenerator il = type.DefineMethod(name, attributes, returnType, parameters).GetILGenerator();
        if (returnType != typeof(void))
        {
            il.Emit(OpCodes.Ldnull);
        }

        il.Emit(OpCodes.Ret);
    }
}
