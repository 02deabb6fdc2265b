"""The nesting limit of JSON texts, shared by the two JSON front ends.

The tolerant parser (``json_parser.py``) skips what is nested deeper, with one diagnostic; the fast
path (``fast_json.py``) refuses such a text so that the tolerant parser reads it and says so. The
fast path needs the limit without the tolerant parser, which it loads only for a text
``json.loads`` refuses.
"""

from __future__ import annotations

from typing import Final

MAX_DEPTH: Final = 512
