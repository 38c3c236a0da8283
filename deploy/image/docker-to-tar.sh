#!/usr/bin/env bash
# A stand-in for the `docker` command, for Quarkus' Jib extension (quarkus-container-image-jib).
#
# Without a push, Jib hands the image it built to `docker load` on its standard input. The extension
# has no "write a tarball" mode, so the `images` profile of the parent pom (activated by
# -Dquarkus.container-image.build=true) points quarkus.jib.docker-executable-name here: `load` saves
# that stream — a `docker save`-format archive — to $SLUICE_IMAGE_TAR (target/jib-image.tar of the
# module). No Docker daemon is involved. Load it with `docker load -i`, `ctr -n k8s.io images import`,
# `kind load image-archive`, or push it with `skopeo copy docker-archive:FILE docker://REGISTRY/...`.
#
# `info` tells Jib the platform to pick from a multi-platform base image: linux and this machine's
# architecture, or $SLUICE_IMAGE_ARCH (amd64, arm64) when the cluster's nodes differ.
set -euo pipefail

case "${1:-}" in
  info)
    printf '{"OSType":"linux","Architecture":"%s"}\n' "${SLUICE_IMAGE_ARCH:-$(uname -m)}"
    ;;
  load)
    out="${SLUICE_IMAGE_TAR:?SLUICE_IMAGE_TAR is not set: run through the parent pom profile 'images'}"
    mkdir -p "$(dirname "$out")"
    cat > "$out.part"
    mv "$out.part" "$out"
    echo "Saved image archive: $out"
    ;;
  *)
    echo "$(basename "$0"): stands in for docker only for 'info' and 'load' (no Docker daemon here); got: $*" >&2
    exit 1
    ;;
esac
