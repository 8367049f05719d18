"""Benchmark: latency of each task of the agents' assistant, through its model gateway.

- offline default (no model): summary of a pasted text, of a PDF and of a DOCX upload
  (reading included), plain-language rewrite, draft from a template, classification;
- with a model: the same tasks generative, time to the first streamed words and to the end,
  when ``COLLECTIVIA_BENCH_GENERATION_URL`` (and ``COLLECTIVIA_BENCH_GENERATION_MODEL``) name
  an OpenAI-compatible endpoint, or with ``--local-model`` (llama.cpp's server with the tiny
  packaged SmolLM2-135M of the tests, started here).

Texts: the fiches of ``EVAL_CORPUS`` (service-public.fr, JSON Lines) and the questions of
``EVAL_QUESTIONS`` as incoming requests. In process: the register's answer is fixed and the
events are kept in memory (gate and broker excluded; the gate's own figures are in
bench_gate.py). Run with `make bench` or `.venv/bin/python tests/bench/bench_assistant_tasks.py`.
Prints its figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from collectivia.agent_assistant.agents import Agent
from collectivia.agent_assistant.definition import SERVICE
from collectivia.agent_assistant.gateway.models import Delta
from collectivia.agent_assistant.gateway.openai_generator import OpenAICompatibleGenerator
from collectivia.agent_assistant.gateway.ports import TextGenerator
from collectivia.agent_assistant.gateway.service import GatewayPolicy, ModelGateway
from collectivia.agent_assistant.inbox.routing import DepartmentRouting
from collectivia.agent_assistant.prompts.schemas import TemplateDraft, TemplateKind, VariableSpec
from collectivia.agent_assistant.prompts.service import PromptLibrary
from collectivia.agent_assistant.settings import (
    DEFAULT_THEME_DEPARTMENTS,
    AssistantAiUseSettings,
    AssistantSettings,
)
from collectivia.agent_assistant.tasks.classification import RequestClassifier
from collectivia.agent_assistant.tasks.keyword_classifier import KeywordClassifier
from collectivia.agent_assistant.tasks.publication import EditorialReviews
from collectivia.agent_assistant.tasks.records import (
    ClassifyRequest,
    DraftRequest,
    PlainLanguageRequest,
    SummaryRequest,
    TemplateChoice,
)
from collectivia.agent_assistant.tasks.service import AssistantTasks, PreparedTask, TasksPolicy
from collectivia.agent_assistant.tasks.themes import DEFAULT_THEMES
from collectivia.ai.generation import GenerationClient, GenerationSettings
from collectivia.ai.use.pathway import AiUsePathway
from collectivia.platform.database import create_database_engine, create_session_factory
from collectivia.testkit.document_files import docx_with, pdf_with_text
from collectivia.testkit.doubles import FixedPermission, RecordingPublisher

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT / "../shared/eval/corpus/service_public_fiches.jsonl"
DEFAULT_QUESTIONS = ROOT / "../shared/eval/dev_questions.jsonl"
AGENT = Agent("bench", "b" * 32, ("etat-civil",), ("57463",), False)
LETTER = (
    "Rédige une réponse à {{destinataire}} qui a demandé {{objet}} le {{date_demande}}. "
    "Suite donnée : {{suite_donnee}}. Vouvoiement, phrases courtes, formule de politesse."
)
VALUES = {
    "destinataire": "Madame Jeanne Martin",
    "objet": "une copie intégrale de son acte de naissance",
    "date_demande": "12 mars 2026",
    "suite_donnee": "l'acte est envoyé par courrier ce jour",
}


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def figures(label: str, timings_ms: list[float], extra: str = "") -> None:
    out(
        f"  {label:<38} n={len(timings_ms):<3} p50 {statistics.median(timings_ms):8.1f} ms  "
        f"p95 {percentile(timings_ms, 0.95):8.1f} ms  max {max(timings_ms):8.1f} ms{extra}"
    )


def pdf_lines(text: str, width: int = 90) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines():
        current = ""
        for word in paragraph.split():
            if len(current) + len(word) + 1 > width:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        lines.append(current)
    return lines


@contextmanager
def tasks_on(generator: TextGenerator | None, max_output_tokens: int) -> Iterator[AssistantTasks]:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_database_engine(f"sqlite:///{Path(folder) / 'assistant.db'}")
        SERVICE.create_schema(engine)
        sessions = create_session_factory(engine)
        publisher = RecordingPublisher()
        pathway = AiUsePathway(
            FixedPermission(),
            publisher,
            service=AssistantSettings.model_fields["service_name"].default,
            purpose=AssistantAiUseSettings.model_fields["purpose"].default,
        )
        gateway = ModelGateway(
            pathway,
            generator,
            publisher,
            GatewayPolicy(timeout_seconds=600, max_output_tokens=max_output_tokens),
        )
        classifier = RequestClassifier(
            KeywordClassifier(DEFAULT_THEMES),
            DepartmentRouting(DEFAULT_THEME_DEPARTMENTS, {}, "etat-civil"),
        )
        yield AssistantTasks(
            gateway,
            PromptLibrary(sessions),
            classifier,
            EditorialReviews(sessions),
            TasksPolicy(max_upload_bytes=50 * 1024 * 1024),
        )
        engine.dispose()


def template_id(tasks: AssistantTasks) -> str:
    library = tasks.templates
    assert isinstance(library, PromptLibrary)
    draft = TemplateDraft(
        title="Réponse à une demande d'acte",
        kind=TemplateKind.DRAFT,
        text=LETTER,
        variables=[VariableSpec(name=name, label=name) for name in VALUES],
    )
    return library.create(draft, AGENT).id


def workloads(
    tasks: AssistantTasks, fiches: list[dict[str, Any]], questions: list[str]
) -> list[tuple[str, Callable[[int], PreparedTask[Any]]]]:
    def text(i: int) -> str:
        return str(fiches[i % len(fiches)]["text"])

    pdfs = [pdf_with_text([pdf_lines(text(i))[:60]]) for i in range(len(fiches))]
    docxs = [docx_with([("", p) for p in text(i).splitlines() if p]) for i in range(len(fiches))]
    templated = template_id(tasks)
    return [
        ("summary, pasted text", lambda i: tasks.summary(SummaryRequest(text=text(i)))),
        (
            "summary, PDF upload (reading incl.)",
            lambda i: tasks.summary(
                SummaryRequest(content=pdfs[i % len(pdfs)], filename="fiche.pdf")
            ),
        ),
        (
            "summary, DOCX upload (reading incl.)",
            lambda i: tasks.summary(
                SummaryRequest(content=docxs[i % len(docxs)], filename="fiche.docx")
            ),
        ),
        (
            "plain language (first 1,500 chars)",
            lambda i: tasks.plain_language(PlainLanguageRequest(text(i)[:1500])),
        ),
        (
            "draft from a template",
            lambda i: tasks.draft(DraftRequest(TemplateChoice(templated, VALUES))),
        ),
        (
            "classification of a request",
            lambda i: tasks.classification(ClassifyRequest(questions[i % len(questions)])),
        ),
    ]


def bench_offline(fiches: list[dict[str, Any]], questions: list[str], runs: int) -> None:
    words = statistics.median(len(str(f["text"]).split()) for f in fiches)
    out(f"offline default (no model), {len(fiches)} fiches (median {words:.0f} words):")
    with tasks_on(None, 2048) as tasks:
        for label, prepare in workloads(tasks, fiches, questions):
            timings = []
            for i in range(runs):
                started = time.perf_counter()
                tasks.run(prepare(i), AGENT)
                timings.append((time.perf_counter() - started) * 1000)
            figures(label, timings)


def bench_generative(
    generator: OpenAICompatibleGenerator,
    fiches: list[dict[str, Any]],
    questions: list[str],
    runs: int,
    max_output_tokens: int,
) -> None:
    out(
        f"generative, model {generator.model} at {generator.client.settings.base_url}, "
        f"at most {max_output_tokens} tokens per output:"
    )
    short = [{**f, "text": str(f["text"])[:3000]} for f in fiches]  # within a small context
    with tasks_on(generator, max_output_tokens) as tasks:
        for label, prepare in workloads(tasks, short, questions):
            first: list[float] = []
            total: list[float] = []
            generative = 0
            for i in range(runs):
                started = time.perf_counter()
                seen_first = False
                for event in tasks.stream(prepare(i), AGENT):
                    if isinstance(event, Delta) and not seen_first:
                        first.append((time.perf_counter() - started) * 1000)
                        seen_first = True
                    if hasattr(event, "produced"):
                        generative += event.produced.production.generative
                total.append((time.perf_counter() - started) * 1000)
            figures(label, total, f"  (first words p50 {statistics.median(first):.0f} ms)")
            if generative < runs:
                out(f"    {runs - generative} of {runs} fell back offline (model failed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30, help="runs per offline task")
    parser.add_argument("--model-runs", type=int, default=3, help="runs per generative task")
    parser.add_argument("--fiches", type=int, default=30)
    parser.add_argument("--max-output-tokens", type=int, default=64)
    parser.add_argument(
        "--local-model", action="store_true", help="start the tests' llama.cpp server"
    )
    args = parser.parse_args()

    corpus = Path(os.environ.get("EVAL_CORPUS") or DEFAULT_CORPUS)
    questions_path = Path(os.environ.get("EVAL_QUESTIONS") or DEFAULT_QUESTIONS)
    fiches = load_jsonl(corpus)[: args.fiches]
    questions = [str(q["question"]) for q in load_jsonl(questions_path)]
    bench_offline(fiches, questions, args.runs)

    url = os.environ.get("COLLECTIVIA_BENCH_GENERATION_URL")
    if url:
        settings = GenerationSettings(
            base_url=url, model=os.environ.get("COLLECTIVIA_BENCH_GENERATION_MODEL", "default")
        )
        generator = OpenAICompatibleGenerator(GenerationClient(settings))
        bench_generative(generator, fiches, questions, args.model_runs, args.max_output_tokens)
    elif args.local_model:
        from collectivia.testkit.llm_server import start_generation_server

        with tempfile.TemporaryDirectory() as folder:
            server = start_generation_server(Path(folder))
            try:
                generator = OpenAICompatibleGenerator(
                    GenerationClient(server.settings(read_timeout_seconds=600))
                )
                bench_generative(
                    generator, fiches, questions, args.model_runs, args.max_output_tokens
                )
            finally:
                server.stop()
    else:
        out("generative: skipped (set COLLECTIVIA_BENCH_GENERATION_URL, or --local-model)")


if __name__ == "__main__":
    main()
