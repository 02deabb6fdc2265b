"""Ranking and bounding completion entries."""

from __future__ import annotations

import random

from asl_lsp.service.completion import Entry
from asl_lsp.service.ranking import LabelIndex, rank, ranked_indices


def _entries(*labels: str) -> list[Entry]:
    return [Entry(label, "state", label) for label in labels]


def test_short_lists_are_complete_and_untouched() -> None:
    entries = _entries("b", "a")
    ranked = rank(entries, "a", limit=5)
    assert ranked.entries == entries and not ranked.incomplete


def test_prefix_matches_then_substring_matches_then_the_rest() -> None:
    entries = _entries("xAbc", "zz", "abd", "ABe", "yab")
    ranked = rank(entries, "ab", limit=4)
    assert [e.label for e in ranked.entries] == ["abd", "ABe", "xAbc", "yab"]
    assert ranked.incomplete


def test_nothing_typed_keeps_the_original_order() -> None:
    ranked = rank(_entries("c", "b", "a"), "", limit=2)
    assert [e.label for e in ranked.entries] == ["c", "b"] and ranked.incomplete


def test_documentation_can_wait_for_resolve() -> None:
    entry = Entry("A", "state", "A", explain=lambda: "**A**")
    assert entry.documentation is None and entry.full_documentation() == "**A**"


# -- the prepared index ranks as the plain ranking does ------------------------------------------

# Characters whose lowercase is longer ("İ"), context-dependent ("Σ"), the index's separator
# ("\n"), and plain ones.
_CHARACTERS = ["a", "A", "b", "B", "1", " ", "\n", "İ", "i", "Σ", "\u03c3", "ß", "x"]


def _reference(labels: list[str], typed: str, limit: int) -> list[int]:
    """The ranking written out: prefix matches, then matches anywhere, then the rest."""
    needle = typed.lower()

    def group(label: str) -> int:
        lowered = label.lower()
        return 0 if lowered.startswith(needle) else 1 if needle in lowered else 2

    return sorted(range(len(labels)), key=lambda i: (group(labels[i]), i))[: max(limit, 0)]


def _word(chance: random.Random, longest: int) -> str:
    return "".join(chance.choice(_CHARACTERS) for _ in range(chance.randint(0, longest)))


def test_a_label_index_ranks_as_the_plain_ranking() -> None:
    chance = random.Random(41)
    checked = 0
    for _ in range(3000):
        labels = [_word(chance, 6) for _ in range(chance.randint(0, 40))]
        if labels and chance.random() < 0.5:
            label = chance.choice(labels)
            start = chance.randint(0, len(label))
            typed = label[start : start + chance.randint(1, 3)]
        else:
            typed = _word(chance, 3)
        if chance.random() < 0.3:
            typed = typed.upper()
        limit = chance.randint(0, 45)
        expected = _reference(labels, typed, limit)
        assert LabelIndex(labels).ranked(typed, limit) == expected, (labels, typed, limit)
        if len(labels) > limit:
            assert ranked_indices(labels, typed, limit) == expected
            checked += 1
    assert checked > 1000


def test_a_label_index_finds_the_best_of_many() -> None:
    labels = [f"B{i} {kind}" for i in range(500) for kind in ("task", "choice", "Pass")]
    index = LabelIndex(labels)
    assert [labels[i] for i in index.ranked("b2", 3)] == ["B2 task", "B2 choice", "B2 Pass"]
    assert [labels[i] for i in index.ranked("PASS", 2)] == ["B0 Pass", "B1 Pass"]
    assert index.ranked("zz", 2) == [0, 1]
    assert index.ranked("", 2) == [0, 1]
