#!/usr/bin/env bash
# Appends every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to PublicAPI.Unshipped.txt.
# Review the diff before committing: the files are the record of what the package promises.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/; do
  name=$(basename "$project")
  unshipped="$project/PublicAPI.Unshipped.txt"
  [ -f "$unshipped" ] || continue
  dotnet build "$project" -c Release --no-incremental -p:TreatWarningsAsErrors=false 2>&1 \
    | grep 'RS0016' | grep -F "/$name/$name.csproj]" | sed -n "s/.*Symbol '\(.*\)' is not part of the declared public API.*/\1/p" \
    | sort -u >> "$unshipped" || true
  { head -n 1 "$unshipped"; tail -n +2 "$unshipped" | sort -u; } > "$unshipped.tmp" && mv "$unshipped.tmp" "$unshipped"
  echo "$name: $(($(wc -l < "$unshipped") - 1)) symbols declared"
done
