from __future__ import annotations

from collectivia.ai.privacy import (
    SpecialCategory,
    contains_special_category,
    mask,
    redact,
    restore,
)

MESSAGE = (
    "Bonjour, je suis Jean Dupont, né le 12/03/1985, au 12 rue des Lilas 69003 Lyon. "
    "Mail : jean.dupont@gmail.com, tél 06 12 34 56 78 (ou 06.12.34.56.78). "
    "NIR 1 85 05 78 006 084 91, IBAN FR76 3000 6000 0112 3456 7890 189. Jean Dupont"
)


def test_mask_replaces_every_value_by_a_typed_placeholder() -> None:
    masked = mask(MESSAGE)
    assert masked.text == (
        "Bonjour, je suis [NOM_1], né le [DATE_NAISSANCE_1], au [ADRESSE_1]. "
        "Mail : [EMAIL_1], tél [TELEPHONE_1] (ou [TELEPHONE_1]). "
        "NIR [NIR_1], IBAN [IBAN_1]. [NOM_1]"
    )
    assert masked.mapping["[NOM_1]"] == "Jean Dupont"
    assert masked.mapping["[IBAN_1]"] == "FR76 3000 6000 0112 3456 7890 189"


def test_different_values_get_different_numbers() -> None:
    masked = mask("Écrire à a@exemple.fr puis à b@exemple.fr, ou à a@exemple.fr.")
    assert masked.text == "Écrire à [EMAIL_1] puis à [EMAIL_2], ou à [EMAIL_1]."


def test_restore_puts_the_values_back() -> None:
    masked = mask("Contactez Mme Durand au 06 12 34 56 78.")
    answer = "Réponse à [NOM_1] : nous vous rappelons au [TELEPHONE_1]."
    assert restore(answer, masked.mapping) == (
        "Réponse à Durand : nous vous rappelons au 06 12 34 56 78."
    )


def test_restore_leaves_unknown_placeholders() -> None:
    assert restore("[NOM_7] et [NOM_1]", {"[NOM_1]": "Durand"}) == "[NOM_7] et Durand"


def test_the_mapping_is_not_in_the_repr() -> None:
    assert "jean.dupont" not in repr(mask(MESSAGE))


def test_redact_keeps_no_personal_data() -> None:
    redacted = redact(MESSAGE)
    for value in mask(MESSAGE).mapping.values():
        assert value not in redacted
    assert "[EMAIL_1]" in redacted


def test_text_without_personal_data_is_unchanged() -> None:
    text = "Quels sont les horaires de la déchetterie le samedi 14 juillet ?"
    assert mask(text).text == text
    assert mask(text).mapping == {}


def test_special_categories() -> None:
    text = "Mon fils est handicapé, je suis délégué syndical et je vais à la mosquée."
    assert contains_special_category(text) == {
        SpecialCategory.HEALTH,
        SpecialCategory.TRADE_UNION,
        SpecialCategory.RELIGION,
    }


def test_special_categories_ignore_case_and_accents() -> None:
    assert contains_special_category("ORIENTATION SEXUELLE") == {SpecialCategory.SEXUAL_ORIENTATION}
    assert contains_special_category("mon diabete") == {SpecialCategory.HEALTH}


def test_everyday_requests_are_not_special() -> None:
    for text in (
        "La salle des fêtes est près de l'église.",
        "Quels sont les horaires de la piscine ?",
        "Je voudrais un rendez-vous pour une carte d'identité.",
        "Le conseil municipal vote le budget.",
    ):
        assert contains_special_category(text) == frozenset(), text
