#!/usr/bin/env bash
# Portal's test command: unit, data, API, component (bUnit) and end-to-end (Chromium) tests.
# Installs what the tests need when it is missing: Debian's Chromium for the E2E tests, and Debian's
# prometheus package for promtool (the alert rules are checked, and a test checks the /metrics output), Debian's
# postgresql for initdb/pg_ctl (the PostgreSQL tests start a throwaway cluster of their own, never a service), and
# Node.js and npm for the OpenAPI tools in tools/openapi (redocly lint, openapi-typescript, tsc; pinned in its package-lock.json)
# and for s3rver in tools/s3 (the S3-compatible server the artefact-store tests start on a free port).
set -euo pipefail
cd "$(dirname "$0")"

need_packages=()
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
[ -x /usr/bin/promtool ] || need_packages+=(prometheus)
command -v npm >/dev/null || need_packages+=(nodejs npm)
command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_packages+=(postgresql)
if [ ${#need_packages[@]} -gt 0 ]; then
  echo "Installing ${need_packages[*]} for the tests..."
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  if [[ " ${need_packages[*]} " == *" postgresql "* ]]; then
    # No main cluster, so the package has no service to start: the tests run their own cluster.
    $sudo_cmd mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | $sudo_cmd tee /etc/postgresql-common/createcluster.conf >/dev/null
  fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

# Installed once (the tests run them with `npx --no`, so nothing downloads while they run).
[ -d tools/openapi/node_modules ] || npm ci --prefix tools/openapi --no-audit --no-fund --loglevel=error
[ -d tools/s3/node_modules ] || npm ci --prefix tools/s3 --no-audit --no-fund --loglevel=error

promtool check rules deploy/prometheus/alerts.yml
promtool test rules deploy/prometheus/alerts.test.yml

dotnet tool restore >/dev/null
dotnet build Portal.sln -c Release -nologo -v quiet
# The E2E and Kestrel tests run the published app in Production, as users deploy it: a fresh publish of this build.
rm -rf artifacts/publish
dotnet publish Portal.Web -c Release -o artifacts/publish --no-build -nologo -v quiet
log=$(mktemp)
status=0
dotnet test Portal.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
# The API suite once more on PostgreSQL (a database per portal in the run's throwaway cluster), so both providers are
# held to the same contract. Skipped only when the caller narrowed the run with arguments (e.g. --filter).
if [ $# -eq 0 ]; then
  echo "The API suite on PostgreSQL (PORTAL_TEST_DATABASE=postgres)..."
  PORTAL_TEST_DATABASE=postgres dotnet test Portal.Tests -c Release --no-build -nologo --logger "console;verbosity=normal" \
    --filter "FullyQualifiedName~Portal.Tests.Api" 2>&1 | tee -a "$log" || status=$?
fi
# One plain summary line for CI: "N passed, N failed" (both passes together).
passed=$(sed -nE 's/^ +Passed: +([0-9]+)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -nE 's/^ +Failed: +([0-9]+)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
rm -f "$log"
exit $status
