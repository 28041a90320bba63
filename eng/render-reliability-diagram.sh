#!/usr/bin/env bash
# Regenerates docs/reliability-diagram.svg (eng/reliability-diagram.cs: an over-confident classifier before and after
# temperature scaling) and docs/reliability-diagram.png (that SVG as headless Chromium draws it). Needs the .NET 10 SDK
# and Debian's chromium package (apt-get install -y chromium), or a chromium-browser on the PATH.
#
#   eng/render-reliability-diagram.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "No chromium or chromium-browser on the PATH: apt-get install -y chromium" >&2
  exit 1
fi

mkdir -p docs
svg="$PWD/docs/reliability-diagram.svg"
png="$PWD/docs/reliability-diagram.png"
read -r width height < <(dotnet run eng/reliability-diagram.cs -- "$svg")

# A fresh profile, no network traffic of the browser's own, scale factor 1 so the PNG is exactly width × height.
# The timeout only guards against a hung browser.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if ! timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --disable-dev-shm-usage --force-device-scale-factor=1 --user-data-dir="$scratch/profile" \
    --window-size="$width,$height" --screenshot="$png" "file://$svg" >"$scratch/browser.log" 2>&1; then
  cat "$scratch/browser.log" >&2
  echo "Chromium failed; its output is above." >&2
  exit 1
fi

echo "Wrote docs/reliability-diagram.svg and docs/reliability-diagram.png ($width x $height)"
