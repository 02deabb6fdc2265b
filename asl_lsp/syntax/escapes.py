"""JSON string escapes, shared by the parser (which decodes strings) and the offset map (which
follows a decoded string back to its source)."""

from __future__ import annotations

from typing import Final

# The one-character escapes after a backslash and what they stand for.
JSON_ESCAPES: Final = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


def surrogate_pair(high: int, low: int) -> str:
    """The character that a UTF-16 surrogate pair (``\\uD8xx\\uDCxx``) stands for."""
    return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
