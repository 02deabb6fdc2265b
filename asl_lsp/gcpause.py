"""Keep Python's cyclic garbage collector from walking documents, which can never be its garbage.

A document version (its node tree, its model, its findings) holds no reference cycle
(``tests/model/test_model_acyclic.py``), so reference counting frees it the moment its last user
lets go, and the cyclic collector can never find garbage in it. The collector still walks every
container object it tracks: a 2 MB definition is some 300,000 of them, and a 5,000-state edit
makes some 150,000 new ones. Two policies keep that walk off the hot paths:

* :func:`gc_paused` holds collections off during a burst of allocation (a parse, a lint, the
  whole of ``asl lint``): without it a burst triggers collection after collection, each walking
  the young heap, tree included, and ``asl lint`` of 100,000 states took about twice as long.
* :func:`gc_settled`, for a process that lives on (the language server), also keeps what the
  burst built out of every later collection (``gc.freeze``). Without it, the first collection
  after each edit walked all the nodes the edit made (about a quarter of a 5,000-state edit's
  time) and, now and then, the whole heap (up to 0.7 s on 20,000 states). Cycles made elsewhere
  (a cancelled task and its exception) are frozen with the rest, so when the frozen objects have
  grown by a quarter since the last full collection, as CPython's own rule for its oldest
  generation has it, they are unfrozen and collected once in full.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

_lock = threading.Lock()
# The threads inside a paused block, with how many each is in: the collector is back on when none
# is left, and a full collection waits until one thread runs alone (it holds every thread up for
# as long as it walks the heap).
_working: dict[int, int] = {}
_settle_lock = threading.Lock()  # apart from _lock: a finalizer run by collect() may pause
# Objects frozen after the last full collection, and those frozen since (net of those freed:
# CPython counts both in its youngest generation), which call for the next one past a quarter.
_frozen_at_collection = 0
_frozen_since = 0
_GROWTH = 0.25
_SLACK = 10_000


def gc_paused() -> AbstractContextManager[None]:
    """Disable the cyclic GC inside the block (re-entrant and thread-aware)."""
    return _Paused()


class _Paused:
    """The block of :func:`gc_paused`. A class rather than a generator: parsing and linting a
    file enter a few of these, and a generator-based context manager cost some 2.5 us each,
    several milliseconds of an ``asl lint`` of a folder."""

    __slots__ = ("owner", "thread")

    def __enter__(self) -> None:
        with _lock:
            if not _working and not gc.isenabled():
                self.owner = False
            else:
                self.owner = True
                thread = self.thread = threading.get_ident()
                _working[thread] = _working.get(thread, 0) + 1
                gc.disable()

    def __exit__(self, *exc_info: object) -> None:
        if self.owner:
            with _lock:
                thread = self.thread
                left = _working[thread] - 1
                if left:
                    _working[thread] = left
                else:
                    del _working[thread]
                if not _working:
                    gc.enable()


@contextmanager
def gc_settled() -> Iterator[None]:
    """:func:`gc_paused`, and at the end keep everything alive out of later collections; every
    so often (see the module's docstring) collect in full first."""
    global _frozen_at_collection, _frozen_since
    with gc_paused():
        yield
        with _settle_lock:
            _frozen_since += gc.get_count()[0]
            if _frozen_since <= _frozen_at_collection * _GROWTH + _SLACK or _others_working():
                gc.freeze()
                return
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            _frozen_at_collection = gc.get_freeze_count()  # a walk, as long as the collection's
            _frozen_since = 0


def _others_working() -> bool:
    """Whether a thread besides this one is inside a paused block: a full collection then waits
    for a later unit of work, rather than hold up (say) the parse of a 10 MB document in the
    middle of its allocation, and every other document's lint with it, for a third of a
    second."""
    with _lock:
        return len(_working) > 1
