using System.Runtime.InteropServices;
using LLama.Native;
using TorchSharp;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>
/// Loads and configures the two native peers once per process: llama.cpp through LLamaSharp.Backend.Cpu (the loader
/// picks the AVX-512, AVX2, AVX or no-AVX build for this CPU) and LibTorch through TorchSharp-cpu, limited to one
/// intra-op and one inter-op thread so every row of a table is single-threaded.
/// </summary>
/// <remarks>Not thread-safe; call from the benchmark's setup (or the validation), before any other use of either library.</remarks>
public static class PeerRuntime
{
    private static bool s_llamaReady;
    private static bool s_torchReady;

    /// <summary>Configures llama.cpp's native loader (logs at warning level and above go to stderr) and loads it.</summary>
    public static void EnsureLlama()
    {
        if (s_llamaReady)
        {
            return;
        }

        NativeLibraryConfig.All.WithLogCallback(static (level, message) =>
        {
            if (level >= LLamaLogLevel.Warning)
            {
                Console.Error.Write($"[llama.cpp {level}] {message}");
            }
        });

        // NativeApi's static constructor installs LLamaSharp's DllImport resolver (which picks the CPU variant) and
        // this no-op native call loads the library. Types with their own P/Invokes, such as LLamaSamplerChainParams,
        // only resolve "llama" once that has happened.
        NativeApi.llama_empty_call();

        s_llamaReady = true;
    }

    /// <summary>Loads LibTorch and limits it to one thread.</summary>
    public static void EnsureTorch()
    {
        if (s_torchReady)
        {
            return;
        }

        torch.set_num_threads(1);
        torch.set_num_interop_threads(1);
        s_torchReady = true;
    }

    /// <summary>
    /// One line per peer saying which native build was loaded, from the loader and from /proc/self/maps (paths relative
    /// to the application directory).
    /// </summary>
    public static string Describe()
    {
        EnsureLlama();
        EnsureTorch();
        var metadata = NativeApi.GetLoadedNativeLibrary(NativeLibraryName.LLama)?.Metadata;
        return $"llama.cpp: {metadata?.ToString() ?? "unknown"} from {MappedPath("libllama.so")}{Environment.NewLine}"
            + $"LibTorch: {torch.get_num_threads()} intra-op thread(s), {MappedPath("libLibTorchSharp.so")} + {MappedPath("libtorch_cpu.so")}";
    }

    private static string MappedPath(string fileName)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return fileName;
        }

        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.EndsWith("/" + fileName, StringComparison.Ordinal))
            {
                return Path.GetRelativePath(AppContext.BaseDirectory, line[slash..]);
            }
        }

        return fileName + " (not mapped)";
    }
}
