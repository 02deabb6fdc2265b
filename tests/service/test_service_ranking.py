"""Ranking and bounding completion entries."""

from __future__ import annotations

from asl_lsp.service.completion import Entry
from asl_lsp.service.ranking import rank


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
