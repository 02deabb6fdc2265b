"""Truncation at every offset of real definitions: the text an editor holds while someone types.

Every prefix is parsed and linted; every fix the linter offers on it (a code action in the editor)
is applied and must not add syntax errors; the editor features and the renderer run on every few
prefixes with the cursor at the end, where the user is typing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from asl_lsp.model.document import parse_document
from tests.robustness.rb_support import (
    EXAMPLES,
    check_parse,
    check_render,
    check_services,
    worsening_fixes,
)

FILES = [
    p
    for p in EXAMPLES
    if p.name
    in ("hello-world.asl.json", "hello-world.asl.yaml", "mistakes.asl.json", "sam-template.yaml")
]


def _shortest_per_rule(problems: list[tuple[int, str]]) -> list[str]:
    seen: dict[str, tuple[int, str]] = {}
    for end, line in problems:
        rule = line.split(" of ", 1)[1].split(" made", 1)[0]
        if rule not in seen or end < seen[rule][0]:
            seen[rule] = (end, line)
    return [
        f"{count_of(problems, rule)} prefixes, shortest: {line}"
        for rule, (_, line) in sorted(seen.items())
    ]


def count_of(problems: list[tuple[int, str]], rule: str) -> int:
    return sum(1 for _, line in problems if f" of {rule} made" in line)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_prefix_parses_lints_and_serves(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for end in range(len(text) + 1):
        prefix = text[:end]
        check_parse(prefix, path.name)
        if end % 11 == 0 or end == len(text):
            document = parse_document(prefix, path.name)
            check_services(document, [end, max(0, end - 1), end // 2])
            check_render(document)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_fixes_on_every_prefix_parse_no_worse(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    problems: list[tuple[int, str]] = []
    for end in range(len(text) + 1):
        problems += [(end, line) for line in worsening_fixes(text[:end], path.name)]
    assert not problems, "\n".join(_shortest_per_rule(problems))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_suffix_parses_and_lints(path: Path) -> None:
    """Text cut at the front (a bad paste, a half-saved file) is as hostile as a cut at the end."""
    text = path.read_text(encoding="utf-8")
    for start in range(0, len(text) + 1, 3):
        suffix = text[start:]
        check_parse(suffix, path.name)
        worsening_fixes(suffix, path.name)  # spans are asserted inside; fix quality is above
