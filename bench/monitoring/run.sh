#!/usr/bin/env bash
# Monitoring benchmark (issue 4): what recording predictions costs the predict path, whether records are lost,
# and how long a drift run over 100,000 logged predictions takes. Ratios are taken side by side in one run
# (A/B/A/B), with the portal pinned to core 0 and wrk to core 1. Writes bench/results/monitoring.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PORT=${PORT:-5910}
DURATION=${DURATION:-25s}
CONNECTIONS=${CONNECTIONS:-32}
OUT=bench/results/monitoring.md
WORK=$(mktemp -d)
trap 'pkill -f "Portal.Web.dll --urls http://127.0.0.1:$PORT" || true; rm -rf "$WORK"' EXIT

for tool in wrk sqlite3; do
  command -v $tool >/dev/null || { sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd=sudo; $sudo_cmd apt-get update -qq; $sudo_cmd apt-get install -y -qq wrk sqlite3 >/dev/null; }
done
dotnet build Portal.sln -c Release -nologo -v quiet >/dev/null
python3 bench/monitoring/make_bodies.py samples/credit_data.csv "$WORK/predict.lua"

start_portal() { # $1 = data folder, then extra env assignments
  local data=$1; shift
  mkdir -p "$data"
  env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    ConnectionStrings__Portal="Data Source=$data/portal.db" Portal__ModelsPath="$data/models" \
    Portal__Bootstrap__AdminPassword=Bench-pass-1 Portal__Monitoring__DriftIntervalMinutes=0 "$@" \
    taskset -c 0 dotnet Portal.Web/bin/Release/net10.0/Portal.Web.dll --urls "http://127.0.0.1:$PORT" >"$data/portal.log" 2>&1 &
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health/ready")" = 200 ]; do sleep 0.2; done
  local token
  token=$(curl -s -X POST "http://127.0.0.1:$PORT/api/auth/token" -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"Bench-pass-1"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])')
  export PORTAL_TOKEN=$token
  export PORTAL_KEY=$(curl -s -X POST "http://127.0.0.1:$PORT/api/keys" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"bench","role":"Admin"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["key"])')
}
stop_portal() { pkill -f "Portal.Web.dll --urls http://127.0.0.1:$PORT" || true; while pgrep -f "Portal.Web.dll --urls http://127.0.0.1:$PORT" >/dev/null; do sleep 0.1; done; }
load() { # prints "rps requests non2xx p99"
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/predict.lua" "http://127.0.0.1:$PORT/api/models/credit-risk/predict" > "$WORK/wrk.txt"
  python3 - "$WORK/wrk.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
req = int(re.search(r"(\d+) requests in", t).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", t)
scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
print(f"{rps:.0f} {req} {int(bad.group(1)) if bad else 0} {float(p99.group(1)) * scale:.2f}")
PY
}
metric() { curl -s "http://127.0.0.1:$PORT/metrics?api_key=$PORTAL_KEY" | awk -v m="$1" '$1 == m { print $2 }'; }
drain() { until [ "$(metric prediction_log_queue_length)" = "0" ]; do sleep 0.2; done; sleep 0.5; }
stored() { sqlite3 "$1/portal.db" "select count(*) from Predictions;"; }

declare -a on_rps off_rps
echo "| run | recording | requests/s | answered | non-2xx | p99 ms | stored | dropped |" > "$WORK/runs.md"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |" >> "$WORK/runs.md"
for round in 1 2; do
  for mode in on off; do
    data="$WORK/$mode-$round"
    record=true; [ $mode = off ] && record=false
    start_portal "$data" Portal__Serving__RecordPredictions=$record
    taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d3s -s "$WORK/predict.lua" "http://127.0.0.1:$PORT/api/models/credit-risk/predict" >/dev/null  # warm-up
    [ $mode = on ] && drain
    before=$(stored "$data")
    read -r rps req bad p99 < <(load)
    drain
    after=$(stored "$data"); dropped=$(metric prediction_log_dropped_total)
    echo "| $round | $mode | $rps | $req | $bad | $p99 | $((after - before)) | ${dropped:-0} |" >> "$WORK/runs.md"
    if [ $mode = on ]; then on_rps+=("$rps"); else off_rps+=("$rps"); fi
    if [ $mode = on ] && [ $round = 2 ]; then
      # Drift over what this run logged: time three runs through the API.
      rows=$(stored "$data")
      for i in 1 2 3; do
        curl -s -o "$WORK/drift.json" -w '%{time_total}\n' -X POST -H "X-Api-Key: $PORTAL_KEY" \
          "http://127.0.0.1:$PORT/api/models/credit-risk/drift/run" >> "$WORK/drift-times.txt"
      done
      window=$(python3 -c 'import json;print(json.load(open("'"$WORK/drift.json"'"))["window"]["rows"])')
    fi
    stop_portal
  done
done

# Overload: a queue of 200 records under full load must shed and count, never block or grow.
data="$WORK/overload"
start_portal "$data" Portal__Serving__PredictionLogCapacity=200
read -r o_rps o_req o_bad o_p99 < <(load)
drain
o_stored=$(stored "$data"); o_dropped=$(metric prediction_log_dropped_total)
stop_portal

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
m_on=$(median "${on_rps[@]}"); m_off=$(median "${off_rps[@]}")
ratio=$(python3 -c "print(f'{$m_on/$m_off:.3f}')")
d_med=$(median $(cat "$WORK/drift-times.txt"))
{
  echo "# Monitoring benchmark"
  echo
  echo "Produced by \`bench/monitoring/run.sh\` on $(date -u +%Y-%m-%d) — $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB."
  echo "Portal (Release, demo model credit-risk, FastTree 100 trees, API key auth) pinned to core 0; wrk -t1 -c$CONNECTIONS -d$DURATION on core 1;"
  echo "bodies cycle through 1,000 real credit_data rows. Runs alternate recording on/off (A/B/A/B); this machine is shared, so compare ratios, not absolutes."
  echo
  echo "## Prediction log cost"
  echo
  cat "$WORK/runs.md"
  echo
  echo "Median requests/s with recording: **$m_on**, without: **$m_off**; ratio on/off **$ratio** (target >= 0.90)."
  echo "\`stored\` is the number of records the background writer stored for the run. With recording on it must be \`answered\` plus the requests still in flight"
  echo "when wrk stopped counting (at most $CONNECTIONS, one per connection): anything less would be a lost record."
  echo
  echo "## Above capacity"
  echo
  echo "Queue capacity 200 under the same full load: answered $o_req, stored $o_stored, dropped (counted in \`prediction_log_dropped_total\`) ${o_dropped:-0};"
  echo "stored + dropped = $((o_stored + ${o_dropped:-0})) (answered plus at most $CONNECTIONS in flight: nothing is lost silently). requests/s $o_rps."
  echo
  echo "## Drift run"
  echo
  echo "POST /api/models/credit-risk/drift/run over the $window predictions logged in the window (13 features, KS/Wasserstein/chi-square/JS + PSI + mean shift),"
  echo "three runs, wall time per request in seconds: $(paste -sd' ' "$WORK/drift-times.txt"); median **$d_med s** (target < 5 s for 100,000)."
} > "$OUT"
cat "$OUT"
