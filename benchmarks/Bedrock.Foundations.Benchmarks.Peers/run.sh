#!/usr/bin/env bash
# Builds the FAISS shim and Bedrock.Foundations.Peers.sln, cross-checks the peers against ours (results/validation.txt,
# results/validation-attention.txt and results/validation-retrieval.txt), runs every peer
# benchmark class and copies BenchmarkDotNet's GitHub-markdown tables to results/.
#
#   ./run.sh                  all vocabulary sizes, BenchmarkDotNet's default job (what results/ should hold)
#   ./run.sh --quick          V = 128 256 and attention (1, 8, 8, 512, 64) only, --job short (a smoke run)
#   ./run.sh [--quick] ARGS   ARGS go to BenchmarkDotNet, e.g. --filter '*TopPPeer*' or --inProcess
#
# One benchmark process at a time; sampling rows run single-threaded, attention rows at the Threads parameter (1 and
# 2, LibTorch and ours alike). See README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
artifacts="$here/BenchmarkDotNet.Artifacts"
app="$here/bin/Release/net10.0/Bedrock.Foundations.Benchmarks.Peers.dll"

job=()
if [[ "${1:-}" == "--quick" ]]; then
  shift
  export BENCHMARK_CI=1 # BenchmarkData.VocabularySizes: 128 256 only
  job=(--job short)
fi

filter=(--filter '*PeerBenchmarks*')
for arg in "$@"; do
  if [[ "$arg" == "--filter" ]]; then
    filter=()
  fi
done

"$here/faiss/build.sh" # the FAISS shim (installs Debian's libfaiss-dev and OpenBLAS when missing)
dotnet build "$here/Bedrock.Foundations.Peers.sln" -c Release -nologo -v q

mkdir -p "$here/results"
dotnet "$app" --validate | tee "$here/results/validation.txt"
dotnet "$app" --validate-attention | tee "$here/results/validation-attention.txt"
dotnet "$app" --validate-retrieval | tee "$here/results/validation-retrieval.txt"

rm -rf "$artifacts/results"
dotnet "$app" "${filter[@]}" "${job[@]}" --artifacts "$artifacts" "$@"

cp "$artifacts"/results/*-report-github.md "$here/results/"
echo "Tables copied to $here/results/:"
ls -1 "$here/results"
