"""Fixtures shared by the syntax tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest


@pytest.fixture
def deep_stack() -> Iterator[None]:
    """Room for the JSON fast path to reach :data:`~asl_lsp.syntax.json_depth.MAX_DEPTH` itself.

    The fast path's builder recurses, two frames a level, and so does the equality of two trees:
    under the interpreter's default limit of 1,000 frames a text some 450 levels deep raises
    ``RecursionError`` (the fast path then refuses it, and the tolerant parser, which never
    recurses, reads it with the same result: ``test_refused_texts_get_the_tolerant_result``).
    A test of the limit itself needs the room; a process that has loaded jsonata-python has it
    anyway (jsonata-python raises the limit to 10,000).
    """
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, 10_000))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)
