"""Bounding and ranking a completion list, so a 5,000-state machine answers in milliseconds.

An editor shows a few dozen entries at a time and filters as the user types; sending thousands
costs more in building and serialising than the completion itself. The entries that match what is
typed come first (prefix matches, then matches anywhere, case-insensitive), in their original
order; past ``limit`` the list is cut and marked incomplete, so the client asks again as the user
types on and the next answer ranks against the longer prefix.

Ranking reads labels only, so a source with thousands of candidates (the states of a machine)
ranks their names first and builds entries for the ones kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

MAX_ENTRIES = 100


class Labelled(Protocol):
    @property
    def label(self) -> str: ...


T = TypeVar("T", bound=Labelled)


@dataclass(frozen=True)
class Ranked(Generic[T]):
    entries: list[T]
    incomplete: bool  # entries were left out: the client must ask again as the user types


def ranked_indices(labels: Sequence[str], typed: str, limit: int = MAX_ENTRIES) -> list[int]:
    """The positions of the best ``limit`` labels for the ``typed`` prefix, best first (stable
    within each group: prefix matches, matches anywhere, the rest)."""
    if len(labels) <= limit:
        return list(range(len(labels)))
    needle = typed.lower()
    if not needle:
        return list(range(limit))
    prefixed: list[int] = []
    inside: list[int] = []
    rest: list[int] = []
    for index, label in enumerate(labels):
        lowered = label.lower()
        if lowered.startswith(needle):
            prefixed.append(index)
        elif needle in lowered:
            inside.append(index)
        elif len(rest) < limit:
            rest.append(index)
    return (prefixed + inside + rest)[:limit]


def rank(entries: Sequence[T], typed: str, limit: int = MAX_ENTRIES) -> Ranked[T]:
    """The best ``limit`` entries for the ``typed`` prefix."""
    kept = ranked_indices([e.label for e in entries], typed, limit)
    return Ranked([entries[i] for i in kept], len(kept) < len(entries))
