#!/usr/bin/env bash
# Runs every test. On a fresh Debian 12 machine it first installs what the tests need (apt packages),
# builds the test images from real packages (cached under .cache/ between local runs; CI builds fresh)
# and starts the services the tests talk to (registries on 127.0.0.1). Prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

"$ROOT/scripts/install-deps.sh"

export TOLLGATE_TESTDATA="${TOLLGATE_TESTDATA:-$ROOT/.cache/testdata}"
"$ROOT/scripts/build-test-images.sh" "$TOLLGATE_TESTDATA"

dotnet build Tollgate.sln -c Release -nologo -clp:ErrorsOnly
rm -rf "$ROOT/artifacts/test-results"
status=0
dotnet test Tollgate.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$ROOT/artifacts/test-results" || status=$?

# One plain summary line for CI, summed over every test project's TRX file.
python3 - "$ROOT/artifacts/test-results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
