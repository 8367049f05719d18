#!/usr/bin/env bash
# Installs buildah and mmdebstrap (Debian's packages) for `make images`, once: the images are
# built without a Docker daemon (vfs storage, chroot isolation). Idempotent.
set -euo pipefail

if command -v buildah >/dev/null && command -v mmdebstrap >/dev/null; then
    exit 0
fi
if [[ "$(id -u)" -ne 0 ]]; then
    echo "buildah or mmdebstrap is missing and installing them needs root:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y buildah mmdebstrap" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y buildah mmdebstrap
