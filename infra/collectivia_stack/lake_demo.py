"""Demo content of the data lake for `make up` (infra/demo/lake.json): datasets declared by
the demo data steward, the real SCDL example loaded, a DSP contract with the demo water
operator, its monthly delivery and a burst of telemetry from the operator's simulator, and
a document published for the citizen chat — all through the public APIs, once per run
folder. The national schemas' example files are read from ../shared/lake/schemas."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from .config import INFRA_DIR, REALM, REPO_ROOT, StackConfig, StackError

log = logging.getLogger(__name__)

DEV_CLIENT = "collectivia-dev-cli"
STEWARD = "thomas.donnees"
OPERATOR = "operator-eau-demo"
DEMO_FILE = INFRA_DIR / "demo" / "lake.json"
SCHEMAS = REPO_ROOT.parent / "shared" / "lake" / "schemas"


def _call(method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Any:
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback URL)
        return json.load(response)


def _token(cfg: StackConfig, form: dict[str, str]) -> str:
    url = f"{cfg.keycloak_url}/realms/{REALM}/protocol/openid-connect/token"
    body = urllib.parse.urlencode(form).encode()
    response = _call("POST", url, body, {"content-type": "application/x-www-form-urlencoded"})
    return str(response["access_token"])


def steward_token(cfg: StackConfig) -> str:
    return _token(
        cfg,
        {
            "client_id": DEV_CLIENT,
            "grant_type": "password",
            "username": STEWARD,
            "password": f"{STEWARD}-demo",  # the demo realm's documented passwords
            "scope": "openid audience-data-lake",
        },
    )


def operator_token(cfg: StackConfig) -> str:
    return _token(
        cfg,
        {
            "client_id": OPERATOR,
            "client_secret": f"{OPERATOR}-dev-secret",  # the demo realm's documented secret
            "grant_type": "client_credentials",
        },
    )


def _json(token: str) -> dict[str, str]:
    return {"content-type": "application/json", "authorization": f"Bearer {token}"}


def _file(token: str, url: str, path: Path) -> Any:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\ncontent-disposition: form-data; name="file"; filename="{path.name}"'
            f"\r\ncontent-type: text/csv\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "content-type": f"multipart/form-data; boundary={boundary}",
        "authorization": f"Bearer {token}",
    }
    return _call("POST", url, body, headers)


def _last_month_start(today: date) -> date:
    first = today.replace(day=1)
    return (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )


def seed(cfg: StackConfig, lake_url: str, lake_grpc: str) -> None:
    marker = cfg.run_dir / "lake-demo.done"
    if marker.is_file():
        log.info("lake demo: already loaded")
        return
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    try:
        steward = steward_token(cfg)
        present = {d["id"] for d in _call("GET", f"{lake_url}/v1/datasets", None, _json(steward))}
        for dataset in demo["datasets"]:
            body = dataset["body"]
            if body["id"] not in present:
                _call("POST", f"{lake_url}/v1/datasets", json.dumps(body).encode(), _json(steward))
                log.info("lake demo: dataset %s declared", body["id"])
        contracts = {
            c["id"] for c in _call("GET", f"{lake_url}/v1/contracts", None, _json(steward))
        }
        if demo["contract"]["id"] not in contracts:
            contract = json.dumps(demo["contract"]).encode()
            _call("POST", f"{lake_url}/v1/contracts", contract, _json(steward))
            log.info("lake demo: contract %s declared", demo["contract"]["id"])
        _load_files(cfg, demo, lake_url, steward)
        document = json.dumps(demo["document"]).encode()
        _call("POST", f"{lake_url}/v1/documents", document, _json(steward))
        log.info("lake demo: document %s published for the citizen chat", demo["document"]["id"])
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:500]
        raise StackError("load the lake's demo", f"the lake refused: {detail}") from error
    except (urllib.error.URLError, OSError, KeyError, ValueError) as error:
        raise StackError("load the lake's demo", str(error)) from error
    _simulate_telemetry(cfg, lake_grpc, demo["telemetry_readings"])
    marker.write_text("loaded\n")


def _load_files(cfg: StackConfig, demo: dict[str, Any], lake_url: str, steward: str) -> None:
    if not SCHEMAS.is_dir():
        log.warning("lake demo: %s not found: no file loaded (the datasets stay empty)", SCHEMAS)
        return
    contract_id = demo["contract"]["id"]
    for dataset in demo["datasets"]:
        dataset_id = dataset["body"]["id"]
        if "load" in dataset:
            url = f"{lake_url}/v1/datasets/{dataset_id}/loads"
            loaded = _file(steward, url, SCHEMAS / dataset["load"])
            log.info("lake demo: %s loaded (%s)", dataset_id, loaded.get("status"))
        if "file" in dataset:  # the demo collectivity's own files (scdl_demo.py)
            url = f"{lake_url}/v1/datasets/{dataset_id}/loads"
            loaded = _file(steward, url, DEMO_FILE.parent / dataset["file"])
            log.info("lake demo: %s loaded (%s)", dataset_id, loaded.get("status"))
        if "reference" in dataset:  # the suite's reference data (its schema beside it)
            url = f"{lake_url}/v1/datasets/{dataset_id}/loads"
            loaded = _file(steward, url, DEMO_FILE.parent / dataset["reference"])
            log.info("lake demo: %s loaded (%s)", dataset_id, loaded.get("status"))
        if "delivery" in dataset:
            period = _last_month_start(datetime.now(UTC).date())
            query = urllib.parse.urlencode({"dataset_id": dataset_id, "period_start": period})
            url = f"{lake_url}/v1/contracts/{contract_id}/deliveries?{query}"
            _file(operator_token(cfg), url, SCHEMAS / dataset["delivery"])
            log.info("lake demo: %s delivered by %s for %s", dataset_id, OPERATOR, period)


def _simulate_telemetry(cfg: StackConfig, lake_grpc: str, readings: int) -> None:
    """What the operator's gateway would run, a short burst of it."""
    command = [
        sys.executable,
        "-m",
        "collectivia.data_lake.telemetry.simulator",
        "--target",
        lake_grpc,
        "--keycloak",
        cfg.keycloak_url,
        "--dataset",
        "eau-telemetrie",
        "--readings",
        str(readings),
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise StackError("lake demo telemetry", result.stderr[-2000:] or result.stdout[-2000:])
    log.info("lake demo: telemetry simulator: %s", result.stdout.strip().splitlines()[-1:])
