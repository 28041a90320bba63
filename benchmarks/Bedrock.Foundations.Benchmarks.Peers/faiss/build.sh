#!/usr/bin/env bash
# Builds the FAISS shim (faiss_shim.cpp) into bin/native/libbf_faiss.so next to this folder's project output, from
# Debian's libfaiss-dev (FAISS 1.7.3, a static library built for generic x86-64 without AVX2) and the system BLAS.
# Installs libfaiss-dev, OpenBLAS (FAISS's batched flat search is an sgemm: with the reference BLAS it would be a
# strawman) and g++ with apt when they are missing (needs root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../bin/native"
if [[ ! -f /usr/lib/x86_64-linux-gnu/libfaiss.a ]] || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1 || ! command -v g++ >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libfaiss-dev libopenblas0-pthread g++ >/dev/null
fi
mkdir -p "$out"
g++ -std=c++17 -O2 -shared -fPIC "$here/faiss_shim.cpp" -o "$out/libbf_faiss.so" -lfaiss -lblas -llapack -fopenmp
echo "built $out/libbf_faiss.so"
