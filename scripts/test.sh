#!/usr/bin/env bash
# Runs every test of PhiGuard on a fresh machine: restores, builds (warnings are errors), checks formatting,
# and runs the test suites. Installs and starts what the tests need (PostgreSQL for the audit-trail store tests).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH" >&2
  exit 2
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The audit-trail store tests run against a real PostgreSQL on 127.0.0.1 (exports PHIGUARD_TEST_POSTGRES).
. scripts/start-postgres.sh
# The admission tests run a real OCI registry (Debian's docker-registry); each test starts its own on a free
# 127.0.0.1 port, so only the binary is needed, not the Debian service.
if [ ! -x /usr/bin/docker-registry ]; then
  if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
  else
    echo "test.sh: /usr/bin/docker-registry is missing and apt-get is not available to install it" >&2
    exit 2
  fi
fi

# The etcd verify-encryption tests run a real etcd (Debian's etcd-server); each test starts its own on free
# 127.0.0.1 ports with a temporary data directory, so only the binary is needed, not the Debian service.
if [ ! -x /usr/bin/etcd ]; then
  if command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >/dev/null
  else
    echo "test.sh: /usr/bin/etcd is missing and apt-get is not available to install it" >&2
    exit 2
  fi
fi

dotnet restore PhiGuard.slnx
dotnet build PhiGuard.slnx --no-restore -c Release
dotnet format PhiGuard.slnx --no-restore --verify-no-changes
log="$(mktemp -t phiguard-test.XXXXXX.log)"
set +e
dotnet test PhiGuard.slnx --no-build -c Release --logger "console;verbosity=normal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line that counts across all test projects (the per-project summaries say "Passed: N" etc.).
count() { { grep -Eo "^ *$1: +[0-9]+" "$log" || true; } | awk '{s+=$2} END {print s+0}'; }
echo "tests: $(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
rm -f "$log"
exit "$status"
