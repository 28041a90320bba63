using System.Runtime.InteropServices;

namespace Bedrock.Foundations.Benchmarks.Peers.Harness;

/// <summary>
/// A FAISS index (Debian's libfaiss 1.7.3) through our shim <c>bin/native/libbf_faiss.so</c> (built by
/// <c>faiss/build.sh</c>): exact inner product (<c>IndexFlatIP</c>) or HNSW with inner product (<c>IndexHNSWFlat</c>).
/// Vectors are expected normalized, so inner product is cosine similarity, like our cosine indexes.
/// </summary>
public sealed partial class FaissIndex : IDisposable
{
    private const string Library = "bf_faiss";
    private IntPtr _handle;

    static FaissIndex()
    {
        NativeLibrary.SetDllImportResolver(typeof(FaissIndex).Assembly, static (name, assembly, path) =>
        {
            if (name != Library)
            {
                return IntPtr.Zero;
            }

            // faiss/build.sh writes the shim to this project's bin/native/; BenchmarkDotNet runs each benchmark from a
            // project it generates below this project's output, so look in every ancestor folder of the running app.
            for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                string file = Path.Combine(folder.FullName, "bin", "native", "libbf_faiss.so");
                if (File.Exists(file))
                {
                    return NativeLibrary.Load(file);
                }
            }

            throw new DllNotFoundException(
                "The FAISS shim libbf_faiss.so is missing; build it with benchmarks/Bedrock.Foundations.Benchmarks.Peers/faiss/build.sh.");
        });
    }

    private FaissIndex(IntPtr handle, int dimensions)
    {
        _handle = handle;
        Dimensions = dimensions;
    }

    /// <summary>Gets the vector dimension.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the number of vectors added.</summary>
    public long Count => bf_count(Handle);

    /// <summary>Creates an exact inner-product index.</summary>
    public static FaissIndex CreateFlatInnerProduct(int dimensions)
    {
        Check(bf_flat_ip_new(dimensions, out IntPtr handle));
        return new FaissIndex(handle, dimensions);
    }

    /// <summary>Creates an HNSW index over inner product with <paramref name="m"/> links per node.</summary>
    public static FaissIndex CreateHnswInnerProduct(int dimensions, int m, int efConstruction)
    {
        Check(bf_hnsw_ip_new(dimensions, m, efConstruction, out IntPtr handle));
        return new FaissIndex(handle, dimensions);
    }

    /// <summary>Sets the number of OpenMP threads FAISS uses (and OpenBLAS's, when that is the BLAS loaded).</summary>
    public static void SetThreads(int threads) => bf_set_threads(threads);

    /// <summary>Describes the BLAS FAISS calls (OpenBLAS's configuration string, or "reference BLAS").</summary>
    public static string DescribeBlas() => Marshal.PtrToStringUTF8(bf_blas()) ?? "?";

    /// <summary>Sets HNSW's search beam width.</summary>
    public void SetEfSearch(int efSearch) => Check(bf_hnsw_set_ef_search(Handle, efSearch));

    /// <summary>Adds vectors (row-major, a multiple of <see cref="Dimensions"/>); they get ids 0, 1, … in order.</summary>
    public void Add(ReadOnlySpan<float> vectors) => Check(bf_add(Handle, vectors.Length / Dimensions, vectors));

    /// <summary>Searches each query (row-major) for its <paramref name="k"/> best; row i of the outputs is query i's.</summary>
    public void Search(ReadOnlySpan<float> queries, int k, Span<float> scores, Span<long> labels)
    {
        long count = queries.Length / Dimensions;
        if (scores.Length < count * k || labels.Length < count * k)
        {
            throw new ArgumentException("The output spans need room for k results per query.", nameof(scores));
        }

        Check(bf_search(Handle, count, queries, k, scores, labels));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_handle != IntPtr.Zero)
        {
            bf_free(_handle);
            _handle = IntPtr.Zero;
        }
    }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(FaissIndex));

    private static void Check(int status)
    {
        if (status != 0)
        {
            throw new InvalidOperationException("FAISS: " + Marshal.PtrToStringUTF8(bf_last_error()));
        }
    }

    [LibraryImport(Library)]
    private static partial IntPtr bf_last_error();

    [LibraryImport(Library)]
    private static partial IntPtr bf_blas();

    [LibraryImport(Library)]
    private static partial int bf_flat_ip_new(int dimensions, out IntPtr index);

    [LibraryImport(Library)]
    private static partial int bf_hnsw_ip_new(int dimensions, int m, int efConstruction, out IntPtr index);

    [LibraryImport(Library)]
    private static partial int bf_hnsw_set_ef_search(IntPtr index, int efSearch);

    [LibraryImport(Library)]
    private static partial int bf_add(IntPtr index, long count, ReadOnlySpan<float> vectors);

    [LibraryImport(Library)]
    private static partial int bf_search(IntPtr index, long count, ReadOnlySpan<float> queries, long k, Span<float> scores, Span<long> labels);

    [LibraryImport(Library)]
    private static partial long bf_count(IntPtr index);

    [LibraryImport(Library)]
    private static partial void bf_free(IntPtr index);

    [LibraryImport(Library)]
    private static partial void bf_set_threads(int threads);
}
