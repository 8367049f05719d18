"""General causes of the forty-ninth and fiftieth sets (the inland south-west and the Atlantic
coast; Provence and the Mediterranean coast; measured blind first, then read for their errors):
a fisherman's boat (« pointu »), a travellers' site by the road it is on, an English house by
its name, a Bulgarian estate's flat, a team's code is no home's number (« U11 »), a short month
with a two-digit year after « né le », the day one came of age, a place of birth by its form's
label (which may be a first name too: « Erevan »), a month that is the last of a Vietnamese name
(« Phạm Thị Mai »), a table's column of presidents and treasurers."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "je vis à bord de mon bateau, le pointu Lou Pescadou, quai de la Consigne, 34200 Sète.",
            ["pointu Lou Pescadou, quai de la Consigne, 34200 Sète"],
        ),
        (
            "La famille, installée sur l'aire d'accueil de la route de Bordeaux, emplacement 6, "
            "24100 Bergerac, demande",
            ["aire d'accueil de la route de Bordeaux, emplacement 6, 24100 Bergerac"],
        ),
        (
            "notre adresse en Angleterre :\nRose Cottage, 3 Mill Lane, Headcorn, Ashford TN27 8DB, "
            "United Kingdom\nThank you",
            ["Rose Cottage, 3 Mill Lane, Headcorn, Ashford TN27 8DB, United Kingdom"],
        ),
        (
            "adresse en bulgarie kv. Vazrazhdane, bl. 7, vh. A, ap. 3, 7000 Ruse, Bulgaria. merci",
            ["kv. Vazrazhdane, bl. 7, vh. A, ap. 3, 7000 Ruse, Bulgaria"],
        ),
        (
            "ma soeur: zh.k. Mladost 1, bl. 12, et. 4, ap. 16, 1784 Sofia",
            ["zh.k. Mladost 1, bl. 12, et. 4, ap. 16, 1784 Sofia"],
        ),
        ("Liste pour le gymnase - U11 AS Castellane\nBilal Merabet - 04/06/2015", []),
    ],
)
def test_homes_of_the_forty_ninth_and_fiftieth_sets(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("je suis né le 5 sept 75. jhabite à Nîmes", PiiType.BIRTH_DATE, ["5 sept 75"]),
        ("le rendez-vous du 5 sept 10h30", PiiType.BIRTH_DATE, []),
        (
            "j'ai 18 ans depuis le 2 avril 2008 et je veux voter",
            PiiType.BIRTH_DATE,
            ["2 avril 2008"],
        ),
        ("Lieu de naissance : Erevan (Arménie)\nNom : Martin", PiiType.NAME, ["Martin"]),
        ("le rendez-vous du 12 Mai 2024 avec Léa Martin", PiiType.NAME, ["Léa Martin"]),
        (
            "Association\tPrésident(e)\tMontant\nJudo Club Creusois\tNathalie Desroches\t1 800 €",
            PiiType.NAME,
            ["Nathalie Desroches"],
        ),
    ],
)
def test_births_places_and_names_of_the_forty_ninth_and_fiftieth_sets(
    text: str, kind: PiiType, expected: list[str]
) -> None:
    assert found(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        # the model reads the town after a date of birth as a name: a birthplace
        (
            "Andriy Tkachenko\nNé le 3 septembre 1985 à Odessa",
            ("Andriy Tkachenko", "Odessa"),
            ["Andriy Tkachenko"],
        ),
        # a month last in a name read by the model, no year after it
        (
            "le passeport de ma mère, Phạm Thị Mai, née le 05/05/1948.",
            ("Phạm Thị Mai",),
            ["Phạm Thị Mai"],
        ),
        ("le rendez-vous du 12 Mai 2024", ("12 Mai",), []),
    ],
)
def test_what_the_model_reads(text: str, model_finds: tuple[str, ...], expected: list[str]) -> None:
    assert with_model_finding(text, *model_finds) == expected
