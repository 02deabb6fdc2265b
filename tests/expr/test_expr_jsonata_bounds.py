"""JSONata static checks stay linear and bounded: deep nesting and huge expressions get a prompt
finding instead of seconds of parsing (the language server lints as you type)."""

from __future__ import annotations

import json
import time

import pytest

from asl_lsp.expr.jsonata import MAX_CHECKED_CHARS, MAX_CHECKED_NESTING, check_jsonata
from asl_lsp.lint.api import lint_text


def _definition(expression: str) -> str:
    state = {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% " + expression + " %}"}
    return json.dumps({"StartAt": "A", "States": {"A": {**state, "End": True}}})


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("(" * 20_000 + "1" + ")" * 20_000, "are not checked"),
        ("(" * 5_000 + "1" + ")" * 5_000, f"more than {MAX_CHECKED_NESTING} levels deep"),
        ("[" * 150 + "1" + "]" * 150, f"more than {MAX_CHECKED_NESTING} levels deep"),
        (" + ".join(["$states.input.a"] * 200_000), "are not checked"),
    ],
)
def test_hostile_expressions_are_reported_promptly(expression: str, expected: str) -> None:
    started = time.monotonic()
    found = lint_text(_definition(expression))
    elapsed = time.monotonic() - started
    assert any(expected in d.message for d in found), [d.message[:100] for d in found]
    assert elapsed < 10, elapsed  # 20,000 parentheses took over a minute before


def test_top_level_checks_are_linear_in_nesting() -> None:
    """5,000 nested calls under the size bound: the shielding stack is counted, not rescanned."""
    depth = MAX_CHECKED_NESTING
    expression = "$string(" * depth + "$states.input.a" + ")" * depth
    assert len(expression) < MAX_CHECKED_CHARS
    started = time.monotonic()
    assert check_jsonata(expression) == []
    assert time.monotonic() - started < 5


def test_ordinary_expressions_keep_their_findings() -> None:
    problems = [e.message for e in check_jsonata("$ + foo")]
    assert any("'$' cannot be used at the top level" in m for m in problems)
    assert any("Reference to 'foo' at the top level" in m for m in problems)
    assert check_jsonata("$map([1, 2], function($v) { $v * 2 })") == []
