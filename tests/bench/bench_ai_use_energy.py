"""Benchmark: what measuring an AI use's consumption costs, beside the same work unmeasured.

- a streamed answer of --steps steps, each a little CPU work: iterated plainly (baseline),
  then through ``UseMeter.metered`` (a thread CPU clock read before and after each step);
- the estimate of one use: CPU time only (``cpu-time/watts-per-core``), and with one model
  call (EcoLogits' ``compute_llm_impacts``), against the baseline of building the evidence;
- the figures themselves for typical uses: a quoted answer's few ms of CPU, a 24B model's
  draft of 260 tokens in 6 s (what the officials' energy indicators add up).

Run with `make bench` or `.venv/bin/python tests/bench/bench_ai_use_energy.py`. Needs no
server. Prints its figures; asserts nothing (speed is measured here, never in tests).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Generator

from collectivia.ai.generation import ModelCall, ModelProfile, TokenUsage
from collectivia.ai.use.consumption import UseMeter
from collectivia.ai.use.energy import EnergyEstimator, cpu_energy_wh, model_energy_wh

PROFILE = ModelProfile(24.0, 24.0, datacenter_pue=1.56, datacenter_wue=1.8)
CALL = ModelCall("mistral-small", TokenUsage(1100, 260), 6.0, PROFILE)


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def steps(count: int, work: int) -> Generator[int, None, int]:
    total = 0
    for step in range(count):
        total += sum(i * i for i in range(work))
        yield step
    return total


def drain(stream: Generator[int, None, int]) -> None:
    for _ in stream:
        pass


def per_call(action: Callable[[], object], seconds: float) -> float:
    """Microseconds per call of ``action``, repeated for at least ``seconds``."""
    calls, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for _ in range(100):
            action()
        calls += 100
    return elapsed / calls * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--work", type=int, default=50, help="squares summed per step")
    parser.add_argument("--seconds", type=float, default=1.0)
    arguments = parser.parse_args()

    out(f"streamed answer: {arguments.steps} steps of {arguments.work} squares each")
    for label, wrap in (
        ("plain (baseline)", lambda s: s),
        ("metered", lambda s: UseMeter().metered(s)),
    ):
        started = time.perf_counter()
        drain(wrap(steps(arguments.steps, arguments.work)))
        elapsed = time.perf_counter() - started
        out(f"  {label:<18} {elapsed * 1e6 / arguments.steps:8.2f} µs per step")

    estimator = EnergyEstimator()
    offline = UseMeter()
    with offline.measure():
        sum(i * i for i in range(10_000))
    with_model = UseMeter()
    with_model.model_called(CALL)
    model_energy_wh(CALL)  # EcoLogits imported once, outside the timings
    out("estimate of one use:")
    out(f"  {'baseline: a UseMeter':<28} {per_call(UseMeter, arguments.seconds):8.2f} µs")
    cpu_only = per_call(lambda: estimator.consumption(offline), arguments.seconds)
    out(f"  {'CPU time only':<28} {cpu_only:8.2f} µs")
    model = per_call(lambda: estimator.consumption(with_model), arguments.seconds)
    out(f"  {'with a model call':<28} {model:8.2f} µs")

    quoted = cpu_energy_wh(0.006, watts_per_core=3.5, pue=1.56)
    drafted = model_energy_wh(CALL) or 0.0
    out("typical uses (estimates):")
    out(f"  a quoted answer, 6 ms of CPU:       {quoted:.2e} Wh, {quoted * 0.052:.2e} gCO2e")
    out(f"  a 24B model's draft, 260 tokens/6s: {drafted:.2e} Wh, {drafted * 0.052:.2e} gCO2e")
    out(f"  ratio draft / quoted answer:        {drafted / quoted:,.0f}")


if __name__ == "__main__":
    main()
