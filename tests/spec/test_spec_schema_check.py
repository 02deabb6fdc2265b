"""Schema errors become one precise finding per problem, pointing at the key or value."""

from __future__ import annotations

import json

import pytest

from asl_lsp.lint.schema_check import SchemaFinding
from asl_lsp.lint.schema_incremental import schema_findings
from asl_lsp.lint.schema_values import MAX_DEPTH
from asl_lsp.syntax.json_parser import parse_json
from asl_lsp.syntax.nodes import ArrayNode, Member, Node, ObjectNode, Span, StringNode


def _findings(text: str, *, placeholders: bool = False) -> list[SchemaFinding]:
    result = parse_json(text)
    assert result.diagnostics == (), result.diagnostics
    assert isinstance(result.root, ObjectNode)
    return schema_findings(result.root, placeholders=placeholders)


def _machine(states: dict[str, object], **root: object) -> str:
    document = {"StartAt": next(iter(states), "A"), "States": states, **root}
    return json.dumps(document, ensure_ascii=False)


def _one(text: str, *, placeholders: bool = False) -> tuple[str, str, str]:
    findings = _findings(text, placeholders=placeholders)
    assert len(findings) == 1, [f.message for f in findings]
    finding = findings[0]
    return finding.kind, finding.message, text[finding.span.start : finding.span.end]


TASK = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}
MAP = {
    "Type": "Map",
    "End": True,
    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}},
}


def _task(**fields: object) -> dict[str, object]:
    return {**TASK, **fields}


def _retry(**fields: object) -> dict[str, object]:
    return _task(Retry=[{"ErrorEquals": ["States.ALL"], **fields}])


