"""General causes seen on the thirty-fifth and thirty-sixth sets (Mayotte and the Comorian
diaspora; the Grand Est and its cross-border workers: both measured blind first, then read for
their errors, never their sentences): a home named by its quarter or its village where streets
have no numbers, a street before its quarter, a village before its hamlet; what follows an
address and is no part of it (a land plot, a date), a car's registration, the model's
trailing line break; a signature or a transcript's speaker INSEE does not list; a business by
its legal form, a pet introduced as people are, a first name after « en cours pour »; the
collectivity's services' mailboxes by its domain."""

from __future__ import annotations

from typing import cast

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span as SpacySpan

from collectivia.ai.privacy import PiiType, PrivacyGuard, PublicContacts
from collectivia.ai.privacy.model_addresses import with_model_addresses
from collectivia.ai.privacy.person_model import ADDRESS_LABEL, PersonModel
from collectivia.ai.privacy.spans import Span
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "elle habite Pamandzi, quartier Bandrajou, elle a appelé",
            ["Pamandzi, quartier Bandrajou"],
        ),
        ("Nous habitons quartier Cavani Sud depuis 2019.", ["quartier Cavani Sud"]),
        (
            "je vis maintenant Labattoir, boulevard des Crabes, en face de la station",
            ["Labattoir, boulevard des Crabes"],
        ),
        # a whole street, with no town to say which: anyone's
        ("j'habite rue Victor Hugo depuis mars", []),
        # a quarter someone visits is no home
        ("la fête du quartier Cavani aura lieu samedi", []),
    ],
)
def test_a_home_by_its_quarter_or_its_village(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "dépôt derrière chez M. Oili, impasse des Cocotiers, Cavani Mtsapéré, 97600 Mamoudzou.",
            ["impasse des Cocotiers, Cavani Mtsapéré, 97600 Mamoudzou"],
        ),
        (
            "Je loue une case à M. Houmadi à Longoni, Mtsangadoua, 97690 Koungou.",
            ["Longoni, Mtsangadoua, 97690 Koungou"],
        ),
        # people before the hamlet are not its village
        (
            "Mes parents (Louis et Yvette Revaz, Le Cernix, 74170 Saint-Gervais) sont âgés.",
            ["Le Cernix, 74170 Saint-Gervais"],
        ),
        (
            "Ils habitent La Vieille Ferme, Kerléan, 22420 Plouaret depuis.",
            ["La Vieille Ferme, Kerléan, 22420 Plouaret"],
        ),
        # the cadastre's plot after the town is not the home's
        (
            "Terrain : lieu-dit Im Oberfeld, 57400 Sarrebourg, parcelle 214",
            ["lieu-dit Im Oberfeld, 57400 Sarrebourg"],
        ),
    ],
)
def test_a_street_before_its_quarter_a_village_before_its_hamlet(
    text: str, expected: list[str]
) -> None:
    assert found(text, PiiType.ADDRESS) == expected


def _model_address(text: str, read: str, found_by_rules: list[Span]) -> list[str]:
    start = text.index(read)
    spans = with_model_addresses(text, found_by_rules, [(start, start + len(read))])
    return [span.text for span in spans if span.type is PiiType.ADDRESS]


@pytest.mark.parametrize(
    ("text", "rule", "model", "expected"),
    [
        # a date after the country, a land plot after the town: not the model's wider reading
        (
            "demeurant quartier Mkazi, Mbéni, Union des Comores, du 1er juin au 30 août.",
            "quartier Mkazi, Mbéni, Union des Comores",
            "quartier Mkazi, Mbéni, Union des Comores, du 1er juin",
            "quartier Mkazi, Mbéni, Union des Comores",
        ),
        (
            "notre ferme : La Harazée, 51800 Vienne-le-Château, parcelle ZB 47.",
            "La Harazée, 51800 Vienne-le-Château",
            "La Harazée, 51800 Vienne-le-Château, parcelle ZB 47",
            "La Harazée, 51800 Vienne-le-Château",
        ),
        # a district after the town still is
        (
            "au 4 rue Caravelle, 13014 Marseille 14e, merci",
            "4 rue Caravelle, 13014 Marseille",
            "4 rue Caravelle, 13014 Marseille 14e",
            "4 rue Caravelle, 13014 Marseille 14e",
        ),
    ],
)
def test_what_follows_an_address_with_a_number_is_not_always_its_part(
    text: str, rule: str, model: str, expected: str
) -> None:
    start = text.index(rule)
    by_rule = [Span(PiiType.ADDRESS, start, start + len(rule), rule)]
    assert _model_address(text, model, by_rule) == [expected]


def test_a_cars_registration_is_no_home() -> None:
    text = "Adresse : 8 place du Marché, 57100 Thionville\nVéhicule : Fiat 500, FK-204-ZT"
    assert _model_address(text, "Fiat 500, FK-204-ZT", []) == []
    # nor a place and its dates, unless a postcode says it is an address
    text = "Le marché de Noël s'installe avenue Foch du 5 au 24 décembre."
    assert _model_address(text, "avenue Foch du 5 au 24 décembre", []) == []
    assert _model_address(text, "avenue Foch du 5", []) == []
    # the same model's reading of a home with a number stays
    assert _model_address("on est au Tsoundzou 1, près du marché", "Tsoundzou 1", []) == [
        "Tsoundzou 1"
    ]


