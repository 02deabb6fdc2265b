"""The last completion list sent, kept for completionItem/resolve: items carry their index in it."""

from __future__ import annotations

from asl_lsp.lsp.documents import DocumentCache
from asl_lsp.service.completion import Entry

A = "file:///work/a.asl.json"
B = "file:///work/b.asl.json"
TEXT = '{"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}'


def _entries(*labels: str) -> list[Entry]:
    return [Entry(label, "state", label) for label in labels]


def test_an_index_finds_its_entry_in_the_last_list_while_its_version_is_current() -> None:
    cache = DocumentCache()
    assert cache.completion_entry(0) is None
    cache.parsed(A, 1, TEXT)
    first = _entries("S", "T")
    cache.store_completions(A, 1, first)
    assert cache.completion_entry(1) is first[1]
    assert cache.completion_entry(2) is None and cache.completion_entry(-1) is None
    cache.parsed(B, 1, TEXT)
    second = _entries("U")
    cache.store_completions(B, 1, second)
    assert cache.completion_entry(0) is second[0]  # the last list sent, whichever document
    cache.parsed(B, 2, TEXT.replace('"S"', '"V"'))
    assert cache.completion_entry(0) is None  # made for a version no longer current


def test_a_list_for_an_outdated_version_is_not_kept() -> None:
    cache = DocumentCache()
    cache.parsed(A, 2, TEXT)
    cache.store_completions(A, 1, _entries("S"))
    assert cache.completion_entry(0) is None
