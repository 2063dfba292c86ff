#!/usr/bin/env bash
# Rollout serving over HTTP (issue 14): the portal on Kestrel with no rollout, a 50/50 A/B rollout, and a shadow
# rollout, switched in the same process (bench/RolloutHost) and alternated none/ab/none/shadow so that a busy period
# of a shared machine hits every mode alike. Same harness conventions as bench/run.sh: server pinned to $SERVER_CORE,
# load (wrk, bench/LoadGen) on $LOAD_CORE, bodies cycling through 1,000 real credit_data rows, API key, log on.
#
#   bench/rollout/run.sh        DURATION [15s] ROUNDS [3] WARMUP [10s] CONNECTIONS [32] RATE [1000] LATENCY_DURATION [15]
#                               LATENCY_ROUNDS [2]; THROUGHPUT=0 runs the latency part only, WARMUP=0 skips the warm-ups
#
# Prints each run and the medians; bench/results/rollout-serving.md holds a run's figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-15s} ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-10s} CONNECTIONS=${CONNECTIONS:-32}
RATE=${RATE:-1000} LATENCY_DURATION=${LATENCY_DURATION:-15} PORT=${PORT:-5951}
SERVER_CORE=${SERVER_CORE:-0} LOAD_CORE=${LOAD_CORE:-1}
WORK=$(mktemp -d /tmp/portal-rollout-bench.XXXXXX)
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

dotnet build bench/RolloutHost/RolloutHost.csproj -c Release -nologo -v quiet >/dev/null
dotnet build bench/LoadGen/LoadGen.csproj -c Release -nologo -v quiet >/dev/null
python3 bench/monitoring/make_bodies.py samples/credit_data.csv "$WORK/predict.lua" --jsonl "$WORK/predict.jsonl" >/dev/null

coproc HOST { exec taskset -c "$SERVER_CORE" dotnet bench/RolloutHost/bin/Release/net10.0/RolloutHost.dll --port "$PORT" --data "$WORK/data" 2>"$WORK/host.err"; }
HOST_PID=$HOST_PID
trap 'echo quit >&"${HOST[1]}" 2>/dev/null || true; wait "$HOST_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
log "starting the portal (trains the demo model and the candidate)"
read -r word PORTAL_KEY <&"${HOST[0]}" || { cat "$WORK/host.err" >&2; exit 1; }
[ "$word" = ready ] || { echo "host said: $word $PORTAL_KEY" >&2; exit 1; }
export PORTAL_KEY
URL="http://127.0.0.1:$PORT/api/models/credit-risk/predict"

mode() { echo "$1" >&"${HOST[1]}"; read -r reply <&"${HOST[0]}"; [ "$reply" = "ok $1" ] || { echo "host: $reply" >&2; exit 1; }; }
stats() { echo stats >&"${HOST[1]}"; read -r reply <&"${HOST[0]}"; echo "$reply"; }
rps() { taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNECTIONS" -d"$1" -s "$WORK/predict.lua" "$URL" | awk '/Requests\/sec/ { print $2 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$WARMUP" = 0 ] || for m in none ab shadow; do mode "$m"; log "warm-up $m ($WARMUP at full load)"; rps "$WARMUP" >/dev/null; done

declare -A R
[ "${THROUGHPUT:-1}" = 0 ] && ROUNDS=0
for round in $(seq "$ROUNDS"); do
  for m in none ab none shadow; do
    mode "$m"
    r=$(rps "$DURATION")
    R[$m]+="$r "
    echo "throughput round $round $m: $r requests/s   $(stats)   load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
if [ "$ROUNDS" -gt 0 ]; then
n=$(median ${R[none]}) a=$(median ${R[ab]}) s=$(median ${R[shadow]})
echo "throughput medians: none $n/s, ab $a/s ($(awk -v x="$a" -v y="$n" 'BEGIN { printf "%.3f", x / y }')x), shadow $s/s ($(awk -v x="$s" -v y="$n" 'BEGIN { printf "%.3f", x / y }')x)"
fi

declare -A P
for round in $(seq "${LATENCY_ROUNDS:-2}"); do
  for m in none ab none shadow; do
    mode "$m"
    out=$(taskset -c "$LOAD_CORE" dotnet bench/LoadGen/bin/Release/net10.0/LoadGen.dll --url "$URL" --bodies "$WORK/predict.jsonl" --rate "$RATE" \
      --duration "$LATENCY_DURATION" --warmup 3 --connections 8 --header "X-Api-Key=$PORTAL_KEY" --json "$WORK/lat.json")
    p99=$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))["p99_ms"]; print(v if v is not None else 1e9)' "$WORK/lat.json")
    P[$m]+="$p99 "
    echo "latency round $round $m: $out   $(stats)"
  done
done
echo "latency p99 medians at $RATE/s: none $(median ${P[none]}) ms, ab $(median ${P[ab]}) ms, shadow $(median ${P[shadow]}) ms"
