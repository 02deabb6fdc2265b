"""Every field the SDK accepts builds JSON the linter accepts (the SDK reads the spec's table)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asl_lsp.diagnostic import Severity
from asl_lsp.lint.api import lint_text
from asl_lsp.sdk.steps import Choice, ChoiceRule, Graph, Map, Parallel, Pass, Succeed, Task
from asl_lsp.sdk.steps.fields import pascal, snake
from asl_lsp.sdk.steps.graph import STATE_CLASSES
from asl_lsp.sdk.steps.states import State
from asl_lsp.spec.exclusive_fields import WAIT_DURATION_FIELDS, pairs_for_state
from asl_lsp.spec.fields import fields_for_state

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:work"
JSONATA = "JSONata"

# A valid value for each state-level field, by query language (None: the field is not offered).
VALUES: dict[str, Any] = {
    "Comment": "a step",
    "InputPath": "$",
    "OutputPath": "$",
    "ResultPath": "$.result",
    "Parameters": {"value.$": "$.value"},
    "ResultSelector": {"value.$": "$.value"},
    "ItemSelector": {"value.$": "$$.Map.Item.Value"},
    "Result": {"value": 1},
    "Resource": LAMBDA,
    "Credentials": {"RoleArn": "arn:aws:iam::123456789012:role/Worker"},
    "TimeoutSeconds": 30,
    "TimeoutSecondsPath": "$.timeout",
    "HeartbeatSeconds": 10,
    "HeartbeatSecondsPath": "$.heartbeat",
    "Seconds": 1,
    "Timestamp": "2024-01-31T12:00:00Z",
    "SecondsPath": "$.seconds",
    "TimestampPath": "$.when",
    "Error": "Broken",
    "Cause": "it broke",
    "ErrorPath": "$.error",
    "CausePath": "$.cause",
    "Assign": {"counter": 1},
    "ItemsPath": "$.items",
    "MaxConcurrency": 2,
    "MaxConcurrencyPath": "$.concurrency",
    "ToleratedFailurePercentage": 10,
    "ToleratedFailurePercentagePath": "$.percentage",
    "ToleratedFailureCount": 1,
    "ToleratedFailureCountPath": "$.count",
    "Label": "Items",
    "ItemBatcher": {"MaxItemsPerBatch": 10},
    "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "JSON"},
        "Parameters": {"Bucket": "bucket", "Key": "items.json"},
    },
    "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject",
        "Parameters": {"Bucket": "bucket", "Prefix": "results"},
    },
}
JSONATA_VALUES: dict[str, Any] = {
    "Output": "{% $states.input %}",
    "Arguments": {"value": "{% $states.input.value %}"},
    "Items": "{% $states.input.items %}",
    "ItemReader": {
        "Resource": "arn:aws:states:::s3:getObject",
        "ReaderConfig": {"InputType": "JSON"},
        "Arguments": {"Bucket": "bucket", "Key": "items.json"},
    },
    "ResultWriter": {
        "Resource": "arn:aws:states:::s3:putObject",
        "Arguments": {"Bucket": "bucket", "Prefix": "results"},
    },
}


def _value(name: str, language: str) -> Any:
    if language == JSONATA and name in JSONATA_VALUES:
        return JSONATA_VALUES[name]
    return VALUES[name]


def _usable(type_name: str, language: str) -> list[str]:
    """The fields a state of this type may carry in this query language."""
    accepted = {pascal(f) for f in STATE_CLASSES[type_name].allowed_fields()}
    specs = fields_for_state(type_name)
    return sorted(
        name
        for name in accepted
        if name != "QueryLanguage"
        and specs[name].deprecated is None
        and specs[name].query_language in ("both", language)
    )


@st.composite
def _state(draw: st.DrawFn, type_name: str, language: str) -> State:
    usable = _usable(type_name, language)
    chosen = set(draw(st.lists(st.sampled_from(usable), unique=True))) if usable else set()
    for a, b in pairs_for_state(type_name):
        if a in chosen and b in chosen:
            chosen.discard(draw(st.sampled_from((a, b))))
    if type_name == "Wait":
        chosen -= set(WAIT_DURATION_FIELDS)
        chosen.add(draw(st.sampled_from([f for f in WAIT_DURATION_FIELDS if f in usable])))
    if type_name == "Task":
        chosen.add("Resource")
    if {"HeartbeatSeconds", "TimeoutSeconds"} & chosen:
        chosen.discard("HeartbeatSecondsPath")
        chosen.discard("TimeoutSecondsPath")
    kwargs = {snake(name): _value(name, language) for name in chosen}
    if language == JSONATA:
        kwargs["query_language"] = JSONATA
    name = f"{type_name}State"
    if type_name == "Map":
        inner = Pass("Inner", query_language=JSONATA) if language == JSONATA else Pass("Inner")
        config = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
        return Map(name, item_processor=inner, processor_config=config, **kwargs)
    if type_name == "Parallel":
        inner = Pass("Branch", query_language=JSONATA) if language == JSONATA else Pass("Branch")
        return Parallel(name, branches=[inner], **kwargs)
    return STATE_CLASSES[type_name](name, **kwargs)


def _graph(state: State, language: str) -> Graph:
    end = Succeed("Done")
    if isinstance(state, Choice):
        rule = (
            ChoiceRule.Condition("{% $states.input.go %}")
            if language == JSONATA
            else ChoiceRule.BooleanEquals("$.go", True)
        )
        state.add_choice(rule, end)
        state.default_choice(end)
        return Graph(state)
    if state._accepts_next:
        state.next(end)
    return Graph(state)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(sorted(STATE_CLASSES)).flatmap(
        lambda t: st.sampled_from(("JSONPath", JSONATA)).flatmap(
            lambda lang: st.tuples(_state(t, lang), st.just(lang))
        )
    )
)
def test_every_accepted_field_lints_clean(case: tuple[State, str]) -> None:
    state, language = case
    text = _graph(state, language).to_json(pretty=True)
    errors = [d for d in lint_text(text, "built.asl.json") if d.severity == Severity.ERROR]
    assert not errors, f"{text}\n{[(d.code, d.message) for d in errors]}"


@pytest.mark.parametrize("type_name", sorted(STATE_CLASSES))
def test_accepted_fields_are_the_spec_fields(type_name: str) -> None:
    spec = set(fields_for_state(type_name))
    accepted = {pascal(f) for f in STATE_CLASSES[type_name].allowed_fields()}
    assert accepted <= spec
    assert all(snake(pascal(f)) == f for f in STATE_CLASSES[type_name].allowed_fields())


def test_pass_refuses_result_selector() -> None:
    with pytest.raises(TypeError, match="result_selector"):
        Pass("A", result_selector={"x.$": "$.y"})


def test_exclusive_pair_refused_by_the_sdk() -> None:
    with pytest.raises(ValueError, match="TimeoutSeconds or TimeoutSecondsPath"):
        Task("T", resource=LAMBDA, timeout_seconds=3, timeout_seconds_path="$.t")


def test_a_builder_for_every_spec_state_type() -> None:
    from asl_lsp.spec.states import STATE_TYPES

    assert set(STATE_CLASSES) == set(STATE_TYPES)