class _OneEntityPipeline:
    """A pipeline whose only entity is ``read``, as spaCy's tokens cut it."""

    pipe_names = ("ner",)

    def __init__(self, read: str) -> None:
        self._read = read
        self._blank = spacy.blank("fr")

    def __call__(self, text: str) -> spacy.tokens.Doc:
        document = self._blank(text)
        start = text.index(self._read)
        entity = document.char_span(start, start + len(self._read), label=ADDRESS_LABEL)
        assert entity is not None
        document.ents = [SpacySpan(document, entity.start, entity.end, label=ADDRESS_LABEL)]
        return document


def test_the_models_entity_leaves_its_trailing_line_break_out() -> None:
    text = "Visiteur : je suis à Tsoundzou 1, près du marché\nAgent : Bonjour."
    pipeline = _OneEntityPipeline("Tsoundzou 1, près du marché\n")
    model = PersonModel(loader=lambda: cast(Language, pipeline))
    assert [text[start:end] for start, end in model.addresses(text)] == [
        "Tsoundzou 1, près du marché"
    ]


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        # the model's one word alone at the end, unknown to INSEE and to French: a signature
        ("mon numero de secu et mon tel 0639 12 65 40. Zaharati", ["Zaharati"], ["Zaharati"]),
        # a thanks of another language, a word of French there are none
        ("Merci pour tout.\nKenavo", ["Kenavo"], []),
        ("Le dossier est complet. Cordialement", ["Cordialement"], []),
        # a business by its legal form
        (
            "Pouvez-vous me rappeler ?\nKatrin Müller\nHager Logistik GmbH",
            ["Katrin Müller", "Hager Logistik"],
            ["Katrin Müller"],
        ),
        # in capitals, « SA » is French's « sa »
        (
            "MON VOISIN M. ETXEBERRIA GARE SA CAMIONNETTE DEVANT MON PORTAIL",
            ["ETXEBERRIA"],
            ["ETXEBERRIA"],
        ),
    ],
)
def test_signatures_and_businesses_by_the_model(
    text: str, model_finds: list[str], expected: list[str]
) -> None:
    assert with_model_finding(text, *model_finds) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[14:01] Mouniati : bonjour mon bébé est né\n[14:02] Mairie : Bonjour", ["Mouniati"]),
        ("[10:02] Agent : Bonjour Madame", []),
        ("Inscription en cours pour Mia Nowak (05/05/2019), chez sa grand-mère", ["Mia Nowak"]),
        ("jai perdu mon chien un berger allemand qui sappelle rex vers le bois", []),
        ("ma fille qui s'appelle Jade a perdu son chat", ["Jade"]),
    ],
)
def test_speakers_first_names_after_pour_and_pets(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.NAME) == expected


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("urbanisme@ville-exemple.fr", True),
        ("vie-associative@ville-exemple.fr", True),
        ("contact+mairie@ville-exemple.fr", True),
        # an agent's own address stays personal data
        ("s.martin@ville-exemple.fr", False),
        ("sophie.marchand@ville-exemple.fr", False),
        ("sophie@ville-exemple.fr", False),
        # another domain is anyone's, but a public body's (test_privacy_general_causes_30)
        ("urbanisme@immo-voisine.fr", False),
    ],
)
def test_the_collectivitys_domain_leaves_its_services_mailboxes(address: str, public: bool) -> None:
    guard = PrivacyGuard(persons=None, public_contacts=PublicContacts(["@ville-exemple.fr"]))
    text = f"Écrivez à {address} pour toute question."
    assert found(text, PiiType.EMAIL, guard) == ([] if public else [address])


@pytest.mark.parametrize("entry", ["@", "-", " . ", "@ "])
def test_a_contact_of_punctuation_only_leaves_every_address_masked(entry: str) -> None:
    contacts = PublicContacts([entry, "1 place de l'Hôtel de Ville, 69000 Exempleville"])
    guard = PrivacyGuard(persons=None, public_contacts=contacts)
    text = "J'habite au 12 rue des Lilas, 69003 Lyon."
    assert found(text, PiiType.ADDRESS, guard) == ["12 rue des Lilas, 69003 Lyon"]


@pytest.mark.parametrize(
    ("listed", "address", "public"),
    [
        ("1 place de l'Hôtel de Ville, 69000 Exempleville", "1 place de l'Hôtel de Ville", True),
        ("1 place de l'Hôtel de Ville", "1 place de l'Hôtel de Ville, 69000 Exempleville", True),
        # a listed beginning says too little to be the same place
        ("1 place", "1 place Bellecour, 69002 Lyon", False),
        ("12", "12 rue des Lilas, 69003 Lyon", False),
    ],
)
def test_a_listed_address_is_public_only_whole(listed: str, address: str, public: bool) -> None:
    guard = PrivacyGuard(persons=None, public_contacts=PublicContacts([listed]))
    text = f"Rendez-vous au {address}."
    assert found(text, PiiType.ADDRESS, guard) == ([] if public else [address])
