#!/usr/bin/env bash
# Regenerates the public API baselines (PublicAPI.Unshipped.txt) of every shipped project under src/
# after public members were added (RS0016) or removed/moved (RS0017).
# Run it after merging branches that changed the public surface, then review and commit the diff:
#   tools/update-public-api.sh && git diff -- 'src/*/PublicAPI.*.txt'
# Additions come from the analyzer's own code fix (dotnet format analyzers); dotnet format applies no fix for
# RS0017, so stale lines are removed from the build's RS0017 diagnostics (each names the file and line).
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dir="$(dirname "$project")"
  [ -f "$dir/PublicAPI.Unshipped.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  [ -f "$dir/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$dir/PublicAPI.Shipped.txt"
done
for project in src/TradingBot.FastMetrics/TradingBot.FastMetrics.csproj $(ls src/*/*.csproj | grep -v '^src/TradingBot.FastMetrics/'); do
  dir="$(dirname "$project")"
  echo "== $project"
  # Stale entries first: RS0017 diagnostics carry "PublicAPI.Unshipped.txt(LINE,COL): error RS0017".
  stale=$(dotnet build "$project" -c Release -nologo 2>&1 | grep -oE "$dir/PublicAPI\.Unshipped\.txt\([0-9]+,[0-9]+\): error RS0017" \
    | grep -oE '\(([0-9]+),' | tr -d '(,' | sort -un || true)
  if [ -n "$stale" ]; then
    sed -i "$(printf '%sd;' $stale)" "$dir/PublicAPI.Unshipped.txt"
  fi
  # Twice: after stale lines go, a second pass picks up members the first could not see (seen with records).
  dotnet format analyzers "$project" --diagnostics RS0016 --severity info --verbosity quiet || true
  dotnet format analyzers "$project" --diagnostics RS0016 --severity info --verbosity quiet || true
  file="$dir/PublicAPI.Unshipped.txt"
  # The fix appends in discovery order; a stable sort keeps merges of parallel API additions conflict-light.
  { head -1 "$file"; tail -n +2 "$file" | LC_ALL=C sort -u; } > "$file.tmp" && mv "$file.tmp" "$file"
done
echo "Baselines updated; build with: dotnet build TradingBot.FastMetrics.sln -c Release"
