"""Definitions the differential suite runs on both moto's interpreter and the local engine.

``CORPUS`` names public definitions from the shared corpus (with the input to run them on);
``OWN`` are written for this suite to cover every state type, the Choice operators, intrinsics,
Retry/Catch, Map and Parallel. No Task states: moto would need real services for them.
"""

from __future__ import annotations

from typing import Any

ITEMS = {"items": [{"id": 1, "v": "a"}, {"id": 2, "v": "b"}, {"id": 3, "v": "c"}], "foo": [1, 2]}

CORPUS: dict[str, Any] = {
    "asl-validator/src/__tests__/definitions/valid-context.json": {},
    "asl-validator/src/__tests__/definitions/valid-current-value-predicate.json": {},
    "asl-validator/src/__tests__/definitions/valid-fail-paths.json": {},
    "asl-validator/src/__tests__/definitions/valid-fail.json": {},
    "asl-validator/src/__tests__/definitions/valid-intrinsic-functions.asl.json": {},
    "asl-validator/src/__tests__/definitions/valid-map-inline.asl.json": {},
    "asl-validator/src/__tests__/definitions/valid-math-add.json": {},
    "asl-validator/src/__tests__/definitions/valid-parallel-nested-2.json": {},
    "asl-validator/src/__tests__/definitions/valid-parallel-nested.json": {},
    "asl-validator/src/__tests__/definitions/valid-parallel-parameters.json": {},
    "asl-validator/src/__tests__/definitions/valid-parallel-with-catch.json": {},
    "asl-validator/src/__tests__/definitions/valid-parallel-with-result-path.json": {},
    "asl-validator/src/__tests__/definitions/valid-parallel-with-retry.json": {},
    "asl-validator/src/__tests__/definitions/valid-parameters-resultSelector.json": {},
    "asl-validator/src/__tests__/definitions/valid-pass-negativeIndex.json": {},
    "asl-validator/src/__tests__/definitions/valid-path-array-context.json": {},
    "asl-validator/src/__tests__/definitions/valid-path-with-hypen.json": {},
    "asl-validator/src/__tests__/definitions/valid-succeed.json": {},
    "awslabs-statelint/test/choice-nested-comment.json": {},
    "awslabs-statelint/test/choice-rule-with-comment.json": {},
    "awslabs-statelint/test/fail-with-error-and-cause-path-using-intrinsic-functions.json": {},
    "awslabs-statelint/test/fail-with-error-and-cause-path.json": {},
    "awslabs-statelint/test/parallel-with-resultpath.json": {},
    "awslabs-statelint/test/pass-with-io-path-context-object.json": {},
    "awslabs-statelint/test/pass-with-null-inputpath.json": {},
    "awslabs-statelint/test/pass-with-null-outputpath.json": {},
    "awslabs-statelint/test/pass-with-resultpath.json": {},
    "asls/json-documentStartAtValid.asl.json": {},
    "asls/json-documentChoiceNoDefault.asl.json": {},
    "asls/json-documentChoiceNextBeforeChoice.asl.json": {},
    "asls/json-documentFailErrorAndCauseValid.asl.json": {},
    "asls/json-documentFailErrorAndNoCauseValid.asl.json": {},
    "asls/json-documentFailNoErrorAndCauseValid.asl.json": {},
    "asls/json-documentFailNoErrorAndNoCauseValid.asl.json": {},
    "asls/json-documentFailErrorPathAndCausePathValid.asl.json": {},
    "asls/json-documentFailErrorPathAndNoCauseValid.asl.json": {},
    "asls/json-documentFailNoErrorAndCausePathValid.asl.json": {},
    "asls/json-documentFailErrorPathAndCauseValid.asl.json": {},
    "asls/json-documentFailErrorAndCausePathValid.asl.json": {},
    "asls/json-documentFailErrorPathAndCausePathContextValid.asl.json": {},
    "asls/json-documentFailErrorPathAndCausePathIntrinsicValid.asl.json": {},
    "asls/json-documentFailErrorPathAndCausePathIntrinsicNestedValid.asl.json": {},
    "asls/json-documentMapWithAssign.asl.json": {},
    "asls/json-documentChoiceWithAssign.asl.json": {},
    "asls/json-documentParallelWithAssign.asl.json": {},
    "asls/json-documentPassWithAssign.asl.json": {},
    "awslabs-statelint/test/choice-with-context-object.json": {},
    "asls/json-documentMapCatchTemplate.asl.json": {},
    "awslabs-statelint/test/map-with-itemprocessor.json": {},
    "asl-validator/src/__tests__/definitions/valid-map-resultSelector.json": {},
    "asl-validator/src/__tests__/definitions/valid-hello-world.json": {},
}


