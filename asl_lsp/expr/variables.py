"""Workflow variables (``Assign``) as JSONPath-mode expressions read them: ``$name``, ``$name.x``.

Kept apart from the path parser so the undefined-variable rule can find references in a ``.$``
value or an intrinsic's arguments without evaluating anything.
"""

from __future__ import annotations

import re

VARIABLE_NAME_RE = re.compile(r"[^\W\d]\w*")
"""A variable name after ``$``: a Unicode identifier (letters, digits, ``_``; no leading digit)."""

_RESERVED = frozenset({"states"})


def referenced_variables_in_path(text: str) -> list[tuple[str, int]]:
    """``(name, offset of the name after its "$")`` for each ``$name`` a path or intrinsic reads.

    ``$``, ``$$`` and ``$states`` are not variables; text inside single-quoted intrinsic string
    literals and inside path brackets' quoted names is skipped.
    """
    out: list[tuple[str, int]] = []
    i = 0
    n = len(text)
    quote = ""
    while i < n:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = ""
            i += 1
            continue
        if ch in ("'", '"'):
            quote = ch
        elif ch == "$":
            prev = text[i - 1] if i else ""
            if prev == "$" or (prev and (prev.isalnum() or prev == "_")):
                i += 1
                continue
            if i + 1 < n and text[i + 1] == "$":
                i += 2
                continue
            m = VARIABLE_NAME_RE.match(text, i + 1)
            if m and m.group(0) not in _RESERVED:
                out.append((m.group(0), i + 1))
                i = m.end()
                continue
        i += 1
    return out
