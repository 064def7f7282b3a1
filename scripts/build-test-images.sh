#!/usr/bin/env bash
# Builds the test images from real packages into $1 (see docs/testing.md). Cached: a finished build
# leaves a stamp file and is reused.
set -euo pipefail
OUT=${1:?usage: build-test-images.sh OUTDIR}
mkdir -p "$OUT"
