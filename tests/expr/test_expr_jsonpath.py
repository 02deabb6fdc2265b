"""ASL JSONPath: syntax checks per field kind (with offsets), evaluation, ResultPath."""

from __future__ import annotations

from typing import Any

import pytest

from asl_lsp.expr.errors import PathEvaluationError, ResultPathMatchFailure
from asl_lsp.expr.jsonpath import (
    PathKind,
    check_path,
    evaluate_path,
    is_path_like,
    normalized_path,
    parse_path,
    set_result_path,
)

# The example data of the AWS "Paths" page of the developer guide.
PATHS_DOC_INPUT = {"foo": 123, "bar": ["a", "b", "c"], "car": {"cdr": True}}

STORE = {
    "store": {
        "book": [
            {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
            {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
            {"category": "fiction", "author": "Herman Melville", "title": "Moby", "price": 8.99},
        ],
        "bicycle": {"color": "red", "price": 19.95},
    }
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$.foo", 123),
        ("$.bar", ["a", "b", "c"]),
        ("$.car.cdr", True),
        ("$", PATHS_DOC_INPUT),
        ("$['foo']", 123),
        ('$["car"]["cdr"]', True),
        ("$.bar[0]", "a"),
        ("$.bar[-1]", "c"),
        ("$.bar[*]", ["a", "b", "c"]),
        ("$.bar[0:2]", ["a", "b"]),
        ("$.bar[1:]", ["b", "c"]),
        ("$.bar[0,2]", ["a", "c"]),
        ("$.bar.length()", 3),
        ("  $.foo ", 123),
        ("$.bar.[1]", "b"),
        ("$.bar[(@.length-1)]", "c"),
    ],
)
def test_evaluate_paths_doc_examples(path: str, expected: Any) -> None:
    assert evaluate_path(path, PATHS_DOC_INPUT) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("$.store.book[*].author", ["Nigel Rees", "Evelyn Waugh", "Herman Melville"]),
        ("$..price", [8.95, 12.99, 8.99, 19.95]),
        ("$.store.book[?(@.price < 10)].title", ["Sayings", "Moby"]),
        ("$.store.book[?(@.category == 'fiction' && @.price > 10)].title", ["Sword"]),
        ("$.store.book[?(@.category != 'fiction' || @.price > 12)].title", ["Sayings", "Sword"]),
        ("$.store.book[?(@.author =~ /.*Rees/)].title", ["Sayings"]),
        ("$.store.book[?(@.category in ['reference'])].title", ["Sayings"]),
        ("$.store.book[?(@.isbn)].title", []),
        ("$.store.book[?(!(@.price < 10))].title", ["Sword"]),
        ("$.store.book[?(@.category == fiction)].title", ["Sword", "Moby"]),
        ("$.store.*.color", ["red"]),
        ("$..book[0].title", ["Sayings"]),
    ],
)
def test_evaluate_indefinite_paths_give_lists(path: str, expected: Any) -> None:
    assert evaluate_path(path, STORE) == expected


def test_context_and_variable_roots() -> None:
    ctx = {"Execution": {"Id": "arn:exec", "Input": {"a": 1}}, "Map": {"Item": {"Index": 3}}}
    assert evaluate_path("$$.Execution.Id", {}, context=ctx) == "arn:exec"
    assert evaluate_path("$$.Map.Item.Index", {}, context=ctx) == 3
    assert evaluate_path("$$", {}, context=ctx) == ctx
    variables = {"customer": {"name": "María", "tags": ["a", "b"]}, "n": 5}
    assert evaluate_path("$customer.name", {}, variables=variables) == "María"
    assert evaluate_path("$customer.tags[1]", {}, variables=variables) == "b"
    assert evaluate_path("$n", {}, variables=variables) == 5


def test_missing_variable_is_a_path_error() -> None:
    with pytest.raises(PathEvaluationError, match=r"The variable '\$nope' is not defined"):
        evaluate_path("$nope.x", {}, variables={})


