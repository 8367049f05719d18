"""Which theme and which service an incoming request belongs to, without a model: the
themes' keywords, and, when the citizen chat's knowledge base can be asked, the themes of
the documents closest to the request (same retrieval as the chat). Both votes are shares
(0 to 1) added per theme; the best theme's department comes from the routing table."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from collectivia.agent_assistant.inbox.ports import KnowledgeSearch, Passage
from collectivia.agent_assistant.inbox.routing import DepartmentRouting, theme_key
from collectivia.agent_assistant.tasks.keyword_classifier import KeywordClassifier
from collectivia.ai.privacy import redact
from collectivia.platform.errors import DependencyUnavailable

logger = logging.getLogger(__name__)

METHOD_KEYWORDS = "keyword-classifier/1"
METHOD_WITH_KNOWLEDGE = "keyword-and-knowledge-classifier/1"
PASSAGES = 5
NOTICE_KEYWORDS = (
    "Classement sans IA générative, par les mots-clés de chaque thème. "
    "Vérifiez le thème et le service proposés avant de transmettre la demande."
)
NOTICE_WITH_KNOWLEDGE = (
    "Classement sans IA générative, par les mots-clés de chaque thème et par les thèmes des "
    "documents les plus proches dans la base de connaissances. Vérifiez le thème et le "
    "service proposés avant de transmettre la demande."
)
NOTICE_NOTHING = " Aucun thème n'a été reconnu : orientez la demande vous-même."


@dataclass(frozen=True)
class ThemeVote:
    theme: str
    # Share of the evidence (0 to 1).
    score: float


@dataclass(frozen=True)
class Classification:
    # "" when no theme was recognised.
    theme: str
    department: str
    # The best theme's share of the evidence, 0 to 1.
    confidence: float
    # Why: the keywords found, the closest documents' titles.
    keywords: tuple[str, ...]
    documents: tuple[str, ...]
    alternatives: tuple[ThemeVote, ...]
    method: str
    notice: str


def _shares(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    return {theme: score / total for theme, score in scores.items()} if total else {}


class RequestClassifier:
    def __init__(
        self,
        keywords: KeywordClassifier,
        routing: DepartmentRouting,
        search: KnowledgeSearch | None = None,
    ) -> None:
        self.keywords = keywords
        self.routing = routing
        self.search = search

    @property
    def themes(self) -> tuple[str, ...]:
        return tuple(theme.label for theme in self.keywords.themes)

    def classify(self, text: str, commune: str = "") -> Classification:
        by_keywords = self.keywords.scores(text)
        votes: dict[str, float] = defaultdict(float)
        for theme, share in _shares({s.theme: s.score for s in by_keywords}).items():
            votes[theme_key(theme)] += share
        labels = {theme_key(s.theme): s.theme for s in by_keywords}
        documents: list[str] = []
        method, notice = METHOD_KEYWORDS, NOTICE_KEYWORDS
        retrieved = self._retrieved(text, commune)
        if retrieved is not None:
            method, notice = METHOD_WITH_KNOWLEDGE, NOTICE_WITH_KNOWLEDGE
            scores: dict[str, float] = defaultdict(float)
            for passage in retrieved:
                if passage.theme:
                    key = theme_key(passage.theme)
                    scores[key] += max(passage.score, 0.0)
                    labels.setdefault(key, passage.theme.split(">", 1)[0].strip())
                    if passage.title not in documents:
                        documents.append(passage.title)
            for key, share in _shares(scores).items():
                votes[key] += share
        ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
        total = sum(votes.values())
        alternatives = tuple(ThemeVote(labels[key], score / total) for key, score in ranked)
        if not ranked:
            return Classification("", "", 0.0, (), (), (), method, notice + NOTICE_NOTHING)
        best = alternatives[0]
        keywords = next((s.matched for s in by_keywords if theme_key(s.theme) == ranked[0][0]), ())
        return Classification(
            theme=best.theme,
            department=self.routing.department_for(best.theme, commune),
            confidence=round(best.score, 4),
            keywords=keywords,
            documents=tuple(documents),
            alternatives=alternatives[1:4],
            method=method,
            notice=notice,
        )

    def classify_as(self, theme: str, text: str, commune: str = "") -> Classification | None:
        """The classification a model chose (a theme of the list), else None."""
        chosen = next((t for t in self.themes if theme_key(t) == theme_key(theme)), None)
        if chosen is None:
            return None
        matched = next((s.matched for s in self.keywords.scores(text) if s.theme == chosen), ())
        return Classification(
            theme=chosen,
            department=self.routing.department_for(chosen, commune),
            confidence=1.0,
            keywords=matched,
            documents=(),
            alternatives=(),
            method="generative",
            notice="",
        )

    def _retrieved(self, text: str, commune: str) -> list[Passage] | None:
        if self.search is None:
            return None
        try:
            # The knowledge base is another service: personal data never leaves masked.
            return list(self.search.search(redact(text)[:2000], commune, PASSAGES))
        except DependencyUnavailable as error:
            logger.warning("knowledge base not asked for a classification: %s", error.detail)
            return None
