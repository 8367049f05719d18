"""Changes to a searched knowledge base: metadata-only changes, atomic replacement and
withdrawal while searches run in other threads."""

from __future__ import annotations

import threading

from citizen_chat_testing.knowledge import CountingEmbedder
from collectivia.citizen_chat.answering.sentences import split_sentences
from collectivia.citizen_chat.knowledge.base import KnowledgeBase, RetrievalSettings
from collectivia.citizen_chat.knowledge.documents import Document
from collectivia.citizen_chat.knowledge.vector_store import QdrantVectorStore

METZ, WOIPPY = "57463", "57751"
POOL = Document(
    id="piscine",
    title="La piscine municipale",
    text="La piscine municipale ouvre à 8 h.\nLe bassin nordique est chauffé toute l'année.",
    communes=(METZ,),
)


def _base() -> KnowledgeBase:
    embedder = CountingEmbedder()
    return KnowledgeBase(embedder, QdrantVectorStore(embedder.dim), RetrievalSettings())


def test_a_change_of_commune_scope_alone_is_applied() -> None:
    base = _base()
    base.ingest([POOL])
    assert [h.document.id for h in base.search("piscine", commune=METZ)] == ["piscine"]
    moved = Document(id=POOL.id, title=POOL.title, text=POOL.text, communes=(WOIPPY,))
    report = base.ingest([moved])
    assert (report.replaced, report.unchanged) == (1, 0)
    assert base.search("piscine", commune=METZ) == []
    assert base.dense_chunks("piscine", METZ) == []
    assert [h.document.id for h in base.search("piscine", commune=WOIPPY)] == ["piscine"]


def test_a_new_text_under_the_same_version_label_leaves_no_old_chunk() -> None:
    base = _base()
    long_text = "\n".join(f"Paragraphe {n} sur les horaires du bassin." for n in range(60))
    base.ingest([Document(id="p", title="Piscine", text=long_text, version="2026")])
    base.ingest([Document(id="p", title="Piscine", text="Fermée pour travaux.", version="2026")])
    assert base.store.count() == 2  # the title card and the one new chunk
    hits = base.search("horaires du bassin paragraphe")
    assert all("Paragraphe" not in p.text for h in hits for p in h.passages)


def test_prepared_documents_are_searched_only_once_applied() -> None:
    base = _base()
    prepared = base.prepare([POOL])
    assert base.search("piscine", commune=METZ) == [] and len(base) == 0
    base.apply(prepared)
    assert base.documents() == [POOL]


def test_searches_during_replacements_and_withdrawals_never_fail_nor_mix_versions() -> None:
    base = _base()
    versions = [
        Document(id="piscine", title="La piscine", text=f"La piscine ouvre à {hour} h.")
        for hour in (7, 8, 9)
    ]
    base.ingest([versions[0]])
    failures: list[BaseException] = []
    stop = threading.Event()

    def search() -> None:
        while not stop.is_set():
            try:
                for hit in base.search("piscine ouvre"):
                    # The passages are those of the version the hit carries.
                    assert all(p.text in hit.document.text for p in hit.passages)
            except BaseException as error:  # collected, the test fails below
                failures.append(error)
                return

    readers = [threading.Thread(target=search) for _ in range(3)]
    for reader in readers:
        reader.start()
    for round_ in range(60):
        base.ingest([versions[round_ % 3]])
        if round_ % 7 == 0:
            assert base.withdraw("piscine")
            assert base.search("piscine ouvre") == []
    stop.set()
    for reader in readers:
        reader.join()
    assert failures == []


def test_headings_of_imported_files_are_never_quoted_as_sentences() -> None:
    passage = "## Combien coûte un passeport ?\nLe passeport coûte 86 euros pour un adulte."
    assert split_sentences(passage) == ["Le passeport coûte 86 euros pour un adulte."]
