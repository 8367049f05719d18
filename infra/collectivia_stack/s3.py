"""versitygw (Apache-2.0), an S3-compatible server: the object store of the lake's Iceberg
warehouse on the scale-out path. Built once from the Go module proxy with ``go install``; its
posix backend keeps each bucket as a folder of ``<run>/s3-data`` and objects as plain files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from . import process
from .config import LAKE, VERSITYGW_VERSION, StackConfig, StackError

log = logging.getLogger(__name__)
NAME = "s3"
MARKER = "versitygw"
MODULE = "github.com/versity/versitygw/cmd/versitygw"
HEALTH_PATH = "/health"
_INSTALL_GO = (
    "install Go 1.24+ (https://go.dev/doc/install; Debian/Ubuntu: `sudo apt-get install "
    "golang-go` when recent enough) or set COLLECTIVIA_GO to a go binary"
)


def find_go() -> str:
    override = os.environ.get("COLLECTIVIA_GO")
    found = override or shutil.which("go")
    if found is None and Path("/usr/local/go/bin/go").is_file():
        found = "/usr/local/go/bin/go"
    if found is None:
        raise StackError("check go", f"no `go` on PATH: it builds versitygw; {_INSTALL_GO}")
    return found


def resolve(cfg: StackConfig) -> bool:
    """`go install` versitygw into the cache; False when it was already built."""
    done = cfg.versitygw_home / ".resolved"
    if done.is_file() and cfg.versitygw_binary.is_file():
        return False
    partial = cfg.versitygw_home / "bin.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    env = dict(os.environ, GOBIN=str(partial), GOFLAGS="-buildvcs=false", CGO_ENABLED="0")
    cmd = [find_go(), "install", f"{MODULE}@{VERSITYGW_VERSION}"]
    try:
        out = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=1800, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise StackError("build versitygw", "go install did not finish within 30 min") from exc
    if out.returncode != 0 or not (partial / "versitygw").is_file():
        lines = (out.stdout + out.stderr).strip().splitlines()[-25:]
        raise StackError(
            "build versitygw",
            "go install failed (exit {}). Check network access to the Go module proxy "
            "(GOPROXY) and that Go is 1.24+.\nCommand: GOBIN={} {}\n{}".format(
                out.returncode, partial, " ".join(cmd), "\n".join(lines)
            ),
        )
    final = cfg.versitygw_binary.parent
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)
    done.write_text(f"versitygw {VERSITYGW_VERSION}\n")
    return True


# --- a minimal S3 client (AWS Signature V4, standard library only) -------------------------


def _sign(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def signed_request(cfg: StackConfig, method: str, path: str) -> urllib.request.Request:
    """A path-style request to the local S3 server, signed for its root user (empty body)."""
    now = dt.datetime.now(dt.UTC)
    stamp, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    host = urllib.parse.urlsplit(cfg.s3_endpoint).netloc
    payload = hashlib.sha256(b"").hexdigest()
    headers = {"host": host, "x-amz-content-sha256": payload, "x-amz-date": stamp}
    signed = ";".join(sorted(headers))
    canonical = "\n".join(
        [
            method,
            urllib.parse.quote(path),
            "",
            "".join(f"{name}:{headers[name]}\n" for name in sorted(headers)),
            signed,
            payload,
        ]
    )
    scope = f"{day}/{LAKE.s3_region}/s3/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = f"AWS4{LAKE.s3_secret_access_key}".encode()
    for part in (day, LAKE.s3_region, "s3", "aws4_request"):
        key = _sign(key, part)
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={LAKE.s3_access_key_id}/{scope}, "
        f"SignedHeaders={signed}, Signature={signature}"
    )
    del headers["host"]
    return urllib.request.Request(  # noqa: S310 (loopback http URL)
        f"{cfg.s3_endpoint}{path}", method=method, headers=headers
    )


def _status(request: urllib.request.Request) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:  # noqa: S310 (loopback)
            return int(resp.status), resp.read().decode(errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def ensure_bucket(cfg: StackConfig) -> bool:
    """Create the warehouse bucket through the S3 API; False when it was already there."""
    path = f"/{LAKE.bucket}"
    code, _ = _status(signed_request(cfg, "HEAD", path))
    if code == 200:
        return False
    code, body = _status(signed_request(cfg, "PUT", path))
    if code == 200 or "BucketAlreadyOwnedByYou" in body:
        return code == 200
    raise StackError("create bucket", f"PUT {path} answered {code}: {body[-1000:]}")


def healthy(cfg: StackConfig) -> bool:
    """versitygw's health endpoint answers 200."""
    try:
        with urllib.request.urlopen(  # noqa: S310 (loopback http URL)
            f"{cfg.s3_endpoint}{HEALTH_PATH}", timeout=3
        ) as resp:
            return int(resp.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def running_pid(cfg: StackConfig) -> int | None:
    return process.read_pid(cfg.pid_file(NAME), MARKER)


def server(cfg: StackConfig) -> process.Server:
    return process.Server(
        name=NAME,
        pid_file=cfg.pid_file(NAME),
        log_file=cfg.log_file(NAME),
        marker=MARKER,
        ports=[(cfg.s3_port, "COLLECTIVIA_S3_PORT")],
        healthy=lambda: healthy(cfg),
        start_timeout=30,
    )


def _launch(cfg: StackConfig) -> subprocess.Popen[bytes]:
    cfg.logs_dir.mkdir(parents=True, exist_ok=True)
    cfg.s3_data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        ROOT_ACCESS_KEY_ID=LAKE.s3_access_key_id,
        ROOT_SECRET_ACCESS_KEY=LAKE.s3_secret_access_key,
    )
    cmd = [
        str(cfg.versitygw_binary),
        "--port",
        f"127.0.0.1:{cfg.s3_port}",
        "--region",
        LAKE.s3_region,
        "--health",
        HEALTH_PATH,
        "--quiet",  # no line per request in the log
        "posix",
        str(cfg.s3_data_dir),
    ]
    return process.start_detached(
        cmd, env=env, log_file=cfg.log_file(NAME), pid_file=cfg.pid_file(NAME), cwd=cfg.run_dir
    )


def start(cfg: StackConfig) -> None:
    process.ensure_started(server(cfg), lambda: _launch(cfg))
    began = time.monotonic()
    created = ensure_bucket(cfg)
    log.info(
        "s3 bucket %s: %s (%.1f s)",
        LAKE.bucket,
        "created" if created else "already there",
        time.monotonic() - began,
    )


def stop(cfg: StackConfig) -> bool:
    return process.stop(cfg.pid_file(NAME), MARKER)
