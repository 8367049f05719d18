"""Soak: the five services under steady mixed load for SOAK_MINUTES (default 20), loopback
only — citizens' questions (and erasures), agents' tasks, register reads, lake reads,
officials' dashboards — while the resident memory and the open files of every process are
sampled. Prints each process's memory slope (MiB/hour, linear regression after the warm-up)
and its open files; exits 1 on any failed request or on growth beyond the thresholds.

The services are started by the launcher (``infra/stack.py up services``, the demo data
seeded) on free ports with a run folder of their own (``.run/soak``), against the running
Kafka and Keycloak (`make soak` starts them); Kafka's and Keycloak's own figures are printed
too but judge nothing (other work shares them). Not part of `make test`.

Variables: SOAK_MINUTES (20), SOAK_SAMPLE_SECONDS (10), SOAK_WARM_UP_SECONDS (a quarter of
the run, at least 150), SOAK_MAX_SLOPE_MIB_PER_HOUR (60), SOAK_MAX_OPEN_FILES_GROWTH (10).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from collectivia.testkit.process_samples import ProcessSeries, sample_group
from collectivia.testkit.processes import free_port
from collectivia.testkit.suite_load import LOADS, Load, Targets, Tokens

ROOT = Path(__file__).resolve().parents[2]
RUN_DIR = ROOT / ".run" / "soak"
SERVICES = (
    "ethics-register",
    "citizen-chat",
    "agent-assistant",
    "data-lake",
    "officials-analytics",
)
SHARED_SERVERS = ("kafka", "keycloak")  # the running stack's, in .run/


def setting(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    return float(raw) if raw else default


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def environment() -> dict[str, str]:
    """Free ports for every service, the soak's run folder, no rate limit on questions."""
    env = {"COLLECTIVIA_RUN_DIR": str(RUN_DIR)}
    for name in SERVICES:
        prefix = "COLLECTIVIA_" + name.upper().replace("-", "_") + "_"
        env[prefix + "HTTP_PORT"] = str(free_port())
        env[prefix + "GRPC_PORT"] = str(free_port())
    env["COLLECTIVIA_DATA_LAKE_FLIGHT_PORT"] = str(free_port())
    env["COLLECTIVIA_CITIZEN_CHAT_RATE_LIMIT_PER_MINUTE"] = "100000"
    return env


def stack(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, str(ROOT / "infra" / "stack.py"), *args]
    subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, check=True)  # noqa: S603 (our launcher)


def pid_of(run_dir: Path, name: str) -> int:
    return int((run_dir / f"{name}.pid").read_text().strip())


def targets(env: dict[str, str]) -> Targets:
    def url(name: str) -> str:
        prefix = "COLLECTIVIA_" + name.upper().replace("-", "_") + "_"
        return f"http://127.0.0.1:{env[prefix + 'HTTP_PORT']}"

    keycloak = f"http://127.0.0.1:{os.environ.get('COLLECTIVIA_KEYCLOAK_PORT', '8080')}"
    return Targets(
        keycloak=keycloak,
        register=url("ethics-register"),
        chat=url("citizen-chat"),
        assistant=url("agent-assistant"),
        lake=url("data-lake"),
        analytics=url("officials-analytics"),
    )


def first_forecast_run(targets: Targets) -> None:
    """The analytics' forecasts computed now, as a data steward may ask. The service's own
    run at start is refused (the demo data approves its register entry afterwards) and
    retried five minutes later; its one-time cost (statsforecast imported, numba compiling:
    about +100 MiB) would then fall at the warm-up's end and read as a slope."""
    headers = Tokens(targets.keycloak).of("data-steward", "officials-analytics")
    response = httpx.post(f"{targets.analytics}/v1/forecasts/runs", headers=headers, timeout=600)
    outcome = response.json().get("outcome") if response.status_code == 200 else response.text
    out(f"first forecast run: HTTP {response.status_code}, {outcome}")


def report(series: list[ProcessSeries], warm_up: float, judged: set[str]) -> list[str]:
    """Print the figures; the failures of the judged processes."""
    max_slope = setting("SOAK_MAX_SLOPE_MIB_PER_HOUR", 60)
    max_files = setting("SOAK_MAX_OPEN_FILES_GROWTH", 10)
    failures: list[str] = []
    out(
        f"\n{'process':<22}{'RSS start':>11}{'RSS end':>10}{'slope MiB/h':>13}"
        f"{'files start':>13}{'files end':>11}{'growth':>8}{'procs':>7}"
    )
    for one in series:
        steady = one.steady(warm_up)
        slope = one.memory_slope(warm_up)
        growth = one.open_files_growth(warm_up)
        out(
            f"{one.name:<22}{steady[0].rss_mib:>11.1f}{steady[-1].rss_mib:>10.1f}{slope:>13.1f}"
            f"{steady[0].open_files:>13}{steady[-1].open_files:>11}{growth:>8.1f}"
            f"{steady[-1].processes:>7}" + ("" if one.name in judged else "  (shared: reported)")
        )
        if one.name not in judged:
            continue
        if slope > max_slope:
            failures.append(f"{one.name}: memory grows {slope:.1f} MiB/h (> {max_slope:g})")
        if growth > max_files:
            failures.append(f"{one.name}: {growth:.0f} more open files (> {max_files:g})")
    return failures


def main() -> int:
    minutes = setting("SOAK_MINUTES", 20)
    every = setting("SOAK_SAMPLE_SECONDS", 10)
    # The services' caches fill in the first minutes (the analytics' rows: a step, then flat).
    warm_up = setting("SOAK_WARM_UP_SECONDS", max(minutes * 60 / 4, 150))
    shutil.rmtree(RUN_DIR, ignore_errors=True)
    env = environment()
    out(f"soak: {minutes:g} min, a sample every {every:g} s, warm-up {warm_up:g} s")
    stack(env, "up", "services")
    load: Load | None = None
    try:
        series = [ProcessSeries(name, pid_of(RUN_DIR, name)) for name in SERVICES]
        series += [ProcessSeries(name, pid_of(ROOT / ".run", name)) for name in SHARED_SERVERS]
        first_forecast_run(targets(env))
        load = Load(targets(env))
        load.start()
        began = time.monotonic()
        while (elapsed := time.monotonic() - began) < minutes * 60:
            for one in series:
                sample = sample_group(one.pgid, elapsed)
                if sample is None:
                    load.failed("processes", f"{one.name}: the process is gone")
                else:
                    one.samples.append(sample)
            time.sleep(every)
        load.stop()
    finally:
        if load is not None:
            load.stop()
        stack(env, "down", "services")
    samples = RUN_DIR / "samples.csv"
    samples.write_text(
        "process,seconds,rss_mib,open_files,processes\n"
        + "".join(
            f"{one.name},{s.seconds:.1f},{s.rss_mib:.1f},{s.open_files},{s.processes}\n"
            for one in series
            for s in one.samples
        )
    )
    out(f"\nsamples: {samples}")
    out(f"load over {minutes:g} min:")
    for kind in [*LOADS, *(kind for kind in load.errors if kind not in LOADS)]:
        out(f"  {kind:<20}{load.done[kind]:>7} requests, {len(load.errors[kind])} failed")
        for message in load.errors[kind][:5]:
            out(f"      {message}")
    failures = report(series, warm_up, set(SERVICES))
    failures += [
        f"{kind}: {len(errors)} failed requests" for kind, errors in load.errors.items() if errors
    ]
    out("\nsoak: " + ("passed" if not failures else "FAILED\n  " + "\n  ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