def test_not_found_uses_aws_wording() -> None:
    with pytest.raises(PathEvaluationError) as info:
        evaluate_path("$.x.y", {"x": {}})
    assert info.value.message == "Invalid path '$.x.y' : No results for path: $['x']['y']"
    assert info.value.error == "States.Runtime"
    with pytest.raises(PathEvaluationError) as info2:
        evaluate_path("$.nope.deep", {"other": 1}, field="missing.$")
    assert info2.value.message == (
        "The JSONPath '$.nope.deep' specified for the field 'missing.$' could not be found in "
        "the input '{\"other\":1}'"
    )


def test_out_of_range_index_of_definite_path_is_null() -> None:
    assert evaluate_path("$.bar[7]", PATHS_DOC_INPUT) is None


def test_normalized_path() -> None:
    assert normalized_path(parse_path("$.a['b c'][0]")) == "$['a']['b c'][0]"


# --------------------------------------------------------------------------- checks


def _msgs(text: str, kind: PathKind) -> list[tuple[str, int, int]]:
    return [(e.message, e.start, e.end) for e in check_path(text, kind)]


@pytest.mark.parametrize(
    "path",
    [
        "$",
        "$.a.b",
        "$['a b']",
        "$.a[0]",
        "$.a[*]",
        "$..a",
        "$.a[?(@.x > 1)]",
        "$.a[1:3]",
        "$$.Execution.Input",
        "$var",
        "$var.field[0]",
        "$.détail.ünïcode",
        "$.a-b.c:d",
    ],
)
def test_valid_paths(path: str) -> None:
    assert check_path(path, PathKind.PATH) == []


@pytest.mark.parametrize(
    ("path", "message", "start", "end"),
    [
        ("a.b", "a path must start with '$'", 0, 1),
        ("", "a path must not be empty", 0, 0),
        ("$.a[", "unterminated bracket: missing ']'", 3, 4),
        ("$.a[0", "unterminated bracket: missing ']'", 3, 5),
        ("$.", "expected a name or '*' after '.'", 1, 2),
        ("$...", "expected a name, '*' or '[' after '..'", 1, 3),
        ("$.a b", "unexpected whitespace in a path", 3, 4),
        ("$.a[?(@.x > 1]", "unterminated filter: missing ')'", 5, 14),
        ("$.a[]", "empty brackets '[]'", 3, 5),
        ("$.a['x]", "unterminated bracket: missing ']'", 3, 7),
        ("$$23", "unexpected character '2' (expected '.' or '[')", 2, 3),
    ],
)
def test_syntax_errors_with_offsets(path: str, message: str, start: int, end: int) -> None:
    assert _msgs(path, PathKind.PATH) == [(message, start, end)]


@pytest.mark.parametrize(
    ("path", "message", "start", "end"),
    [
        ("$..a", "'..' (recursive descent) is not allowed in a reference path", 1, 4),
        ("$.a[*]", "'*' (wildcard) is not allowed in a reference path", 3, 6),
        ("$.a.*", "'*' (wildcard) is not allowed in a reference path", 3, 5),
        ("$.a[?(@.x)]", "a filter '[?(...)]' is not allowed in a reference path", 3, 11),
        ("$.a[0:2]", "a slice '[start:end]' is not allowed in a reference path", 3, 8),
        ("$['a','b']", "a union of names ['a','b'] is not allowed in a reference path", 1, 10),
        ("$.a[0,1]", "a union of indexes [0,1] is not allowed in a reference path", 3, 8),
        ("$.a.length()", "a path function is not allowed in a reference path", 3, 12),
    ],
)
def test_reference_path_restrictions(path: str, message: str, start: int, end: int) -> None:
    for kind in (PathKind.REFERENCE, PathKind.RESULT_PATH, PathKind.REFERENCE_WITH_CONTEXT):
        assert _msgs(path, kind) == [(message, start, end)]
    assert check_path(path, PathKind.PATH) == []


