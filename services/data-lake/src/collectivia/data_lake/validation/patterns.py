"""Table Schema patterns for RE2 (Arrow's vectorised regex engine), when RE2 cannot accept a
text that Python's ``re`` (what frictionless uses) refuses.

Frictionless compiles ``"^{pattern}$"`` and calls ``.match``: anchored at the start, and its
``$`` also matches before a final newline. The RE2 equivalent is ``^(?:^{pattern}$)`` (the
outer group keeps frictionless's reading of a top-level ``|``); RE2's ``$`` is stricter, so
an RE2 match is a Python match. The classes differ: RE2's ``\\d``, ``\\s``, ``\\w`` are ASCII
(a subset of Python's Unicode ones, fine where they accept), so a pattern is given up (None:
every cell goes to Python) when it uses them where they refuse (``\\D``, ``\\S``, ``\\W``, or
inside ``[^...]``), word boundaries, look-arounds, flags, back-references, POSIX classes or
``{,n}``. ``\\uXXXX`` escapes become RE2's ``\\x{XXXX}``. A pattern RE2 still does not
compile goes to Python too.
"""

from __future__ import annotations

HEX = set("0123456789abcdefABCDEF")
# Escapes with the same meaning in both engines (letters; any punctuation is a literal).
SAME_ESCAPES = set("ntrfva")
POSITIVE_CLASSES = set("dsw")


def re2_equivalent(pattern: str) -> str | None:
    body = translated(pattern)
    return None if body is None else "^(?:^" + body + "$)"


def translated(pattern: str) -> str | None:
    out: list[str] = []
    in_class = negated = False
    class_start = 0
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 >= len(pattern):
                return None
            escape = pattern[i + 1]
            if escape in ("u", "U"):
                width = 4 if escape == "u" else 8
                digits = pattern[i + 2 : i + 2 + width]
                if len(digits) != width or not set(digits) <= HEX:
                    return None
                out.append("\\x{" + digits + "}")
                i += 2 + width
                continue
            if escape == "x":
                digits = pattern[i + 2 : i + 4]
                if len(digits) != 2 or not set(digits) <= HEX:
                    return None
            elif escape in POSITIVE_CLASSES:
                if in_class and negated:
                    return None
            elif escape.isalnum() and escape not in SAME_ESCAPES:
                return None
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if char == "[":
                return None
            if char == "]" and i > class_start:
                in_class = False
        elif char == "[":
            in_class = True
            negated = pattern[i + 1 : i + 2] == "^"
            class_start = i + (2 if negated else 1)
            if pattern[class_start : class_start + 1] == "]":
                class_start += 1  # a leading ']' is a literal
        elif pattern[i : i + 2] in ("(?", "{,") and pattern[i : i + 3] != "(?:":
            return None  # a flag, a look-around, a named group; "{,n}", a literal for RE2
        out.append(char)
        i += 1
    return None if in_class else "".join(out)
