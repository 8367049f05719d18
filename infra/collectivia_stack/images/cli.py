"""`make images`: the base, every service's image, then for each its size (and its layers'),
its user, its files, and that it starts; a report in .run/images/report.json. Exit 1 when an
image fails a check."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..config import StackConfig, StackError
from ..services import SERVICES, Service
from . import base, build, files, smoke
from .buildah import Buildah, compressed_bytes, entry_command, layer_sizes

log = logging.getLogger("images")

MIB = 1024 * 1024


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="infra/images.py", description=__doc__)
    names = [service.name for service in SERVICES]
    parser.add_argument("--only", action="append", choices=names, help="this service (repeat)")
    parser.add_argument("--no-start", action="store_true", help="build and inspect only")
    parser.add_argument(
        "--compressed", action="store_true", help="also the gzip-compressed size (slower)"
    )
    return parser.parse_args(list(argv))


def main(argv: Sequence[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    args = parse(argv)
    cfg = StackConfig.from_env()
    out = cfg.run_dir / "images"
    out.mkdir(parents=True, exist_ok=True)
    buildah = Buildah(cfg.cache_dir / "images")
    try:
        began = time.monotonic()
        bases = base.ensure_base_images(buildah, uv=build.UV, work=cfg.cache_dir / "images")
        report: dict[str, Any] = {
            "version": build.version(),
            "base": {"image": bases.base, "seconds": bases.base_seconds,
                     "builder": bases.builder, "builder_seconds": bases.builder_seconds,
                     "bytes": sum(layer_sizes(buildah.inspect_image(bases.base)))},
            "uid": base.UID,
            "data_dir": base.DATA_DIR,
            "images": {},
        }  # fmt: skip
        selected = [s for s in SERVICES if not args.only or s.name in args.only]
        for service in selected:
            report["images"][service.name] = _one(buildah, service, bases, cfg, out, args)
            _write(out / "report.json", report)
        buildah.run("rmi", "--prune")  # the images the new tags replaced: vfs keeps them whole
        report["seconds"] = round(time.monotonic() - began, 1)
    except StackError as error:
        log.error("%s", error)
        return 2
    _write(out / "report.json", report)
    _print(report)
    return 1 if any(image["problems"] for image in report["images"].values()) else 0


def _one(
    buildah: Buildah,
    service: Service,
    bases: base.BaseImages,
    cfg: StackConfig,
    out: Path,
    args: argparse.Namespace,
) -> dict[str, Any]:
    tag = build.version()
    name = build.image_name(service, tag)
    log.info("%s: building %s", service.name, name)
    seconds = build.build(buildah, service, bases, tag, out / f"{service.name}.build.log")
    image = buildah.inspect_image(name)
    config = image["OCIv1"]["config"]
    sizes = layer_sizes(image)
    result: dict[str, Any] = {
        "image": name, "build_seconds": seconds, "bytes": sum(sizes), "layer_bytes": sizes,
        "user": config.get("User"), "entrypoint": entry_command(image),
        "ports": sorted(config.get("ExposedPorts", {})),
    }  # fmt: skip
    if args.compressed:
        result["compressed_bytes"] = compressed_bytes(buildah, name, cfg.cache_dir / "images")
    problems = _config_problems(config)
    with buildah.container(name, f"images-check-{service.name}") as container:
        root = buildah.mount(container)
        scanned = files.scan_rootfs(root)
        problems += files.missing_scripts(root, build.console_scripts(service))
        result["files"] = scanned.files
        result["largest_packages_mib"] = {k: round(v / MIB, 1) for k, v in scanned.largest_packages}
        problems += scanned.problems
        if not args.no_start:
            env = smoke.smoke_environment(service, cfg)
            started = smoke.start_and_stop(
                buildah, container, entry_command(image), env, out / f"{service.name}.start.log"
            )
            result["start"] = asdict(started)
            problems += started.problems
            problems += smoke.import_problems(buildah, container)
    result["problems"] = problems
    log.info("%s: %d MiB, %s", service.name, sum(sizes) // MIB, problems or "checks passed")
    return result


def _config_problems(config: dict[str, Any]) -> list[str]:
    user = str(config.get("User") or "")
    uid = user.split(":", 1)[0]
    if not uid.isdigit() or int(uid) == 0:
        return [f"USER {user!r} is not a numeric non-root user"]
    return []


def _write(path: Path, report: dict[str, Any]) -> None:
    path.write_text(json.dumps(report, indent=2) + "\n")


def _print(report: dict[str, Any]) -> None:
    lines = [f"base {report['base']['image']}: {report['base']['bytes'] // MIB} MiB"]
    for image in report["images"].values():
        ready = (image.get("start") or {}).get("seconds_to_ready")
        verdict = "; ".join(image["problems"]) or "checks passed"
        packed = image.get("compressed_bytes")
        lines.append(
            f"{image['image']:50} {image['bytes'] // MIB:5} MiB"
            f"{'' if packed is None else f' ({packed // MIB} MiB gzip)'}"
            f"  built in {image['build_seconds']:6.1f} s"
            f"  ready in {'-' if ready is None else f'{ready:.1f} s'}  {verdict}"
        )
    sys.stdout.write("\n".join(lines) + "\n")
