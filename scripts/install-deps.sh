#!/usr/bin/env bash
# Installs the Debian packages the tests use, only when something is missing (fast on a warm machine).
set -euo pipefail
need=()
for pair in skopeo:skopeo umoci:umoci buildah:buildah mmdebstrap:mmdebstrap docker-registry:docker-registry \
            htpasswd:apache2-utils zstd:zstd rpm:rpm sqlite3:sqlite3; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
[ -d /usr/share/gocode/src/github.com/knqyf263/go-rpmdb ] || need+=(golang-github-knqyf263-go-rpmdb-dev)
command -v objcopy >/dev/null 2>&1 || need+=(binutils) # language tests add a cargo-auditable section to a real ELF
# build-test-images.sh (keys for the secrets image, the npm app) and test.sh's summary line.
for pair in openssl:openssl npm:npm python3:python3 flock:util-linux; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
[ -e /etc/ssl/certs/ca-certificates.crt ] || need+=(ca-certificates)
command -v chromium >/dev/null 2>&1 || need+=(chromium) # the HTML report test opens reports in headless Chromium
# Service tests start their own throw-away PostgreSQL cluster (initdb/pg_ctl) on 127.0.0.1.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -e /usr/lib/python3/dist-packages/prometheus_client/parser.py ] || need+=(python3-prometheus-client)  # /metrics is checked with the reference parser
if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
