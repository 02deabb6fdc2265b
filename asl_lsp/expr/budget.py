"""A wall-clock budget for one JSONata evaluation that regular expressions obey too.

jsonata-python checks its timeout between evaluation steps, but a regular expression runs inside
one step: with Python's ``re``, a catastrophic pattern (``/(a|aa)+$/`` on a long string of ``a``)
backtracks for hours, and ``re`` cannot be interrupted from the thread that runs it. JSONata regex
literals are therefore compiled with the ``regex`` module, whose matching functions take a
``timeout`` and stop themselves when it passes. That timeout counts the time the matching thread
runs, not the clock on the wall, so on a busy machine it would overshoot: a match is first given a
short slice, and when the slice runs out it is retried with a larger one sized from what is left of
the evaluation's wall-clock budget divided by the slowdown the last slice showed (wall time over
granted time). The budget is kept per thread, since Parallel branches and Map iterations evaluate
concurrently. A pattern that runs out raises :class:`RegexTimeout`, which the evaluator reports as
a failed expression.

String-building functions whose output size is an argument (``$pad``) are bounded here too: the
result could never fit a state's payload, and building it first would take gigabytes.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

MAX_BUILT_STRING_CHARS = 256 * 1024
"""Longest string ``$pad`` may build: a state payload (256 KiB) could not hold more."""

_LOCAL = threading.local()


class RegexTimeout(Exception):
    """A regular expression used up the evaluation's time budget."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Run the body with ``seconds`` of wall-clock time for regular expressions (nested calls
    keep the earlier deadline)."""
    outer = getattr(_LOCAL, "deadline", None)
    deadline = time.monotonic() + seconds
    _LOCAL.deadline = deadline if outer is None else min(outer, deadline)
    try:
        yield
    finally:
        _LOCAL.deadline = outer


def _remaining() -> float:
    deadline: float | None = getattr(_LOCAL, "deadline", None)
    if deadline is None:
        return 1.0  # outside an evaluation (a static check compiling a literal): stay short
    left = deadline - time.monotonic()
    if left <= 0:
        raise RegexTimeout("the expression ran out of its time budget")
    return left


FIRST_SLICE = 0.05
"""Seconds of matching the first attempt gets; most matches need far less."""


class BudgetedPattern:
    """A compiled pattern whose every match call stops when the budget is spent."""

    def __init__(self, compiled: Any) -> None:
        self._compiled = compiled

    def _within_budget(self, match: Callable[[float], Any]) -> Any:
        """``match(timeout)`` retried with growing slices until it finishes or the wall-clock
        budget is gone; each retry starts over, so at most about twice the last slice is spent."""
        grant = min(_remaining(), FIRST_SLICE)
        while True:
            started = time.monotonic()
            try:
                return match(grant)
            except TimeoutError:
                slowdown = max(1.0, (time.monotonic() - started) / grant)
                try:
                    left = _remaining()
                except RegexTimeout:
                    raise RegexTimeout(_message(self._compiled.pattern)) from None
                grant = min(grant * 4, left / slowdown)
                if grant < 0.005:
                    raise RegexTimeout(_message(self._compiled.pattern)) from None

    def search(self, string: str) -> Any:
        return self._within_budget(lambda t: self._compiled.search(string, timeout=t))

    def finditer(self, string: str) -> Iterator[Any]:
        # One search per match, each under what is left of the budget: ``regex``'s own finditer
        # applies its timeout per attempt, so a failing pattern could run several budgets long.
        found: list[Any] = []
        position, end = 0, len(string)
        compiled = self._compiled
        while position <= end:
            match = self._within_budget(functools.partial(_search_from, compiled, string, position))
            if match is None:
                break
            found.append(match)
            position = match.end() if match.end() > match.start() else match.end() + 1
        return iter(found)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        compiled = self._compiled
        return str(
            self._within_budget(lambda t: compiled.sub(repl, string, count=count, timeout=t))
        )

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        compiled = self._compiled
        return list(
            self._within_budget(lambda t: compiled.split(string, maxsplit=maxsplit, timeout=t))
        )

    def __getattr__(self, name: str) -> Any:  # pattern, flags, groups, ... as re.Pattern has
        return getattr(self._compiled, name)


def _search_from(compiled: Any, string: str, position: int, timeout: float) -> Any:
    return compiled.search(string, position, timeout=timeout)


def _message(pattern: str) -> str:
    shown = pattern if len(pattern) <= 40 else pattern[:40] + "..."
    return f"the regular expression /{shown}/ ran out of the expression's time budget"


def budgeted_regex_engine(pattern: str, flags: Any) -> BudgetedPattern:
    """jsonata-python's ``regex_engine`` hook: ``re``-compatible syntax (``regex`` VERSION0)."""
    # Imported here: only evaluating a JSONata regex needs it; checking an expression never does.
    import regex

    options = regex.VERSION0
    if getattr(flags, "case_insensitive", False):
        options |= regex.IGNORECASE
    if getattr(flags, "multiline", False):
        options |= regex.MULTILINE
    return BudgetedPattern(regex.compile(pattern, options))


def bounded_pad(string: Any = None, width: Any = None, char: Any = None) -> Any:
    """``$pad`` with its result bounded by :data:`MAX_BUILT_STRING_CHARS`."""
    from jsonata.functions import Functions  # type: ignore[import-untyped]

    numeric = isinstance(width, (int, float)) and not isinstance(width, bool)
    if numeric and abs(width) > MAX_BUILT_STRING_CHARS:
        from jsonata import JException  # type: ignore[import-untyped]

        raise JException(
            "D3137",
            0,
            f"$pad to {abs(width):,.0f} characters: strings are limited to "
            f"{MAX_BUILT_STRING_CHARS:,} characters (the state payload limit)",
        )
    return Functions.pad(string, width, char)
