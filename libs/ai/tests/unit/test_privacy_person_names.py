"""People's names by the French model and the rules of context; places and public contacts
left alone; the model loaded once per process."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import cast

import pytest
import spacy
from spacy.language import Language

from collectivia.ai.privacy import PiiType, PrivacyGuard, PrivacySettings, PublicContacts
from collectivia.ai.privacy.person_model import (
    MODEL_NAME,
    PERSON_MODEL,
    PersonModel,
    chunks,
    load_pipeline,
)
from collectivia.ai.use.area import AiUse, warm_up_privacy_model

GUARD = PrivacyGuard()


def names(text: str, guard: PrivacyGuard = GUARD) -> list[str]:
    return [span.text for span in guard.detect(text) if span.type is PiiType.NAME]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Mamadou Diallo demande un logement social.", ["Mamadou Diallo"]),  # West Africa
        ("Mme Khadija El Amrani a appelé ce matin.", ["Khadija El Amrani"]),  # North Africa
        ("Le dossier de Mme Agnieszka Wójcik est complet.", ["Agnieszka Wójcik"]),  # Poland
        ("Monsieur Nguyen Van Long souhaite un rendez-vous.", ["Nguyen Van Long"]),  # Vietnam
        ("Cordialement, Gwenaël Le Goarnic", ["Gwenaël Le Goarnic"]),  # Brittany
        ("Je m'appelle Maialen Etchegaray, j'ai une question.", ["Maialen Etchegaray"]),  # Basque
        ("M. Joaquim Gonçalves Pereira a payé la cantine.", ["Joaquim Gonçalves Pereira"]),
        (
            "Mme Marie-Thérèse Dubois et M. Jean-Baptiste Roux",
            ["Marie-Thérèse Dubois", "Jean-Baptiste Roux"],
        ),
        ("G. Perrin a laissé un message.", ["G. Perrin"]),
        ("bonjour je m'appelle jade et je voudrais un rendez-vous", ["jade"]),
        ("Ma fille Awa est en CE2.", ["Awa"]),
        ("slt c yacine boumediene jvoudrai un rdv", ["yacine boumediene"]),
    ],
)
def test_names_of_every_origin_and_writing_style(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "L'école Marie Curie sera fermée lundi.",
        "Les travaux de la rue Victor Hugo commencent demain.",
        "Rendez-vous au gymnase Jean Moulin à 14h.",
        "Le centre social Nelson Mandela propose des cours.",
        "La crèche Françoise Dolto a des places.",
        "Réunion salle Olympe de Gouges, au premier étage.",
        "Le collège Jules Verne et le lycée Jean Jaurès sont fermés.",
        "Le marché Victor Hugo est déplacé place de la Libération.",
        "La statue de Louis XIV sera restaurée.",
        "Ma fille est malade, elle ne viendra pas.",
        "Mon mari travaille de nuit.",
        "Monsieur le Maire, je vous écris au sujet du stationnement.",
    ],
)
def test_places_named_after_people_and_plain_words_are_not_names(text: str) -> None:
    assert names(text) == []


def test_a_person_s_address_on_a_street_named_after_someone_is_an_address() -> None:
    found = [(s.type, s.text) for s in GUARD.detect("J'habite 9 rue Victor Hugo 59000 Lille.")]
    assert found == [(PiiType.ADDRESS, "9 rue Victor Hugo 59000 Lille")]


def test_placeholders_masked_upstream_are_left_as_they_are() -> None:
    assert GUARD.detect("Bonjour [NOM_1], votre voisin [NOM_2] a appelé.") == []


PUBLIC = PublicContacts(
    [
        "1 place de l'Hôtel de Ville, 69000 Exempleville",
        "03 80 12 34 56",
        # (a domain that is no public body's: a service's mailbox at one is kept unlisted)
        "contact@office-exempleville.fr",
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        "La mairie est au 1 place de l'Hôtel de Ville, 69000 Exempleville.",
        "Rendez-vous au 1 place de l'Hôtel de Ville.",
        "Le standard : +33 3 80 12 34 56.",
        "Le standard : 03.80.12.34.56.",
        "Écrivez à Contact@Office-Exempleville.fr.",
    ],
)
def test_the_collectivity_s_public_contacts_are_kept(text: str) -> None:
    guard = PrivacyGuard(public_contacts=PUBLIC)
    assert guard.mask(text).text == text
    assert PrivacyGuard(public_contacts=PublicContacts()).mask(text).text != text


def test_a_citizen_s_contacts_beside_the_public_ones_are_masked() -> None:
    guard = PrivacyGuard(public_contacts=PUBLIC)
    masked = guard.mask("Appelez le 03 80 12 34 56 ou moi au 06 12 34 56 78, awa@gmail.com.")
    assert masked.text == "Appelez le 03 80 12 34 56 ou moi au [TELEPHONE_1], [EMAIL_1]."


def test_public_contacts_and_the_model_come_from_the_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLLECTIVIA_PRIVACY_PUBLIC_CONTACTS", '["mairie@ville-exemple.fr"]')
    monkeypatch.setenv("COLLECTIVIA_PRIVACY_PERSON_MODEL", "false")
    guard = PrivacyGuard.from_settings(PrivacySettings())
    assert (
        guard.redact("mairie@ville-exemple.fr, awa@gmail.com")
        == "mairie@ville-exemple.fr, [EMAIL_1]"
    )
    # Rules only: a name in no context a rule knows is missed (the model finds it).
    text = "Réclamation reçue hier : Itziar Goikoetxea conteste la facture."
    assert names(text, guard) == []
    assert names(text) == ["Itziar Goikoetxea"]


def _ruler(patterns: list[str]) -> Language:
    """A blank French pipeline whose "model" tags the given phrases as people."""
    pipeline = spacy.blank("fr")
    ruler = pipeline.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PER", "pattern": phrase} for phrase in patterns])  # type: ignore[attr-defined]
    return pipeline


def test_the_model_is_loaded_once_by_the_first_thread_that_needs_it() -> None:
    calls: list[int] = []
    started = threading.Barrier(8)

    def slow_loader() -> Language:
        calls.append(1)
        return _ruler(["Awa Diop"])

    model = PersonModel(loader=slow_loader)

    def ask() -> None:
        started.wait()
        assert model.persons("Bonjour, je suis Awa Diop.") == [(17, 25)]

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert model.loads == 1


def test_the_process_model_is_loaded_once_with_only_what_entities_need() -> None:
    GUARD.detect("Mme Awa Diop")
    PrivacyGuard().detect("M. Piotr Nowak")
    assert PERSON_MODEL.loads == 1
    assert PERSON_MODEL.components == ("ner",)


def test_the_entities_do_not_need_the_shared_tok2vec() -> None:
    whole = spacy.load(MODEL_NAME, exclude=["parser", "lemmatizer", "morphologizer", "senter"])
    texts = [
        "Bonjour, je suis Mme Awa Diop, ma voisine Jeanne Kieffer habite à Haguenau.",
        "slt c yacine boumediene jvoudrai un rdv avec M. Piotr Nowak de la mairie de Metz",
    ]
    lean = PersonModel(loader=lambda: load_pipeline(MODEL_NAME))
    for text in texts:
        expected = [(e.start_char, e.end_char) for e in whole(text).ents if e.label_ == "PER"]
        assert lean.persons(text) == expected
    assert expected  # the texts hold names the model finds


@pytest.fixture
def tagged() -> Iterator[PrivacyGuard]:
    phrases = ["slt c yacine boumediene jvoudrai", "Mme Kowalczyk", "crèche Françoise Dolto"]
    yield PrivacyGuard(persons=PersonModel(loader=lambda: _ruler(phrases)))


def test_the_model_s_edges_are_trimmed_and_places_dropped(tagged: PrivacyGuard) -> None:
    assert names("slt c yacine boumediene jvoudrai un rdv", tagged) == ["yacine boumediene"]
    assert names("Voisin : Mme Kowalczyk.", tagged) == ["Kowalczyk"]
    assert names("La crèche Françoise Dolto ouvre.", tagged) == []


def test_services_load_the_model_before_they_are_ready() -> None:
    handle = warm_up_privacy_model(cast(AiUse, None))
    assert PERSON_MODEL.components == ("ner",)
    assert PERSON_MODEL.loads == 1
    handle.stop()


@pytest.mark.parametrize("size", [7, 20, 1000])
def test_long_texts_go_through_the_model_in_pieces_that_add_up(size: int) -> None:
    text = "Bonjour Awa Diop,\nvotre voisin a appelé. " * 3
    pieces = list(chunks(text, size))
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(len(piece) <= size for _, piece in pieces)


def test_names_in_a_long_document_are_found_where_they_are() -> None:
    text = "Le conseil s'est réuni. " * 2000 + "Mme Awa Diop a pris la parole."
    spans = GUARD.detect(text)
    assert [(span.type, span.text) for span in spans] == [(PiiType.NAME, "Awa Diop")]
    assert text[spans[0].start : spans[0].end] == "Awa Diop"
