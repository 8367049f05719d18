"""The measure beside span-exact recall: an expected span counts as masked when every letter
and digit of it lies inside what the guard found, whatever the found spans' edges and types."""

from __future__ import annotations

from collectivia.ai.privacy import PiiType
from collectivia.ai.privacy.evaluation import LabelledCase, evaluate, expected_places, score_case
from collectivia.ai.privacy.spans import Span

TEXT = "Écrire à Awa Diallo, 12 rue des Lilas, 59100 Roubaix, ou à Awa."
ADDRESS = "12 rue des Lilas, 59100 Roubaix"
CASE = LabelledCase(
    "t-1",
    TEXT,
    ((PiiType.NAME, "Awa Diallo"), (PiiType.ADDRESS, ADDRESS), (PiiType.NAME, "Awa")),
)


def found(kind: PiiType, text: str, *, after: int = 0) -> Span:
    start = TEXT.index(text, after)
    return Span(kind, start, start + len(text), text)


def test_each_expected_span_is_placed_after_the_one_before() -> None:
    places = expected_places(CASE)
    assert [TEXT[start:end] for _, start, end in places] == ["Awa Diallo", ADDRESS, "Awa"]
    # the second « Awa » is the lone one at the end, not the one inside « Awa Diallo »
    assert places[2][1] == TEXT.rindex("Awa")


def test_a_wider_span_masks_what_span_exact_recall_calls_missed() -> None:
    wider = found(PiiType.ADDRESS, "Diallo, 12 rue des Lilas, 59100 Roubaix")
    score = score_case(CASE, [wider])[PiiType.ADDRESS]
    assert (score.true_positives, score.false_negatives, score.masked) == (0, 1, 1)
    assert score.masked_recall == 1.0


def test_pieces_of_any_type_mask_it_together_across_a_comma() -> None:
    pieces = [found(PiiType.NAME, "12 rue des Lilas"), found(PiiType.ADDRESS, "59100 Roubaix")]
    assert score_case(CASE, pieces)[PiiType.ADDRESS].masked == 1


def test_one_letter_left_visible_is_not_masked() -> None:
    short = found(PiiType.ADDRESS, "2 rue des Lilas, 59100 Roubaix")
    names = [found(PiiType.NAME, "Awa Diallo"), found(PiiType.NAME, "Awa", after=30)]
    scores = score_case(CASE, [short, *names])
    assert scores[PiiType.ADDRESS].masked == 0
    assert scores[PiiType.NAME].masked == 2


def test_the_report_adds_masked_spans_across_cases() -> None:
    def detector(text: str) -> list[Span]:
        return [found(PiiType.ADDRESS, ADDRESS)] if text == TEXT else []

    other = LabelledCase("t-2", "Rien ici, Jean.", ((PiiType.NAME, "Jean"),))
    report = evaluate([CASE, other], detector)
    assert report.by_type[PiiType.ADDRESS].masked_recall == 1.0
    assert report.by_type[PiiType.NAME].masked == 0
    assert report.by_type[PiiType.NAME].masked_recall == 0.0
