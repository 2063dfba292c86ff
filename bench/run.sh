#!/usr/bin/env bash
# Portal's benchmark harness (issue 5): one command, on a fresh Debian machine with the .NET SDK.
#
#   bench/run.sh [throughput|latency|batch|logging|memory|inprocess|drift|pgcompare|all]...   (default: all)
#   QUICK=1 bench/run.sh            # smoke run: short durations, 100,000 predictions for "memory"
#   DATABASE=postgres bench/run.sh logging pgcompare   # the portal on PostgreSQL (report: bench/results/postgres.md)
#
# Three HTTP servers answer the same predict contract (POST /api/models/credit-risk/predict, API.md):
#   portal  Portal.Web (Release), demo model credit-risk (FastTree, 100 trees), API key, prediction log on
#   peer    bench/peer/server.py: FastAPI + uvicorn + scikit-learn GradientBoostingClassifier(100), one worker
#   floor   bench/Floor: Kestrel + System.Text.Json parsing the body, constant answer (no model, no auth)
# They run one at a time, on loopback, pinned to core $SERVER_CORE; the load (wrk, bench/LoadGen, curl)
# runs on core $LOAD_CORE, so the server never competes with its load for a core. Throughput runs
# alternate the servers (A/B/C/A/B/C) so that a slow period of a shared machine hits all of them alike,
# and the report gives medians. Results: bench/results/latest.md.
#
# PostgreSQL: DATABASE=postgres runs every portal on PostgreSQL instead of SQLite; pgcompare runs the portal on
# both (log on, alternated) whatever DATABASE says, and is not part of "all". The harness starts a throwaway
# cluster of its own (initdb + pg_ctl into the scratch folder, on port $PG_PORT, as "nobody" when run as root),
# pinned to the load core, and stops it at the end. The first start migrates and trains the demo into database
# portal_template; every run gets its own database copied from it (CREATE DATABASE ... TEMPLATE).
#
# Environment (defaults in brackets; QUICK=1 shortens them):
#   DURATION [20s]  ROUNDS [2]  WARMUP [30s]  CONNECTIONS [32]              throughput and logging runs
#   LATENCY_RATE [1000]  LATENCY_DURATION [20]  PEER_LATENCY_DURATION [10]  LATENCY_CONNECTIONS [8]   open loop
#   BATCH_ROWS [10000]  BATCH_REQUESTS [5]                                  batch runs
#   LOSS_DURATION [60]  OVERLOAD_CAPACITY [1]                               prediction log checks
#   MEMORY_PREDICTIONS [1000000]                                            memory run
#   PORTAL_PORT [5941]  PEER_PORT [5942]  FLOOR_PORT [5943]  PG_PORT [5944]  SERVER_CORE [0]  LOAD_CORE [1]
#   DATABASE [sqlite]  sqlite | postgres: the portal's database
#   PG_CORE [= LOAD_CORE]  the core of the PostgreSQL server (PG_CORE=SERVER_CORE/0: it shares the portal's core, as SQLite does)
#   OUT [bench/results/latest.md; bench/results/postgres.md with DATABASE=postgres or pgcompare]
#   KEEP_WORK [0] (keep the scratch folder: logs, data folders, raw outputs, the PostgreSQL cluster's folder)
set -euo pipefail
cd "$(dirname "$0")/.."

# ---------------------------------------------------------------------------------------------- settings
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then q() { echo "$1"; }; else q() { echo "$2"; }; fi   # q QUICK_VALUE FULL_VALUE
DURATION=${DURATION:-$(q 5s 20s)}
ROUNDS=${ROUNDS:-2}
# .NET tiers its JIT code up in the background; on one saturated core that takes tens of seconds, so every
# server (the peer too) gets the same long warm-up at full load before it is measured.
WARMUP=${WARMUP:-$(q 5s 30s)}
CONNECTIONS=${CONNECTIONS:-32}
LATENCY_RATE=${LATENCY_RATE:-1000}
LATENCY_CONNECTIONS=${LATENCY_CONNECTIONS:-8}
LATENCY_DURATION=${LATENCY_DURATION:-$(q 5 20)}
PEER_LATENCY_DURATION=${PEER_LATENCY_DURATION:-$(q 3 10)}
BATCH_ROWS=${BATCH_ROWS:-10000}
BATCH_REQUESTS=${BATCH_REQUESTS:-$(q 2 5)}
LOSS_DURATION=${LOSS_DURATION:-$(q 10s 60s)}
OVERLOAD_CAPACITY=${OVERLOAD_CAPACITY:-1}
MEMORY_PREDICTIONS=${MEMORY_PREDICTIONS:-$(q 100000 1000000)}
PORTAL_PORT=${PORTAL_PORT:-5941}
PEER_PORT=${PEER_PORT:-5942}
FLOOR_PORT=${FLOOR_PORT:-5943}
PG_PORT=${PG_PORT:-5944}
DATABASE=${DATABASE:-sqlite}
SERVER_CORE=${SERVER_CORE:-0}
LOAD_CORE=${LOAD_CORE:-1}
PG_CORE=${PG_CORE:-$LOAD_CORE}
PY=/usr/bin/python3            # Debian's python: the one apt installs fastapi/uvicorn/sklearn into
ADMIN_PASSWORD=Bench-pass-1    # throw-away portal in a scratch folder
PREDICT_PATH=/api/models/credit-risk/predict
PORTAL_DLL=Portal.Web/bin/Release/net10.0/Portal.Web.dll
FLOOR_DLL=bench/Floor/bin/Release/net10.0/Floor.dll
LOADGEN_DLL=bench/LoadGen/bin/Release/net10.0/LoadGen.dll

ALL_SCENARIOS=(throughput latency batch logging memory inprocess drift)
case "${1:-}" in -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -eq 0 ] || [ "${SCENARIOS[0]}" = all ] && SCENARIOS=("${ALL_SCENARIOS[@]}")
for s in "${SCENARIOS[@]}"; do
  [[ " ${ALL_SCENARIOS[*]} pgcompare " == *" $s "* ]] || { echo "unknown scenario '$s'; choose from: ${ALL_SCENARIOS[*]} pgcompare all" >&2; exit 2; }
done
case $DATABASE in sqlite|postgres) ;; *) echo "DATABASE must be sqlite or postgres, not '$DATABASE'" >&2; exit 2 ;; esac
USES_PG=0; { [ "$DATABASE" = postgres ] || [[ " ${SCENARIOS[*]} " == *" pgcompare "* ]]; } && USES_PG=1
if [ $USES_PG = 1 ]; then OUT=${OUT:-bench/results/postgres.md}; else OUT=${OUT:-bench/results/latest.md}; fi
PORTAL_DB=$DATABASE   # the database of the next portal start (pgcompare switches it)

