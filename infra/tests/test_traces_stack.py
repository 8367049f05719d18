"""The launcher's trace backend (Jaeger v2): its build from the wrapper module, cached by the
wrapper's pins, its loopback configuration, and the services pointed at it once it runs — no
server and no Go build needed (a stand-in `go` writes the binary)."""

from __future__ import annotations

import io
import os
import stat
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml

from collectivia.testkit.trace_backend import TraceBackend
from infra.collectivia_stack import cli, services, traces
from infra.collectivia_stack.config import StackConfig, StackError

PORTS = {
    "COLLECTIVIA_JAEGER_OTLP_PORT": "14317",
    "COLLECTIVIA_JAEGER_OTLP_HTTP_PORT": "14318",
    "COLLECTIVIA_JAEGER_UI_PORT": "17686",
    "COLLECTIVIA_JAEGER_QUERY_GRPC_PORT": "17685",
}
# A stand-in for `go build ... -o <binary> <package>`: writes the binary and records the call.
FAKE_GO = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/calls"
[ -n "$FAIL" ] && { echo "go: module lookup disabled" >&2; exit 1; }
while [ "$1" != "-o" ]; do shift; done
printf 'jaeger' > "$2"
"""


def _cfg(tmp_path: Path, **env: str) -> StackConfig:
    return StackConfig.from_env(
        {
            "COLLECTIVIA_RUN_DIR": str(tmp_path / "run"),
            "COLLECTIVIA_CACHE_DIR": str(tmp_path),
            **env,
        }
    )


@pytest.fixture
def fake_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    go = tmp_path / "bin" / "go"
    go.parent.mkdir()
    go.write_text(FAKE_GO)
    go.chmod(go.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("COLLECTIVIA_GO", str(go))
    return go


def test_ports_default_and_follow_their_variables(tmp_path: Path) -> None:
    default = _cfg(tmp_path)
    assert default.jaeger_otlp_endpoint == "http://127.0.0.1:4317"
    assert default.jaeger_url == "http://127.0.0.1:16686"
    moved = _cfg(tmp_path, **PORTS)
    assert moved.jaeger_otlp_endpoint == "http://127.0.0.1:14317"
    assert (moved.jaeger_otlp_http_port, moved.jaeger_query_grpc_port) == (14318, 17685)
    # The test kit finds the backend where the launcher put it.
    kit = TraceBackend.from_env(PORTS)
    assert (kit.otlp_endpoint, kit.query_url) == (moved.jaeger_otlp_endpoint, moved.jaeger_url)
    with pytest.raises(StackError, match="COLLECTIVIA_JAEGER_UI_PORT"):
        _cfg(tmp_path, COLLECTIVIA_JAEGER_UI_PORT="seize-mille")


def test_the_configuration_listens_on_loopback_and_keeps_traces_in_memory(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path, **PORTS)
    text = traces.configuration(cfg, Path("/srv/jaeger ui"))
    config: dict[str, Any] = yaml.safe_load(text)
    otlp = config["receivers"]["otlp"]["protocols"]
    assert otlp["grpc"]["endpoint"] == "127.0.0.1:14317"
    assert otlp["http"]["endpoint"] == "127.0.0.1:14318"
    query = config["extensions"]["jaeger_query"]
    assert query["http"]["endpoint"] == "127.0.0.1:17686"
    assert query["grpc"]["endpoint"] == "127.0.0.1:17685"
    assert query["ui"]["assets_path"] == "/srv/jaeger ui"
    assert config["extensions"]["jaeger_storage"]["backends"]["memory"] == {
        "memory": {"max_traces": traces.MAX_TRACES}
    }
    pipelines = config["service"]["pipelines"]
    assert pipelines["traces"]["exporters"] == ["jaeger_storage_exporter"]
    # The services' OTLP metrics are taken (no export error in their logs) and dropped.
    assert pipelines["metrics"] == {"receivers": ["otlp"], "exporters": ["nop"]}
    assert config["service"]["telemetry"]["metrics"]["level"] == "none"
    endpoints = [line.split(":", 1)[1].strip() for line in text.splitlines() if "endpoint:" in line]
    assert len(endpoints) == 4
    assert all(endpoint.startswith("127.0.0.1:") for endpoint in endpoints), endpoints
    assert (traces.UI_ASSETS / "index.html").is_file()


def test_it_is_built_once_per_pins_and_rebuilt_when_they_change(
    tmp_path: Path, fake_go: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _cfg(tmp_path)
    assert not traces.built(cfg)
    assert traces.resolve(cfg) is True
    assert cfg.jaeger_binary.read_text() == "jaeger"
    [call] = (fake_go.parent / "calls").read_text().splitlines()
    assert call.startswith("build -trimpath -gcflags=all=-N -l -ldflags=-s -w -X ")
    assert call.endswith(traces.COMMAND)
    assert traces.resolve(cfg) is False  # cached
    monkeypatch.setattr(traces, "pins", lambda: "other-pins")
    assert not traces.built(cfg)
    assert traces.resolve(cfg) is True
    assert len((fake_go.parent / "calls").read_text().splitlines()) == 2


def test_a_failed_build_says_what_to_check_and_keeps_nothing(
    tmp_path: Path, fake_go: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIL", "1")
    cfg = _cfg(tmp_path)
    with pytest.raises(StackError, match="Go module proxy") as failure:
        traces.resolve(cfg)
    assert "module lookup disabled" in str(failure.value)
    assert not cfg.jaeger_binary.exists()
    assert not traces.built(cfg)


def test_services_export_to_it_only_while_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _cfg(tmp_path, **PORTS)
    monkeypatch.delenv("COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT", raising=False)
    chat = services.service_named("citizen-chat")
    monkeypatch.setattr(traces, "running_pid", lambda _cfg: None)
    assert "COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT" not in services._environment(cfg, chat)
    monkeypatch.setattr(traces, "running_pid", lambda _cfg: os.getpid())
    environment = services._environment(cfg, chat)
    assert environment["COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT"] == "http://127.0.0.1:14317"
    # A collector of one's own, set by hand, wins.
    monkeypatch.setenv("COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT", "http://collector:4317")
    assert (
        services._environment(cfg, chat)["COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT"]
        == "http://collector:4317"
    )


def test_make_up_starts_it_and_env_points_at_it(tmp_path: Path) -> None:
    assert "traces" in cli._targets("all")
    assert cli._targets("all").index("traces") < cli._targets("all").index("services")
    output = io.StringIO()
    with redirect_stdout(output):
        cli.env(_cfg(tmp_path, **PORTS), cli._targets("all"))
    assert (
        "export COLLECTIVIA_TELEMETRY_OTLP_ENDPOINT=http://127.0.0.1:14317\n" in output.getvalue()
    )
