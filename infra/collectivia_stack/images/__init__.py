"""The services' container images (`make images`, infra/images.py): a Debian base made with
mmdebstrap, each service's Containerfile built by buildah (vfs storage, chroot isolation: no
daemon, no privileges beyond root), then checked — size, user, files, and that it starts."""
