"""Personal data put back into a streamed output, placeholders split anywhere."""

from __future__ import annotations

from collectivia.ai.use.restoring import StreamingRestorer

MAPPING = {"[NOM_1]": "Claire Martin", "[EMAIL_1]": "claire@example.fr"}


def test_every_split_of_a_placeholder_is_restored() -> None:
    text = "Bonjour [NOM_1], écrivez à [EMAIL_1]."
    for cut in range(1, len(text)):
        restorer = StreamingRestorer(MAPPING)
        shown = restorer.feed(text[:cut]) + restorer.feed(text[cut:]) + restorer.flush()
        assert shown == "Bonjour Claire Martin, écrivez à claire@example.fr.", cut


def test_brackets_that_are_no_placeholder_pass_through() -> None:
    restorer = StreamingRestorer(MAPPING)
    assert restorer.feed("Voir [§2] et [note]") == "Voir [§2] et [note]"
    assert restorer.feed(" puis [NOM_9]") == " puis [NOM_9]"  # unknown: left as is
    assert restorer.flush() == ""


def test_a_held_tail_is_given_back_at_the_end() -> None:
    restorer = StreamingRestorer(MAPPING)
    assert restorer.feed("fin [NOM") == "fin "
    assert restorer.flush() == "[NOM"
