from __future__ import annotations

from collectivia.citizen_chat.knowledge.chunking import ChunkingPolicy, chunk_text


def _paragraph(topic: str, words: int) -> str:
    return " ".join(f"{topic}{i}" for i in range(words - 1)) + " fin."


def test_short_text_is_one_chunk() -> None:
    assert chunk_text("Titre\nUne phrase courte.") == ["Titre\nUne phrase courte."]


def test_chunks_stay_within_bounds_and_cut_at_paragraphs() -> None:
    text = "\n".join(_paragraph(f"p{n}x", 70) for n in range(10))
    chunks = chunk_text(text)
    assert len(chunks) > 2
    for chunk in chunks:
        assert len(chunk.split()) <= ChunkingPolicy().max_words
        # Every line of a chunk is a whole paragraph of the text.
        for line in chunk.splitlines():
            assert line in text.splitlines()


def test_a_heading_starts_a_new_chunk_once_the_current_one_is_long_enough() -> None:
    text = "\n".join([_paragraph("a", 130), "Où s'adresser ?", _paragraph("b", 80)])
    chunks = chunk_text(text)
    assert len(chunks) == 2
    assert chunks[1].startswith("Où s'adresser ?")


def test_long_paragraphs_are_cut_at_sentence_ends() -> None:
    sentences = [
        f"Phrase numéro {i} avec quelques mots de plus pour la longueur." for i in range(80)
    ]
    chunks = chunk_text(" ".join(sentences))
    assert len(chunks) >= 3
    for chunk in chunks:
        assert chunk.rstrip().endswith(".")
        assert len(chunk.split()) <= ChunkingPolicy().max_words


def test_consecutive_chunks_overlap_by_a_short_block() -> None:
    blocks = [f"Bloc {i} " + " ".join(["mot"] * 25) + "." for i in range(20)]
    chunks = chunk_text("\n".join(blocks))
    assert len(chunks) >= 2
    assert chunks[0].splitlines()[-1] == chunks[1].splitlines()[0]
