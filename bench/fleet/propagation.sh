#!/usr/bin/env bash
# Promotion propagation across two replicas (issue 18, "Speed"): how long after a promotion through replica A does
# replica B serve the new champion. A real fleet on this machine: a throwaway PostgreSQL cluster (initdb + pg_ctl in a
# scratch folder on a free port, as `nobody` when run as root, never a system service), s3rver (tools/s3) for the
# shared bucket, and two Release portals on Kestrel sharing both. propagation.py does the promotions and the report.
#
#   bench/fleet/propagation.sh        exit 0: every propagation < 1000 ms; 3: the run finished but one was not; else an error
#
# Environment (defaults in brackets):
#   N [50]                          promotions, alternating v2/v1
#   OUT [bench/results/propagation.md]
#   KEEP_WORK [0]                   1 keeps the scratch folders (replica logs, server.log, bucket)
#   PG_BIN [the folder of initdb on PATH (links followed, for createdb and psql beside it), else the newest /usr/lib/postgresql/*/bin]
#   PG_OPTS [-c max_connections=200]   extra postgres settings (durability stays PostgreSQL's default)
#   A_PORT, B_PORT, PG_PORT, S3_PORT [free ports]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
N=${N:-50}
OUT=${OUT:-bench/results/propagation.md}
PG_OPTS=${PG_OPTS:--c max_connections=200}
PASSWORD=Bench-admin-pass-1
MODEL=credit-risk
BUCKET=portal
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
A_PORT=${A_PORT:-$(free_port)} B_PORT=${B_PORT:-$(free_port)} PG_PORT=${PG_PORT:-$(free_port)} S3_PORT=${S3_PORT:-$(free_port)}

if [ -z "${PG_BIN:-}" ]; then
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then PG_BIN=$(dirname "$(readlink -f "$(command -v initdb)")")
  else PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1); fi
fi
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL's initdb was not found (PG_BIN=$PG_BIN): apt-get install postgresql (./test.sh does)." >&2; exit 1; }
[ -f tools/s3/node_modules/s3rver/bin/s3rver.js ] || { log "installing s3rver (npm ci --prefix tools/s3)"; npm ci --prefix tools/s3 --silent; }

# Release build when missing or older than a source file.
DLL=Portal.Web/bin/Release/net10.0/Portal.Web.dll
if [ ! -f "$DLL" ] || [ -n "$(find Portal.Web Portal.Core Portal.Data Portal.Data.Postgres -newer "$DLL" \( -name '*.cs' -o -name '*.razor' -o -name '*.csproj' \) -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]; then
  log "building Release (dotnet build Portal.sln -c Release)"
  dotnet build Portal.sln -c Release -nologo -v quiet >/dev/null
fi

WORK=$(mktemp -d /tmp/portal-propbench.XXXXXX)
# As root, the cluster belongs to nobody (initdb refuses root), in a folder nobody owns and can reach.
PGDIR=$(mktemp -d /tmp/portal-propbench-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then chown nobody: "$PGDIR"; chmod 755 "$PGDIR"; as_pg() { runuser -u nobody -- "$@"; }; else as_pg() { "$@"; }; fi
PIDS=()
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  [ -f "$PGDIR/data/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -m fast -w -t 60 stop >/dev/null
  if [ "${KEEP_WORK:-0}" = 1 ]; then log "kept $WORK and $PGDIR"; else rm -rf "$WORK" "$PGDIR"; fi
}
trap cleanup EXIT

log "PostgreSQL ($PG_BIN) on port $PG_PORT"
as_pg "$PG_BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust --no-locale -E UTF8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PGDIR -c listen_addresses=127.0.0.1 $PG_OPTS" start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres portal
PG_VERSION=$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d portal -Atc 'SHOW server_version')

log "s3rver on port $S3_PORT (bucket $BUCKET)"
node tools/s3/node_modules/s3rver/bin/s3rver.js -d "$WORK/s3" -a 127.0.0.1 -p "$S3_PORT" --silent --configure-bucket "$BUCKET" >"$WORK/s3.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$S3_PORT") 2>/dev/null && break; sleep 0.1; done

replica() { # NAME PORT DEMO: starts one portal in its own folder (its working directory, data and local artefact cache)
  local dir="$WORK/$1"
  mkdir -p "$dir"
  ( cd "$dir" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      Portal__Database__Provider=postgres \
      ConnectionStrings__Portal="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=portal" \
      Portal__DataPath="$dir/data" Portal__ModelsPath="$dir/models" \
      Portal__Artefacts__Store=s3 Portal__Artefacts__S3__Endpoint="http://127.0.0.1:$S3_PORT" Portal__Artefacts__S3__Bucket="$BUCKET" \
      Portal__Artefacts__S3__ForcePathStyle=true Portal__Artefacts__S3__AccessKey=S3RVER Portal__Artefacts__S3__SecretKey=S3RVER \
      Portal__Artefacts__S3__Region=us-east-1 Portal__Bootstrap__AdminPassword="$PASSWORD" Portal__Demo__Enabled="$3" \
      dotnet "$ROOT/$DLL" --urls "http://127.0.0.1:$2" ) >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
}

log "replica A on port $A_PORT (demo on: trains $MODEL v1)"
replica a "$A_PORT" true
python3 bench/fleet/propagation.py ready "http://127.0.0.1:$A_PORT" --model "$MODEL" --password "$PASSWORD" || { tail -n 50 "$WORK/a.log" >&2; exit 1; }
log "replica B on port $B_PORT"
replica b "$B_PORT" false
python3 bench/fleet/propagation.py ready "http://127.0.0.1:$B_PORT" --model "$MODEL" --password "$PASSWORD" || { tail -n 50 "$WORK/b.log" >&2; exit 1; }

log "$N promotions through A, B polled (load average $(cut -d' ' -f1-3 /proc/loadavg))"
mkdir -p "$(dirname "$OUT")"
status=0
python3 bench/fleet/propagation.py run --a "http://127.0.0.1:$A_PORT" --b "http://127.0.0.1:$B_PORT" \
  --s3 "http://127.0.0.1:$S3_PORT" --bucket "$BUCKET" --n "$N" --out "$OUT" --model "$MODEL" --password "$PASSWORD" \
  --meta "command=N=$N bench/fleet/propagation.sh" \
  --meta "date=$(date -u '+%Y-%m-%d %H:%M')" \
  --meta "commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Portal.Web Portal.Core Portal.Data Portal.Data.Postgres || echo ' (with uncommitted changes)')" \
  --meta "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')" \
  --meta "cores=$(nproc) (shared: both replicas, PostgreSQL, s3rver and the client on the same cores)" \
  --meta "load=$(cut -d' ' -f1-3 /proc/loadavg)" \
  --meta "dotnet=$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')" \
  --meta "postgres=$PG_VERSION (throwaway cluster, default durability settings $PG_OPTS)" \
  --meta "s3=s3rver $(node -p "require('./tools/s3/node_modules/s3rver/package.json').version") on loopback" || status=$?
# 3: the run finished but a propagation took 1000 ms or more (the report says which); anything else failed: the replicas' logs.
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then tail -n 30 "$WORK/a.log" "$WORK/b.log" >&2; fi
exit "$status"