WORK=$(mktemp -d /tmp/portal-bench.XXXXXX)
mkdir -p "$WORK/sections"

# ---------------------------------------------------------------------------------------------- helpers
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The one server running now (the harness runs them one at a time).
CUR_PID="" CUR_NAME="" CUR_LOG=""
cleanup() {
  stop_server
  pg_stop
  if [ "${KEEP_WORK:-0}" = 1 ]; then log "scratch folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }     # ge A B: A >= B
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
seconds() { echo "${1%s}"; }
met() { if "$@"; then echo met; else echo "**not met**"; fi; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs what the harness needs from Debian's packages, only when something is missing.
ensure_tools() {
  command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH; install .NET 10 first"
  local missing=()
  for pair in wrk:wrk sqlite3:sqlite3 curl:curl taskset:util-linux; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  [ -x "$PY" ] || missing+=(python3)
  if [ -x "$PY" ]; then
    # uvloop + httptools are what `pip install uvicorn[standard]` brings: the peer gets its usual fast stack.
    for pair in fastapi:python3-fastapi uvicorn:python3-uvicorn sklearn:python3-sklearn pandas:python3-pandas \
                uvloop:python3-uvloop httptools:python3-httptools; do
      "$PY" -c "import ${pair%%:*}" 2>/dev/null || missing+=("${pair#*:}")
    done
  else
    missing+=(python3-fastapi python3-uvicorn python3-sklearn python3-pandas python3-uvloop python3-httptools)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing with apt-get: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
  fi
  if [ $USES_PG = 1 ] && ! { pg_bin >/dev/null && command -v psql >/dev/null; }; then
    log "installing with apt-get: postgresql"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null || die "apt-get install postgresql failed"
  fi
  [ "$(nproc)" -ge 2 ] || die "needs two cores (server on core $SERVER_CORE, load on core $LOAD_CORE); nproc says $(nproc)"
}

build() {
  log "building Release: Portal.Web, bench/Floor, bench/LoadGen"
  for project in Portal.Web/Portal.Web.csproj bench/Floor/Floor.csproj bench/LoadGen/LoadGen.csproj; do
    dotnet build "$project" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "dotnet build $project failed"; }
  done
}

# Bodies: real credit_data rows (complete rows, so every server accepts them), identical for the three servers.
make_bodies() {
  "$PY" bench/monitoring/make_bodies.py samples/credit_data.csv "$WORK/predict.lua" --jsonl "$WORK/predict.jsonl" \
    --batch "$WORK/batch.json" --batch-rows "$BATCH_ROWS"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_http URL TIMEOUT_SECONDS: until URL answers 200, or fail (also when the server process died).
wait_http() {
  local url=$1 deadline=$((SECONDS + $2))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = 200 ]; do
    kill -0 "$CUR_PID" 2>/dev/null || { tail -20 "$CUR_LOG" >&2; die "$CUR_NAME exited before it was ready (log: $CUR_LOG)"; }
    [ $SECONDS -lt "$deadline" ] || { tail -20 "$CUR_LOG" >&2; die "$CUR_NAME not ready at $url after $2 s"; }
    sleep 0.2
  done
}

# launch NAME PORT LOG command...: starts a server in the background on the server core. `exec` keeps the
# PID of the server itself (env and taskset exec too), so stop_server signals the server, not a wrapper shell.
launch() {
  local name=$1 port=$2 logfile=$3; shift 3
  port_free "$port" || die "port $port is already in use (set ${name^^}_PORT to another port)"
  (exec taskset -c "$SERVER_CORE" "$@" >"$logfile" 2>&1) &
  CUR_PID=$! CUR_NAME=$name CUR_LOG=$logfile
}

stop_server() {
  [ -n "$CUR_PID" ] || return 0
  kill -TERM "$CUR_PID" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$CUR_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$CUR_PID" 2>/dev/null || true
  wait "$CUR_PID" 2>/dev/null || true
  CUR_PID="" CUR_NAME=""
}

# ---- PostgreSQL: a throwaway cluster in $WORK/pg, started on first use, stopped by cleanup.
PG_DIR="$WORK/pg" PG_UP=0
pg_bin() { # the newest Debian PostgreSQL's bin folder (initdb, pg_ctl)
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}
# initdb refuses to run as root: as root the cluster belongs to nobody (as in Portal.Tests/Hosting/PostgresCluster.cs).
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
psql_do() { PGOPTIONS='-c client_min_messages=warning' psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
# Server settings: PostgreSQL's defaults (fsync, synchronous_commit and full_page_writes on, shared_buffers 128MB)
# but for max_connections=200 (the portal's pool may open up to 100). The server and its backends run on
# $PG_CORE, by default the load core (with wrk): the portal keeps the server core to itself.
PG_SETTINGS="-c max_connections=200"
pg_start() {
  [ $PG_UP = 1 ] && return 0
  local bin; bin=$(pg_bin) || die "PostgreSQL's initdb was not found in /usr/lib/postgresql/NN/bin"
  port_free "$PG_PORT" || die "port $PG_PORT is already in use (set PG_PORT to another port)"
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chmod o+x "$WORK"; chown nobody: "$PG_DIR"; fi   # nobody may enter the scratch folder, not list it
  log "postgres: initdb and start on port $PG_PORT (core $PG_CORE), $("$bin/postgres" --version)"
  as_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --no-locale -E UTF8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; die "initdb failed"; }
  PG_UP=1
  as_pg taskset -c "$PG_CORE" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 $PG_SETTINGS" start >/dev/null \
    || { tail -20 "$PG_DIR/server.log" >&2; die "pg_ctl start failed"; }
  PG_VERSION=$(psql_do -d postgres -tAc 'show server_version')
}
pg_stop() {
  [ $PG_UP = 1 ] || return 0
  PG_UP=0
  as_pg "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}
pg_database() { echo "portal_${1//[^a-zA-Z0-9]/_}"; }   # the database of a run label

portal_env() { # sets PORTAL_ENV, the environment of every portal run; $1 = data folder, $2 = database (postgres). Scheduled drift runs off.
  PORTAL_ENV=(ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
    "Portal__ModelsPath=$1/models"
    "Portal__Bootstrap__AdminPassword=$ADMIN_PASSWORD" Portal__Monitoring__DriftIntervalMinutes=0)
  if [ "$PORTAL_DB" = postgres ]; then
    PORTAL_ENV+=(Portal__Database__Provider=postgres "Portal__DataPath=$1"
      "ConnectionStrings__Portal=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$2")
  else
    PORTAL_ENV+=("ConnectionStrings__Portal=Data Source=$1/portal.db")
  fi
}

# The first start trains the demo model (tens of seconds); every run after that starts from a copy of this
# data folder, so each run has the same model, the same API key and an empty prediction log.
# On PostgreSQL the template is also a database, portal_template, which no portal touches after this.
prepare_portal() {
  [ -f "$WORK/portal-$PORTAL_DB.key" ] && return 0
  local data="$WORK/portal-template-$PORTAL_DB"
  mkdir -p "$data"
  if [ "$PORTAL_DB" = postgres ]; then pg_start; psql_do -d postgres -c 'CREATE DATABASE portal_template'; fi
  log "portal ($PORTAL_DB): first start, training the demo model credit-risk"
  portal_env "$data" portal_template
  launch portal "$PORTAL_PORT" "$data/first-start.log" env "${PORTAL_ENV[@]}" dotnet "$PORTAL_DLL" --urls "http://127.0.0.1:$PORTAL_PORT"
  wait_http "http://127.0.0.1:$PORTAL_PORT/health/ready" 600
  local token
  token=$(curl -sf -X POST "http://127.0.0.1:$PORTAL_PORT/api/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" | "$PY" -c 'import sys,json;print(json.load(sys.stdin)["access_token"])') \
    || die "portal: could not get a token for admin"
  curl -sf -X POST "http://127.0.0.1:$PORTAL_PORT/api/keys" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"bench","role":"Viewer"}' | "$PY" -c 'import sys,json;print(json.load(sys.stdin)["key"])' >"$WORK/portal-$PORTAL_DB.key" \
    || die "portal: could not create an API key"
  stop_server
  rm -f "$data"/*.log
}

# start SERVER [LABEL] [ENV=VALUE...]: portal | peer | floor, ready to serve. Sets URL (the predict URL).
start() {
  local server=$1 label=${2:-run}; shift 2 || shift $#
  case $server in
    portal)
      prepare_portal
      PORTAL_KEY=$(cat "$WORK/portal-$PORTAL_DB.key"); export PORTAL_KEY
      DATA="$WORK/portal-$PORTAL_DB-$label"
      rm -rf "$DATA"; cp -a "$WORK/portal-template-$PORTAL_DB" "$DATA"
      DB_NAME=$(pg_database "$label")
      if [ "$PORTAL_DB" = postgres ]; then
        psql_do -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME TEMPLATE portal_template"
      fi
      portal_env "$DATA" "$DB_NAME"
      launch portal "$PORTAL_PORT" "$DATA/portal.log" env "${PORTAL_ENV[@]}" "$@" dotnet "$PORTAL_DLL" --urls "http://127.0.0.1:$PORTAL_PORT"
      wait_http "http://127.0.0.1:$PORTAL_PORT/health/ready" 120
      [ -n "${PORTAL_AUC:-}" ] || PORTAL_AUC=$(curl -s "http://127.0.0.1:$PORTAL_PORT/metrics?api_key=$PORTAL_KEY" | awk '$1 ~ /^model_test_auc/ { printf "%.3f", $NF }')
      URL="http://127.0.0.1:$PORTAL_PORT$PREDICT_PATH" ;;
    peer)
      # One worker process (one core) and one BLAS/OpenMP thread: the same single core as the others.
      launch peer "$PEER_PORT" "$WORK/peer-$label.log" env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$@" \
        "$PY" -m uvicorn server:app --app-dir bench/peer --host 127.0.0.1 --port "$PEER_PORT" --workers 1 --no-access-log --log-level warning
      wait_http "http://127.0.0.1:$PEER_PORT/health" 180
      [ -n "${PEER_AUC:-}" ] || PEER_AUC=$(sed -n 's/.*test AUC \([0-9.]*\).*/\1/p' "$CUR_LOG")
      URL="http://127.0.0.1:$PEER_PORT$PREDICT_PATH" ;;
    floor)
      launch floor "$FLOOR_PORT" "$WORK/floor-$label.log" env ASPNETCORE_ENVIRONMENT=Production "$@" dotnet "$FLOOR_DLL" --urls "http://127.0.0.1:$FLOOR_PORT"
      wait_http "http://127.0.0.1:$FLOOR_PORT/health" 60
      URL="http://127.0.0.1:$FLOOR_PORT$PREDICT_PATH" ;;
  esac
  # One real request first: a wrong key or a broken model fails here, with its answer, not as a table of zeros.
  local code
  code=$(curl -s -o "$WORK/check.json" -w '%{http_code}' -X POST "$URL" -H 'Content-Type: application/json' \
    -H "X-Api-Key: ${PORTAL_KEY:-none}" --data-binary "@$WORK/one.json")
  [ "$code" = 200 ] || die "$server answered $code to a predict request: $(head -c 400 "$WORK/check.json")"
}