def test_context_object_allowed_only_where_documented() -> None:
    assert check_path("$$.Execution.Input.items", PathKind.REFERENCE_WITH_CONTEXT) == []
    assert check_path("$$.Execution.Input", PathKind.PATH) == []
    assert _msgs("$$.Execution.Id", PathKind.RESULT_PATH) == [
        ("the context object '$$' is not allowed in ResultPath", 0, 2)
    ]
    assert _msgs("$$.Execution.Id", PathKind.REFERENCE) == [
        ("the context object '$$' is not allowed in this reference path", 0, 2)
    ]


def test_variables_not_allowed_in_result_path() -> None:
    assert _msgs("$foo", PathKind.RESULT_PATH) == [
        ("a variable is not allowed in ResultPath (use Assign)", 0, 4)
    ]
    assert check_path("$foo.bar", PathKind.REFERENCE) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("$", True),
        ("$.a", True),
        ("$[0]", True),
        ("$$.Execution.Id", True),
        ("$customerName", True),
        ("$customerName.x", True),
        ("$5 off", False),
        ("USD $", False),
        ("hello", False),
        ("$ 100", False),
        (12, False),
    ],
)
def test_is_path_like(value: object, expected: bool) -> None:
    assert is_path_like(value) is expected


# --------------------------------------------------------------------------- ResultPath

TUTORIAL_INPUT = {
    "comment": "This is a test of the input and output of a Task state.",
    "details": "Default example",
    "who": "AWS Step Functions",
}
RESULT = "Hello, AWS Step Functions!"


def test_result_path_replace_input_with_result() -> None:
    assert set_result_path(TUTORIAL_INPUT, "$", RESULT) == RESULT


def test_result_path_include_result_with_input() -> None:
    assert set_result_path(TUTORIAL_INPUT, "$.taskresult", RESULT) == {
        **TUTORIAL_INPUT,
        "taskresult": RESULT,
    }


def test_result_path_child_node() -> None:
    data = {
        "comment": "An input comment.",
        "strings": {"string1": "foo", "string2": "bar", "string3": "baz"},
        "who": "AWS Step Functions",
    }
    out = set_result_path(data, "$.strings.lambdaresult", RESULT)
    assert out["strings"] == {
        "string1": "foo",
        "string2": "bar",
        "string3": "baz",
        "lambdaresult": RESULT,
    }
    assert "lambdaresult" not in data["strings"], "the input must not be mutated"


def test_result_path_update_existing_node() -> None:
    assert set_result_path(TUTORIAL_INPUT, "$.comment", RESULT)["comment"] == RESULT


def test_result_path_null_discards_result() -> None:
    assert set_result_path(TUTORIAL_INPUT, None, RESULT) == TUTORIAL_INPUT


def test_result_path_error_in_catch() -> None:
    assert set_result_path({"foo": "bar"}, "$.error", {"Error": "Error here"}) == {
        "foo": "bar",
        "error": {"Error": "Error here"},
    }


def test_result_path_creates_intermediate_objects() -> None:
    assert set_result_path({}, "$.a.b.c", 1) == {"a": {"b": {"c": 1}}}


def test_result_path_array_index() -> None:
    assert set_result_path({"a": [1, 2]}, "$.a[1]", 9) == {"a": [1, 9]}


@pytest.mark.parametrize(
    ("data", "path"),
    [({"a": 1}, "$.a.b"), ("text", "$.x"), ([1], "$.x"), ({"a": [1]}, "$.a[5]")],
)
def test_result_path_match_failure(data: Any, path: str) -> None:
    with pytest.raises(ResultPathMatchFailure) as info:
        set_result_path(data, path, 1)
    assert info.value.error == "States.ResultPathMatchFailure"
    assert info.value.message.startswith(f"Unable to apply ReferencePath {path} to input ")


def test_result_path_rejects_non_reference_paths() -> None:
    with pytest.raises(ResultPathMatchFailure):
        set_result_path({}, "$.a[*]", 1)


def test_hostile_paths_never_raise() -> None:
    for text in ["$" + "[" * 5000, "$" + ".a" * 10000, "$[?(" * 2000, "\x00$", "$['\\"]:
        assert isinstance(check_path(text, PathKind.PATH), list)
