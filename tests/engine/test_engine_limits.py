"""The local engine's execution limits: AWS's own quotas (history events, payload size, Wait
seconds) and the engine's bounds (Map items, states run, expression time and string size). Each
runaway definition must fail promptly, with a cause that names the limit."""

from __future__ import annotations

import time
from typing import Any

import pytest

import asl_lsp.engine.runtime as runtime_module
import asl_lsp.expr.jsonata as jsonata_module
from asl_lsp.engine import run_definition
from asl_lsp.engine.bounds import MAX_MAP_ITEMS
from asl_lsp.spec.limits import MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES

TASK = "arn:aws:states:::example:task"


def machine(states: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states, **top}


def _timed(definition: dict[str, Any], **kwargs: Any) -> tuple[Any, float]:
    started = time.monotonic()
    result = run_definition(definition, {}, **kwargs)
    return result, time.monotonic() - started


def test_pass_loop_fails_at_the_history_limit() -> None:
    loop = machine({"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}})
    result, elapsed = _timed(loop)
    assert result.status == "FAILED" and result.error == "States.Runtime"
    assert f"{MAX_HISTORY_EVENTS:,} events" in (result.cause or "")
    assert len(result.events) == MAX_HISTORY_EVENTS + 1
    assert result.events[-1]["type"] == "ExecutionFailed"
    assert elapsed < 30


def test_catch_that_catches_itself_fails_at_the_history_limit() -> None:
    def boom(_: Any) -> Any:
        raise RuntimeError("always")

    loop = machine(
        {
            "T": {
                "Type": "Task",
                "Resource": TASK,
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "T"}],
                "End": True,
            }
        }
    )
    result, elapsed = _timed(loop, tasks={TASK: boom})
    assert result.status == "FAILED" and "events" in (result.cause or "")
    assert elapsed < 60


def test_payload_over_256_kib_is_data_limit_exceeded_and_not_caught() -> None:
    big = "x" * (MAX_PAYLOAD_BYTES + 1)
    definition = machine(
        {
            "P": {
                "Type": "Pass",
                "Result": big,
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                "End": True,
            },
            "Caught": {"Type": "Succeed"},
        }
    )
    result = run_definition(definition, {})
    assert result.status == "FAILED" and result.error == "States.DataLimitExceeded"
    assert "256 KiB" in (result.cause or "")
    small = run_definition(machine({"P": {"Type": "Pass", "Result": "x" * 1000, "End": True}}))
    assert small.status == "SUCCEEDED"


def test_execution_input_over_256_kib_fails() -> None:
    result = run_definition(machine({"P": {"Type": "Pass", "End": True}}), {"a": "é" * 140_000})
    assert result.error == "States.DataLimitExceeded"


def test_map_over_a_million_items_is_refused_at_once() -> None:
    definition = machine(
        {
            "M": {
                "Type": "Map",
                "QueryLanguage": "JSONata",
                "Items": "{% [1..1000000] %}",
                "ItemProcessor": machine({"P": {"Type": "Pass", "End": True}}),
                "End": True,
            }
        }
    )
    result, elapsed = _timed(definition)
    assert result.status == "FAILED" and f"{MAX_MAP_ITEMS:,} items" in (result.cause or "")
    assert elapsed < 30


def test_nested_999_by_999_map_stops_at_the_history_limit() -> None:
    inner = machine({"P": {"Type": "Pass", "End": True}})
    middle = machine(
        {
            "In": {
                "Type": "Map",
                "QueryLanguage": "JSONata",
                "Items": "{% [1..999] %}",
                "ItemProcessor": inner,
                "End": True,
            }
        }
    )
    outer = machine(
        {
            "M": {
                "Type": "Map",
                "QueryLanguage": "JSONata",
                "Items": "{% [1..999] %}",
                "ItemProcessor": middle,
                "End": True,
            }
        }
    )
    result, elapsed = _timed(outer)
    assert result.status == "FAILED" and "events" in (result.cause or "")
    assert elapsed < 60


def test_distributed_map_children_count_against_the_states_run_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runtime_module, "MAX_STATES_RUN", 500)
    processor = machine({"P": {"Type": "Pass", "Next": "Q"}, "Q": {"Type": "Pass", "End": True}})
    processor["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    definition = machine(
        {
            "M": {
                "Type": "Map",
                "QueryLanguage": "JSONata",
                "Items": "{% [1..1000] %}",
                "ItemProcessor": processor,
                "End": True,
            }
        }
    )
    result = run_definition(definition, {})
    assert result.status == "FAILED" and "more than 500 states" in (result.cause or "")


def _jsonata_pass(expression: str) -> dict[str, Any]:
    return machine(
        {"P": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": expression, "End": True}}
    )


def test_pad_cannot_build_a_gigabyte() -> None:
    result, elapsed = _timed(_jsonata_pass('{% $pad("x", 1000000000) %}'))
    assert result.status == "FAILED" and result.error == "States.QueryEvaluationError"
    assert "limited to 262,144 characters" in (result.cause or "")
    assert elapsed < 10
    assert run_definition(_jsonata_pass('{% $pad("x", 3, "-") %}')).output == "x--"


def test_catastrophic_regex_ends_within_the_expression_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``(a|aa)+$`` against 80 a's and a b backtracks for hours with Python's ``re``."""
    monkeypatch.setattr(jsonata_module, "TIMEOUT_MS", 1000)
    definition = _jsonata_pass("{% $match($states.input.s, /(a|aa)+$/) %}")
    started = time.monotonic()
    result = run_definition(definition, {"s": "a" * 80 + "b"})
    elapsed = time.monotonic() - started
    assert result.status == "FAILED" and result.error == "States.QueryEvaluationError"
    assert "ran out of the expression's time budget" in (result.cause or "")
    # One second of budget: slices sized from the wall clock keep a loaded machine close to it.
    assert elapsed < 4
    fine = run_definition(
        _jsonata_pass("{% $match($states.input.s, /a+b/).match %}"), {"s": "aaab"}
    )
    assert fine.output == "aaab"


@pytest.mark.parametrize("field", ["Seconds", "SecondsPath"])
def test_wait_far_beyond_the_limit_is_a_runtime_error(field: str) -> None:
    value: Any = 1_000_000_000_000 if field == "Seconds" else "$.s"
    definition = machine({"W": {"Type": "Wait", field: value, "End": True}})
    result = run_definition(definition, {"s": 1_000_000_000_000})
    assert result.status == "FAILED" and result.error == "States.Runtime"
    assert "over the Wait limit of 99,999,999 seconds" in (result.cause or "")
