from __future__ import annotations

from collectivia.citizen_chat.knowledge.analyzer import analyze
from collectivia.citizen_chat.knowledge.bm25 import BM25Index

TEXTS = [
    "Combien coûte un passeport ? Le prix du passeport dépend de l'âge du demandeur.",
    "Déneiger le trottoir devant son habitation : une obligation fixée par le maire.",
    "La carte d'identité est gratuite, sauf en cas de perte ou de vol.",
]


def test_the_matching_text_ranks_first_despite_inflections() -> None:
    index = BM25Index(analyzer=analyze)
    index.add(TEXTS)
    assert index.top("prix des passeports", 3)[0][0] == 0
    assert index.top("qui doit déneiger les trottoirs ?", 3)[0][0] == 1
    assert index.top("carte d\u2019identite perdue", 3)[0][0] == 2


def test_no_shared_term_scores_nothing() -> None:
    index = BM25Index(analyzer=analyze)
    index.add(TEXTS)
    assert index.top("vélo électrique", 3) == []


def test_rare_terms_weigh_more_than_common_ones() -> None:
    index = BM25Index(analyzer=analyze)
    index.add(["passeport mairie", "mairie horaires", "mairie accueil", "mairie état civil"])
    assert index.idf(analyze("passeport")[0]) > index.idf(analyze("mairie")[0])
