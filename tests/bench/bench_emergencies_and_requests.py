"""Benchmark: emergencies recognised in citizens' messages, and the theme of the requests
handed over to the agents' inbox, on the labelled sets written for them (the chat's
``tests/data/emergency_messages.jsonl``, the assistant's ``tests/data/handover_requests.jsonl``).

Emergencies: precision, recall and the right situation, with the time per message, beside a
baseline in the same process (a plain list of alarm words: service names and « feu »,
« urgence »...). Requests: the theme shown, beside what the inbox showed before (the theme
of the page closest to the conversation's FIRST question, as the chat's refusal cited it);
with the chat's sample knowledge base, the theme the chat now sends (its answer's, or none
after a refusal) completed by the citizen's words. Prints its figures; asserts nothing.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from citizen_chat_testing.knowledge import sample_knowledge_base
from collectivia.agent_assistant.inbox.records import Turn
from collectivia.agent_assistant.inbox.request_theme import RequestThemes
from collectivia.agent_assistant.inbox.routing import theme_key
from collectivia.citizen_chat.answering.emergencies import detect
from collectivia.citizen_chat.answering.models import Outcome
from collectivia.citizen_chat.answering.service import Answerer, AnsweringPolicy

ROOT = Path(__file__).resolve().parents[2]
EMERGENCIES = ROOT / "services/citizen-chat/tests/data/emergency_messages.jsonl"
REQUESTS = ROOT / "services/agent-assistant/tests/data/handover_requests.jsonl"
ALARM_WORDS = ("pompier", "samu", "police", "urgence", "urgent", "feu", "suicide", "secours",
               "danger", "violence", "fire", "help", "gendarmerie", "15", "17", "18")  # fmt: skip


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def alarm_words(text: str) -> tuple[str, ...]:
    words = folded(text).replace("'", " ").split()
    return tuple(w for w in ALARM_WORDS if any(word.strip("?!.,") == w for word in words))


def rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def emergency_line(name: str, detector: Callable[[str], Sequence[object]], right: bool) -> None:
    labelled = rows(EMERGENCIES)
    found, timings = [], []
    for row in labelled:
        started = time.perf_counter()
        got = {str(s) for s in detector(str(row["text"]))}
        timings.append((time.perf_counter() - started) * 1000)
        found.append((got, set(row["situations"])))  # type: ignore[call-overload]
    positives = sum(bool(expected) for _, expected in found)
    flagged = sum(bool(got) for got, _ in found)
    hits = sum(bool(got) and bool(expected) for got, expected in found)
    situation = sum(bool(got & expected) for got, expected in found if expected)
    out(
        f"emergencies {name:>16}: precision {hits / max(flagged, 1):.3f}  recall "
        f"{hits / positives:.3f}  "
        + (f"right situation {situation / positives:.3f}  " if right else "")
        + f"({len(found)} messages, {positives} emergencies)  "
        f"mean {statistics.fmean(timings):.2f} ms, max {max(timings):.2f} ms per message"
    )


def requests_lines() -> None:
    labelled = rows(REQUESTS)
    themes = RequestThemes()
    answerer = Answerer(sample_knowledge_base(), AnsweringPolicy())

    def closest_theme(question: str) -> str:
        hits = answerer.retrieve(question).hits
        return hits[0].document.theme if hits else ""

    before = now_words = now_chat = 0
    for row in labelled:
        said = [str(s) for s in row["said"]]  # type: ignore[attr-defined]
        expected = theme_key(str(row["theme"]))
        turns = [Turn("citizen", words, None) for words in said]
        # Before: the first question's closest page, whatever the answer.
        before += theme_key(closest_theme(said[0])) == expected
        now_words += theme_key(themes.theme_of(sent="", turns=turns)) == expected
        answer = answerer.answer(said[-1], context=said[:-1])
        sent = answer.theme if answer.outcome is Outcome.ANSWERED else ""
        now_chat += theme_key(themes.theme_of(sent=sent, turns=turns)) == expected
    total = len(labelled)
    out(
        f"request themes ({total} requests): before {before / total:.3f} (first question's "
        f"closest page)  now {now_chat / total:.3f} (chat's answer, else the citizen's words; "
        f"sample knowledge base)  words only {now_words / total:.3f}"
    )


def main() -> None:
    emergency_line("alarm words", alarm_words, right=False)
    emergency_line("situations", detect, right=True)
    requests_lines()


if __name__ == "__main__":
    main()
