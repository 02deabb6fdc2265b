"""Short forms of Choice rules, resources and wrapped names."""

from __future__ import annotations

from asl_lsp.graph.labels import choice_rule_text, condition_text, resource_text, shorten, wrap
from asl_lsp.graph.model import build_model


def test_choice_rule_forms() -> None:
    assert (
        choice_rule_text({"Variable": "$.IsHelloWorldExample", "BooleanEquals": True})
        == "$.IsHelloWorldExample == true"
    )
    assert choice_rule_text({"Variable": "$.x", "NumericGreaterThan": 5}) == "$.x > 5"
    assert choice_rule_text({"Variable": "$.x", "NumericLessThanEqualsPath": "$.y"}) == "$.x <= $.y"
    assert choice_rule_text({"Variable": "$.s", "StringEquals": 'a"b'}) == '$.s == "a\\"b"'
    assert choice_rule_text({"Variable": "$.f", "IsPresent": True}) == "$.f is present"
    assert choice_rule_text({"Variable": "$.f", "IsNull": False}) == "$.f is not null"
    assert choice_rule_text({"Variable": "$.n", "StringMatches": "log-*"}) == '$.n matches "log-*"'
    assert (
        choice_rule_text(
            {
                "And": [
                    {"Variable": "$.a", "NumericEquals": 1},
                    {"Not": {"Variable": "$.b", "IsPresent": True}},
                ]
            }
        )
        == "And($.a == 1, Not($.b is present))"
    )
    assert choice_rule_text({"Condition": "{% $states.input.x > 5 %}"}) == "$states.input.x > 5"
    assert choice_rule_text(None) == "?"
    assert choice_rule_text({"Or": "junk"}) == "Or()"
    assert condition_text(True) == "true"


def test_resources_and_text() -> None:
    assert resource_text("arn:aws:states:::lambda:invoke") == "lambda:invoke"
    assert resource_text("arn:aws:lambda:us-east-1:1:function:Fn") == "lambda: Fn"
    # AWS SDK integrations: service and action, never a cut-off "aws-sdk:..." (nor a bare "Task").
    sdk = "arn:aws:states:::aws-sdk:rekognition:startContentModeration"
    assert resource_text(sdk) == "rekognition:startContentModeration"
    assert resource_text(sdk + ".waitForTaskToken") == (
        "rekognition:startContentModeration.waitForTaskToken"
    )
    assert resource_text(42) == ""
    assert shorten("abcdef", 4) == "abc…"
    lines = wrap("Convert HelloWorld to Base64 and then some more words here", 120, 13, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert wrap("x" * 200, 100, 13, 3)[0].startswith("x")


def test_model_of_the_seed_workflow() -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Retry": [{"ErrorEquals": ["States.ALL"]}],
                "Catch": [{"ErrorEquals": ["A", "B"], "Next": "F"}],
                "End": True,
            },
            "F": {"Type": "Fail"},
        },
    }
    model = build_model(definition)
    task = next(n for n in model.states() if n.name == "T")
    assert task.notes == ["retry x3"] and task.detail == "lambda:invoke"
    kinds = sorted((e.kind, e.label) for e in model.root.edges)
    assert ("catch", "A, B") in kinds and ("end", "") in kinds and ("start", "") in kinds


def test_model_never_raises_on_odd_values() -> None:
    for value in (None, 3, "x", [], {"States": 5}, {"StartAt": 1, "States": {"a": None}}):
        model = build_model(value)
        assert model.root.nodes[0].kind == "Start"
