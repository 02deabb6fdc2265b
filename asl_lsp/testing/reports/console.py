"""pytest-like console output: a progress line per file, failure sections, a summary line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from asl_lsp.testing.execution import CaseResult
from asl_lsp.testing.runner import RunOutcome

_MARKS = {"passed": ".", "failed": "F", "error": "E"}


class Progress:
    """Prints ``file.asl-test.yaml ..F.`` as results arrive (they arrive in file order)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.current: str | None = None

    def __call__(self, results: Sequence[CaseResult]) -> None:
        for result in results:
            if result.file != self.current:
                if self.current is not None:
                    self.stream.write("\n")
                self.current = result.file
                self.stream.write(f"{result.file} ")
            self.stream.write(_MARKS.get(result.outcome, "?"))
        self.stream.flush()

    def finish(self) -> None:
        if self.current is not None:
            self.stream.write("\n")


def _rule(title: str, char: str = "=") -> str:
    width = 78
    text = f" {title} "
    left = max(3, (width - len(text)) // 2)
    return f"{char * left}{text}{char * max(3, width - left - len(text))}"


def failure_text(result: CaseResult) -> str:
    """Every reason one case failed, with its diffs and the state that failed."""
    lines = []
    for failure in result.failures:
        lines.append(f"E   {failure.message}")
        lines.extend(f"    {line}" for line in failure.detail.splitlines())
    if (
        result.outcome == "failed"
        and result.path
        and not any(f.kind == "path" for f in result.failures)
    ):
        lines.append(f"    path taken: {' → '.join(result.path)}")
    return "\n".join(lines)


def summary_line(outcome: RunOutcome) -> str:
    parts = []
    for key, word in (("failed", "failed"), ("passed", "passed"), ("error", "errors")):
        number = outcome.count(key)
        if number:
            parts.append(f"{number} {word}")
    if outcome.errors:
        parts.append(f"{len(outcome.errors)} unusable file{'s' * (len(outcome.errors) > 1)}")
    if outcome.deselected:
        parts.append(f"{outcome.deselected} deselected")
    text = ", ".join(parts) or "no cases ran"
    return _rule(f"{text} in {outcome.duration:.2f}s")


def write_report(outcome: RunOutcome, stream: TextIO) -> None:
    """The failure sections and the summary (the progress lines were printed as cases ran)."""
    failed = [r for r in outcome.results if r.outcome != "passed"]
    if outcome.errors:
        stream.write(_rule("ERRORS") + "\n")
        for error in outcome.errors:
            stream.write(f"{error}\n")
    if failed:
        stream.write(_rule("FAILURES") + "\n")
        for result in failed:
            stream.write(_rule(result.id, "_") + "\n")
            stream.write(failure_text(result) + "\n")
        stream.write(_rule("short test summary info", "-") + "\n")
        for result in failed:
            first = result.failures[0].message if result.failures else ""
            stream.write(f"{result.outcome.upper()} {result.id} - {first}\n")
    stream.write(summary_line(outcome) + "\n")
