"""The names model fine-tuned on labelled messages: written whole with its digest, rebuilt only
when the sets change, found by the settings or refused with a French message."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest
from pydantic import ValidationError

from collectivia.ai.privacy import PrivacyGuard, PrivacySettings, names_training
from collectivia.ai.privacy.evaluation import LabelledCase
from collectivia.ai.privacy.names_training import (
    SEED,
    SUMMARY_FILE,
    TrainingSummary,
    digest_of,
    main,
    train_names_model,
    trained_digest,
)
from collectivia.ai.privacy.person_model import MODEL_NAME, PersonModel, load_pipeline
from collectivia.ai.privacy.spans import PiiType
from collectivia.testkit.doubles import FixedPersonModel
from collectivia.testkit.privacy_probes import found

# Invented names the stock model does not know, in the shapes the messages have.
_PEOPLE = ["Zorvan Kelibo", "Maëlis Tregonnec", "Oumou Kantara", "Ilyes Benmarzouk"]
_SHAPES = [
    "bonjour je suis {} et je voudrais un rdv",
    "Merci de rappeler {} au sujet de la cantine.",
    "Dossier suivi par {}, 12 rue des Lilas, 67000 Strasbourg.",
]


def _cases() -> list[LabelledCase]:
    cases: list[LabelledCase] = []
    for person in _PEOPLE:
        for shape in _SHAPES:
            text = shape.format(person)
            expected = [(PiiType.NAME, person)]
            if "rue des Lilas" in text:
                expected.append((PiiType.ADDRESS, "12 rue des Lilas, 67000 Strasbourg"))
            cases.append(LabelledCase(f"c{len(cases)}", text, tuple(expected)))
    return cases


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("names") / "model"
    summary = train_names_model(cases=_cases(), out=out, epochs=12)
    assert (summary.messages, summary.names, summary.addresses) == (12, 12, 4)
    assert summary.unaligned == 0
    assert summary.losses[-1] < summary.losses[0]
    return out


def test_the_model_is_written_whole_with_its_digest(trained: Path) -> None:
    assert (trained / "meta.json").is_file()
    digest = digest_of(_cases(), epochs=12, seed=7, base=MODEL_NAME)
    assert trained_digest(trained) == digest
    summary = json.loads((trained / SUMMARY_FILE).read_text(encoding="utf-8"))
    assert summary["epochs"] == 12 and summary["base"] == MODEL_NAME


def test_the_trained_model_finds_the_names_it_learnt(trained: Path) -> None:
    pipeline = load_pipeline(str(trained))
    assert pipeline.pipe_names == ["ner"]
    assert {"PER", "ADR"} <= set(pipeline.get_pipe("ner").labels)  # type: ignore[attr-defined]
    model = PersonModel(loader=lambda: pipeline)
    text = "Merci de rappeler Oumou Kantara au sujet de la cantine."
    assert [text[start:end] for start, end in model.persons(text)] == ["Oumou Kantara"]


def test_a_digest_changes_with_the_labels_and_the_recipe(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = _cases()
    digest = digest_of(cases, epochs=8, seed=7, base=MODEL_NAME)
    relabelled = [cases[0].__class__(cases[0].id, cases[0].text, ()), *cases[1:]]
    assert digest_of(relabelled, epochs=8, seed=7, base=MODEL_NAME) != digest
    assert digest_of(cases, epochs=9, seed=7, base=MODEL_NAME) != digest
    # the batch sizes are the recipe's too: other batches, another model
    monkeypatch.setattr(names_training, "BATCHES", (4.0, 32.0, 1.001))
    assert digest_of(cases, epochs=8, seed=7, base=MODEL_NAME) != digest


def test_the_command_does_not_train_again_an_up_to_date_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sets = tmp_path / "set.jsonl"
    sets.write_text(
        json.dumps(
            {
                "id": "a",
                "text": "Je suis Zorvan Kelibo.",
                "spans": [{"type": "NOM", "text": "Zorvan Kelibo"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "model"
    assert main([str(out), str(sets), "--epochs", "1"]) == 0
    assert trained_digest(out) is not None
    calls: list[Path] = []

    def counted(**kwargs: Any) -> TrainingSummary:
        calls.append(kwargs["out"])
        return TrainingSummary("d", 1, 1, 0, 0, 2, 7, MODEL_NAME, (1.0,))

    monkeypatch.setattr("collectivia.ai.privacy.names_training.train_names_model", counted)
    assert main([str(out), str(sets), "--epochs", "1"]) == 0
    assert calls == []  # the digest matched: nothing trained
    assert main([str(out), str(sets), "--epochs", "2"]) == 0
    assert calls == [out]  # another recipe: trained again


def test_the_settings_refuse_a_names_model_that_is_not_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLLECTIVIA_PRIVACY_NAMES_MODEL", raising=False)
    assert PrivacySettings().names_model == MODEL_NAME  # the stock package, where none is built
    with pytest.raises(ValidationError, match="modèle de noms introuvable"):
        PrivacySettings(names_model=str(tmp_path / "absent"))


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        # what no rule reads: the model's address is kept
        (
            "Ma mère vit quartier Mandzarsoa, case 14, Mamoudzou.",
            ("quartier Mandzarsoa, case 14, Mamoudzou",),
            ["quartier Mandzarsoa, case 14, Mamoudzou"],
        ),
        # without a number, a place's name is the rules' to judge
        ("On se voit place Kléber demain.", ("place Kléber",), []),
        # where a rule found the address, the rule's extent stands
        (
            "J'habite 12 rue des Lilas, 67000 Strasbourg.",
            ("12 rue des Lilas",),
            ["12 rue des Lilas, 67000 Strasbourg"],
        ),
    ],
)
def test_the_model_s_addresses_fill_what_the_rules_miss(
    text: str, model_finds: tuple[str, ...], expected: list[str]
) -> None:
    guard = PrivacyGuard(persons=cast(PersonModel, FixedPersonModel(addresses=model_finds)))
    assert found(text, PiiType.ADDRESS, guard) == expected


def test_a_model_trained_once_is_copied_from_the_machine_s_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sets = tmp_path / "set.jsonl"
    sets.write_text(
        json.dumps({"id": "a", "text": "Je suis Zorvan Kelibo.", "spans": []}) + "\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    calls: list[Path] = []

    def written(**kwargs: Any) -> TrainingSummary:
        out: Path = kwargs["out"]
        calls.append(out)
        out.mkdir(parents=True, exist_ok=True)
        digest = digest_of(kwargs["cases"], epochs=kwargs["epochs"], seed=SEED, base=MODEL_NAME)
        (out / SUMMARY_FILE).write_text(json.dumps({"digest": digest}), encoding="utf-8")
        (out / "weights").write_text("trained", encoding="utf-8")
        return TrainingSummary(digest, 1, 0, 0, 0, 1, SEED, MODEL_NAME, (1.0,))

    monkeypatch.setattr("collectivia.ai.privacy.names_training.train_names_model", written)
    first, second = tmp_path / "clone-1" / "model", tmp_path / "clone-2" / "model"
    assert main([str(first), str(sets), "--epochs", "1", "--cache", str(cache)]) == 0
    assert main([str(second), str(sets), "--epochs", "1", "--cache", str(cache)]) == 0
    assert calls == [first]  # the second clone trained nothing
    assert (second / "weights").read_text(encoding="utf-8") == "trained"
    assert trained_digest(second) == trained_digest(first)
    # another recipe: trained again, and only its model kept in the cache
    assert main([str(second), str(sets), "--epochs", "2", "--cache", str(cache)]) == 0
    assert calls == [first, second]
    assert [path.name for path in cache.iterdir()] == [trained_digest(second)]
