"""Putting personal data back into a model's output as it streams: a placeholder such as
``[NOM_1]`` may arrive split over two pieces ("[NO", "M_1]"), so a tail that could still
become one is held back until the next piece or the end."""

from __future__ import annotations

import re
from collections.abc import Mapping

from collectivia.ai.privacy import restore

# Longest placeholder a guard gives ("[DATE_NAISSANCE_999]" is 20 characters), with room.
_LONGEST_PLACEHOLDER = 32
_PLACEHOLDER_START = re.compile(r"\[[A-Z_]*\d*\Z")


class StreamingRestorer:
    """Feed the model's pieces in order; each call gives what can be shown now."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self._mapping = mapping
        self._pending = ""

    def feed(self, piece: str) -> str:
        self._pending += piece
        cut = self._pending.rfind("[")
        held = self._pending[cut:] if cut >= 0 else ""
        if held and len(held) < _LONGEST_PLACEHOLDER and _PLACEHOLDER_START.match(held):
            ready, self._pending = self._pending[:cut], held
        else:
            ready, self._pending = self._pending, ""
        return restore(ready, self._mapping)

    def flush(self) -> str:
        """What is still held back, at the end of the output."""
        ready, self._pending = self._pending, ""
        return restore(ready, self._mapping)
