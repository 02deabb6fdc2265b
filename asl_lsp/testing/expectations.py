"""Judge a finished case against its expectations; each miss explains itself in a few lines.

Comparisons are JSON comparisons: ``true`` is not ``1``, ``1`` equals ``1.0``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from asl_lsp.expr.errors import JsonValue
from asl_lsp.testing.files import Expectations
from asl_lsp.testing.trace import FailedState


@dataclass(frozen=True)
class Failure:
    """One unmet expectation: ``kind`` is the expectation's key, ``detail`` a multi-line why."""

    kind: str
    message: str
    detail: str = ""


@dataclass(frozen=True)
class Observed:
    """What the execution did, as the expectations see it."""

    status: str
    output: JsonValue
    error: str | None
    cause: str | None
    path: Sequence[str]
    variables: dict[str, JsonValue]
    failed_state: FailedState | None


def json_equal(a: JsonValue, b: JsonValue) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def json_contains(actual: JsonValue, expected: JsonValue) -> bool:
    """Objects by subset of keys, arrays item by item (same length), scalars equal."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and json_contains(actual[k], v) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(json_contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return json_equal(actual, expected)


def _pretty(value: JsonValue) -> list[str]:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).splitlines()


def output_diff(expected: JsonValue, actual: JsonValue) -> str:
    lines = difflib.unified_diff(
        _pretty(expected), _pretty(actual), "expected", "actual", lineterm="", n=3
    )
    return "\n".join(lines)


def path_report(expected: Sequence[str], actual: Sequence[str], in_order: bool) -> str | None:
    """None when the path matches; otherwise the path taken, marked where it left the expected."""
    if in_order:
        position = 0
        for name in actual:
            if position < len(expected) and name == expected[position]:
                position += 1
        if position == len(expected):
            return None
        missing = expected[position]
        taken = " → ".join(actual) or "(no state)"
        matched = " → ".join(expected[:position]) or "(nothing)"
        return (
            f"path taken: {taken}\n"
            f"expected in order: {' → '.join(expected)}\n"
            f"matched up to: {matched}; never reached {missing!r} after that"
        )
    if list(expected) == list(actual):
        return None
    out = []
    left = False
    for index in range(max(len(expected), len(actual))):
        want = expected[index] if index < len(expected) else None
        got = actual[index] if index < len(actual) else None
        if not left and want == got:
            out.append(f"  ✓ {got}")
            continue
        if not left:
            left = True
            if got is None:
                out.append(f"  ✗ (the execution ended)   ← expected {want}")
            else:
                suffix = f"   ← expected {want}" if want is not None else "   ← expected the end"
                out.append(f"  ✗ {got}{suffix}")
        elif got is not None:
            out.append(f"    {got}")
    return "path taken (✗ marks where it left the expected path):\n" + "\n".join(out)


def check(expect: Expectations, seen: Observed) -> list[Failure]:
    """Every unmet expectation of ``expect``, in the order of the schema."""
    failures: list[Failure] = []
    if expect.status is not None and seen.status != expect.status:
        failures.append(
            Failure(
                "status",
                f"expected status {expect.status}, got {seen.status}",
                _failure_detail(seen),
            )
        )
    if expect.output is not None and not json_equal(seen.output, expect.output[0]):
        failures.append(
            Failure("output", "the output differs", output_diff(expect.output[0], seen.output))
        )
    if expect.output_contains is not None and not json_contains(
        seen.output, expect.output_contains[0]
    ):
        failures.append(
            Failure(
                "output_contains",
                "the output does not contain the expected value",
                output_diff(expect.output_contains[0], seen.output),
            )
        )
    for key, want, got in (
        ("error", expect.error, seen.error),
        ("cause", expect.cause, seen.cause),
    ):
        if want is not None and got != want:
            failures.append(
                Failure(key, f"expected {key} {want!r}, got {got!r}", _failure_detail(seen))
            )
    if expect.path is not None:
        report = path_report(expect.path, seen.path, expect.path_in_order)
        if report is not None:
            failures.append(Failure("path", "the path differs", report))
    if expect.variables is not None:
        for name, value in expect.variables.items():
            if name not in seen.variables:
                failures.append(Failure("variables", f"variable ${name} was never assigned"))
            elif not json_equal(seen.variables[name], value):
                failures.append(
                    Failure(
                        "variables",
                        f"variable ${name} differs",
                        output_diff(value, seen.variables[name]),
                    )
                )
    return failures


def _failure_detail(seen: Observed) -> str:
    state = seen.failed_state
    if state is None:
        return ""
    text = f"state {state.name!r} failed with {state.error or '(no error)'}"
    if state.cause:
        text += f": {state.cause}"
    return text + "\nits input:\n" + "\n".join("  " + line for line in _pretty(state.input))
