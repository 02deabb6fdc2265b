"""Per-state behaviour and error paths of the local engine (virtual clock unless stated)."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import pytest

from asl_lsp.engine import TaskFailure, run_definition
from asl_lsp.engine.states.choice import _string_matches

TASK = "arn:aws:states:::example:task"


def machine(states: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states, **top}


def types(result: Any) -> list[str]:
    return [e["type"] for e in result.events]


# ---------------------------------------------------------------- Pass / Succeed / Fail / Wait


def test_pass_result_and_events_are_boto3_shaped() -> None:
    r = run_definition(machine({"P": {"Type": "Pass", "Result": {"x": 1}, "End": True}}), {"a": 1})
    assert r.status == "SUCCEEDED" and r.output == {"x": 1}
    assert types(r) == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]
    entered = r.events[1]
    assert entered["id"] == 2 and entered["previousEventId"] == 1
    assert entered["timestamp"].tzinfo is not None
    assert entered["stateEnteredEventDetails"] == {
        "name": "P",
        "input": '{"a":1}',
        "inputDetails": {"truncated": False},
    }
    assert r.events[-1]["executionSucceededEventDetails"]["output"] == '{"x":1}'


def test_fail_with_paths_and_intrinsic() -> None:
    d = machine(
        {"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('code {}', $.c)"}}
    )
    r = run_definition(d, {"e": "Custom", "c": 7})
    assert (r.status, r.error, r.cause) == ("FAILED", "Custom", "code 7")
    assert types(r)[-2:] == ["FailStateEntered", "ExecutionFailed"]


def test_wait_virtual_clock_advances_timestamps_without_sleeping() -> None:
    d = machine(
        {
            "W": {"Type": "Wait", "Seconds": 3600, "Next": "W2"},
            "W2": {"Type": "Wait", "SecondsPath": "$.s", "End": True},
        }
    )
    started = time.monotonic()
    r = run_definition(d, {"s": 60}, clock="virtual")
    assert time.monotonic() - started < 1
    entered, exited = r.events[1]["timestamp"], r.events[2]["timestamp"]
    assert 3600 <= (exited - entered).total_seconds() < 3601
    assert (r.events[-1]["timestamp"] - r.events[0]["timestamp"]).total_seconds() >= 3660


def test_wait_real_clock_really_waits() -> None:
    started = time.monotonic()
    r = run_definition(machine({"W": {"Type": "Wait", "Seconds": 1, "End": True}}), clock="real")
    assert r.succeeded and time.monotonic() - started >= 0.95


def test_wait_bad_seconds_path_is_runtime_error() -> None:
    d = machine({"W": {"Type": "Wait", "SecondsPath": "$.s", "End": True}})
    assert run_definition(d, {"s": "ten"}).error == "States.Runtime"


def test_wait_timestamp_in_the_future_with_virtual_clock() -> None:
    d = machine({"W": {"Type": "Wait", "Timestamp": "2999-01-01T00:00:00Z", "End": True}})
    r = run_definition(d)
    assert r.succeeded and r.events[-1]["timestamp"].year == 2999


# ---------------------------------------------------------------- Choice


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [
        ("log-2024.txt", "log-*.txt", True),
        ("a*b", "a\\*b", True),
        ("axb", "a\\*b", False),
        ("back\\slash", "back\\\\slash", True),
        ("", "*", True),
        ("abc", "a*c*", True),
        ("abc", "b*", False),
    ],
)
def test_string_matches_wildcards_and_escapes(value: str, pattern: str, expected: bool) -> None:
    assert _string_matches(value, pattern) is expected


def test_choice_no_match_without_default() -> None:
    d = machine(
        {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "E"}],
            },
            "E": {"Type": "Succeed"},
        }
    )
    r = run_definition(d, {"n": 2})
    assert r.error == "States.NoChoiceMatched"


def test_choice_missing_variable_is_runtime_error_but_ispresent_is_fine() -> None:
    d = machine(
        {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.x", "IsPresent": True, "Next": "E"},
                    {"Variable": "$.x", "StringEquals": "a", "Next": "E"},
                ],
                "Default": "E",
            },
            "E": {"Type": "Succeed"},
        }
    )
    r = run_definition(d, {})
    assert r.error == "States.Runtime"
    assert "The choice state's condition path references an invalid value" in (r.cause or "")


def test_choice_with_variables_and_context() -> None:
    d = machine(
        {
            "A": {"Type": "Pass", "Assign": {"limit": 3}, "Next": "C"},
            "C": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.n", "NumericGreaterThanPath": "$limit", "Next": "Big"},
                    {"Variable": "$$.Execution.Name", "StringEquals": "exec-1", "Next": "Named"},
                ],
                "Default": "Small",
            },
            "Big": {"Type": "Pass", "Result": "big", "End": True},
            "Named": {"Type": "Pass", "Result": "named", "End": True},
            "Small": {"Type": "Pass", "Result": "small", "End": True},
        }
    )
    assert run_definition(d, {"n": 5}).output == "big"
    assert run_definition(d, {"n": 1}, execution_name="exec-1").output == "named"
    assert run_definition(d, {"n": 1}).output == "small"


# ---------------------------------------------------------------- Tasks, Retry, Catch


def test_missing_handler_names_what_to_register() -> None:
    d = machine(
        {
            "L": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "X", "Payload": {}},
                "End": True,
            }
        }
    )
    r = run_definition(d)
    assert r.error == "States.TaskFailed"
    assert r.cause == (
        "no handler for arn:aws:states:::lambda:invoke FunctionName 'X': pass "
        "functions={'X': handler} to LocalBackend or --functions module:dict to asl run"
    )


def test_lambda_invoke_response_shape_and_function_arn_matching() -> None:
    calls: list[Any] = []

    def handler(event: Any, context: Any) -> Any:
        calls.append((event, context.function_name, context.function_version))
        return {"got": event}

    arn = "arn:aws:lambda:us-east-1:123456789012:function:Fn:7"
    d = machine(
        {
            "L": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": arn, "Payload.$": "$"},
                "End": True,
            }
        }
    )
    r = run_definition(d, {"k": 1}, functions={"Fn": handler})
    assert r.succeeded
    assert r.output["Payload"] == {"got": {"k": 1}} and r.output["StatusCode"] == 200
    assert r.output["ExecutedVersion"] == "7"
    assert set(r.output) == {
        "ExecutedVersion",
        "Payload",
        "SdkHttpMetadata",
        "SdkResponseMetadata",
        "StatusCode",
    }
    assert calls == [({"k": 1}, "Fn", "7")]
    assert "TaskScheduled" in types(r) and "TaskSucceeded" in types(r)


def test_plain_lambda_arn_returns_payload_with_lambda_events() -> None:
    d = machine(
        {
            "L": {
                "Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Echo",
                "End": True,
            }
        }
    )
    r = run_definition(d, {"a": 1}, functions={"Echo": lambda e, c: {"echo": e}})
    assert r.output == {"echo": {"a": 1}}
    assert types(r)[2:6] == [
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "TaskStateExited",
    ]


def test_lambda_exception_becomes_error_type_and_lambda_cause() -> None:
    def boom(event: Any, context: Any) -> Any:
        raise ValueError("bad input")

    d = machine(
        {
            "L": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "Boom"},
                "End": True,
            }
        }
    )
    r = run_definition(d, functions={"Boom": boom})
    assert r.error == "ValueError"
    cause = json.loads(r.cause or "{}")
    assert cause["errorMessage"] == "bad input" and cause["errorType"] == "ValueError"
    assert isinstance(cause["stackTrace"], list) and cause["stackTrace"]


def test_retry_backoff_with_virtual_clock_then_success() -> None:
    attempts: list[int] = []

    def flaky(value: Any) -> Any:
        attempts.append(1)
        if len(attempts) < 3:
            raise TaskFailure("Flaky.Error", "try again")
        return "ok"

    d = machine(
        {
            "T": {
                "Type": "Task",
                "Resource": TASK,
                "End": True,
                "Retry": [
                    {
                        "ErrorEquals": ["Flaky.Error"],
                        "IntervalSeconds": 10,
                        "BackoffRate": 3.0,
                        "MaxAttempts": 5,
                    }
                ],
            }
        }
    )
    started = time.monotonic()
    r = run_definition(d, tasks={TASK: flaky})
    assert r.output == "ok" and len(attempts) == 3 and time.monotonic() - started < 1
    scheduled = [e["timestamp"] for e in r.events if e["type"] == "TaskScheduled"]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(scheduled)]
    assert 10 <= gaps[0] < 11 and 30 <= gaps[1] < 31
    assert types(r).count("TaskFailed") == 2


def test_retry_max_delay_and_full_jitter_bound_the_wait() -> None:
    def always(value: Any) -> Any:
        raise TaskFailure("E", "x")

    d = machine(
        {
            "T": {
                "Type": "Task",
                "Resource": TASK,
                "End": True,
                "Retry": [
                    {
                        "ErrorEquals": ["States.ALL"],
                        "IntervalSeconds": 100,
                        "BackoffRate": 10,
                        "MaxAttempts": 3,
                        "MaxDelaySeconds": 5,
                        "JitterStrategy": "FULL",
                    }
                ],
            }
        }
    )
    r = run_definition(d, tasks={TASK: always})
    assert r.error == "E"
    scheduled = [e["timestamp"] for e in r.events if e["type"] == "TaskScheduled"]
    assert len(scheduled) == 4
    assert all(0 <= (b - a).total_seconds() <= 5.5 for a, b in itertools.pairwise(scheduled))


def test_task_failed_wildcard_does_not_match_timeout_and_all_skips_runtime() -> None:
    def slow(value: Any) -> Any:
        time.sleep(2)
        return 1

    d = machine(
        {
            "T": {
                "Type": "Task",
                "Resource": TASK,
                "TimeoutSeconds": 1,
                "End": True,
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}],
            },
            "Caught": {"Type": "Succeed"},
        }
    )
    r = run_definition(d, tasks={TASK: slow}, clock="real")
    assert r.error == "States.Timeout" and "TaskTimedOut" in types(r)
    d2 = machine(
        {
            "T": {
                "Type": "Task",
                "Resource": TASK,
                "InputPath": "$.missing",
                "End": True,
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
            },
            "Caught": {"Type": "Succeed"},
        }
    )
    assert run_definition(d2, {}, tasks={TASK: lambda v: v}).error == "States.Runtime"


def test_catch_resultpath_and_assign_of_error_output() -> None:
    def fails(value: Any) -> Any:
        raise TaskFailure("Custom.Error", "it broke")

    d = machine(
        {
            "T": {
                "Type": "Task",
                "Resource": TASK,
                "Next": "Done",
                "Catch": [
                    {
                        "ErrorEquals": ["Custom.Error"],
                        "ResultPath": "$.err",
                        "Assign": {"why.$": "$.Cause"},
                        "Next": "Handler",
                    }
                ],
            },
            "Handler": {
                "Type": "Pass",
                "Parameters": {"why.$": "$why", "err.$": "$.err"},
                "End": True,
            },
            "Done": {"Type": "Succeed"},
        }
    )
    r = run_definition(d, {"in": 1}, tasks={TASK: fails})
    assert r.output == {"why": "it broke", "err": {"Error": "Custom.Error", "Cause": "it broke"}}
    exited = next(e for e in r.events if e["type"] == "TaskStateExited")
    assert exited["stateExitedEventDetails"]["assignedVariables"] == {"why": '"it broke"'}


def test_execution_timeout_with_virtual_clock() -> None:
    d = machine({"W": {"Type": "Wait", "Seconds": 100, "End": True}}, TimeoutSeconds=10)
    r = run_definition(d)
    assert r.status == "TIMED_OUT" and r.error == "States.Timeout"
    assert types(r)[-1] == "ExecutionTimedOut"


# ---------------------------------------------------------------- Parallel and Map


def test_parallel_results_in_branch_order_and_branch_error_propagates() -> None:
    def slow_first(value: Any) -> Any:
        time.sleep(0.2)
        return "first"

    d = machine(
        {
            "P": {
                "Type": "Parallel",
                "End": True,
                "Branches": [
                    machine({"A": {"Type": "Task", "Resource": TASK, "End": True}}),
                    machine({"B": {"Type": "Pass", "Result": "second", "End": True}}),
                ],
            }
        }
    )
    r = run_definition(d, tasks={TASK: slow_first})
    assert r.output == ["first", "second"]
    bad = machine(
        {
            "P": {
                "Type": "Parallel",
                "End": True,
                "Branches": [machine({"F": {"Type": "Fail", "Error": "Inner", "Cause": "c"}})],
                "Catch": [{"ErrorEquals": ["States.BranchFailed"], "Next": "Ok"}],
            },
            "Ok": {"Type": "Succeed"},
        }
    )
    r2 = run_definition(bad)
    assert r2.succeeded and r2.output == {"Error": "Inner", "Cause": "c"}
    assert "ParallelStateFailed" in types(r2)


def test_parallel_branches_run_concurrently() -> None:
    def sleepy(value: Any) -> Any:
        time.sleep(0.5)
        return value

    branches = [
        machine({f"S{i}": {"Type": "Task", "Resource": TASK, "End": True}}) for i in range(4)
    ]
    started = time.monotonic()
    r = run_definition(
        machine({"P": {"Type": "Parallel", "Branches": branches, "End": True}}),
        {"v": 1},
        tasks={TASK: sleepy},
    )
    assert r.succeeded and time.monotonic() - started < 1.5


def test_map_items_context_and_events() -> None:
    d = machine(
        {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.xs",
                "MaxConcurrency": 2,
                "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value"},
                "ItemProcessor": machine({"I": {"Type": "Pass", "End": True}}),
                "End": True,
            }
        }
    )
    r = run_definition(d, {"xs": ["a", "b", "c"]})
    assert r.output == [{"i": 0, "v": "a"}, {"i": 1, "v": "b"}, {"i": 2, "v": "c"}]
    started = [e for e in r.events if e["type"] == "MapIterationStarted"]
    assert sorted(e["mapIterationStartedEventDetails"]["index"] for e in started) == [0, 1, 2]
    assert next(e for e in r.events if e["type"] == "MapStateStarted")[
        "mapStateStartedEventDetails"
    ] == {"length": 3}


def test_distributed_map_reader_csv_batcher_tolerance_and_writer() -> None:
    csv_text = "id,name\n1,a\n2,b\n3,c\n4,d\n"
    written: list[Any] = []

    def check(value: Any) -> Any:
        if any(item["id"] == "3" for item in value["Items"]):
            raise TaskFailure("Bad.Item", "three")
        return len(value["Items"])

    d = machine(
        {
            "M": {
                "Type": "Map",
                "End": True,
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
                    "Parameters": {"Bucket": "b", "Key.$": "$.key"},
                },
                "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"k.$": "$.key"}},
                "ToleratedFailureCount": 1,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "T",
                    "States": {"T": {"Type": "Task", "Resource": TASK, "End": True}},
                },
                "ResultWriter": {
                    "Resource": "arn:aws:states:::s3:putObject",
                    "Parameters": {"Bucket": "out", "Prefix": "runs"},
                },
            }
        }
    )
    seen_reader: list[Any] = []

    def reader(params: Any) -> Any:
        seen_reader.append(params)
        return csv_text

    def writer(payload: Any) -> Any:
        written.append(payload)
        return None

    r = run_definition(
        d,
        {"key": "in.csv"},
        tasks={
            "arn:aws:states:::s3:getObject": reader,
            TASK: check,
            "arn:aws:states:::s3:putObject": writer,
        },
    )
    assert r.succeeded, (r.error, r.cause)
    assert seen_reader == [{"Bucket": "b", "Key": "in.csv"}]
    details = written[0]["ResultWriterDetails"]
    assert len(details["SUCCEEDED"]) == 1 and len(details["FAILED"]) == 1
    assert json.loads(details["SUCCEEDED"][0]["Input"]) == {
        "BatchInput": {"k": "in.csv"},
        "Items": [{"id": "1", "name": "a"}, {"id": "2", "name": "b"}],
    }
    assert r.output["ResultWriterDetails"]["Bucket"] == "out"
    assert "MapRunStarted" in types(r) and "MapRunSucceeded" in types(r)
    strict = json.loads(json.dumps(d))
    strict["States"]["M"]["ToleratedFailureCount"] = 0
    r2 = run_definition(
        strict,
        {"key": "k"},
        tasks={
            "arn:aws:states:::s3:getObject": reader,
            TASK: check,
            "arn:aws:states:::s3:putObject": writer,
        },
    )
    assert r2.error == "States.ExceedToleratedFailureThreshold"


# ---------------------------------------------------------------- variables and JSONata


def test_variables_scoping_in_map_iterations() -> None:
    d = machine(
        {
            "A": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "M"},
            "M": {
                "Type": "Map",
                "ItemsPath": "$.xs",
                "End": True,
                "ItemProcessor": machine(
                    {
                        "I": {"Type": "Pass", "Assign": {"inner.$": "$"}, "Next": "J"},
                        "J": {
                            "Type": "Pass",
                            "Parameters": {"o.$": "$outer", "i.$": "$inner"},
                            "End": True,
                        },
                    }
                ),
            },
        }
    )
    r = run_definition(d, {"xs": [10, 20]})
    assert r.output == [{"o": 1, "i": 10}, {"o": 1, "i": 20}]
    cannot = machine(
        {
            "A": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "P"},
            "P": {
                "Type": "Parallel",
                "End": True,
                "Branches": [machine({"B": {"Type": "Pass", "Assign": {"outer": 2}, "End": True}})],
            },
        }
    )
    assert run_definition(cannot).error == "States.Runtime"
    not_leaked = machine(
        {
            "M": {
                "Type": "Map",
                "ItemsPath": "$",
                "Next": "After",
                "ItemProcessor": machine(
                    {"I": {"Type": "Pass", "Assign": {"inner": 1}, "End": True}}
                ),
            },
            "After": {"Type": "Pass", "Parameters": {"x.$": "$inner"}, "End": True},
        }
    )
    assert run_definition(not_leaked, [1]).error == "States.Runtime"


def test_assign_applied_after_the_state_evaluates_everything() -> None:
    d = machine(
        {
            "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
            "B": {
                "Type": "Pass",
                "QueryLanguage": "JSONata",
                "Assign": {"x": "{% $x + 1 %}"},
                "Output": {"seen": "{% $x %}"},
                "Next": "C",
            },
            "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "seen.$": "$.seen"}, "End": True},
        }
    )
    assert run_definition(d).output == {"x": 2, "seen": 1}


def test_jsonata_task_arguments_output_and_states_result() -> None:
    d = {
        "QueryLanguage": "JSONata",
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": TASK,
                "Arguments": {"n": "{% $states.input.n * 2 %}"},
                "Output": {"r": "{% $states.result %}", "in": "{% $states.input.n %}"},
                "Assign": {"last": "{% $states.result %}"},
                "Next": "C",
            },
            "C": {
                "Type": "Choice",
                "Choices": [
                    {
                        "Condition": "{% $last > 5 %}",
                        "Next": "Big",
                        "Output": {"big": "{% $last %}"},
                    }
                ],
                "Default": "Small",
            },
            "Big": {"Type": "Succeed"},
            "Small": {"Type": "Succeed"},
        },
    }
    r = run_definition(d, {"n": 4}, tasks={TASK: lambda v: v["n"] + 1})
    assert r.output == {"big": 9}


def test_jsonata_errors_are_query_evaluation_errors_and_catchable() -> None:
    d = {
        "QueryLanguage": "JSONata",
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": TASK,
                "Arguments": "{% $states.input.a.b.c %}",
                "Catch": [
                    {
                        "ErrorEquals": ["States.QueryEvaluationError"],
                        "Next": "H",
                        "Output": "{% $states.errorOutput.Error %}",
                    }
                ],
                "End": True,
            },
            "H": {"Type": "Pass", "End": True},
        },
    }
    r = run_definition(d, {"a": 1}, tasks={TASK: lambda v: v})
    assert r.output == "States.QueryEvaluationError"


def test_jsonata_map_items_and_step_functions_functions() -> None:
    d = {
        "QueryLanguage": "JSONata",
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "Items": "{% $range(1, 3, 1) %}",
                "ItemSelector": {
                    "v": "{% $states.context.Map.Item.Value %}",
                    "h": "{% $hash('a', 'SHA-256') %}",
                },
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
                "Output": "{% $states.result.v %}",
                "End": True,
            }
        },
    }
    assert run_definition(d).output == [1, 2, 3]