BAD_SNIPPETS = [
    # unknown fields: the key, naming the state type or object
    (
        {"A": {"Type": "Pass", "End": True, "TimeoutSeconds": 5}},
        ("unknown-field", "'TimeoutSeconds' is not allowed in a Pass state", '"TimeoutSeconds"'),
    ),
    (
        {"A": {"Type": "Pass", "Nxt": "B"}, "B": {"Type": "Succeed"}},
        ("unknown-field", "'Nxt' is not allowed in a Pass state; did you mean 'Next'?", '"Nxt"'),
    ),
    (
        {"A": {"Type": "Succeed", "Assign": {"x": 1}}},
        ("unknown-field", "'Assign' is not allowed in a Succeed state", '"Assign"'),
    ),
    (
        {"A": {"Type": "Fail", "OutputPath": "$"}},
        ("unknown-field", "'OutputPath' is not allowed in a Fail state", '"OutputPath"'),
    ),
    (
        {"A": _retry(Delay=3)},
        ("unknown-field", "'Delay' is not allowed in a retrier", '"Delay"'),
    ),
    (
        {"A": _task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "A", "Retry": 1}])},
        ("unknown-field", "'Retry' is not allowed in a catcher", '"Retry"'),
    ),
    (
        {"A": {**MAP, "ItemProcessor": {**MAP["ItemProcessor"], "QueryLanguage": "JSONata"}}},
        ("unknown-field", "'QueryLanguage' is not allowed in an ItemProcessor", '"QueryLanguage"'),
    ),
    (
        {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": True, "Nxt": "A"}]}},
        ("unknown-field", "'Nxt' is not allowed in a Choice rule; did you mean 'Next'?", '"Nxt"'),
    ),
    (
        {
            "A": {
                **MAP,
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"Header": "x"},
                },
            }
        },
        (
            "unknown-field",
            "'Header' is not allowed in a ReaderConfig; did you mean 'CSVHeaders'?",
            '"Header"',
        ),
    ),
    (
        {"A": _task(Credentials={"Role": "arn:aws:iam::1:role/r"})},
        (
            "unknown-field",
            "'Role' is not allowed in a Credentials object; did you mean 'RoleArn'?",
            '"Role"',
        ),
    ),
    # missing fields: the state's name key / the object's key
    (
        {"A": {"Type": "Task", "End": True}},
        ("missing-field", "a Task state needs 'Resource'", '"A"'),
    ),
    (
        {"A": {"Type": "Choice"}},
        ("missing-field", "a Choice state needs 'Choices'", '"A"'),
    ),
    (
        {"A": {"End": True}},
        ("missing-field", "a state needs 'Type'", '"A"'),
    ),
    (
        {"A": {"Type": "Map", "End": True}},
        ("missing-field", "a Map state needs 'ItemProcessor' or 'Iterator'", '"A"'),
    ),
    (
        {"A": {**MAP, "ItemProcessor": {"States": {"I": {"Type": "Succeed"}}}}},
        ("missing-field", "an ItemProcessor needs 'StartAt'", '"ItemProcessor"'),
    ),
    (
        {
            "A": {
                **MAP,
                "ItemProcessor": {
                    **MAP["ItemProcessor"],
                    "ProcessorConfig": {"Mode": "DISTRIBUTED"},
                },
            }
        },
        ("missing-field", "a ProcessorConfig needs 'ExecutionType'", '"ProcessorConfig"'),
    ),
    (
        {"A": {"Type": "Parallel", "End": True, "Branches": [{"StartAt": "B"}]}},
        ("missing-field", "a Parallel branch needs 'States'", '{"StartAt": "B"}'),
    ),
    # invalid values: the value
    (
        {"A": _retry(BackoffRate=0.5)},
        ("invalid-value", "BackoffRate must be >= 1.0", "0.5"),
    ),
    (
        {"A": _retry(IntervalSeconds=1.5)},
        ("invalid-value", "'IntervalSeconds' must be an integer", "1.5"),
    ),
    (
        {"A": _retry(IntervalSeconds=0)},
        ("invalid-value", "IntervalSeconds must be >= 1", "0"),
    ),
    (
        {"A": _retry(MaxAttempts=-1)},
        ("invalid-value", "MaxAttempts must be >= 0", "-1"),
    ),
    (
        {"A": _retry(JitterStrategy="FULLY")},
        (
            "invalid-value",
            "'FULLY' is not a valid JitterStrategy; expected one of FULL, NONE; "
            "did you mean 'FULL'?",
            '"FULLY"',
        ),
    ),
    (
        {"A": _retry(MaxDelaySeconds=0)},
        ("invalid-value", "MaxDelaySeconds must be >= 1", "0"),
    ),
    (
        {"A": _task(Retry=[{"ErrorEquals": []}])},
        ("invalid-value", "'ErrorEquals' must not be empty", "[]"),
    ),
    (
        {"A": _task(Retry=[{"ErrorEquals": ["States.ALL", 5]}])},
        ("invalid-value", "'ErrorEquals[1]' must be a string", "5"),
    ),
    (
        {"A": {"Type": "Tsk"}},
        (
            "invalid-value",
            "'Tsk' is not a state type; expected one of Pass, Task, Choice, Wait, Succeed, Fail, "
            "Parallel, Map; did you mean 'Task'?",
            '"Tsk"',
        ),
    ),
    (
        {"A": {"Type": "pass", "End": True}},
        (
            "invalid-value",
            "'pass' is not a state type; expected one of Pass, Task, Choice, Wait, Succeed, Fail, "
            "Parallel, Map; did you mean 'Pass'?",
            '"pass"',
        ),
    ),
    (
        {"A": _task(TimeoutSeconds=0)},
        ("invalid-value", "TimeoutSeconds must be >= 1", "0"),
    ),
    (
        {"A": _task(TimeoutSeconds="soon")},
        (
            "invalid-value",
            "'TimeoutSeconds' must be an integer or a JSONata expression {% ... %}",
            '"soon"',
        ),
    ),
    (
        {"A": {"Type": "Wait", "Seconds": -1, "End": True}},
        ("invalid-value", "Seconds must be >= 0", "-1"),
    ),
    (
        {"A": {**MAP, "ToleratedFailurePercentage": 150}},
        ("invalid-value", "ToleratedFailurePercentage must be <= 100", "150"),
    ),
    (
        {"A": {**MAP, "Label": "x" * 41}},
        ("invalid-value", "'Label' must be at most 40 characters long", '"' + "x" * 41 + '"'),
    ),
    (
        {
            "A": {
                **MAP,
                "ItemProcessor": {**MAP["ItemProcessor"], "ProcessorConfig": {"Mode": "Inline"}},
            }
        },
        (
            "invalid-value",
            "'Inline' is not a valid Mode; expected one of INLINE, DISTRIBUTED; "
            "did you mean 'INLINE'?",
            '"Inline"',
        ),
    ),
    (
        {
            "A": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.x", "NumericEquals": "5", "Next": "A"}],
            }
        },
        ("invalid-value", "'NumericEquals' must be a number", '"5"'),
    ),
    (
        {
            "A": {
                "Type": "Choice",
                "Choices": [{"And": [{"Variable": "$.x", "IsNull": "yes"}], "Next": "A"}],
            }
        },
        ("invalid-value", "'IsNull' must be a boolean", '"yes"'),
    ),
    (
        {"A": {"Type": "Choice", "Choices": []}},
        ("invalid-value", "'Choices' must not be empty", "[]"),
    ),
    (
        {"A": {"Type": "Pass", "End": "yes"}},
        ("invalid-value", "'End' must be a boolean", '"yes"'),
    ),
    (
        {"A": {"Type": "Pass", "End": True, "ResultPath": 5}},
        ("invalid-value", "'ResultPath' must be a string or null", "5"),
    ),
    (
        {"A": {"Type": "Pass", "End": True, "QueryLanguage": "JsonPath"}},
        (
            "invalid-value",
            "'JsonPath' is not a query language; expected one of JSONPath, JSONata; "
            "did you mean 'JSONPath'?",
            '"JsonPath"',
        ),
    ),
    (
        {"A": _task(Arguments=5)},
        ("invalid-value", "'Arguments' must be an object or a JSONata expression {% ... %}", "5"),
    ),
]


