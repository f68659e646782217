#!/usr/bin/env bash
# Load comparison for issue 3: the same workload (1,000 counter series + 100 ten-bucket histograms,
# about 150 KB of text) served by (a) our MetricsServer, (b) prometheus-net 8.2.1's MetricServer,
# (c) OpenTelemetry 1.20.1's Prometheus HttpListener exporter with its response cache disabled, and
# (d) a raw socket writing pre-rendered bytes (the ceiling), each on a loopback port, driven by
# `wrk -t2 -c8 -d10s --latency`. Prints requests/s and p99 per server and the ratios against prometheus-net.
#
# usage: bench/load/run-server-load.sh [wrk duration, default 10s] [servers, default "promnet otel ours raw"]
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION="${1:-10s}"
SERVERS="${2:-promnet otel ours raw}"
BASE_PORT="${LOAD_BASE_PORT:-19301}"
OUT="$(mktemp -d)"
BIN=bench/TradingBot.FastMetrics.Benchmarks/bin/Release/net10.0/TradingBot.FastMetrics.Benchmarks
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

dotnet build -c Release bench/TradingBot.FastMetrics.Benchmarks -v quiet -nologo >/dev/null

pid=""
cleanup() { if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; fi; rm -rf "$OUT"; }
trap cleanup EXIT

# wrk prints latencies as 812.00us / 1.23ms / 1.05s; normalise to milliseconds.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.3f", v}'; }

port=$BASE_PORT
declare -A RPS P99 SIZE
for server in $SERVERS; do
  port=$((port + 1))
  "$BIN" serve "$server" --port "$port" > "$OUT/$server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port/metrics" && break; sleep 0.1; done
  SIZE[$server]=$(curl -fs "http://127.0.0.1:$port/metrics" | wc -c)
  wrk -t2 -c8 -d2s "http://127.0.0.1:$port/metrics" > /dev/null   # warm-up: JIT tiering, pools
  wrk -t2 -c8 -d"$DURATION" --latency "http://127.0.0.1:$port/metrics" > "$OUT/$server.wrk"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  RPS[$server]=$(awk '/^Requests\/sec:/ {print $2}' "$OUT/$server.wrk")
  P99[$server]=$(awk '$1 == "99%" {print $2}' "$OUT/$server.wrk" | to_ms)
  echo "== $server (body ${SIZE[$server]} bytes)"; cat "$OUT/$server.wrk"; grep -v '^[a-z]*: serving' "$OUT/$server.log" || true
done

echo
printf '%-10s %10s %12s %12s %14s %14s\n' server body_bytes requests/s p99_ms rps_vs_promnet p99_vs_promnet
for server in $SERVERS; do
  if [[ -n "${RPS[promnet]:-}" ]]; then
    rr=$(awk -v a="${RPS[$server]}" -v b="${RPS[promnet]}" 'BEGIN {printf "%.2fx", a/b}')
    pr=$(awk -v a="${P99[$server]}" -v b="${P99[promnet]}" 'BEGIN {printf "%.3fx", a/b}')
  else
    rr="n/a"; pr="n/a"
  fi
  printf '%-10s %10s %12s %12s %14s %14s\n' "$server" "${SIZE[$server]}" "${RPS[$server]}" "${P99[$server]}" "$rr" "$pr"
done