# wrk_run DURATION: closed-loop load on $URL from the load core. Sets W_RPS, W_REQ (answered requests),
# W_BAD (non-2xx) and W_P99 (ms). Results go through globals, not stdout: a failure inside $(...) or <(...)
# would end only that subshell, not the run.
wrk_run() {
  local cpu0; cpu0=$(cpu_ticks)
  taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNECTIONS" -d"$1" --latency -s "$WORK/predict.lua" "$URL" >"$WORK/wrk.txt" 2>&1 \
    || { cat "$WORK/wrk.txt" >&2; die "wrk failed against $URL"; }
  "$PY" - "$WORK/wrk.txt" >"$WORK/wrk.parsed" <<'PY' || { cat "$WORK/wrk.txt" >&2; die "could not read wrk's output"; }
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
req = int(re.search(r"(\d+) requests in", t).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", t)
p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)] if p99 else float("nan")
print(f"{rps:.0f} {req} {int(bad.group(1)) if bad else 0} {p99_ms:.2f}")
PY
  read -r W_RPS W_REQ W_BAD W_P99 <"$WORK/wrk.parsed"
  cpu_per_request "$cpu0" "$(cpu_ticks)" "$W_REQ" "${1%s}"
  [ "$W_REQ" -gt 0 ] || die "wrk got no answer from $URL"
  # Errors would make the figures meaningless (an error is cheaper than a prediction): stop and say so.
  [ $((W_BAD * 100)) -le "$W_REQ" ] || die "$CUR_NAME answered $W_BAD of $W_REQ requests with an error status"
}
# Where the CPU went during a run, from /proc (clock ticks): the server process, its prediction-log writer thread,
# the PostgreSQL cluster (live backends plus the exited ones, which the postmaster has reaped), and the idle time
# of the server core and of the load core. One line: server writer postgres idle_server idle_load.
cpu_ticks() {
  local server=0 writer=0 pg=0 t
  if [ -n "$CUR_PID" ] && [ -r "/proc/$CUR_PID/stat" ]; then
    server=$(awk '{ print $14 + $15 }' "/proc/$CUR_PID/stat")
    for t in /proc/"$CUR_PID"/task/*; do
      [ "$(cat "$t/comm" 2>/dev/null)" = prediction-log ] && writer=$(awk '{ print $14 + $15 }' "$t/stat")
    done
  fi
  if [ "$PG_UP" = 1 ] && [ -r "$PG_DIR/data/postmaster.pid" ]; then
    local pm; pm=$(head -1 "$PG_DIR/data/postmaster.pid")
    # The postmaster and its children (backends, writers, autovacuum), plus the children it has reaped.
    pg=$( (echo "$pm"; ps -o pid= --ppid "$pm") 2>/dev/null | while read -r p; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done |
      awk -v c="$(awk '{ print $16 + $17 }' "/proc/$pm/stat")" '{ s += $1 } END { print s + c }')
  fi
  echo "$server $writer $pg $(awk -v a="cpu$SERVER_CORE" -v b="cpu$LOAD_CORE" '$1 == a { i = $5 } $1 == b { j = $5 } END { print i, j }' /proc/stat)"
}
# cpu_per_request BEFORE AFTER REQUESTS SECONDS: sets W_CPU (server µs per request), W_WRITER (its writer thread's),
# W_PG (PostgreSQL's µs per request) and W_IDLE (idle % of the server core / of the load core over the run).
cpu_per_request() {
  read -r W_CPU W_WRITER W_PG W_IDLE < <(echo "$1 $2 $3 $4" | awk -v hz="$(getconf CLK_TCK)" '{
    us = 1e6 / hz / ($11 > 0 ? $11 : 1)
    printf "%.1f %.1f %.1f %.0f%%/%.0f%%\n", ($6 - $1) * us, ($7 - $2) * us, ($8 - $3) * us, 100 * ($9 - $4) / hz / $12, 100 * ($10 - $5) / hz / $12
  }')
}
warm() { taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s "$WORK/predict.lua" "$URL" >/dev/null 2>&1 || true; }

# Portal internals, read from the outside: Prometheus metrics (summed over labels) and the prediction table.
metric() {
  curl -s "http://127.0.0.1:$PORTAL_PORT/metrics?api_key=$PORTAL_KEY" |
    awk -v m="$1" '$1 == m || index($1, m "{") == 1 { s += $NF } END { printf "%d\n", s }'
}
drain() { # until the background writer has stored everything queued
  local deadline=$((SECONDS + 300))
  until [ "$(metric prediction_log_queue_length)" = 0 ]; do
    [ $SECONDS -lt $deadline ] || die "the prediction log queue did not drain in 300 s"
    sleep 0.2
  done
  sleep 0.5
}
stored() {
  if [ "$PORTAL_DB" = postgres ]; then psql_do -d "$DB_NAME" -tAc 'select count(*) from "Predictions"'
  else sqlite3 "$DATA/portal.db" "PRAGMA busy_timeout=5000; select count(*) from Predictions;" | tail -1; fi
}
rss_mb() { awk -v k="$1:" '$1 == k { printf "%.0f\n", $2 / 1024 }' "/proc/$CUR_PID/status"; }

# Report pieces: one markdown file per scenario, and the measured value of each target.
declare -A T_VALUE T_MET
section() { cat >>"$WORK/sections/$1.md"; }
target() { T_VALUE[$1]=$2; T_MET[$1]=$3; }

# ---------------------------------------------------------------------------------------------- scenarios

# 1. Single-row throughput: closed loop, -c$CONNECTIONS, the three servers alternated, medians.
scenario_throughput() {
  local -A rps p99
  local rows=""
  for round in $(seq "$ROUNDS"); do
    for server in portal peer floor; do
      log "throughput: round $round, $server"
      start "$server" "tp-$round"
      warm
      wrk_run "$DURATION"
      stop_server
      rps[$server]+="$W_RPS " p99[$server]+="$W_P99 "
      rows+="| $round | $server | $W_RPS | $W_REQ | $W_BAD | $W_P99 |"$'\n'
    done
  done
  # shellcheck disable=SC2086
  local mp mq mf r_peer r_floor
  mp=$(median ${rps[portal]}) mq=$(median ${rps[peer]}) mf=$(median ${rps[floor]})
  r_peer=$(ratio "$mp" "$mq") r_floor=$(ratio "$mp" "$mf")
  section 1-throughput <<EOF
## 1. Single-row throughput

wrk -t1 -c$CONNECTIONS, $DURATION per run after a $WARMUP warm-up, bodies cycling through 1,000 real credit_data rows;
servers alternated portal/peer/floor for $ROUNDS round(s), each started fresh. The portal checks the API key and logs every prediction.

| round | server | requests/s | requests | non-2xx | p99 ms |
| --- | --- | --- | --- | --- | --- |
${rows}
| median | portal | peer | floor |
| --- | --- | --- | --- |
| requests/s | $mp | $mq | $mf |
| p99 ms | $(median ${p99[portal]}) | $(median ${p99[peer]}) | $(median ${p99[floor]}) |

portal/peer **${r_peer}x**, portal/floor **${r_floor}x**.
EOF
  target single "${mp}/s: ${r_peer}x the peer, ${r_floor}x the floor" "$(met eval 'ge "$r_peer" 50 && ge "$r_floor" 0.5')"
}

# 2. Latency at a fixed offered rate (open loop, from the scheduled send time; see bench/LoadGen/Program.cs).
loadgen() { # loadgen DURATION_S WARMUP_S OUT.json: open-loop run; unanswered requests cancelled 5 s after the schedule
  taskset -c "$LOAD_CORE" dotnet "$LOADGEN_DLL" --url "$URL" --bodies "$WORK/predict.jsonl" --rate "$LATENCY_RATE" \
    --duration "$1" --warmup "$2" --connections "$LATENCY_CONNECTIONS" --drain 5 --header "X-Api-Key=${PORTAL_KEY:-none}" --json "$3" >&2 \
    || die "LoadGen failed against $URL"
}
# A percentile that fell on unanswered requests is null in LoadGen's JSON: 1e9 ms here, so medians and checks still work.
json_field() { "$PY" -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(1e9 if v is None else v)' "$1" "$2"; }
scenario_latency() {
  local rows="" portal_p99=()
  for round in $(seq "$ROUNDS"); do
    for server in portal floor; do
      log "latency: round $round, $server at $LATENCY_RATE/s for $LATENCY_DURATION s"
      start "$server" "lat-$round"
      warm   # full-load wrk first, so the JIT has compiled the hot path at its final tier, as in a server that has been up a while
      loadgen "$LATENCY_DURATION" 10 "$WORK/lat-$server-$round.json"
      stop_server
      rows+=$(latency_row "$round" "$server" "$WORK/lat-$server-$round.json")$'\n'
      if [ $server = portal ]; then portal_p99+=("$(json_field "$WORK/lat-portal-$round.json" p99_ms)"); fi
    done
  done
  # The peer cannot keep up with $LATENCY_RATE/s: its queue grows for as long as the run lasts, so the run is
  # short and whatever is still unanswered 5 s after the schedule ends is cancelled and counted. No warm-up
  # at that rate: it would only queue up requests ahead of the measured ones (CPython has no JIT to warm).
  log "latency: peer at $LATENCY_RATE/s for $PEER_LATENCY_DURATION s (capped)"
  start peer lat
  loadgen "$PEER_LATENCY_DURATION" 0 "$WORK/lat-peer.json"
  stop_server
  rows+=$(latency_row 1 peer "$WORK/lat-peer.json")$'\n'
  local m
  m=$(median "${portal_p99[@]}")
  if ge "$m" 1e9; then m="unanswered"; fi
  section 2-latency <<EOF
## 2. Latency at $LATENCY_RATE requests/s offered

bench/LoadGen (open loop): request i is sent at start + i/$LATENCY_RATE s over $LATENCY_CONNECTIONS keep-alive connections, whatever the server does,
and its latency is measured from that scheduled time (a server stall counts against every request scheduled during it: no
coordinated omission); wrk warm-up ($WARMUP at full load), then 10 s at the rate unmeasured, then $LATENCY_DURATION s measured. The peer's run is capped at $PEER_LATENCY_DURATION s; requests still
unanswered 5 s after its schedule ended are cancelled and counted as unanswered (a percentile that falls on them reads "unanswered").
"late send" is the generator's own worst delay in sending a request (it adds to the measured latency, so it makes the figures worse, never better).

| round | server | scheduled | ok | unanswered | answered/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | late send ms |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows}
Portal p99, median of $ROUNDS run(s): **$m ms** (target <= 5 ms).
EOF
  target latency "p99 ${m} ms" "$(met eval '[ "$m" != unanswered ] && le "$m" 5')"
}
latency_row() {
  "$PY" - "$@" <<'PY'
import json, sys
r = json.load(open(sys.argv[3]))
f = lambda k: "unanswered" if r[k] is None else r[k]
extra = "" if not r["unanswered_at_cutoff"] else f" (answered ones: p50 {r['answered_p50_ms']} ms, max {r['answered_max_ms']} ms)" if r["answered"] else " (none answered)"
print(f"| {sys.argv[1]} | {sys.argv[2]} | {r['scheduled']} | {r['ok']} | {r['unanswered_at_cutoff']} | {r['answered_rps']} | {f('p50_ms')} | {f('p90_ms')} | "
      f"{f('p99_ms')} | {f('p999_ms')} | {f('max_ms')}{extra} | {r['generator_late_send_max_ms']} |")
PY
}

# 3. Batch: $BATCH_ROWS-row requests, rows per second.
batch_requests() { # batch_requests SERVER: a warm-up request, then BATCH_REQUESTS timed ones; sets B_TIMES (seconds each)
  local times=() t code
  for i in $(seq 0 "$BATCH_REQUESTS"); do
    read -r code t < <(taskset -c "$LOAD_CORE" curl -s -o "$WORK/batch-answer.json" -w '%{http_code} %{time_total}\n' -X POST "$URL" \
      -H 'Content-Type: application/json' -H "X-Api-Key: ${PORTAL_KEY:-none}" --data-binary "@$WORK/batch.json")
    [ "$code" = 200 ] || die "$1 answered $code to a $BATCH_ROWS-row batch: $(head -c 400 "$WORK/batch-answer.json")"
    if [ "$i" -gt 0 ]; then times+=("$t"); fi
  done
  local n
  n=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["predictions"]))' "$WORK/batch-answer.json")
  [ "$n" = "$BATCH_ROWS" ] || die "$1 answered $n predictions to a $BATCH_ROWS-row batch"
  B_TIMES="${times[*]}"
}
scenario_batch() {
  local -A secs
  local rows=""
  for round in $(seq "$ROUNDS"); do
    for server in portal peer floor; do
      log "batch: round $round, $server"
      # The portal's default limit is 10,000 rows; raise it when a bigger batch is asked for.
      if [ $server = portal ]; then start portal "batch-$round" "Portal__Serving__BatchLimit=$((BATCH_ROWS > 10000 ? BATCH_ROWS : 10000))"
      else start "$server" "batch-$round"; fi
      batch_requests "$server"
      stop_server
      secs[$server]+="$B_TIMES "
      rows+="| $round | $server | $(printf '%.3f ' $B_TIMES | sed 's/ $//') |"$'\n'
    done
  done
  local -A rps
  for server in portal peer floor; do
    # shellcheck disable=SC2086
    rps[$server]=$(awk -v n="$BATCH_ROWS" -v t="$(median ${secs[$server]})" 'BEGIN { printf "%.0f", n / t }')
  done
  local r
  r=$(ratio "${rps[portal]}" "${rps[peer]}")
  section 3-batch <<EOF
## 3. Batch

{"instances": [$BATCH_ROWS real credit_data rows]} (the same body for each server), sent with curl from the load core: one warm-up request,
then $BATCH_REQUESTS timed requests per server and round, alternated over $ROUNDS round(s). The portal logs every row (prediction log on).

| round | server | seconds per request |
| --- | --- | --- |
${rows}
| median | portal | peer | floor |
| --- | --- | --- | --- |
| rows/s | ${rps[portal]} | ${rps[peer]} | ${rps[floor]} |

portal/peer **${r}x**.
EOF
  target batch "${rps[portal]} rows/s: ${r}x the peer" "$(met ge "$r" 3)"
}

# 4. Prediction log: cost (on vs off, alternated), no loss below capacity, counted shedding above it.
# On PostgreSQL (issue 18) the goal for the cost is 0.85x (a round trip to another process per batch written).
logging_goal() { if [ "$DATABASE" = postgres ]; then echo 0.85; else echo 0.9; fi; }
scenario_logging() {
  local -A rps
  local rows="" goal; goal=$(logging_goal)
  for round in $(seq "$ROUNDS"); do
    for mode in on off; do
      log "logging: round $round, log $mode"
      local record=true; [ $mode = off ] && record=false
      start portal "log-$mode-$round" "Portal__Serving__RecordPredictions=$record"
      warm
      wrk_run "$DURATION"
      stop_server
      rps[$mode]+="$W_RPS "
      rows+="| $round | $mode | $W_RPS | $W_REQ | $W_BAD | $W_P99 | $W_CPU | $W_WRITER | $W_PG | $W_IDLE |"$'\n'
    done
  done
  # shellcheck disable=SC2086
  local on off r
  on=$(median ${rps[on]}) off=$(median ${rps[off]}) r=$(ratio "$on" "$off")

  # Loss check: a long full-load run; every answered prediction must be stored once the writer has drained.
  # wrk counts only answers it received before its clock stopped, so up to one request per connection may be
  # answered (and stored) after that: stored - answered must lie in [0, CONNECTIONS]. The portal's own counter
  # (predictions_total) has no such window: stored + dropped must equal it exactly.
  log "logging: $LOSS_DURATION full-load run with the log on"
  start portal loss
  drain
  local s0 a0 d0 s1 a1 d1
  s0=$(stored) a0=$(metric predictions_total) d0=$(metric prediction_log_dropped_total)
  wrk_run "$LOSS_DURATION"
  local lr=$W_RPS ln=$W_REQ lp=$W_P99
  drain
  s1=$(stored) a1=$(metric predictions_total) d1=$(metric prediction_log_dropped_total)
  stop_server
  local ls=$((s1 - s0)) la=$((a1 - a0)) ld=$((d1 - d0))
  local lost_ok=no; [ $((ls - ln)) -ge 0 ] && [ $((ls - ln)) -le "$CONNECTIONS" ] && [ "$ld" = 0 ] && [ "$ls" = "$la" ] && lost_ok=yes

  # Above capacity: a queue of $OVERLOAD_CAPACITY record(s) under the same load must shed and count, never block.
  log "logging: overload, queue capacity $OVERLOAD_CAPACITY"
  start portal overload "Portal__Serving__PredictionLogCapacity=$OVERLOAD_CAPACITY"
  drain  # the start-up check's prediction may still be queued: count from a settled log
  s0=$(stored) a0=$(metric predictions_total) d0=$(metric prediction_log_dropped_total)
  wrk_run "$DURATION"
  local orr=$W_RPS op=$W_P99
  drain
  s1=$(stored) a1=$(metric predictions_total) d1=$(metric prediction_log_dropped_total)
  stop_server
  local os=$((s1 - s0)) oa=$((a1 - a0)) od=$((d1 - d0))
  local counted_ok=no; [ $((os + od)) = "$oa" ] && counted_ok=yes

  section 4-logging <<EOF
## 4. Prediction log ($(db_title "$DATABASE"))

Portal on $(db_title "$DATABASE") with the prediction log on (default) and off (\`Portal__Serving__RecordPredictions=false\`), alternated over $ROUNDS round(s),
wrk -t1 -c$CONNECTIONS $DURATION after a $WARMUP warm-up.

| round | log | requests/s | requests | non-2xx | p99 ms | portal CPU µs/request | its writer thread µs/request | database server µs/request | idle: server core / load core |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows}
Median requests/s, log on **$on**, log off **$off**: on/off **${r}x** (target >= $goal).

Full load for $LOSS_DURATION with the log on (default queue capacity), counted after the writer drained:

| answered (wrk) | answered (portal, predictions_total) | stored (Predictions rows in $(db_title "$DATABASE")) | stored - answered (wrk) | dropped | requests/s | p99 ms |
| --- | --- | --- | --- | --- | --- | --- |
| $ln | $la | $ls | $((ls - ln)) | $ld | $lr | $lp |

Nothing lost: **$lost_ok** (stored = the portal's answered count, 0 <= stored - wrk's count <= $CONNECTIONS connections in flight, no drop).

Above capacity (\`Portal__Serving__PredictionLogCapacity=$OVERLOAD_CAPACITY\`), $DURATION of the same load:

| answered (portal) | stored | dropped (prediction_log_dropped_total) | stored + dropped | requests/s | p99 ms |
| --- | --- | --- | --- | --- | --- |
| $oa | $os | $od | $((os + od)) | $orr | $op |

Every record either stored or counted as dropped: **$counted_ok**.
EOF
  local ok=no; ge "$r" "$goal" && [ $lost_ok = yes ] && [ $counted_ok = yes ] && ok=yes
  target logging "on/off ${r}x; full load: $ls stored of $la answered, $ld dropped; over capacity: $od dropped and counted" \
    "$([ $ok = yes ] && echo met || echo '**not met**')"
}

# 8. The portal on PostgreSQL against the portal on SQLite: single-row throughput, log on, alternated (issue 18).
db_title() { if [ "$1" = postgres ]; then echo PostgreSQL; else echo SQLite; fi; }
scenario_pgcompare() {
  local -A rps p99
  local rows="" db
  for round in $(seq "$ROUNDS"); do
    for db in sqlite postgres; do
      log "pgcompare: round $round, $db"
      PORTAL_DB=$db
      start portal "cmp-$round"
      warm
      local d0; d0=$(metric prediction_log_dropped_total)
      wrk_run "$DURATION"
      # Whatever was answered is stored once the writer has drained (or counted as dropped): the log keeps up.
      drain
      local a1 d1 st; a1=$(metric predictions_total) d1=$(metric prediction_log_dropped_total) st=$(stored)
      stop_server
      rps[$db]+="$W_RPS " p99[$db]+="$W_P99 "
      rows+="| $round | $(db_title $db) | $W_RPS | $W_REQ | $W_BAD | $W_P99 | $a1 | $st | $((d1 - d0)) | $W_CPU | $W_WRITER | $W_PG | $W_IDLE |"$'\n'
    done
  done
  PORTAL_DB=$DATABASE
  # shellcheck disable=SC2086
  local ms mp r
  ms=$(median ${rps[sqlite]}) mp=$(median ${rps[postgres]}) r=$(ratio "$mp" "$ms")
  section 8-pgcompare <<EOF
## 8. PostgreSQL against SQLite

The same portal (prediction log on, default queue capacity) on SQLite and on PostgreSQL, alternated over $ROUNDS round(s), each started fresh
from the same trained demo (a copy of the data folder; on PostgreSQL a database copied from portal_template);
wrk -t1 -c$CONNECTIONS $DURATION after a $WARMUP warm-up. "answered" and "stored" count every prediction of the run (warm-up and start-up check included),
after the writer drained.

| round | database | requests/s | requests | non-2xx | p99 ms | answered (predictions_total) | stored | dropped in the measured run | portal CPU µs/request | its writer thread µs/request | database server µs/request | idle: server core / load core |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows}
| median | SQLite | PostgreSQL |
| --- | --- | --- |
| requests/s | $ms | $mp |
| p99 ms | $(median ${p99[sqlite]}) | $(median ${p99[postgres]}) |

PostgreSQL/SQLite **${r}x** (target >= 0.90).
EOF
  target pgcompare "${mp}/s on PostgreSQL, ${ms}/s on SQLite: ${r}x" "$(met ge "$r" 0.9)"
}

# 5. Memory: resident memory after $MEMORY_PREDICTIONS logged predictions.
scenario_memory() {
  log "memory: driving $MEMORY_PREDICTIONS logged predictions through the portal"
  start portal memory
  local rows answered=0 started=$SECONDS step=20
  rows="| 0 | 0 | $(rss_mb VmRSS) | $(rss_mb VmHWM) |"$'\n'
  while [ "$answered" -lt "$MEMORY_PREDICTIONS" ]; do
    wrk_run "${step}s"
    answered=$(metric predictions_total)
    # Steps of 20 s, the last one sized from the current rate so as not to overshoot the target by much.
    step=$(awk -v left=$((MEMORY_PREDICTIONS - answered)) -v rate="$W_RPS" 'BEGIN { s = int(left / (rate + 1)) + 1; print (s < 2 ? 2 : s > 20 ? 20 : s) }')
    rows+="| $answered | $(stored) | $(rss_mb VmRSS) | $(rss_mb VmHWM) |"$'\n'
    log "memory: $answered predictions, VmRSS $(rss_mb VmRSS) MB"
  done
  drain
  local n s rss hwm
  n=$(metric predictions_total) s=$(stored) rss=$(rss_mb VmRSS) hwm=$(rss_mb VmHWM)
  rows+="| $n (drained) | $s | $rss | $hwm |"$'\n'
  stop_server
  section 5-memory <<EOF
## 5. Memory

The portal (log on, default queue capacity) under wrk -c$CONNECTIONS in steps of up to 20 s until it had answered $MEMORY_PREDICTIONS
predictions ($((SECONDS - started)) s); resident memory from /proc/PID/status (VmRSS now, VmHWM peak).

| predictions answered | rows stored | VmRSS MB | VmHWM MB |
| --- | --- | --- | --- |
${rows}
After $n logged predictions: VmRSS **$rss MB**, peak **$hwm MB** (target < 500 MB).
EOF
  target memory "VmRSS $rss MB, peak $hwm MB after $n predictions" "$(met eval "[ $n -ge 1000000 ] && le $hwm 500")"
  [ "$n" -ge 1000000 ] || T_MET[memory]="not judged ($n < 1,000,000 predictions)"
}

# 6. In-process scoring (bench/Portal.Bench, BenchmarkDotNet) and drift (bench/drift/run.sh): other projects' benchmarks.
scenario_inprocess() {
  if ! ls bench/Portal.Bench/*.csproj >/dev/null 2>&1; then
    log "inprocess: bench/Portal.Bench not present, skipped"
    section 6-inprocess <<<"## 6. In-process scoring"$'\n\n'"bench/Portal.Bench: not present, skipped."
    target inprocess "not present" "not run"
    return
  fi
  log "inprocess: BenchmarkDotNet (bench/Portal.Bench), pinned to core $SERVER_CORE"
  local filter=${INPROCESS_FILTER:-*} extra=()
  [ "$QUICK" = 1 ] && extra=(--job short)
  taskset -c "$SERVER_CORE" dotnet run -c Release --project bench/Portal.Bench -- --filter "$filter" --artifacts "$WORK/bdn" "${extra[@]}" \
    >"$WORK/inprocess.log" 2>&1 || { tail -30 "$WORK/inprocess.log" >&2; die "bench/Portal.Bench failed (log above)"; }
  {
    echo "## 6. In-process scoring"; echo
    echo "\`dotnet run -c Release --project bench/Portal.Bench -- --filter '$filter'${extra:+ ${extra[*]}}\` (BenchmarkDotNet), pinned to core $SERVER_CORE."
    for f in "$WORK"/bdn/results/*-report-github.md; do [ -f "$f" ] && { echo; sed -n '/^|/,$p' "$f"; }; done
  } | section 6-inprocess
  # The target row: the fastest benchmark whose name matches INPROCESS_TARGET (default: "single"), judged on its
  # Mean (<= 2 us) and Allocated ("-" or 0 B). Anything else is left to the reader of section 6.
  local judged
  judged=$("$PY" - "${INPROCESS_TARGET:-single}" "$WORK"/bdn/results/*-report-github.md <<'PY'
import re, sys
pattern, rows = re.compile(sys.argv[1], re.I), []
for path in sys.argv[2:]:
    lines = [l for l in open(path, encoding="utf-8") if l.startswith("|")]
    if len(lines) < 3:
        continue
    head = [c.strip() for c in lines[0].strip().strip("|").split("|")]
    for line in lines[2:]:
        cells = dict(zip(head, (c.strip() for c in line.strip().strip("|").split("|"))))
        m = re.match(r"([\d.,]+)\s*(ns|us|μs|ms|s)$", cells.get("Mean", ""))
        if m and pattern.search(cells.get("Method", "")):
            ns = float(m.group(1).replace(",", "")) * {"ns": 1, "us": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9}[m.group(2)]
            rows.append((ns, cells["Method"], cells.get("Allocated", "?")))
if not rows:
    print("see section 6|see section 6")
else:
    ns, name, alloc = min(rows)
    ok = ns <= 2000 and alloc in ("-", "0 B")
    shown = f"{ns:.1f} ns" if ns < 1000 else f"{ns / 1000:.3f} us"
    print(f"{name}: {shown}, allocated {alloc}|{'met' if ok else '**not met**'}")
PY
  )
  target inprocess "${judged%|*}" "${judged#*|}"
}
scenario_drift() {
  if [ ! -f bench/drift/run.sh ]; then
    log "drift: bench/drift/run.sh not present, skipped"
    section 7-drift <<<"## 7. Drift"$'\n\n'"bench/drift/run.sh: not present, skipped."
    target drift_ks "not present" "not run"; target drift_psi "not present" "not run"
    return
  fi
  log "drift: bench/drift/run.sh"
  QUICK=$QUICK bash bench/drift/run.sh >"$WORK/drift.log" 2>&1 || { tail -30 "$WORK/drift.log" >&2; die "bench/drift/run.sh failed (log above)"; }
  { echo "## 7. Drift"; echo; echo "From \`bench/drift/run.sh\` (its own report: bench/results/drift.md):"; echo
    # Its title dropped and its headings moved one level down, under this section's.
    [ -f bench/results/drift.md ] && sed '1{/^# /d}' bench/results/drift.md | sed '/./,$!d; s/^#/###/'; } | section 7-drift
  target drift_ks "see section 7" "see section 7"; target drift_psi "see section 7" "see section 7"
}

# ---------------------------------------------------------------------------------------------- report
machine() {
  local dirty=""; git diff --quiet HEAD -- . ':!bench/results' 2>/dev/null || dirty=" (with uncommitted changes)"
  cat <<EOF
| | |
| --- | --- |
| date | $(date -u '+%Y-%m-%d %H:%M UTC') |
| commit | $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$dirty |
| cores | $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)) |
| memory | $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |
| OS | $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r) |
| .NET | SDK $(dotnet --version) |
| database | $(if [ $USES_PG = 1 ]; then echo "PostgreSQL ${PG_VERSION:-not started}$([ "$DATABASE" = sqlite ] && echo ' and SQLite')"; else echo "SQLite (in the portal's process)"; fi) |
| Python (peer) | $("$PY" -c 'import sys, sklearn, fastapi, uvicorn, pandas, pydantic; print(f"{sys.version.split()[0]}: scikit-learn {sklearn.__version__}, FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}, pandas {pandas.__version__}, pydantic {pydantic.VERSION}")') |
| wrk | $(wrk -v 2>&1 | head -1 | awk '{print $2}') |
| load average (1, 5, 15 min) | at start $LOADAVG, at the end $(cut -d' ' -f1-3 /proc/loadavg) |
EOF
  # Two cores, both in use by the benchmark: anything else running shows in the load average and in the figures.
  if ! le "${LOADAVG%% *}" 1.5; then
    echo
    echo "**The machine was busy when this run started (load average ${LOADAVG%% *} on $(nproc) cores): the figures are not comparable with a run on a quiet machine.**"
  fi
}

report() {
  local row
  {
    echo "# Benchmarks"
    echo
    echo "Produced by \`bench/run.sh ${SCENARIOS[*]}\`$([ "$QUICK" = 1 ] && echo ' with QUICK=1 (a smoke run: short durations, not the figures to quote)')."
    echo
    machine
    echo
    echo "## Method"
    echo
    echo "- Each server runs alone, on loopback, pinned to core $SERVER_CORE (\`taskset -c $SERVER_CORE\`); the load generator runs on core $LOAD_CORE."
    echo "- portal: Portal.Web Release on $(db_title "$DATABASE"), demo model credit-risk (FastTree, 100 trees, trained at first start), \`X-Api-Key\` auth, prediction log on unless said otherwise; every run starts from a copy of the same data folder."
    if [ $USES_PG = 1 ]; then
      echo "- PostgreSQL ${PG_VERSION:-?}: a throwaway cluster started by the harness (initdb, pg_ctl) in the scratch folder, on 127.0.0.1:$PG_PORT, with PostgreSQL's default settings (fsync, synchronous_commit and full_page_writes on, shared_buffers 128MB) but \`$PG_SETTINGS\`. The server and its backends are pinned to core $PG_CORE (\`PG_CORE\`)$( [ "$PG_CORE" = "$LOAD_CORE" ] && echo ", the load core, with wrk: the portal has core $SERVER_CORE to itself, but its database work runs on the other core, where on SQLite it runs inside the portal's process on core $SERVER_CORE (so PostgreSQL is helped by a core SQLite does not get, and shares it with wrk)")$( [ "$PG_CORE" = "$SERVER_CORE" ] && echo ", the portal's own core: the database work competes with the portal for one core, as SQLite's does"). The first portal start migrates and trains the demo into database portal_template; every run gets its own database, \`CREATE DATABASE portal_RUN TEMPLATE portal_template\`, plus a copy of the data folder."
    fi
    echo "- peer: bench/peer/server.py, FastAPI $("$PY" -c 'import fastapi; print(fastapi.__version__)') + uvicorn (1 worker, uvloop/httptools, no access log) + scikit-learn GradientBoostingClassifier(n_estimators=100) in a Pipeline (mean imputation, one-hot categoricals), trained at start on the same credit_data rows, features and label; OMP/OpenBLAS/MKL threads 1."
    echo "- floor: bench/Floor, ASP.NET Core minimal API on Kestrel that parses the same body into a JsonDocument and answers a constant of the same shape (no auth, no logging, no model)."
    echo "- Both models train on the same 80% of credit_data's rows (the portal's stratified split, seed 1; the peer uses tools/reference/split.py) and are tested on the same 20%: test AUC portal ${PORTAL_AUC:-not measured}, peer ${PEER_AUC:-not measured}."
    echo "- Bodies: complete credit_data rows, the same for every server; closed-loop runs alternate servers (A/B/C...) over $ROUNDS round(s) and report medians."
    echo "- Durations: throughput/logging $DURATION per run after $WARMUP warm-up; latency ${LATENCY_DURATION} s at $LATENCY_RATE/s (peer capped at ${PEER_LATENCY_DURATION} s); full-load log check $LOSS_DURATION; memory until $MEMORY_PREDICTIONS predictions."
    echo
    echo "## Targets"
    echo
    echo "| target | goal | measured | |"
    echo "| --- | --- | --- | --- |"
    for row in \
      "single|single-row predict, requests/s|>= 50x the peer and >= 0.5x the floor, with auth and the prediction log on" \
      "latency|single-row predict, p99 at 1,000 requests/s offered|<= 5 ms" \
      "batch|batch predict, rows/s|>= 3x the peer's batch endpoint" \
      "inprocess|in-process single-row scoring|<= 2 microseconds and no allocation per call after warm-up" \
      "drift_ks|drift, KS + Wasserstein, 1M x 1M x 20|>= 10x scipy, same statistics to 1e-9" \
      "drift_psi|drift, PSI + Jensen-Shannon|>= 10x numpy" \
      "logging|prediction log ($(db_title "$DATABASE"))|throughput >= $(logging_goal)x log-off; zero records lost below capacity, losses counted above it" \
      "pgcompare|single-row predict on PostgreSQL, requests/s|within 10% of SQLite (>= 0.90x), log on" \
      "memory|memory|resident memory stays bounded (under 500 MB) after 1,000,000 logged predictions"; do
      IFS='|' read -r key what goal <<<"$row"
      echo "| $what | $goal | ${T_VALUE[$key]:-not run} | ${T_MET[$key]:-not run} |"
    done
    for f in "$WORK"/sections/*.md; do [ -f "$f" ] && { echo; cat "$f"; }; done
  } >"$OUT"
  log "report written to $OUT"
}

# ---------------------------------------------------------------------------------------------- main
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
ensure_tools
build
make_bodies
head -1 "$WORK/predict.jsonl" >"$WORK/one.json"
for s in "${SCENARIOS[@]}"; do "scenario_$s"; done
report
cat "$OUT"