@pytest.mark.parametrize(("states", "expected"), BAD_SNIPPETS)
def test_bad_snippet_gives_one_precise_finding(
    states: dict[str, object], expected: tuple[str, str, str]
) -> None:
    assert _one(_machine(states)) == expected


def test_root_problems() -> None:
    text = json.dumps(
        {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}, "Version": "2.0", "Foo": 1}
    )
    got = [(f.kind, f.message, text[f.span.start : f.span.end]) for f in _findings(text)]
    assert got == [
        ("invalid-value", "'2.0' is not a valid Version; expected one of 1.0", '"2.0"'),
        ("unknown-field", "'Foo' is not allowed in a state machine", '"Foo"'),
    ]
    text = json.dumps({"States": {"A": {"Type": "Succeed"}}, "TimeoutSeconds": -5})
    got = [(f.kind, f.message, f.path) for f in _findings(text)]
    assert got == [
        ("missing-field", "a state machine needs 'StartAt'", ()),
        ("invalid-value", "TimeoutSeconds must be >= 0", ("TimeoutSeconds",)),
    ]


def test_a_misspelt_required_field_is_one_finding() -> None:
    text = _machine({"A": _task(Catch=[{"Error Equals": ["States.ALL"], "Next": "A"}])})
    assert _one(text) == (
        "unknown-field",
        "'Error Equals' is not allowed in a catcher; did you mean 'ErrorEquals'?",
        '"Error Equals"',
    )


