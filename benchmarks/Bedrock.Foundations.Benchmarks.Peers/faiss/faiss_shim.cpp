// A small C ABI over Debian's libfaiss (1.7.3, static) for the retrieval peer benchmarks: an exact inner-product
// index (IndexFlatIP) and HNSW (IndexHNSWFlat, inner product), add, search, thread count. Built by build.sh into
// bin/native/libbf_faiss.so; called from Harness/FaissIndex.cs. Every entry point returns 0 on success and -1 on a
// C++ exception, whose message bf_last_error() then returns.
#include <faiss/IndexFlat.h>
#include <faiss/IndexHNSW.h>
#include <dlfcn.h>
#include <omp.h>

#include <cstdint>
#include <exception>
#include <string>

namespace {
thread_local std::string last_error;

template <typename F>
int guarded(F f) {
    try {
        f();
        return 0;
    } catch (const std::exception& e) {
        last_error = e.what();
        return -1;
    } catch (...) {
        last_error = "unknown C++ exception";
        return -1;
    }
}
}  // namespace

extern "C" {

const char* bf_last_error() { return last_error.c_str(); }

int bf_flat_ip_new(int dimensions, faiss::Index** index) {
    return guarded([&] { *index = new faiss::IndexFlatIP(dimensions); });
}

int bf_hnsw_ip_new(int dimensions, int m, int ef_construction, faiss::Index** index) {
    return guarded([&] {
        auto* hnsw = new faiss::IndexHNSWFlat(dimensions, m, faiss::METRIC_INNER_PRODUCT);
        hnsw->hnsw.efConstruction = ef_construction;
        *index = hnsw;
    });
}

int bf_hnsw_set_ef_search(faiss::Index* index, int ef_search) {
    return guarded([&] {
        auto* hnsw = dynamic_cast<faiss::IndexHNSW*>(index);
        if (hnsw == nullptr) throw std::invalid_argument("not an HNSW index");
        hnsw->hnsw.efSearch = ef_search;
    });
}

int bf_add(faiss::Index* index, int64_t count, const float* vectors) {
    return guarded([&] { index->add(count, vectors); });
}

int bf_search(faiss::Index* index, int64_t count, const float* queries, int64_t k, float* scores, int64_t* labels) {
    return guarded([&] { index->search(count, queries, k, scores, labels); });
}

int64_t bf_count(faiss::Index* index) { return index->ntotal; }

void bf_free(faiss::Index* index) { delete index; }

// FAISS's own loops run on OpenMP; its batched flat search calls sgemm, which has OpenBLAS's thread pool: set both.
void bf_set_threads(int threads) {
    omp_set_num_threads(threads);
    using SetThreads = void (*)(int);
    if (auto set_blas = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set_blas(threads);
}

// The BLAS in use: OpenBLAS's configuration string, or "reference BLAS" when another libblas is loaded.
const char* bf_blas() {
    using GetConfig = char* (*)();
    auto get = reinterpret_cast<GetConfig>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
    return get != nullptr ? get() : "reference BLAS";
}

int bf_max_threads() { return omp_get_max_threads(); }
}
