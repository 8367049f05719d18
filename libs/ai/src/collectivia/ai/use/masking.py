"""The privacy guard's side of the pathway: an input masked before any model sees it
(its source and its instructions sharing one set of placeholders), and the mapping that
puts the personal data back into the model's output."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from collectivia.ai.privacy import mask
from collectivia.ai.privacy.guard import PLACEHOLDER

# Between the instructions and the source while they are masked together (no detector
# matches across it), so that both share one set of placeholders.
_SECTION_BREAK = "\n\n\u2063\u2063\u2063\n\n"
# Placeholders already in the input are renumbered from here, out of the guard's reach.
_SHIELD_OFFSET = 9000


@dataclass(frozen=True)
class MaskedInput:
    source: str
    instructions: str
    # Placeholder -> what the agent sees in its place (never logged nor published).
    mapping: Mapping[str, str]
    # How many pieces of personal data the guard masked (for the evidence).
    masked_items: int


def _shield(text: str) -> tuple[str, dict[str, str]]:
    """Placeholders already in ``text`` (the citizen chat masks the citizen's words before
    they reach the inbox) renumbered, so that the guard's own ``[NOM_1]`` cannot be taken
    for the chat's ``[NOM_1]`` when the output is restored: they come back as they were."""
    kept: dict[str, str] = {}

    def renumbered(found: re.Match[str]) -> str:
        shielded = f"[{found.group(1)}_{_SHIELD_OFFSET + int(found.group(2))}]"
        kept[shielded] = found.group(0)
        return shielded

    return PLACEHOLDER.sub(renumbered, text), kept


def mask_input(source: str, instructions: str) -> MaskedInput:
    """The masked source and instructions, sharing their placeholders."""
    if instructions:
        together, kept = _shield(instructions + _SECTION_BREAK + source)
        masked = mask(together)
        masked_instructions, found, masked_source = masked.text.partition(_SECTION_BREAK)
        if found:
            return MaskedInput(
                masked_source,
                masked_instructions,
                {**masked.mapping, **kept},
                len(masked.mapping),
            )
        # Defensive: a detector ran across the break; send no instructions.
    shielded, kept = _shield(source)
    masked = mask(shielded)
    return MaskedInput(masked.text, "", {**masked.mapping, **kept}, len(masked.mapping))