def test_a_field_of_another_context_gets_no_misleading_suggestion() -> None:
    text = _machine(
        {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": True, "End": True}]}}
    )
    assert _one(text)[1] == "'End' is not allowed in a Choice rule"
    text = _machine({"A": {"Type": "Succeed", "ResultPath": "$.x"}})
    assert _one(text)[1] == "'ResultPath' is not allowed in a Succeed state"


def test_every_problem_is_found_in_one_pass_without_duplicates() -> None:
    text = _machine(
        {
            "A": {"Type": "Pass", "TimeoutSeconds": 5, "Next": "B"},
            "B": _task(Retry=[{"ErrorEquals": [], "BackoffRate": 0}], HeartbeatSeconds=0),
            "C": {"Type": "Tsk", "Foo": 1},
            "D": {
                "Type": "Parallel",
                "End": True,
                "Branches": [{"StartAt": "E", "States": {"E": {"Type": "Wat"}}}],
            },
        }
    )
    findings = _findings(text)
    assert [(f.kind, f.path) for f in findings] == [
        ("unknown-field", ("States", "A", "TimeoutSeconds")),
        ("invalid-value", ("States", "B", "Retry", 0, "ErrorEquals")),
        ("invalid-value", ("States", "B", "Retry", 0, "BackoffRate")),
        ("invalid-value", ("States", "B", "HeartbeatSeconds")),
        ("invalid-value", ("States", "C", "Type")),
        ("invalid-value", ("States", "D", "Branches", 0, "States", "E", "Type")),
    ]
    assert len({(f.kind, f.path, f.message) for f in findings}) == len(findings)
    for finding in findings:
        assert "valid under" not in finding.message and "oneOf" not in finding.message


def test_spans_are_code_point_offsets_with_non_ascii_text() -> None:
    text = _machine({"Étape 🚀": {"Type": "Pass", "End": True, "Größe": 1}, "Ω": {"Type": "Task"}})
    findings = _findings(text)
    assert [(f.message, text[f.span.start : f.span.end]) for f in findings] == [
        ("'Größe' is not allowed in a Pass state", '"Größe"'),
        ("a Task state needs 'Resource'", '"Ω"'),
    ]


def test_valid_definitions_in_both_query_languages_are_clean() -> None:
    jsonpath = _machine(
        {
            "A": _task(
                Parameters={"x.$": "$.x"},
                ResultSelector={"y.$": "$.y"},
                ResultPath="$.r",
                TimeoutSecondsPath="$.t",
                HeartbeatSeconds=10,
                Credentials={"RoleArn": "arn:aws:iam::123456789012:role/r"},
                Retry=[
                    {
                        "ErrorEquals": ["States.TaskFailed"],
                        "IntervalSeconds": 2,
                        "MaxAttempts": 0,
                        "BackoffRate": 1.5,
                        "MaxDelaySeconds": 10,
                        "JitterStrategy": "FULL",
                    }
                ],
                Catch=[{"ErrorEquals": ["States.ALL"], "Next": "B", "ResultPath": None}],
                Assign={"v.$": "$.x"},
                End=None,
                Next="B",
            ),
            "B": {
                "Type": "Choice",
                "Choices": [
                    {"Not": {"Variable": "$.a", "IsPresent": False}, "Next": "C"},
                    {"Or": [{"Variable": "$.a", "StringMatches": "a*"}], "Next": "C", "Assign": {}},
                ],
                "Default": "D",
            },
            "C": {
                "Type": "Map",
                "ItemsPath": "$$.Execution.Input.items",
                "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {
                        "InputType": "CSV",
                        "CSVHeaderLocation": "GIVEN",
                        "CSVHeaders": ["a"],
                        "MaxItems": 10,
                    },
                    "Parameters": {"Bucket": "b", "Key": "k"},
                },
                "ItemBatcher": {"MaxItemsPerBatch": 10, "BatchInput": {"x": 1}},
                "ResultWriter": {
                    "Resource": "arn:aws:states:::s3:putObject",
                    "Parameters": {"Bucket": "b", "Prefix": "p"},
                    "WriterConfig": {"OutputType": "JSONL", "Transformation": "FLATTEN"},
                },
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "I",
                    "States": {"I": {"Type": "Succeed"}},
                },
                "MaxConcurrency": 100,
                "ToleratedFailurePercentage": 5.5,
                "ToleratedFailureCountPath": "$.n",
                "Label": "Lbl",
                "Next": "D",
            },
            "D": {"Type": "Wait", "SecondsPath": "$.s", "Next": "E"},
            "E": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('{}', $.c)"},
        },
        Comment="c",
        Version="1.0",
        TimeoutSeconds=100,
    ).replace('"End": null,', "")
    assert _findings(jsonpath) == []
    jsonata = _machine(
        {
            "A": _task(
                Arguments="{% $states.input %}",
                Output={"r": "{% $states.result %}"},
                TimeoutSeconds="{% $t %}",
                Assign={"x": "{% 1 %}"},
            ),
            "B": {
                "Type": "Choice",
                "Choices": [
                    {"Condition": "{% $x > 1 %}", "Next": "A", "Output": {}, "Assign": {"y": 1}}
                ],
            },
            "C": {
                "Type": "Map",
                "Items": "{% [1,2] %}",
                "MaxConcurrency": "{% 2 %}",
                **{k: MAP[k] for k in ("End", "ItemProcessor")},
            },
            "D": {"Type": "Wait", "Seconds": "{% $s %}", "End": True},
            "E": {"Type": "Fail", "Error": "{% 'E' %}", "Cause": "c"},
        },
        QueryLanguage="JSONata",
    )
    assert _findings(jsonata) == []


