"""The chat's worker processes: how many, which slot each claims, what the primary alone
does, what a follower keeps, and how the command serves them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from collectivia.citizen_chat import main
from collectivia.citizen_chat.definition import SERVICE
from collectivia.citizen_chat.knowledge.settings import KnowledgeSettings, open_knowledge_base
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore
from collectivia.citizen_chat.settings import ChatSettings
from collectivia.citizen_chat.worker_processes import (
    EVERY_WORKER_CONSUMES,
    PRIMARY_ONLY_WORKERS,
    NoFreeSlot,
    WorkerRole,
    announce_restored,
    claim_slot,
    follower_definition,
    slots_folder,
    wait_until_restored,
    with_following,
    worker_count,
)
from collectivia.platform.areas import Worker

FOLLOWING = Worker[Any]("library-following", start=lambda library: library)


def test_worker_count_is_the_setting_or_one_per_core_at_most_four() -> None:
    assert worker_count(3, cpus=2) == 3
    assert worker_count(0, cpus=2) == 2
    assert worker_count(0, cpus=1) == 1
    assert worker_count(0, cpus=32) == 4
    assert worker_count(99, cpus=2) == 16


def test_the_setting_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="workers"):
        ChatSettings(workers=-1)


def test_each_process_claims_a_free_slot_and_a_released_one_is_taken_again(
    tmp_path: Path,
) -> None:
    first, second = claim_slot(tmp_path, 2), claim_slot(tmp_path, 2)
    assert (first.role, second.role) == (WorkerRole(0, 2, tmp_path), WorkerRole(1, 2, tmp_path))
    assert first.role.primary and not second.role.primary
    with pytest.raises(NoFreeSlot, match="2 worker slots"):
        claim_slot(tmp_path, 2)
    first.release()  # a crashed primary: its replacement becomes the primary
    again = claim_slot(tmp_path, 2)
    assert again.role == WorkerRole(0, 2, tmp_path)
    again.release()
    second.release()


def test_one_worker_claims_nothing(tmp_path: Path) -> None:
    claim = claim_slot(tmp_path / "slots", 1)
    assert claim.role == WorkerRole(0, 1)
    assert not claim.role.shared
    assert not (tmp_path / "slots").exists()


def test_followers_wait_for_this_server_primary_to_take_the_folder_in(tmp_path: Path) -> None:
    primary, follower = WorkerRole(0, 2, tmp_path), WorkerRole(1, 2, tmp_path)
    # A mark an earlier server left (another parent process) is not this server's.
    (tmp_path / "library-restored").write_text("1\n", encoding="ascii")
    assert not wait_until_restored(follower, timeout=0.2, interval=0.05)
    announce_restored(primary)
    assert wait_until_restored(follower, timeout=5, interval=0.05)
    # Without a slots folder (one worker, or a test's roles) there is nothing to wait for.
    assert wait_until_restored(WorkerRole(1, 2), timeout=0.1)


def test_the_slots_lie_beside_the_store_folder(tmp_path: Path) -> None:
    assert slots_folder(tmp_path / "qdrant") == tmp_path / "qdrant.workers"


def test_a_follower_consumes_only_what_each_process_holds_and_does_no_primary_work() -> None:
    follower = follower_definition(SERVICE, FOLLOWING)
    for area in follower.areas:
        if area.name not in EVERY_WORKER_CONSUMES:
            assert area.subscriptions == (), area.name
        assert not {w.name for w in area.workers} & PRIMARY_ONLY_WORKERS, area.name
    assert SERVICE.area("ai-use").subscriptions, "the gate's status changes must stay"
    assert follower.area("ai-use").subscriptions == SERVICE.area("ai-use").subscriptions
    assert "library-following" in {w.name for w in follower.area("library").workers}
    # Routes, tables and gRPC services stay: a follower serves everything.
    assert [a.routers for a in follower.areas] == [a.routers for a in SERVICE.areas]
    assert follower.tables() == SERVICE.tables()


def test_the_primary_keeps_everything_and_follows_too() -> None:
    primary = with_following(SERVICE, FOLLOWING)
    for mine, original in zip(primary.areas, SERVICE.areas, strict=True):
        assert mine.subscriptions == original.subscriptions
        names = [w.name for w in mine.workers]
        expected = [w.name for w in original.workers]
        if mine.name == "library":
            expected.append("library-following")
        assert names == expected


def test_a_follower_keeps_its_vectors_in_memory_beside_the_primary_store(
    tmp_path: Path,
) -> None:
    settings = KnowledgeSettings(
        embedding_cache=tmp_path / "vectors.db", qdrant_path=tmp_path / "qdrant"
    )
    primary, primary_encoder = open_knowledge_base(settings)
    try:
        # The folder is the primary's: a second opening of it would raise VectorStoreLocked.
        follower, follower_encoder = open_knowledge_base(settings, vectors_in_memory=True)
        follower_encoder.close()
        follower.close()
    finally:
        primary_encoder.close()
        primary.close()


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, dict[str, Any]]] = []

    def __call__(self, app: Any, **options: Any) -> None:
        self.calls.append((app, options))


def test_one_worker_serves_the_app_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    monkeypatch.setattr(uvicorn, "run", recorder)
    main.serve(ChatSettings(workers=1, http_port=18999), [])
    [(app, options)] = recorder.calls
    assert not isinstance(app, str)
    assert options["port"] == 18999
    assert "workers" not in options


def test_several_workers_are_spawned_from_the_import_string(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    recorder = Recorder()
    monkeypatch.setattr(uvicorn, "run", recorder)
    main.serve(ChatSettings(workers=3), [KnowledgeSettings(qdrant_path=tmp_path / "q")])
    [(app, options)] = recorder.calls
    assert app == main.WORKER_APP == "collectivia.citizen_chat.main:served_app"
    assert options["factory"] is True
    assert options["workers"] == 3
    assert options["timeout_worker_healthcheck"] >= 30


def test_each_worker_builds_its_app_for_its_slot(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_WORKERS", "2")
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_QDRANT_PATH", str(tmp_path / "qdrant"))
    monkeypatch.setenv("COLLECTIVIA_CITIZEN_CHAT_CONSUMER_GROUP", "chat-test")
    built: list[tuple[Any, ChatSettings, list[object]]] = []

    def create_app(definition: Any, settings: ChatSettings, *, supplied: list[object]) -> Any:
        built.append((definition, settings, supplied))
        return FastAPI()

    monkeypatch.setattr(main, "create_app", create_app)
    primary, follower = main.served_app(), main.served_app()
    (first, first_settings, first_supplied), (second, second_settings, second_supplied) = built
    slots = tmp_path / "qdrant.workers"
    assert WorkerRole(0, 2, slots) in first_supplied
    assert WorkerRole(1, 2, slots) in second_supplied
    assert first_settings.consumer_group == "chat-test"
    assert second_settings.consumer_group == "chat-test-worker-1"
    assert first.area("library").subscriptions and not second.area("library").subscriptions
    primary.state.worker_slot.release()
    follower.state.worker_slot.release()


def test_several_workers_refuse_to_start_on_a_store_another_process_owns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()
    monkeypatch.setattr(uvicorn, "run", recorder)
    owner = QdrantVectorStore(4, path=tmp_path / "q")
    try:
        with pytest.raises(SystemExit) as exited:
            main.serve(ChatSettings(workers=2), [KnowledgeSettings(qdrant_path=tmp_path / "q")])
    finally:
        owner.close()
    assert exited.value.code == 3
    assert "refusing to start" in caplog.text
    assert recorder.calls == []


def test_a_follower_stops_waiting_when_no_primary_holds_the_slot(tmp_path: Path) -> None:
    follower = claim_slot(tmp_path, 2)  # slot 0 here: release it, as a dead primary would
    follower.release()
    role = WorkerRole(1, 2, tmp_path)
    assert not wait_until_restored(role, timeout=30, interval=0.02, primary_gone_after=0.1)
    primary = claim_slot(tmp_path, 2)  # a primary alive: the follower keeps waiting
    try:
        assert not wait_until_restored(role, timeout=0.3, interval=0.02, primary_gone_after=0.1)
        announce_restored(primary.role)
        assert wait_until_restored(role, timeout=5, interval=0.02, primary_gone_after=0.1)
    finally:
        primary.release()
