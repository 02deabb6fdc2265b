"""A command run as the whole process and then ended ("a burst": ``asl lint``) gives its heap
back to the operating system whole, instead of freeing it one object at a time.

A burst makes one run of allocation with no reference cycles, starts no thread and leaves
nothing to do at exit, so:

- the cyclic collector stays off from the command's import to its end (a collection when a
  pause ended would only walk what the command keeps to the end: some 5 ms for a folder);
- a document it is done with is kept until the end, within :data:`KEPT_TEXT_BUDGET`, rather
  than freed when its findings are out: freeing the tree and model of a large definition walks
  every one of its objects (about 20 ms for the 2.4 MB, 5,000-state benchmark file, 7% of its
  lint), while the operating system takes the memory back at once;
- the process leaves without the interpreter's teardown (:func:`leave_heap_to_the_os`).

Worker processes forked by a burst are bursts too: they end with ``os._exit``.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

# At most this many characters of text are kept until the end, with what they were read into
# (about twelve times their size): the largest single definitions are kept, and a run over many
# large files still frees what it is done with beyond them.
KEPT_TEXT_BUDGET = 8 * 1024 * 1024

_running = False
_kept: list[object] = []
_kept_text = 0


def start_burst() -> None:
    """Say that this process runs one burst command and then ends: the collector goes off for
    good, and :func:`keep_until_exit` keeps what it is given."""
    global _running
    gc.disable()
    _running = True


def keep_until_exit(done_with: object, text_size: int) -> None:
    """Keep ``done_with`` (what ``text_size`` characters of text were read into) alive until the
    process ends, when this process is a burst and the budget has room; otherwise do nothing
    (the caller's last reference frees it as usual)."""
    global _kept_text
    if _running and _kept_text + text_size <= KEPT_TEXT_BUDGET:
        _kept.append(done_with)
        _kept_text += text_size


def leave_heap_to_the_os(code: int) -> None:
    """End the process with ``code`` without the interpreter's teardown, which would free one by
    one what the process is about to give back whole, when that teardown would do nothing else.

    At exit the interpreter collects twice, and the second collection, after the modules are
    cleared, frees every module, class and function one cycle at a time: some 15 to 25 ms for
    ``asl lint`` of a folder, as long as linting some thirty files. Frozen objects are left to the
    operating system; and when no ``atexit`` handler is registered and no other thread runs,
    the process leaves with ``os._exit`` once the standard streams are flushed (its files are
    closed by ``with``): another 3 to 8 ms.
    """
    gc.freeze()
    if not _nothing_runs_at_exit():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return  # the interpreter's exit reports it, as it always did
    os._exit(code)


def _nothing_runs_at_exit() -> bool:
    registered = getattr(atexit, "_ncallbacks", None)  # CPython's count of atexit handlers
    if registered is None or registered() != 0:
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1
