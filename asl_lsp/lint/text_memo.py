"""A thread-safe least-recently-used memo keyed by text, bounded by the text it holds.

Results computed from a piece of a document (a state's findings from the state's text) stay valid
for as long as that text is unchanged, whichever version of the document it appears in. Keys are
sized by their text, so the memo holds a bounded amount of text however the pieces are cut.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

Result = TypeVar("Result")
# Text a memo holds at most: every state of a 10 MB definition, and then some.
DEFAULT_MAX_CHARS = 32 * 1024 * 1024


class TextMemo(Generic[Result]):
    """Results by key, the least recently used dropped once the keys' text exceeds
    ``max_chars``; a key is ``(text, context)``, where only ``text`` counts towards the size."""

    def __init__(self, max_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.max_chars = max_chars
        self._entries: OrderedDict[tuple[str, Hashable], Result] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def chars(self) -> int:
        """The size of the text the memo holds."""
        return self._chars

    def holds(self, size: int) -> bool:
        """Whether the pieces of a ``size``-character document fit with room to spare: a larger
        one would push its own pieces out on every use, so it is analysed without the memo."""
        return size <= self.max_chars // 2

    def get_many(self, keys: Sequence[tuple[str, Hashable] | None]) -> list[Result | None]:
        """The result of each key (None when absent, or for a None key); one lock for the whole
        batch, as a lint looks up every state of a definition at once."""
        entries = self._entries
        touch = entries.move_to_end
        found: list[Result | None] = []
        with self._lock:
            for key in keys:
                result = None
                if key is not None:
                    result = entries.get(key)
                    if result is not None:
                        touch(key)
                found.append(result)
        return found

    def put(self, key: tuple[str, Hashable], result: Result) -> None:
        self.put_many([(key, result)])

    def put_many(self, items: Sequence[tuple[tuple[str, Hashable], Result]]) -> None:
        """Keeps each result (one lock for the batch); a key whose text alone exceeds the
        bound is not kept."""
        if not items:
            return
        entries = self._entries
        with self._lock:
            for key, result in items:
                size = len(key[0])
                if size > self.max_chars:
                    continue
                if key in entries:
                    entries.move_to_end(key)
                    entries[key] = result
                    continue
                entries[key] = result
                self._chars += size
            while self._chars > self.max_chars:
                (text, _), _ = entries.popitem(last=False)
                self._chars -= len(text)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._chars = 0
