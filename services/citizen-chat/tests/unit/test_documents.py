from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from collectivia.citizen_chat.knowledge.documents import (
    CorpusFormatError,
    Document,
    load_jsonl,
    parse_jsonl,
)


def _line(**fields: object) -> str:
    base: dict[str, object] = {"id": "F1", "title": "Titre", "text": "Texte."}
    base.update(fields)
    return json.dumps(base, ensure_ascii=False)


def test_a_valid_file_loads_every_field(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        _line(
            url="https://x/F1",
            licence="Etalab 2.0",
            theme="Papiers",
            published="2020-11-01",
            communes=["75056", "2A004"],
        )
        + "\n\n"
        + _line(id="F2")
        + "\n",
        encoding="utf-8",
    )
    first, second = load_jsonl(path)
    assert first.communes == ("75056", "2A004")
    assert first.published == date(2020, 11, 1)
    assert first.version == first.content_hash
    assert second.shared and second.visible_from("75056") and second.visible_from(None)
    assert first.visible_from("75056") and not first.visible_from("69123")


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "JSON invalide"),
        (_line(title=None), "« title »"),
        (_line(communes=["Paris"]), "code INSEE"),
        (_line(id="F1"), "en double"),
        ("[1, 2]", "un objet JSON"),
        (_line(published="hier"), "AAAA-MM-JJ"),
        (_line(text="  "), "texte est vide"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_returned(bad: str, reason: str) -> None:
    with pytest.raises(CorpusFormatError) as error:
        parse_jsonl([_line(), bad, _line(id="F3")], source="corpus.jsonl")
    assert "corpus.jsonl, ligne 2 : " in str(error.value)
    assert reason in str(error.value)


def test_content_hash_follows_title_and_text() -> None:
    a = Document(id="F1", title="T", text="x")
    assert a.content_hash == Document(id="F1", title="T", text="x", theme="other").content_hash
    assert a.content_hash != Document(id="F1", title="T", text="y").content_hash


def test_metadata_changes_make_a_different_document_but_the_same_content_hash() -> None:
    a = Document(id="F1", title="T", text="x", communes=("57463",))
    b = Document(id="F1", title="T", text="x", communes=("57480",))
    assert a != b and a.content_hash == b.content_hash
    assert a == Document(id="F1", title="T", text="x", communes=("57463",))
