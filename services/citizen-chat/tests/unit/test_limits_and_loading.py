from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from collectivia.citizen_chat.conversations.limits import QuestionCountRow, RateLimiter
from collectivia.citizen_chat.database import Base, create_database_engine
from collectivia.citizen_chat.knowledge_loading import document_from_file, documents_in
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.platform.database import create_session_factory
from collectivia.platform.errors import TooManyRequests

DEMO = Path(__file__).resolve().parents[4] / "infra" / "demo" / "knowledge"


def counted_in(path: Path) -> sessionmaker[Session]:
    """A database of the limit's counts, as a worker process opens it."""
    engine = create_database_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine, tables=[QuestionCountRow.__table__])  # type: ignore[list-item]
    return create_session_factory(engine)


def test_the_rate_limit_is_per_client_and_says_when_to_retry(tmp_path: Path) -> None:
    now = [0.0]
    limiter = RateLimiter(2, counted_in(tmp_path / "chat.db"), clock=lambda: now[0])
    limiter.hit("a")
    now[0] = 10.0
    limiter.hit("a")
    limiter.hit("b")
    with pytest.raises(TooManyRequests) as refused:
        limiter.hit("a")
    assert refused.value.retry_after == 50
    assert refused.value.detail == (
        "Trop de questions en peu de temps (au plus 2 par minute) : réessayez dans 50 secondes."
    )
    assert int(refused.value.http_status) == 429
    now[0] = 60.5
    limiter.hit("a")  # the minute before weighs less than its two questions now
    with pytest.raises(TooManyRequests):
        limiter.hit("a")


def test_workers_share_the_rate_limit_of_a_client(tmp_path: Path) -> None:
    """Two worker processes (each its own engine on the service's database), threads asking
    at once in each: the client gets the limit in all, not once per worker."""
    workers = [
        RateLimiter(10, counted_in(tmp_path / "chat.db"), salt="s", clock=lambda: 30.0)
        for _ in range(2)
    ]
    admitted = []

    def ask(limiter: RateLimiter) -> None:
        try:
            limiter.hit("203.0.113.7")
            admitted.append(limiter)
        except TooManyRequests:
            pass

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(ask, [workers[i % 2] for i in range(30)]))
    assert len(admitted) == 10
    with pytest.raises(TooManyRequests):
        workers[0].hit("203.0.113.7")
    workers[1].hit("198.51.100.2")  # another client: its own count


def test_a_markdown_page_with_front_matter_becomes_a_document(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "---\nid: p1\nurl: https://x.example/p1\nlicence: Licence Ouverte 2.0\n"
        "published: 2020-06-15\ncommunes: 57463, 57480\n---\n# Titre\n\nUne phrase.\n",
        encoding="utf-8",
    )
    document = document_from_file(page)
    assert (document.id, document.title, document.text) == ("p1", "Titre", "# Titre\nUne phrase.")
    assert document.published == date(2020, 6, 15)
    assert document.communes == ("57463", "57480")


def test_a_bad_page_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("---\ncommunes: Metz\n---\n# T\n\nTexte.\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.md"):
        documents_in(tmp_path)


def test_the_demo_knowledge_folder_loads() -> None:
    documents = documents_in(DEMO)
    assert 6 <= len(documents) <= 10
    assert len({d.id for d in documents}) == len(documents)
    assert all(d.url and d.licence and d.published for d in documents)


def test_production_refuses_the_demo_salt() -> None:
    with pytest.raises(ValidationError, match="PSEUDONYM_SALT"):
        ChatSettings(
            environment="production",
            client_secret="a-real-secret-of-32-characters!!",
            keycloak={"url": "https://sso.example"},
        )