def test_placeholders_are_tolerated_only_when_asked() -> None:
    text = _machine(
        {
            "A": _task(
                TimeoutSeconds="${Timeout}", Retry=[{"ErrorEquals": ["X"], "MaxAttempts": "${N}"}]
            ),
            "B": {
                **MAP,
                "ItemProcessor": {**MAP["ItemProcessor"], "ProcessorConfig": {"Mode": "${Mode}"}},
            },
        }
    )
    assert _findings(text, placeholders=True) == []
    assert [f.path[-1] for f in _findings(text)] == ["TimeoutSeconds", "MaxAttempts", "Mode"]
    # A placeholder does not excuse a value of the wrong kind that is not a placeholder.
    text = _machine({"A": _task(TimeoutSeconds="soon")})
    assert len(_findings(text, placeholders=True)) == 1


def test_intrinsic_function_objects_are_never_errors() -> None:
    text = _machine(
        {
            "A": _task(
                Resource={"Fn::GetAtt": ["Fn", "Arn"]},
                TimeoutSeconds={"Ref": "Timeout"},
                Comment={"Fn::Sub": "${AWS::StackName}"},
                Credentials={"RoleArn": {"Fn::Join": ["", ["arn:", "x"]]}},
            ),
        }
    )
    assert _findings(text) == []
    # Not an intrinsic (two keys): reported.
    text = _machine({"A": _task(Resource={"Ref": "X", "Other": 1})})
    assert [f.message for f in _findings(text)] == ["'Resource' must be a string"]


def test_yaml_short_form_tags_are_never_errors() -> None:
    def key(name: str, start: int) -> StringNode:
        return StringNode(name, start, start + len(name))

    state = ObjectNode(
        (
            Member(key("Type", 0), StringNode("Task", 6, 10), 0, 10),
            Member(key("Resource", 11), StringNode("Fn", 21, 28, tag="!GetAtt"), 11, 28),
            Member(key("TimeoutSeconds", 29), StringNode("T", 45, 52, tag="!Ref"), 29, 52),
            Member(key("End", 53), StringNode("yes", 58, 61), 53, 61),
        ),
        0,
        61,
    )
    states = ObjectNode((Member(key("A", 62), state, 62, 70),), 62, 70)
    root = ObjectNode(
        (
            Member(key("StartAt", 71), StringNode("A", 80, 81), 71, 81),
            Member(key("States", 82), states, 82, 90),
        ),
        0,
        90,
    )
    assert [(f.message, f.span) for f in schema_findings(root)] == [
        ("'End' must be a boolean", Span(58, 61))
    ]


def test_a_key_still_being_typed_is_left_to_the_parser() -> None:
    text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": , "End": true}}}'
    result = parse_json(text)
    assert result.diagnostics  # the syntax error is the parser's finding
    assert isinstance(result.root, ObjectNode)
    assert schema_findings(result.root) == []


