#!/usr/bin/env bash
# Regenerates the public API baselines (PublicAPI.Unshipped.txt) of every shipped project under src/
# after public members were added (RS0016) or removed (RS0017), using the analyzer's own code fixes.
# Run it after merging branches that changed the public surface, then review and commit the diff:
#   tools/update-public-api.sh && git diff -- 'src/*/PublicAPI.*.txt'
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dir="$(dirname "$project")"
  [ -f "$dir/PublicAPI.Unshipped.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  [ -f "$dir/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.Shipped.txt"
  echo "== $project"
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 --severity info --verbosity quiet || true
done
# The fix appends in discovery order; a stable sort keeps merges of parallel API additions conflict-light.
for file in src/*/PublicAPI.Unshipped.txt; do
  { head -1 "$file"; tail -n +2 "$file" | LC_ALL=C sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
done
echo "Baselines updated; build with: dotnet build TradingBot.FastMetrics.sln -c Release"
