"""Bounding and ranking a completion list, so a 5,000-state machine answers in milliseconds.

An editor shows a few dozen entries at a time and filters as the user types; sending thousands
costs more in building and serialising than the completion itself. The entries that match what is
typed come first (prefix matches, then matches anywhere, case-insensitive), in their original
order; past ``limit`` the list is cut and marked incomplete, so the client asks again as the user
types on and the next answer ranks against the longer prefix.

Ranking reads labels only, so a source with thousands of candidates (the states of a machine)
ranks their names first and builds entries for the ones kept; names ranked request after request
are prepared once as a :class:`LabelIndex`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Generic, Protocol, TypeVar

MAX_ENTRIES = 100
# Put before every lowered label in the index's text; a match is checked to lie inside one label,
# so a label holding this character is ranked right too.
_SEPARATOR = "\n"


class Labelled(Protocol):
    @property
    def label(self) -> str: ...


T = TypeVar("T", bound=Labelled)


@dataclass(frozen=True)
class Ranked(Generic[T]):
    entries: list[T]
    incomplete: bool  # entries were left out: the client must ask again as the user types


class LabelIndex:
    """Labels ranked again and again, prepared once: lowered and written into one text, each
    after a separator, so that a ranking searches that text with ``str.find`` and takes a Python
    step only per label that holds what is typed, stopping once ``limit`` labels start with it.
    :func:`ranked_indices`, which lowers and tests every label, cost most of a completion among
    5,000 states; both give the same order."""

    __slots__ = ("_starts", "_text", "count")

    def __init__(self, labels: Sequence[str]) -> None:
        lowered = [label.lower() for label in labels]
        self.count = len(lowered)
        self._text = _SEPARATOR + _SEPARATOR.join(lowered)
        # Where each lowered label starts in the text, and one more: where a next one would.
        self._starts = list(accumulate((len(label) + 1 for label in lowered), initial=1))

    def ranked(self, typed: str, limit: int = MAX_ENTRIES) -> list[int]:
        """The positions of the best ``limit`` labels for the ``typed`` prefix, best first, in
        :func:`ranked_indices`'s order (which leaves a list of at most ``limit`` as it is)."""
        needle = typed.lower()
        if not needle:
            return list(range(min(limit, self.count)))
        best = self._starting_with(needle, limit)
        if len(best) < limit:
            best += self._holding(needle, limit - len(best))
        if len(best) < limit:
            best += self._others(best, limit - len(best))
        return best

    def _label_at(self, at: int, size: int) -> tuple[int, int]:
        """The label whose text holds ``[at, at + size)`` (-1 when none does) and the offset
        where the label after the one at ``at`` starts."""
        starts = self._starts
        index = bisect_right(starts, at) - 1
        after = starts[index + 1] if index >= 0 else starts[0]
        return (index if index >= 0 and at + size < after else -1), after

    def _starting_with(self, needle: str, limit: int) -> list[int]:
        """The first ``limit`` labels that start with ``needle``, in order."""
        found: list[int] = []
        text, starts, size = self._text, self._starts, len(needle)
        key = _SEPARATOR + needle
        at = text.find(key) if limit > 0 else -1
        while at >= 0:
            index, after = self._label_at(at + 1, size)
            if index >= 0 and starts[index] == at + 1:
                found.append(index)
                if len(found) == limit:
                    break
                at = text.find(key, after - 1)
            else:
                at = text.find(key, at + 1)
        return found

    def _holding(self, needle: str, wanted: int) -> list[int]:
        """The first ``wanted`` labels that hold ``needle`` but do not start with it, in order."""
        found: list[int] = []
        text, starts, size = self._text, self._starts, len(needle)
        at = text.find(needle) if wanted > 0 else -1
        while at >= 0:
            index, after = self._label_at(at, size)
            if index < 0:
                at = text.find(needle, at + 1)
                continue
            # A search resumes inside a label only after a match there that ran past its end,
            # as every later one there would: the first match found in a label is at its start
            # when the label starts with the needle.
            if starts[index] != at:
                found.append(index)
                if len(found) == wanted:
                    break
            at = text.find(needle, after)
        return found

    def _others(self, matched: list[int], wanted: int) -> list[int]:
        """The first ``wanted`` labels, in order, that are not in ``matched`` (when ``matched``
        holds every label that holds the needle, these are the ones that do not)."""
        skip = set(matched)
        found: list[int] = []
        for index in range(self.count):
            if index not in skip:
                found.append(index)
                if len(found) == wanted:
                    break
        return found


def ranked_indices(labels: Sequence[str], typed: str, limit: int = MAX_ENTRIES) -> list[int]:
    """The positions of the best ``limit`` labels for the ``typed`` prefix, best first (stable
    within each group: prefix matches, matches anywhere, the rest); a list of at most ``limit``
    labels is left as it is."""
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
