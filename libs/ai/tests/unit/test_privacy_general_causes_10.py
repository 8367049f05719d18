"""General causes of error seen on the twelfth set written apart, second round (never its
sentences): a hamlet before its town without a postcode, after a preposition, before a post box
or a road without a number; a form's postcode and complement fields; a travellers' site; a
business park is no home; a civility inside what a rule found; ranks and English civilities;
a colleague mentioned with « @ », a caller's « ici »; a date written year first beside a name."""

from __future__ import annotations

import pytest

from collectivia.ai.privacy import PiiType
from collectivia.testkit.privacy_probes import found, with_model_finding


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Appel de M. Jaouen (Kerbiquet, Plourin-lès-Morlaix) pour un RDV",
            ["Kerbiquet, Plourin-lès-Morlaix"],
        ),
        (
            "Ici Maëla, du hameau de Kerbrat à Plouigneau : la route est coupée",
            ["hameau de Kerbrat à Plouigneau"],
        ),
        # a list of communes, a greeting before a town: no hamlet
        ("les communes du secteur (Taulé, Henvic, Carantec) sont concernées", []),
        ("Bonjour Kergoat, Brest vous attend", []),
        ("We live at Kerellec, 29660 Carantec since May.", ["Kerellec, 29660 Carantec"]),
        (
            "Expéditeur : Mme Le Roux, Penhoat, BP 7, 29410 Pleyber-Christ",
            ["Penhoat, BP 7, 29410 Pleyber-Christ"],
        ),
        (
            "Yvonne Abgrall\nKeranna\nchemin de Kerhoas\n29600 Plourin",
            ["Keranna\nchemin de Kerhoas\n29600 Plourin"],
        ),
        (
            "Nom : LE DUFF\nAdresse : 3 rue du Pouliet\nComplément : Résidence Ty Nevez, appt 8\n"
            "Code postal / Ville : 29680 Roscoff",
            ["3 rue du Pouliet", "Résidence Ty Nevez, appt 8", "29680 Roscoff"],
        ),
        (
            "On est à l'aire d'accueil de Kerozar, emplacement 12.",
            ["aire d'accueil de Kerozar, emplacement 12"],
        ),
        ("la société (ZA de Kerivin, 29600 Morlaix) a écrit", []),
        (
            "12 avenue de Paris, M'tsapéré, 97600 Mamoudzou",
            ["12 avenue de Paris, M'tsapéré, 97600 Mamoudzou"],
        ),
    ],
)
def test_addresses(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.ADDRESS) == expected


@pytest.mark.parametrize(
    ("text", "model_finds", "expected"),
    [
        (
            "Signalement Mme Annick Floc'h, rue de Callac : trou",
            ["Signalement Mme Annick Floc'h"],
            ["Annick Floc'h"],
        ),
        ("Jean M. Dupont est passé", ["Jean M. Dupont"], ["Jean M. Dupont"]),
        (
            "Relève : Brigadier Le Goff, puis Gardien Salaün",
            ["Brigadier Le Goff", "Gardien Salaün"],
            ["Le Goff", "Salaün"],
        ),
        ("Please write to:\nMrs Helen Price\nFlat 2", ["Mrs Helen Price"], ["Helen Price"]),
        # a name the model reads on to the next line loses the sentence's dot
        (
            "voisin de M. Yves Kerhoas.\n\nObjets trouvés : rien",
            ["Yves Kerhoas.\n\nObjets"],
            ["Yves Kerhoas"],
        ),
        ("@Morgane peux-tu rappeler la famille ?", [], ["Morgane"]),
        ("Allô, ici Gwenola, pour la cantine", [], ["Gwenola"]),
        ("Ici commence la zone bleue", [], []),
    ],
)
def test_names(text: str, model_finds: list[str], expected: list[str]) -> None:
    assert with_model_finding(text, *model_finds) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lucas Guéguen \u2013 2009/11/03 \u2013 4 rue de Plougasnou", ["2009/11/03"]),
        ("Inès Garo \u2013 1975-03-02", ["1975-03-02"]),
        ("réunion avec Paul Durand \u2013 2026-03-02", []),
    ],
)
def test_a_date_written_year_first_beside_a_name(text: str, expected: list[str]) -> None:
    assert found(text, PiiType.BIRTH_DATE) == expected
