"""Pause Python's cyclic garbage collector around bursts of allocation.

Parsing a large definition allocates hundreds of thousands of small, acyclic nodes; each allocation
burst triggers full collections that scan every live object, which made parsing and model building
several times slower than the work itself. Reference counting frees these nodes; the collector is
re-enabled (and does its usual work) as soon as the burst ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic GC inside the block (re-entrant and thread-aware)."""
    global _depth
    with _lock:
        if _depth == 0 and not gc.isenabled():
            owner = False
        else:
            owner = True
            _depth += 1
            gc.disable()
    try:
        yield
    finally:
        if owner:
            with _lock:
                _depth -= 1
                if _depth == 0:
                    gc.enable()
