"""Bounding and ranking a completion list, so a 5,000-state machine answers in milliseconds.

An editor shows a few dozen entries at a time and filters as the user types; sending thousands
costs more in building and serialising than the completion itself. The entries that match what is
typed come first (prefix matches, then matches anywhere, case-insensitive), in their original
order; past ``limit`` the list is cut and marked incomplete, so the client asks again as the user
types on and the next answer ranks against the longer prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asl_lsp.service.completion import Entry

MAX_ENTRIES = 100


@dataclass(frozen=True)
class RankedCompletion:
    entries: list[Entry]
    incomplete: bool  # entries were left out: the client must ask again as the user types


def rank(entries: Sequence[Entry], typed: str, limit: int = MAX_ENTRIES) -> RankedCompletion:
    """The best ``limit`` entries for the ``typed`` prefix (stable within each group)."""
    if len(entries) <= limit:
        return RankedCompletion(list(entries), False)
    needle = typed.lower()
    if not needle:
        return RankedCompletion(list(entries[:limit]), True)
    prefixed: list[Entry] = []
    inside: list[Entry] = []
    rest: list[Entry] = []
    for entry in entries:
        label = entry.label.lower()
        if label.startswith(needle):
            prefixed.append(entry)
        elif needle in label:
            inside.append(entry)
        else:
            rest.append(entry)
    return RankedCompletion((prefixed + inside + rest)[:limit], True)
