# Helpers shared by build-test-images.sh and build-service-image.sh (sourced, not run). The caller sets CREATED
# (an RFC 3339 time: every history entry and config gets it, so rebuilding gives the same blobs) and IMAGE_AUTHOR.

# First Debian archive URI in apt's own sources (deb822 *.sources or one-line sources.list), never the
# security archive; TOLLGATE_DEBIAN_MIRROR wins. The mirror is this machine's, so it is never written in the repo.
debian_mirror() {
  if [ -n "${TOLLGATE_DEBIAN_MIRROR:-}" ]; then echo "$TOLLGATE_DEBIAN_MIRROR"; return; fi
  local uri
  uri=$( { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk 'tolower($1)=="uris:" {for (i=2;i<=NF;i++) print $i}'
           cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
             awk '$1=="deb" {for (i=2;i<=NF;i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i !~ /=/) {print $i; break}}'
         } | grep -E '/debian/?$' | head -n1 || true)
  [ -n "$uri" ] || { echo "no Debian URI in /etc/apt sources; set TOLLGATE_DEBIAN_MIRROR" >&2; exit 2; }
  echo "$uri"
}

# mmdebstrap a bookworm minbase root filesystem into $1 with extra packages $2 (comma list, may be empty) and
# extra mmdebstrap options after it. The image keeps no trace of this machine's mirror: a neutral sources.list,
# no apt lists.
debian_rootfs() {
  local dest=$1 include=${2:-}
  shift 2 || shift $#
  mmdebstrap --variant=minbase --quiet ${include:+--include="$include"} \
    --customize-hook='echo "# package sources removed when the image was built" > "$1/etc/apt/sources.list"' \
    --customize-hook='rm -rf "$1"/etc/apt/sources.list.d/* "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$@" bookworm "$dest" "$(debian_mirror)"
}

# umoci wrappers with fixed timestamps so rebuilding gives the same configs and history.
history=(--history.created "$CREATED" --history.author "$IMAGE_AUTHOR")
repack() { umoci repack "${history[@]}" --history.created_by "$2" --image "$1" "$3"; }
configure() { local image=$1 by=$2; shift 2; umoci config "${history[@]}" --history.created_by "$by" --created "$CREATED" --image "$image" "$@"; }

# Append a layer made by GNU tar from PATHS under DIR (every file owned by root). umoci 0.4.7's `insert` writes
# tars without the final padding and end-of-archive blocks, which strict readers rightly call truncated, so it is
# not used.
tar_layer() {
  local image=$1 by=$2 dir=$3
  shift 3
  tar --sort=name --owner=0 --group=0 --numeric-owner --format=pax -C "$dir" -cf "$dir.tar" "$@"
  umoci raw add-layer "${history[@]}" --history.created_by "$by" --image "$image" "$dir.tar"
  rm -f "$dir.tar"
}