def _m(states: dict[str, Any], start: str | None = None, **top: Any) -> dict[str, Any]:
    return {"StartAt": start or next(iter(states)), "States": states, **top}


def _choice(rule: dict[str, Any]) -> dict[str, Any]:
    return _m(
        {
            "C": {"Type": "Choice", "Choices": [{**rule, "Next": "Yes"}], "Default": "No"},
            "Yes": {"Type": "Pass", "Result": {"branch": "yes"}, "End": True},
            "No": {"Type": "Pass", "Result": {"branch": "no"}, "End": True},
        }
    )


CHOICE_INPUT = {
    "s": "hello.txt",
    "n": 5,
    "f": 2.5,
    "b": True,
    "t": "2024-01-02T03:04:05Z",
    "t2": "2024-06-01T00:00:00Z",
    "nul": None,
    "other": "world",
    "m": 5,
}

OWN: dict[str, tuple[dict[str, Any], Any]] = {
    "pass-result-resultpath": (
        _m({"P": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "End": True}}),
        {"a": 1},
    ),
    "pass-parameters-paths": (
        _m(
            {
                "P": {
                    "Type": "Pass",
                    "InputPath": "$.in",
                    "Parameters": {
                        "v.$": "$.v",
                        "const": "c",
                        "nested": {"w.$": "$.w"},
                        "all.$": "$",
                    },
                    "OutputPath": "$.nested",
                    "End": True,
                }
            }
        ),
        {"in": {"v": 1, "w": [1, 2]}},
    ),
    "pass-resultpath-null": (
        _m({"P": {"Type": "Pass", "Result": 5, "ResultPath": None, "End": True}}),
        {"keep": True},
    ),
    "pass-chain-deep-resultpath": (
        _m(
            {
                "A": {"Type": "Pass", "Result": 1, "ResultPath": "$.x.y.z", "Next": "B"},
                "B": {"Type": "Pass", "Result": [1, 2], "ResultPath": "$.x.list", "Next": "C"},
                "C": {"Type": "Pass", "OutputPath": "$.x", "End": True},
            }
        ),
        {"x": {"keep": 1}},
    ),
    "pass-context-object": (
        _m(
            {
                "P": {
                    "Type": "Pass",
                    "Parameters": {
                        "name.$": "$$.Execution.Name",
                        "state.$": "$$.State.Name",
                        "sm.$": "$$.StateMachine.Name",
                        "input.$": "$$.Execution.Input",
                        "retry.$": "$$.State.RetryCount",
                    },
                    "End": True,
                }
            }
        ),
        {"hello": "world"},
    ),
    "intrinsics-format-json": (
        _m(
            {
                "P": {
                    "Type": "Pass",
                    "Parameters": {
                        "f.$": "States.Format('Hello {}, you are {}', $.name, $.age)",
                        "js.$": "States.JsonToString($.obj)",
                        "sj.$": "States.StringToJson('{\"a\":[1,2]}')",
                        "arr.$": "States.Array(1, 'two', $.age)",
                    },
                    "End": True,
                }
            }
        ),
        {"name": "Ann", "age": 7, "obj": {"k": [1, {"z": None}]}},
    ),
    "intrinsics-arrays": (
        _m(
            {
                "P": {
                    "Type": "Pass",
                    "Parameters": {
                        "part.$": "States.ArrayPartition($.a, 2)",
                        "contains.$": "States.ArrayContains($.a, 3)",
                        "range.$": "States.ArrayRange(1, 9, 2)",
                        "item.$": "States.ArrayGetItem($.a, 1)",
                        "len.$": "States.ArrayLength($.a)",
                        "uniq.$": "States.ArrayUnique($.d)",
                    },
                    "End": True,
                }
            }
        ),
        {"a": [1, 2, 3, 4, 5], "d": [1, 1, 2, "x", "x"]},
    ),
    "intrinsics-encoding-math": (
        _m(
            {
                "P": {
                    "Type": "Pass",
                    "Parameters": {
                        "b64.$": "States.Base64Encode($.s)",
                        "dec.$": "States.Base64Decode('aGVsbG8=')",
                        "hash.$": "States.Hash($.s, 'SHA-256')",
                        "md5.$": "States.Hash($.s, 'MD5')",
                        "add.$": "States.MathAdd($.n, -3)",
                        "split.$": "States.StringSplit('a,b,,c', ',')",
                        "merge.$": "States.JsonMerge($.o1, $.o2, false)",
                        "uuidlen.$": "States.ArrayLength(States.StringSplit(States.UUID(), '-'))",
                    },
                    "End": True,
                }
            }
        ),
        {"s": "hello", "n": 10, "o1": {"a": 1, "b": {"x": 1}}, "o2": {"b": {"y": 2}, "c": 3}},
    ),
    "intrinsic-failure": (
        _m(
            {
                "P": {
                    "Type": "Pass",
                    "Parameters": {"x.$": "States.ArrayGetItem($.a, 10)"},
                    "End": True,
                }
            }
        ),
        {"a": [1]},
    ),
    "inputpath-missing": (
        _m({"P": {"Type": "Pass", "InputPath": "$.nope", "End": True}}),
        {"a": 1},
    ),
    "parameters-path-missing": (
        _m({"P": {"Type": "Pass", "Parameters": {"x.$": "$.nope"}, "End": True}}),
        {"a": 1},
    ),
    "choice-string-ops": (
        _m(
            {
                "C": {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.s", "StringEquals": "nope", "Next": "No"},
                        {
                            "And": [
                                {"Variable": "$.s", "StringMatches": "*.txt"},
                                {"Variable": "$.s", "StringLessThan": "world"},
                                {"Variable": "$.s", "StringGreaterThanEquals": "hello"},
                                {"Variable": "$.s", "StringEqualsPath": "$.s"},
                                {"Not": {"Variable": "$.s", "StringGreaterThanPath": "$.other"}},
                            ],
                            "Next": "Yes",
                        },
                    ],
                    "Default": "No",
                },
                "Yes": {"Type": "Pass", "Result": {"branch": "yes"}, "End": True},
                "No": {"Type": "Pass", "Result": {"branch": "no"}, "End": True},
            }
        ),
        CHOICE_INPUT,
    ),
    "choice-numeric-ops": (
        _choice(
            {
                "And": [
                    {"Variable": "$.n", "NumericEquals": 5},
                    {"Variable": "$.n", "NumericGreaterThan": 4.5},
                    {"Variable": "$.f", "NumericLessThan": 3},
                    {"Variable": "$.f", "NumericLessThanEquals": 2.5},
                    {"Variable": "$.n", "NumericGreaterThanEquals": 5},
                    {"Variable": "$.n", "NumericEqualsPath": "$.m"},
                    {"Variable": "$.f", "NumericLessThanPath": "$.n"},
                ]
            }
        ),
        CHOICE_INPUT,
    ),
    "choice-timestamp-ops": (
        _choice(
            {
                "And": [
                    {"Variable": "$.t", "TimestampLessThan": "2024-01-02T03:04:06Z"},
                    {"Variable": "$.t", "TimestampEquals": "2024-01-02T03:04:05Z"},
                    {"Variable": "$.t", "TimestampGreaterThanEquals": "2023-12-31T23:59:59Z"},
                    {"Variable": "$.t", "TimestampLessThanPath": "$.t2"},
                    {"Variable": "$.t2", "TimestampGreaterThan": "2024-05-31T23:59:59Z"},
                ]
            }
        ),
        CHOICE_INPUT,
    ),
    "choice-type-tests": (
        _choice(
            {
                "And": [
                    {"Variable": "$.n", "IsNumeric": True},
                    {"Variable": "$.s", "IsString": True},
                    {"Variable": "$.b", "IsBoolean": True},
                    {"Variable": "$.nul", "IsNull": True},
                    {"Variable": "$.t", "IsTimestamp": True},
                    {"Variable": "$.s", "IsTimestamp": False},
                    {"Variable": "$.missing", "IsPresent": False},
                    {"Variable": "$.n", "IsPresent": True},
                    {"Variable": "$.b", "BooleanEquals": True},
                    {"Variable": "$.b", "BooleanEqualsPath": "$.b"},
                ]
            }
        ),
        CHOICE_INPUT,
    ),
    "choice-or-not-default": (
        _choice(
            {
                "Or": [
                    {"Variable": "$.n", "NumericEquals": 1},
                    {"Not": {"Variable": "$.s", "StringMatches": "hello*"}},
                ]
            }
        ),
        CHOICE_INPUT,
    ),
    "choice-type-mismatch-false": (_choice({"Variable": "$.s", "NumericEquals": 5}), CHOICE_INPUT),
    "choice-no-match": (
        _m(
            {
                "C": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "E"}],
                },
                "E": {"Type": "Succeed"},
            }
        ),
        {"n": 2},
    ),
    "choice-outputpath": (
        _m(
            {
                "C": {
                    "Type": "Choice",
                    "InputPath": "$.x",
                    "OutputPath": "$.y",
                    "Choices": [{"Variable": "$.y", "IsPresent": True, "Next": "E"}],
                    "Default": "E",
                },
                "E": {"Type": "Succeed"},
            }
        ),
        {"x": {"y": {"z": 1}}},
    ),
    "wait-zero-seconds": (
        _m(
            {
                "W": {"Type": "Wait", "Seconds": 0, "Next": "W2"},
                "W2": {"Type": "Wait", "SecondsPath": "$.s", "Next": "E"},
                "E": {"Type": "Succeed", "OutputPath": "$.keep"},
            }
        ),
        {"s": 0, "keep": {"k": 1}},
    ),
    "wait-timestamp-past": (
        _m(
            {
                "W": {"Type": "Wait", "Timestamp": "2020-01-01T00:00:00Z", "Next": "W2"},
                "W2": {"Type": "Wait", "TimestampPath": "$.ts", "End": True},
            }
        ),
        {"ts": "2021-01-01T00:00:00Z"},
    ),
    "fail-literal": (_m({"F": {"Type": "Fail", "Error": "MyError", "Cause": "because"}}), {}),
    "fail-paths": (
        _m({"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('n={}', $.n)"}}),
        {"e": "Custom.Error", "n": 3},
    ),
    "parallel-basic": (
        _m(
            {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        _m({"A": {"Type": "Pass", "Result": "a", "End": True}}),
                        _m({"B": {"Type": "Pass", "InputPath": "$.x", "End": True}}),
                        _m(
                            {
                                "C1": {"Type": "Pass", "Next": "C2"},
                                "C2": {"Type": "Pass", "Result": 3, "End": True},
                            }
                        ),
                    ],
                    "ResultSelector": {"first.$": "$[0]", "all.$": "$"},
                    "ResultPath": "$.out",
                    "End": True,
                }
            }
        ),
        {"x": {"v": 1}},
    ),
    "parallel-catch-branch-error": (
        _m(
            {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        _m({"F": {"Type": "Fail", "Error": "Boom", "Cause": "bad"}}),
                    ],
                    "Catch": [{"ErrorEquals": ["Boom"], "ResultPath": "$.err", "Next": "After"}],
                    "Next": "After",
                },
                "After": {"Type": "Pass", "End": True},
            }
        ),
        {"in": 1},
    ),
    "parallel-catch-all": (
        _m(
            {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        _m({"F": {"Type": "Fail", "Error": "Oops"}}),
                    ],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "After"}],
                    "End": True,
                },
                "After": {"Type": "Pass", "End": True},
            }
        ),
        {},
    ),
    "parallel-retry-then-catch": (
        _m(
            {
                "P": {
                    "Type": "Parallel",
                    "Branches": [_m({"F": {"Type": "Fail", "Error": "E1"}})],
                    "Retry": [
                        {
                            "ErrorEquals": ["E1"],
                            "MaxAttempts": 2,
                            "IntervalSeconds": 1,
                            "BackoffRate": 1.0,
                            "MaxDelaySeconds": 1,
                        }
                    ],
                    "Catch": [{"ErrorEquals": ["E1"], "ResultPath": "$.e", "Next": "Done"}],
                    "End": True,
                },
                "Done": {"Type": "Succeed"},
            }
        ),
        {"a": 1},
    ),
    "parallel-uncaught": (
        _m(
            {
                "P": {
                    "Type": "Parallel",
                    "Branches": [_m({"F": {"Type": "Fail", "Error": "Nope", "Cause": "c"}})],
                    "End": True,
                }
            }
        ),
        {},
    ),
    "parallel-nested-map": (
        _m(
            {
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        _m(
                            {
                                "M": {
                                    "Type": "Map",
                                    "ItemsPath": "$.foo",
                                    "ItemProcessor": _m(
                                        {
                                            "I": {
                                                "Type": "Pass",
                                                "Parameters": {"double.$": "States.MathAdd($, $)"},
                                                "End": True,
                                            }
                                        }
                                    ),
                                    "End": True,
                                }
                            }
                        )
                    ],
                    "End": True,
                }
            }
        ),
        ITEMS,
    ),
    "map-itemselector-context": (
        _m(
            {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "ItemSelector": {
                        "idx.$": "$$.Map.Item.Index",
                        "val.$": "$$.Map.Item.Value",
                        "foo.$": "$.foo",
                    },
                    "ItemProcessor": _m({"I": {"Type": "Pass", "End": True}}),
                    "End": True,
                }
            }
        ),
        ITEMS,
    ),
    "map-maxconcurrency-resultpath": (
        _m(
            {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "MaxConcurrency": 1,
                    "ItemProcessor": _m({"I": {"Type": "Pass", "InputPath": "$.v", "End": True}}),
                    "ResultSelector": {"n.$": "States.ArrayLength($)", "vals.$": "$"},
                    "ResultPath": "$.res",
                    "OutputPath": "$.res",
                    "End": True,
                }
            }
        ),
        ITEMS,
    ),
    "map-parameters-legacy-iterator": (
        _m(
            {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.foo",
                    "Parameters": {"x.$": "$$.Map.Item.Value"},
                    "Iterator": _m({"I": {"Type": "Pass", "End": True}}),
                    "End": True,
                }
            }
        ),
        ITEMS,
    ),
    "map-empty": (
        _m(
            {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.none",
                    "ItemProcessor": _m({"I": {"Type": "Pass", "End": True}}),
                    "End": True,
                }
            }
        ),
        {"none": []},
    ),
    "map-iteration-fails-caught": (
        _m(
            {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.foo",
                    "ItemProcessor": _m(
                        {
                            "C": {
                                "Type": "Choice",
                                "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}],
                                "Default": "Ok",
                            },
                            "Bad": {"Type": "Fail", "Error": "Two"},
                            "Ok": {"Type": "Pass", "End": True},
                        }
                    ),
                    "Catch": [
                        {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handled"}
                    ],
                    "End": True,
                },
                "Handled": {"Type": "Pass", "End": True},
            }
        ),
        ITEMS,
    ),
    "map-nested-map": (
        _m(
            {
                "M": {
                    "Type": "Map",
                    "ItemsPath": "$.rows",
                    "ItemProcessor": _m(
                        {
                            "Inner": {
                                "Type": "Map",
                                "ItemsPath": "$",
                                "ItemProcessor": _m(
                                    {
                                        "Leaf": {
                                            "Type": "Pass",
                                            "Parameters": {"v.$": "$"},
                                            "End": True,
                                        }
                                    }
                                ),
                                "End": True,
                            }
                        }
                    ),
                    "End": True,
                }
            }
        ),
        {"rows": [[1, 2], [3], []]},
    ),
    "succeed-with-paths": (
        _m({"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}}),
        {"a": {"b": [1, 2, 3]}},
    ),
    "variables-assign-jsonpath": (
        _m(
            {
                "A": {"Type": "Pass", "Assign": {"count.$": "$.n", "const": "c"}, "Next": "B"},
                "B": {
                    "Type": "Pass",
                    "Parameters": {"c.$": "$count", "k.$": "$const"},
                    "Assign": {"count.$": "States.MathAdd($count, 1)"},
                    "Next": "C",
                },
                "C": {
                    "Type": "Pass",
                    "Parameters": {"c.$": "$count", "prev.$": "$.c"},
                    "End": True,
                },
            }
        ),
        {"n": 41},
    ),
    "variables-read-in-parallel": (
        _m(
            {
                "A": {"Type": "Pass", "Assign": {"outer": 7}, "Next": "P"},
                "P": {
                    "Type": "Parallel",
                    "Branches": [
                        _m({"B": {"Type": "Pass", "Parameters": {"o.$": "$outer"}, "End": True}})
                    ],
                    "End": True,
                },
            }
        ),
        {},
    ),
    "outputpath-array-index": (
        _m({"P": {"Type": "Pass", "OutputPath": "$.a[1]", "End": True}}),
        {"a": [10, 20, 30]},
    ),
    "resultpath-on-array-index": (
        _m({"P": {"Type": "Pass", "Result": "X", "ResultPath": "$.a[0]", "End": True}}),
        {"a": [1, 2]},
    ),
}
