#!/usr/bin/env bash
# Builds the Tollgate service image offline into OUTDIR/oci:TAG (an OCI layout), the same image deploy/Containerfile
# describes: a Debian 12 minbase with ca-certificates (real packages by mmdebstrap, from the mirror in this machine's
# apt configuration), setuid/setgid bits stripped (files and directories), a `tollgate` account with uid 10001, and a self-contained
# `dotnet publish` of src/Tollgate.Cli in /app; runs as 10001:10001, HEALTHCHECK on /health, OCI labels.
#
#   scripts/build-service-image.sh OUTDIR [TAG]     TAG defaults to the CLI's <Version>
#
# Needs mmdebstrap, umoci, python3, dotnet (scripts/install-deps.sh). Runs as root (mmdebstrap, file owners).
# Reproducible: every timestamp is the last commit's (SOURCE_DATE_EPOCH overrides).
set -euo pipefail
OUT=${1:?usage: build-service-image.sh OUTDIR [TAG]}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
HELPERS=$HERE/testimages
TAG=${2:-$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$REPO/src/Tollgate.Cli/Tollgate.Cli.csproj")}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# The uid/gid the service runs as (numeric, so Kubernetes runAsNonRoot can verify it without /etc/passwd).
APP_UID=10001
REVISION=$(git -C "$REPO" rev-parse HEAD 2>/dev/null || echo unknown)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || date +%s)}
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
CREATED=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
IMAGE_AUTHOR="tollgate build-service-image.sh"
# debian_mirror, debian_rootfs, repack, configure, tar_layer
. "$HELPERS/image-lib.sh"

log() { echo "build-service-image: $*" >&2; }

w=$OUT/.work
rm -rf "$w" "$OUT/oci"
mkdir -p "$w"
trap 'rm -rf "$w"' EXIT

# Stage 1 (Containerfile: FROM sdk AS build): publish from a copy of the sources, so the worktree's obj/ folders
# (restored without a runtime identifier) are not rewritten under a concurrent build.
SECONDS=0
mkdir -p "$w/src"
tar -C "$REPO" --exclude=bin --exclude=obj -cf - src Directory.Build.props Directory.Packages.props | tar -C "$w/src" -xf -
dotnet publish "$w/src/src/Tollgate.Cli/Tollgate.Cli.csproj" -c Release -r linux-x64 --self-contained \
  -o "$w/app/app" -nologo -v q --disable-build-servers -p:DebugType=none -p:GenerateDocumentationFile=false >/dev/null
# NuGet's cache keeps some files 0744; the service account must read and run everything, change nothing.
chmod -R u=rwX,go=rX "$w/app"
log "dotnet publish: ${SECONDS}s"

# Stage 2 (FROM debian:bookworm-slim): the runtime's own dependencies only. Self-contained .NET with
# InvariantGlobalization needs libc, libstdc++, zlib (all in minbase) and libssl3 + CA roots for TLS.
SECONDS=0
debian_rootfs "$w/rootfs" ca-certificates \
  --customize-hook='find "$1" -xdev -perm /6000 -exec chmod ug-s {} +' \
  --customize-hook="echo 'tollgate:x:$APP_UID:$APP_UID:tollgate:/var/lib/tollgate:/usr/sbin/nologin' >>\"\$1/etc/passwd\"" \
  --customize-hook="echo 'tollgate:x:$APP_UID:' >>\"\$1/etc/group\"" \
  --customize-hook="echo 'tollgate:!:19723::::::' >>\"\$1/etc/shadow\"" \
  --customize-hook="install -d -m 0750 -o $APP_UID -g $APP_UID \"\$1/var/lib/tollgate\""
log "mmdebstrap: ${SECONDS}s"

image=$OUT/oci:$TAG
umoci init --layout "$OUT/oci"
umoci new --image "$image"
umoci unpack --image "$image" "$w/bundle" >/dev/null
cp -a "$w/rootfs/." "$w/bundle/rootfs/"
repack "$image" "RUN apt-get install ca-certificates && find / -xdev -perm /6000 -exec chmod ug-s {} + && useradd -u $APP_UID tollgate" "$w/bundle"
tar_layer "$image" "COPY --from=build /out /app" "$w/app" app
configure "$image" "CONFIG user, entrypoint, ports, labels" \
  --config.user "$APP_UID:$APP_UID" --config.workingdir /var/lib/tollgate \
  --config.entrypoint /app/tollgate --config.cmd serve --config.cmd --urls --config.cmd http://0.0.0.0:8080 \
  --config.env "PATH=/app:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --config.env DOTNET_RUNNING_IN_CONTAINER=true --config.env DOTNET_gcServer=0 \
  --config.exposedports 8080/tcp --config.exposedports 8443/tcp --config.volume /var/lib/tollgate \
  --config.stopsignal SIGTERM \
  --config.label org.opencontainers.image.title=tollgate \
  --config.label org.opencontainers.image.description="Tollgate container image inspection, vulnerability and policy service" \
  --config.label org.opencontainers.image.version="$TAG" \
  --config.label org.opencontainers.image.vendor=Tollgate \
  --config.label org.opencontainers.image.licenses=Apache-2.0 \
  --config.label org.opencontainers.image.created="$CREATED" \
  --config.label org.opencontainers.image.revision="$REVISION" \
  --config.label org.opencontainers.image.source=https://git.example.invalid/tollgate/tollgate \
  --config.label org.opencontainers.image.base.name=debian:bookworm
# The OCI config has no healthcheck; Docker's (which tollgate check reads) goes in as Docker writes it.
python3 "$HELPERS/oci_layout.py" patch-config "$OUT/oci" "$TAG" \
  '{"Healthcheck": {"Test": ["CMD", "/app/tollgate", "health", "http://127.0.0.1:8080/health"], "Interval": 30000000000, "Timeout": 5000000000, "StartPeriod": 20000000000, "Retries": 3}}'
umoci gc --layout "$OUT/oci"
log "image in oci:$OUT/oci:$TAG"
