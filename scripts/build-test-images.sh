#!/usr/bin/env bash
# Builds the test images from real packages into $1 (see docs/testing.md for each image and its oracle).
#
# Cached: each finished image leaves OUT/NAME/.stamp holding the sha256 of this script and its helpers, and is
# reused while that matches; CI=true (or TOLLGATE_REBUILD=1) rebuilds everything. Images are built in
# OUT/.build/NAME and moved into place only when complete, so a failed run never leaves a half image behind.
#
# Needs (scripts/install-deps.sh installs them): mmdebstrap, umoci, skopeo, openssl, python3, npm, dotnet.
# The Debian mirror comes from this machine's apt configuration at run time (TOLLGATE_DEBIAN_MIRROR overrides).
set -euo pipefail
OUT=${1:?usage: build-test-images.sh OUTDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$HERE")
CORPORA=${TOLLGATE_SHARED:-$REPO/../shared}/corpora
HELPERS=$HERE/testimages
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

STAMP=$(cat "$0" "$HELPERS"/* "$HERE/build-service-image.sh" | sha256sum | cut -d' ' -f1)
CREATED=2024-01-01T00:00:00Z
export SOURCE_DATE_EPOCH=1704067200 LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive

log() { echo "build-test-images: $*" >&2; }

# One build at a time per OUTDIR (several test runs may share one cache).
exec 9>"$OUT/.lock"
flock 9

IMAGE_AUTHOR="tollgate build-test-images.sh"
# debian_mirror, debian_rootfs, repack, configure, tar_layer
. "$HELPERS/image-lib.sh"

# Copy the Debian base layout (one mmdebstrap layer) to $1, tagged $2.
from_debian_base() {
  cp -a "$OUT/debian-base/oci" "$1"
  umoci tag --image "$1:base" "$2"
  umoci rm --image "$1:base"
}

# The usual copies of an image: oci-archive, docker-archive (skopeo: legacy `docker save` layout), and the
# umoci-unpacked bundle whose rootfs is the listing oracle.
copies() {
  local dir=$1 tag=$2 repo=$3
  skopeo copy -q "oci:$dir/oci:$tag" "oci-archive:$dir/oci-archive.tar:$tag"
  skopeo copy -q "oci:$dir/oci:$tag" "docker-archive:$dir/docker-archive.tar:$repo:$tag"
  umoci unpack --image "$dir/oci:$tag" "$dir/bundle" >/dev/null
}

finish_layout() { umoci gc --layout "$1"; }

# --- images -------------------------------------------------------------------------------------------

build_debian_base() {
  local d=$1
  debian_rootfs "$d/rootfs"
  umoci init --layout "$d/oci"
  umoci new --image "$d/oci:base"
  umoci unpack --image "$d/oci:base" "$d/bundle" >/dev/null
  cp -a "$d/rootfs/." "$d/bundle/rootfs/"
  repack "$d/oci:base" "mmdebstrap --variant=minbase bookworm" "$d/bundle"
  rm -rf "$d/rootfs" "$d/bundle"
}

build_debian() {
  local d=$1 w=$1/work
  mkdir -p "$w"
  from_debian_base "$d/oci" latest
  # Layer 2: real whiteouts (a doc directory, a file under /etc), an added file with a hardlink to it, a symlink
  # that escapes the root (must never be followed), a fifo, and a directory layer 3 replaces opaquely.
  umoci unpack --image "$d/oci:latest" "$w/bundle" >/dev/null
  local r=$w/bundle/rootfs
  rm -rf "$r/usr/share/doc/hostname" "$r/etc/motd" "$r/etc/issue.net"
  printf 'tollgate test image\n' >"$r/etc/tollgate-release"
  chmod 0640 "$r/etc/tollgate-release"
  chown 0:4 "$r/etc/tollgate-release"
  mkdir -p "$r/usr/share/tollgate" "$r/etc/tollgate-opaque"
  ln "$r/etc/tollgate-release" "$r/usr/share/tollgate/release-hardlink"
  ln -s ../../../../../../outside-the-image "$r/usr/share/tollgate/escaping-symlink"
  ln -s /etc/tollgate-release "$r/usr/share/tollgate/absolute-symlink"
  mkfifo -m 0620 "$r/usr/share/tollgate/fifo"
  echo old-a >"$r/etc/tollgate-opaque/a"
  echo old-b >"$r/etc/tollgate-opaque/b"
  repack "$d/oci:latest" "RUN rm -rf /usr/share/doc/hostname /etc/motd /etc/issue.net && add /etc/tollgate-release" "$w/bundle"
  # Layer 3: an opaque whiteout (.wh..wh..opq) replacing /etc/tollgate-opaque with one new file.
  mkdir -p "$w/opaque/etc/tollgate-opaque"
  : >"$w/opaque/etc/tollgate-opaque/.wh..wh..opq"
  echo new-c >"$w/opaque/etc/tollgate-opaque/c"
  tar_layer "$d/oci:latest" "COPY opaque/ /etc/tollgate-opaque (opaque)" "$w/opaque" etc/tollgate-opaque
  configure "$d/oci:latest" "CONFIG user, env, ports, cmd, labels" \
    --config.user www-data --config.env APP_ENV=test --config.env "PATH=/usr/local/bin:/usr/bin:/bin" \
    --config.exposedports 8080/tcp --config.exposedports 8443/tcp --config.entrypoint /bin/sh \
    --config.cmd -c --config.cmd "sleep infinity" --config.workingdir /srv --config.stopsignal SIGTERM \
    --config.volume /data --config.label org.opencontainers.image.title=tollgate-test-debian \
    --config.label org.opencontainers.image.version=12 --config.label maintainer=tollgate
  python3 "$HELPERS/oci_layout.py" patch-config "$d/oci" latest \
    '{"Healthcheck": {"Test": ["CMD-SHELL", "test -f /etc/tollgate-release"], "Interval": 30000000000, "Timeout": 5000000000, "Retries": 3}}'
  finish_layout "$d/oci"
  copies "$d" latest tollgate-test/debian
  python3 "$HELPERS/oci_layout.py" docker-oci-archive "$d/oci" latest tollgate-test/debian:latest "$d/docker-oci-archive.tar"
  skopeo copy -q --dest-compress-format zstd "oci:$d/oci:latest" "oci:$d/zstd:latest"
  rm -rf "$w"
}

build_alpine() {
  local d=$1 w=$1/work
  mkdir -p "$w"
  umoci init --layout "$d/oci"
  local pair arch tarball
  for pair in amd64:x86_64 arm64:aarch64; do
    arch=${pair%%:*}
    tarball=$CORPORA/images/alpine-minirootfs-3.20.3-${pair#*:}.tar.gz
    gzip -dc "$tarball" >"$w/layer.tar"
    umoci new --image "$d/oci:3.20.3-$arch"
    umoci raw add-layer "${history[@]}" --history.created_by "ADD $(basename "$tarball") /" \
      --image "$d/oci:3.20.3-$arch" "$w/layer.tar"
    configure "$d/oci:3.20.3-$arch" "CMD [\"/bin/sh\"]" --os linux --architecture "$arch" \
      --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" --config.cmd /bin/sh
    umoci unpack --image "$d/oci:3.20.3-$arch" "$d/bundle-$arch" >/dev/null
  done
  python3 "$HELPERS/oci_layout.py" index "$d/oci" 3.20.3 3.20.3-amd64 3.20.3-arm64
  finish_layout "$d/oci"
  skopeo copy -q "oci:$d/oci:3.20.3-amd64" "docker-archive:$d/docker-archive.tar:tollgate-test/alpine:3.20.3"
  skopeo copy -q --all "oci:$d/oci:3.20.3" "oci-archive:$d/oci-archive.tar:3.20.3"
  rm -rf "$w"
}

build_dod_bad() {
  local d=$1 w=$1/work
  mkdir -p "$w"
  # Runs as root (no User), keeps Debian's setuid/setgid binaries (passwd, su, mount, ...), exposes 22/tcp, no
  # HEALTHCHECK, no OCI labels, tagged latest. A layer makes /usr/bin/chage setuid (Debian ships it 2755) so
  # Anchore's well-known finding "files/suid_or_guid_set /usr/bin/chage Mode: 0o104755" can be reproduced.
  from_debian_base "$d/oci" latest
  umoci unpack --image "$d/oci:latest" "$w/bundle" >/dev/null
  chmod 4755 "$w/bundle/rootfs/usr/bin/chage"
  repack "$d/oci:latest" "RUN chmod 4755 /usr/bin/chage" "$w/bundle"
  configure "$d/oci:latest" "CONFIG expose 22, cmd bash" \
    --config.exposedports 22/tcp --config.exposedports 80/tcp --config.cmd /bin/bash \
    --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  finish_layout "$d/oci"
  copies "$d" latest tollgate-test/dod-bad
  rm -rf "$w"
}

build_dod_good() {
  local d=$1 w=$1/work
  mkdir -p "$w"
  # The same base rebuilt the way the DoD guide wants: setuid/setgid bits removed in a layer, a non-root
  # USER, no port 22, a HEALTHCHECK and OCI labels, a version tag.
  from_debian_base "$d/oci" 1.0.0
  umoci unpack --image "$d/oci:1.0.0" "$w/bundle" >/dev/null
  local r=$w/bundle/rootfs
  find "$r" -xdev -perm /6000 -exec chmod ug-s {} +
  echo 'app:x:10001:10001:app:/home/app:/usr/sbin/nologin' >>"$r/etc/passwd"
  echo 'app:x:10001:' >>"$r/etc/group"
  echo 'app:!:19723::::::' >>"$r/etc/shadow"
  mkdir -p "$r/home/app"
  chown 10001:10001 "$r/home/app"
  chmod 0750 "$r/home/app"
  repack "$d/oci:1.0.0" "RUN find / -xdev -perm /6000 -exec chmod ug-s {} + && useradd -u 10001 app" "$w/bundle"
  configure "$d/oci:1.0.0" "CONFIG user app, healthcheck, labels" \
    --config.user 10001:10001 --config.exposedports 8080/tcp --config.workingdir /home/app \
    --config.entrypoint /bin/sleep --config.cmd infinity \
    --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --config.label org.opencontainers.image.title=tollgate-dod-good \
    --config.label org.opencontainers.image.description="Debian 12 minbase hardened for the DoD pack tests" \
    --config.label org.opencontainers.image.version=1.0.0 \
    --config.label org.opencontainers.image.vendor=Tollgate \
    --config.label org.opencontainers.image.licenses=Apache-2.0 \
    --config.label org.opencontainers.image.created=$CREATED \
    --config.label org.opencontainers.image.authors=tollgate@example.invalid \
    --config.label org.opencontainers.image.source=https://git.example.invalid/tollgate/dod-good \
    --config.label org.opencontainers.image.revision=0000000000000000000000000000000000000001 \
    --config.label org.opencontainers.image.base.name=debian:bookworm
  python3 "$HELPERS/oci_layout.py" patch-config "$d/oci" 1.0.0 \
    '{"Healthcheck": {"Test": ["CMD", "/bin/true"], "Interval": 30000000000, "Timeout": 5000000000, "Retries": 3}}'
  finish_layout "$d/oci"
  copies "$d" 1.0.0 tollgate-test/dod-good
  rm -rf "$w"
}

build_lang() {
  local d=$1 w=$1/work
  mkdir -p "$w"
  from_debian_base "$d/oci" latest
  # Layer 2: Debian packages with language metadata, installed by a second mmdebstrap; umoci repack keeps
  # only what differs from the base layer.
  debian_rootfs "$w/rootfs" python3-requests,libcommons-lang3-java,ruby-rack
  umoci unpack --image "$d/oci:latest" "$w/bundle" >/dev/null
  rm -rf "$w/bundle/rootfs"
  mv "$w/rootfs" "$w/bundle/rootfs"
  repack "$d/oci:latest" "RUN apt-get install python3-requests libcommons-lang3-java ruby-rack" "$w/bundle"
  rm -rf "$w/bundle"
  # Layer 3: an npm app with its lockfile.
  mkdir -p "$w/npm/app"
  (cd "$w/npm/app" && npm init -y >/dev/null &&
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error lodash@4.17.20 minimist@1.2.5 express@4.17.1 >/dev/null)
  tar_layer "$d/oci:latest" "COPY app /app (npm install lodash@4.17.20 minimist@1.2.5 express@4.17.1)" "$w/npm" app
  # Layer 4: a Go binary with full module build info, as npm ships it.
  (cd "$w" && npm pack --silent @esbuild/linux-x64@0.23.1 >/dev/null && tar xzf esbuild-linux-x64-0.23.1.tgz)
  mkdir -p "$w/go/usr/local/bin"
  cp "$w/package/bin/esbuild" "$w/go/usr/local/bin/esbuild"
  tar_layer "$d/oci:latest" "COPY esbuild /usr/local/bin/esbuild (@esbuild/linux-x64@0.23.1)" "$w/go" usr/local/bin/esbuild
  # Layer 5: a dotnet publish output referencing Newtonsoft.Json 12.0.1. Empty Directory.*.props stop MSBuild
  # from picking up the repository's own (central package versions, warnings as errors).
  mkdir -p "$w/hello"
  echo '<Project />' >"$w/hello/Directory.Build.props"
  echo '<Project />' >"$w/hello/Directory.Packages.props"
  echo '<Project />' >"$w/hello/Directory.Build.targets"
  cat >"$w/hello/Hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Version>1.2.3</Version>
    <NuGetAudit>false</NuGetAudit>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="12.0.1" />
  </ItemGroup>
</Project>
XML
  echo 'System.Console.WriteLine(Newtonsoft.Json.JsonConvert.SerializeObject(new { hello = "tollgate" }));' >"$w/hello/Program.cs"
  dotnet publish "$w/hello/Hello.csproj" -c Release -o "$w/dotnet/opt/hello" -nologo -v q --disable-build-servers \
    -p:UseAppHost=false >/dev/null
  tar_layer "$d/oci:latest" "COPY publish/ /opt/hello (dotnet publish, Newtonsoft.Json 12.0.1)" "$w/dotnet" opt/hello
  configure "$d/oci:latest" "CONFIG workdir /app, cmd" --config.workingdir /app \
    --config.cmd /usr/bin/python3 --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  finish_layout "$d/oci"
  copies "$d" latest tollgate-test/lang
  rm -rf "$w"
}

build_secrets() {
  local d=$1 w=$1/work
  mkdir -p "$w/plant"
  umoci init --layout "$d/oci"
  skopeo copy -q "oci:$OUT/alpine/oci:3.20.3-amd64" "oci:$d/oci:latest"
  openssl genrsa -traditional -out "$w/rsa.pem" 2048 2>/dev/null
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$w/ec.pem" 2>/dev/null
  local env_password
  env_password=$(python3 "$HELPERS/plant_secrets.py" "$w/plant" "$d/planted.json" "$w/rsa.pem" "$w/ec.pem")
  # Layer 1: every planted credential. Layer 2: deletes the AWS credentials file (a whiteout) - it still ships.
  umoci unpack --image "$d/oci:latest" "$w/bundle" >/dev/null
  chmod 0700 "$w/plant/root"   # keep /root as private as Alpine ships it
  cp -a "$w/plant/." "$w/bundle/rootfs/"
  repack "$d/oci:latest" "COPY secrets/ /" "$w/bundle"
  mkdir -p "$w/rm/root/.aws"
  : >"$w/rm/root/.aws/.wh.credentials"
  tar_layer "$d/oci:latest" "RUN rm /root/.aws/credentials" "$w/rm" root/.aws/.wh.credentials
  configure "$d/oci:latest" "ENV DB_PASSWORD" --config.env "DB_PASSWORD=$env_password"
  finish_layout "$d/oci"
  copies "$d" latest tollgate-test/secrets
  rm -rf "$w"
}

build_tollgate() {
  # The service's own image, as scripts/build-service-image.sh builds it for release (deploy/Containerfile's
  # offline twin). Too slow to build inside a test (a self-contained publish plus mmdebstrap, minutes), so built
  # here once; the cached copy keeps the binaries of the commit that built it, which the image tests don't mind.
  "$HERE/build-service-image.sh" "$1" test
}

# --- driver -------------------------------------------------------------------------------------------

build() {
  local name=$1 fn=$2 dest=$OUT/$1
  if [ "${CI:-}" != true ] && [ "${TOLLGATE_REBUILD:-}" != 1 ] && [ "$(cat "$dest/.stamp" 2>/dev/null)" = "$STAMP" ]; then
    log "$name: cached"
    return
  fi
  log "$name: building"
  local tmp=$OUT/.build/$name
  rm -rf "$tmp"
  mkdir -p "$tmp"
  SECONDS=0
  "$fn" "$tmp"
  echo "$STAMP" >"$tmp/.stamp"
  rm -rf "$dest"
  mv "$tmp" "$dest"
  log "$name: done in ${SECONDS}s"
}

want=${TOLLGATE_IMAGES:-debian alpine dod-bad dod-good lang secrets tollgate}
build debian-base build_debian_base
for name in $want; do
  build "$name" "build_${name//-/_}"
done
rmdir "$OUT/.build" 2>/dev/null || true
cp "$HELPERS/images.json" "$OUT/images.json"
log "images in $OUT (see images.json)"
