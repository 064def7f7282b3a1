#!/usr/bin/env bash
# Reproduces docs/comparisons.md: the same docker-archive inventoried by `cdxgen -t docker` (npm @cyclonedx/cdxgen) and
# by `tollgate sbom`, wall time of each, and packages per ecosystem (purl type) side by side.
# Not part of the test suite (cdxgen takes minutes). Needs cdxgen on PATH: npm install -g @cyclonedx/cdxgen
# Usage: scripts/compare-cdxgen.sh [DOCKER_ARCHIVE] [OUT_DIR]
#   default archive: $TOLLGATE_TESTDATA/lang/docker-archive.tar (scripts/build-test-images.sh builds it)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TESTDATA="${TOLLGATE_TESTDATA:-$ROOT/.cache/testdata}"
ARCHIVE="$(realpath "${1:-$TESTDATA/lang/docker-archive.tar}")"
OUT="${2:-$(mktemp -d -t tollgate-cdxgen-XXXXXX)}"
mkdir -p "$OUT"
command -v cdxgen >/dev/null || { echo "cdxgen not found: npm install -g @cyclonedx/cdxgen" >&2; exit 2; }

dotnet build src/Tollgate.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
TOLLGATE="$ROOT/src/Tollgate.Cli/bin/Release/net10.0/tollgate"

echo "cdxgen $(cdxgen --version 2>/dev/null | head -1 | tr -d '\033' | sed 's/\[[0-9;]*m//g')"
# cdxgen writes its temp extraction under $TMPDIR; FETCH_LICENSE stays off (no network beyond npm here).
( cd "$OUT" && /usr/bin/time -f '%e s wall, %M KB peak RSS' -o "$OUT/cdxgen.time" \
    timeout 900 cdxgen -t docker -o "$OUT/cdxgen.json" "$ARCHIVE" >"$OUT/cdxgen.log" 2>&1 ) \
  || { echo "cdxgen failed or timed out (log: $OUT/cdxgen.log)" >&2; exit 1; }
/usr/bin/time -f '%e s wall, %M KB peak RSS' -o "$OUT/tollgate.time" \
  "$TOLLGATE" sbom "docker-archive:$ARCHIVE" -o json >"$OUT/tollgate.json" 2>"$OUT/tollgate.log"

echo "cdxgen -t docker  $(tail -1 "$OUT/cdxgen.time")"
echo "tollgate sbom     $(tail -1 "$OUT/tollgate.time")"
python3 - "$OUT/cdxgen.json" "$OUT/tollgate.json" <<'EOF'
import collections, json, sys

def ecosystem(purl):
    return purl.split(":", 1)[1].split("/", 1)[0] if purl and purl.startswith("pkg:") else None

cdx = json.load(open(sys.argv[1]))["components"]
ours = json.load(open(sys.argv[2]))["packages"]
theirs = collections.Counter()
other = collections.Counter()
for c in cdx:
    eco = ecosystem(c.get("purl"))
    if c.get("type") in ("file", "cryptographic-asset") or eco is None:
        other[c.get("type")] += 1  # one component per file / certificate, not packages
    elif eco == "deb" and "source" in (c.get("tags") or []):
        theirs["deb (source)"] += 1  # cdxgen adds the source package beside the binary ones
    else:
        theirs[eco] += 1
mine = collections.Counter(ecosystem(p.get("purl")) or p["type"] for p in ours)
mine_unique = collections.Counter()
for eco, _ in {(ecosystem(p.get("purl")) or p["type"], (p["name"], p["version"])) for p in ours}:
    mine_unique[eco] += 1
print(f"{'ecosystem':<14}{'cdxgen':>8}{'tollgate':>10}{'(unique name@version)':>24}")
for eco in sorted(set(theirs) | set(mine)):
    print(f"{eco:<14}{theirs.get(eco, 0):>8}{mine.get(eco, 0):>10}{mine_unique.get(eco, 0):>24}")
print("cdxgen non-package components: " + ", ".join(f"{k} {v}" for k, v in sorted(other.items())))
EOF
echo "outputs in $OUT"