def test_payload_contents_are_not_schema_checked() -> None:
    text = _machine(
        {
            "A": _task(
                Parameters={"Type": "Bogus", "Next": 5, "TimeoutSeconds": "x", "States": {"Q": {}}},
                ResultSelector={"Retry": "no"},
                Assign={"x": {"Type": 1}},
            )
        }
    )
    assert _findings(text) == []


def test_a_state_named_like_a_payload_field_is_still_checked() -> None:
    text = _machine({"Parameters": {"Type": "Pass", "End": True, "Bogus": 1}})
    assert _one(text) == ("unknown-field", "'Bogus' is not allowed in a Pass state", '"Bogus"')


def _not_chain(depth: int) -> str:
    rule = '{"Variable": "$.x", "IsNull": true}'
    for _ in range(depth):
        rule = '{"Not": ' + rule + "}"
    return (
        '{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Not": '
        + rule
        + ', "Next": "A"}]}}}'
    )


def test_deep_nesting_is_reported_not_crashed() -> None:
    findings = _findings(_not_chain(MAX_DEPTH + 100))
    assert len(findings) == 1
    assert findings[0].kind == "invalid-value"
    assert f"nested more than {MAX_DEPTH} levels deep" in findings[0].message
    assert findings[0].path[-1] == "Not"


def test_ten_thousand_levels_never_crash() -> None:
    leaf: Node = ObjectNode((), 0, 2)
    for _ in range(10_000):
        leaf = ObjectNode((Member(StringNode("Not", 0, 5), leaf, 0, 2),), 0, 2)
    # The parser stops at 512 levels, so the tree is built directly (as another front end could).
    rule = ObjectNode((Member(StringNode("Not", 0, 5), leaf, 0, 2),), 0, 2)
    choice = ObjectNode(
        (
            Member(StringNode("Type", 0, 6), StringNode("Choice", 0, 8), 0, 8),
            Member(StringNode("Choices", 0, 9), ArrayNode((rule,), 0, 2), 0, 2),
        ),
        0,
        2,
    )
    states = ObjectNode((Member(StringNode("A", 0, 3), choice, 0, 2),), 0, 2)
    deep_root = ObjectNode(
        (
            Member(StringNode("StartAt", 0, 9), StringNode("A", 0, 3), 0, 2),
            Member(StringNode("States", 0, 8), states, 0, 2),
        ),
        0,
        2,
    )
    findings = schema_findings(deep_root)
    assert [f.kind for f in findings] == ["invalid-value"]


def test_huge_numbers_do_not_break_validation() -> None:
    text = _machine({"A": _retry(MaxAttempts=12345)}).replace("12345", "1e999")
    result = parse_json(text)
    assert isinstance(result.root, ObjectNode)
    findings = schema_findings(result.root)
    assert [(f.kind, f.message) for f in findings] == [
        ("invalid-value", "MaxAttempts must be <= 99999999")
    ]


def test_large_valid_definition_is_clean() -> None:
    states: dict[str, object] = {}
    for index in range(5000):
        states[f"S{index}"] = _task(
            Parameters={"FunctionName": "f", "Payload.$": "$"},
            Retry=[{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1}],
            End=None,
            Next=f"S{index + 1}",
        )
    states["S5000"] = {"Type": "Succeed"}
    text = _machine(states).replace('"End": null,', "")
    assert _findings(text) == []


@pytest.mark.parametrize("name", ["1", "01", "0"])
def test_a_state_named_by_digits_is_checked(name: str) -> None:
    """jsonschema_rs names such a key by its number in error paths; the finding still finds it,
    also in a nested state machine."""
    inner = {"Type": "Parallel", "End": True, "Branches": [{"StartAt": name, "States": {name: {}}}]}
    text = _machine({name: {"Type": "Wait", "Seconds": "x", "End": True}, "P": inner})
    findings = _findings(text)
    seconds = "'Seconds' must be an integer or a JSONata expression {% ... %}"
    assert [(f.message, f.path) for f in findings] == [
        (seconds, ("States", name, "Seconds")),
        ("a state needs 'Type'", ("States", "P", "Branches", 0, "States", name)),
    ]
    assert text[findings[1].span.start : findings[1].span.end] == f'"{name}"'
