"""Integer literals of any length, converted without letting Python raise.

Python refuses ``int(text)`` past ``sys.get_int_max_str_digits()`` digits (4,300 by default,
because the conversion is quadratic) with a ``ValueError``. Documents, paths and intrinsic
arguments are user text, so every layer that turns digits into an int goes through here and
reports a finding instead.
"""

from __future__ import annotations

import sys

_BOUND = getattr(sys, "get_int_max_str_digits", None)  # Python 3.10.7 and later
# 0 means the interpreter was started without the bound.
MAX_INT_DIGITS: int = (_BOUND() if _BOUND else 0) or sys.maxsize


def is_huge_integer(raw: str) -> bool:
    """More digits than ``int()`` converts (a sign does not count)."""
    return len(raw) > MAX_INT_DIGITS and len(raw.lstrip("+-")) > MAX_INT_DIGITS


def decimal_integer(raw: str) -> int | float:
    """``int(raw)``, or an infinity of its sign when :func:`is_huge_integer` (the caller reports
    it)."""
    if is_huge_integer(raw):
        return float("-inf") if raw.startswith("-") else float("inf")
    return int(raw)
