"""The offline summary: sentences of the document only, cited by paragraph, in order."""

from __future__ import annotations

from collectivia.agent_assistant.tasks.extractive_summary import summarize
from collectivia.agent_assistant.tasks.sentences import paragraphs, split_sentences, terms

DELIBERATION = [
    "Délibération du conseil municipal",
    "Le conseil municipal de Metz s'est réuni le 12 mars 2026 sous la présidence de M. Dupont. "
    "Il a examiné le budget primitif de la ville pour l'année 2026.",
    "Le budget de fonctionnement de la ville s'élève à 245 millions d'euros. Les dépenses de "
    "personnel représentent la moitié du budget de fonctionnement.",
    "La collecte des déchets sera réorganisée à compter du 1er juin. Les bacs jaunes seront "
    "collectés tous les quinze jours.",
    "Le conseil a enfin approuvé la création d'une piste cyclable rue Serpenoise. Les travaux "
    "commenceront en septembre.",
]


def all_sentences() -> set[str]:
    return {s for part in DELIBERATION for s in split_sentences(part)}


def test_every_sentence_is_quoted_word_for_word_with_its_paragraph() -> None:
    summary = summarize(DELIBERATION, max_words=60)
    assert summary.sentences
    for sentence in summary.sentences:
        assert sentence.text in all_sentences()
        assert sentence.text in DELIBERATION[sentence.paragraph - 1]
    assert summary.text.splitlines()[0].endswith(f"[§{summary.sentences[0].paragraph}]")


def test_sentences_keep_the_document_order_and_the_word_budget() -> None:
    summary = summarize(DELIBERATION, max_words=40)
    positions = [
        (s.paragraph, DELIBERATION[s.paragraph - 1].index(s.text)) for s in summary.sentences
    ]
    assert positions == sorted(positions)
    assert sum(len(s.text.split()) for s in summary.sentences) <= 40


def test_the_title_is_not_chosen_and_the_opening_and_the_budget_are() -> None:
    summary = summarize(DELIBERATION, max_words=50)
    texts = [s.text for s in summary.sentences]
    assert "Délibération du conseil municipal" not in texts
    assert texts[0].startswith("Le conseil municipal de Metz")  # first sentence, most cited terms
    assert any("budget" in text for text in texts)


def test_citations_point_to_the_cited_paragraphs_with_their_opening_words() -> None:
    summary = summarize(DELIBERATION, max_words=60)
    assert [c.paragraph for c in summary.citations] == sorted(
        {s.paragraph for s in summary.sentences}
    )
    for citation in summary.citations:
        assert DELIBERATION[citation.paragraph - 1].startswith(citation.excerpt.rstrip(" …"))
    assert summary.paragraph_count == 5


def test_a_repeated_sentence_is_not_chosen_twice() -> None:
    repeated = [*DELIBERATION, DELIBERATION[2]]
    summary = summarize(repeated, max_words=200)
    texts = [s.text for s in summary.sentences]
    assert len(texts) == len(set(texts))


def test_a_short_text_gives_at_least_one_sentence() -> None:
    summary = summarize(["Fermé lundi."], max_words=20)
    assert [s.text for s in summary.sentences] == ["Fermé lundi."]


def test_abbreviations_do_not_end_sentences() -> None:
    assert split_sentences("Reçu par M. Dupont, art. 3 du règlement. Voir la suite.") == [
        "Reçu par M. Dupont, art. 3 du règlement.",
        "Voir la suite.",
    ]


def test_wrapped_lines_are_joined_and_blocks_kept_apart() -> None:
    text = "Le conseil a voté\nle budget.\nLes travaux commencent.\n\nDeuxième bloc."
    assert paragraphs(text) == [
        "Le conseil a voté le budget.",
        "Les travaux commencent.",
        "Deuxième bloc.",
    ]


def test_terms_fold_accents_drop_stop_words_and_plurals() -> None:
    assert terms("Les déchèteries de la Métropole") == ["decheterie", "metropole"]
