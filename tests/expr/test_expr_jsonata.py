"""JSONata: templates, checks with offsets, evaluation with $states and the SFN additions."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from asl_lsp.expr.errors import JsonataEvaluationError
from asl_lsp.expr.jsonata import (
    JSONATA_FUNCTIONS,
    check_jsonata,
    check_jsonata_template,
    evaluate_jsonata,
    evaluate_jsonata_template,
    is_jsonata_template,
    jsonata_body,
    looks_like_jsonata,
    referenced_variables,
    surround_problem,
    unknown_function_calls,
)
from tests.shared_path import shared_dir

# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{% 10 %}", True),
        ("{%10%}", True),
        ("{% $states.input %}", True),
        ("{% 10 %", False),
        ("10 %}", False),
        (" {% 10 %}", False),
        ("{%}", False),
        ("$.a", False),
        (10, False),
    ],
)
def test_is_jsonata_template(value: object, expected: bool) -> None:
    assert is_jsonata_template(value) is expected


def test_jsonata_body_offsets() -> None:
    s = "{%   $x + 1 %}"
    body = jsonata_body(s)
    assert body == ("$x + 1", 5)
    assert s[5 : 5 + len("$x + 1")] == "$x + 1"
    assert jsonata_body("plain") is None
    assert looks_like_jsonata("  {% x") and looks_like_jsonata("x %}")
    assert not looks_like_jsonata("hello")


def _corpus_output(name: str) -> str:
    path = shared_dir() / "corpus" / "asl-validator" / "src" / "__tests__" / "definitions" / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    value: str = doc["States"]["X"]["Output"]
    return value


@pytest.mark.parametrize(
    ("fixture", "valid"),
    [
        ("valid-json-surround-syntax.json", True),
        ("valid-jsonata-syntax-function-call.json", True),
        ("valid-jsonata-syntax-path-expression.json", True),
        ("valid-jsonata-syntax-simple-arithmetic.json", True),
        # AWS requires only the '{%' start and '%}' end: no inner spaces, lines allowed.
        ("invalid-json-surround-syntax-extra-spaces.json", True),
        ("invalid-jsonata-surround-syntax-no-spaces.json", True),
        # Not templates at all: literal strings, which check_jsonata_template leaves alone.
        ("invalid-jsonata-surround-syntax-no-close.json", True),
        ("invalid-jsonata-surround-syntax-no-open.json", True),
        ("invalid-jsonata-syntax-arithmetic.json", False),
        ("invalid-jsonata-syntax-jsonpath-in-jsonata-surround.json", False),
        ("invalid-jsonata-syntax-mismatched-parens.json", False),
    ],
)
def test_asl_validator_surround_fixtures(fixture: str, valid: bool) -> None:
    """https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html"""
    errors = check_jsonata_template(_corpus_output(fixture))
    assert (errors == []) is valid, errors


@pytest.mark.parametrize(
    ("value", "message", "start", "end"),
    [
        ("{%10 + * 2%}", "Syntax error: 2 (S0201)", 9, 10),
        ("{% 10 + * 2 %}", "Syntax error: 2 (S0201)", 10, 11),
        ("{% $sum($states.input.items %}", "Expected ) before end of expression (S0203)", 26, 27),
    ],
)
def test_template_errors_with_offsets(value: str, message: str, start: int, end: int) -> None:
    errors = check_jsonata_template(value)
    assert (errors[0].message, errors[0].start, errors[0].end) == (message, start, end)


def test_space_before_closing_is_optional() -> None:
    # Published, deployed definitions write '{% $states.input%}'.
    assert check_jsonata_template("{% $states.input%}") == []


# --------------------------------------------------------------------------- checks


def _check(expr: str) -> list[tuple[str, str]]:
    return [(e.message, expr[e.start : e.end]) for e in check_jsonata(expr)]


@pytest.mark.parametrize(
    "expr",
    [
        "$states.input.a + 1",
        "$sum($states.input.items.(price * qty))",
        "( $x := $states.input.n; $x * 2 )",
        "$map($states.input.items, function($v, $i) { $v.id & '-' & $i })",
        "$states.input.items[price > 10].name",
        "$states.input.items[$.price > 10]",
        "{ 'total': $sum($states.input.items.price), 'n': $count($states.input.items) }",
        "$states.context.Execution.Id",
        "$partition($states.input.list, 2)",
        "$myVariable.field",
        "$states.input.name ~> $uppercase()",
        "/* comment */ $states.input.a",
        "$states.input.items#$i[$i < 2]",
    ],
)
def test_valid_expressions(expr: str) -> None:
    assert check_jsonata(expr) == []


def test_jsonpath_inside_jsonata() -> None:
    assert (
        "JSONPath syntax inside a JSONata expression: '$' cannot be used at the top level; use "
        "$states.input",
        "$",
    ) in _check("$.foo")
    assert _check("$$.Execution.Id") == [
        (
            "JSONPath syntax inside a JSONata expression: '$$' cannot be used at the top level; "
            "use $states.context",
            "$$",
        )
    ]


def test_top_level_field_reference() -> None:
    assert _check("foo.bar + 1") == [
        ("Reference to 'foo' at the top level is not supported; use $states.input.foo", "foo")
    ]


def test_eval_is_an_unknown_function_not_a_parse_error() -> None:
    """AWS parses the expression; the call fails when the execution evaluates it.

    https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
    """
    assert _check("$eval('1 + 1')") == []
    [error] = unknown_function_calls("$eval('1 + 1')")
    assert error.message == "$eval is not available in Step Functions; use $parse to read JSON text"
    assert (error.start, error.end) == (0, 5)


def test_unknown_function_calls() -> None:
    """Functions are resolved when the expression runs, not when AWS creates the machine.

    https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
    """
    expr = "$lowercas($states.input.x) & $f(1) & $uppercase('a') & $partition([1], 1)"
    [error] = unknown_function_calls("$f := function($x) { $x }; " + expr)
    assert error.message == (
        "'$lowercas' is not a JSONata or Step Functions function; did you mean '$lowercase'?"
    )
    assert [e.message.split("'")[1] for e in unknown_function_calls(expr)] == ["$lowercas", "$f"]
    # A call is never a variable read: calls are reported as functions.
    assert referenced_variables("$lowercas($v)") == [("v", 10)]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (" {% $x %} ", "remove the spaces around '{% ... %}' to make it an expression"),
        ("{% 10 %", "it does not end with '%}'"),
        ("10 %}", "it does not start with '{%'"),
        ("{%10%}", None),
        ("{% \n$x %}", None),
        ("plain", None),
    ],
)
def test_surround_problems_are_literal_strings(value: str, problem: str | None) -> None:
    """A string is JSONata only when it starts with '{%' and ends with '%}'; any other string
    is a literal that AWS accepts.

    https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
    """
    found = surround_problem(value)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.message.endswith(problem)
        assert found.message.startswith("a literal string, not a JSONata expression")


def test_empty_expression() -> None:
    assert _check("  ") == [("the JSONata expression is empty", "  ")]


# --------------------------------------------------------------------------- variables


def test_referenced_variables() -> None:
    expr = (
        "( $a := 1; $f := function($p){ $p + $a + $q }; $f($x) ~> $sum() ) "
        "& $states.input & $count($y) & $ & $$ & 'text $notvar'"
    )
    found = referenced_variables(expr)
    assert [name for name, _ in found] == ["q", "x", "y"]
    for name, offset in found:
        assert expr[offset : offset + len(name) + 1] == "$" + name


# --------------------------------------------------------------------------- evaluation

STATES: dict[str, Any] = {
    "input": {"title": "Doctor", "items": [{"price": 5}, {"price": 15}], "s": '{"a":[1,null]}'},
    "context": {"Execution": {"Id": "arn:exec"}},
}


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("$states.input.title", "Doctor"),
        ("$customerName", "María"),
        ("$sum($states.input.items.price)", 20),
        ("$states.input.items[price > 10].price", 15),
        ("$states.context.Execution.Id", "arn:exec"),
        ("$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)", [[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
        ("$range(0, 10, 2)", [0, 2, 4, 6, 8, 10]),
        ("$range(5, 1, -2)", [5, 3, 1]),
        ("$hash('input data', 'SHA-1')", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        ("$parse($states.input.s)", {"a": [1, None]}),
        ("$string({'a': 1, 'b': [true, null]})", '{"a":1,"b":[true,null]}'),
        ("null", None),
        ("[1, null, 'x']", [1, None, "x"]),
        ("6 / 2", 3),
        ("$count($nothing)", 0),
    ],
)
def test_evaluate(expr: str, expected: Any) -> None:
    assert evaluate_jsonata(expr, states=STATES, variables={"customerName": "María"}) == expected


def test_random_and_uuid() -> None:
    r = evaluate_jsonata("$random()", states={})
    assert isinstance(r, float) and 0 <= r < 1
    assert evaluate_jsonata("$random(42)", states={}) == evaluate_jsonata("$random(42)", states={})
    assert uuid.UUID(evaluate_jsonata("$uuid()", states={})).version == 4


@pytest.mark.parametrize(
    ("expr", "fragment"),
    [
        ("$eval('1')", "$eval is not available"),
        ("$error('boom')", "boom"),
        ("$states.input.missing", "returned no value"),
        ("$partition(1, 2)", "$partition expects an array"),
        ("$range(1, 5, 0)", "must not be 0"),
        ("$hash('x', 'SHA-2')", "unsupported hash algorithm"),
        ("$parse('{bad')", "could not parse"),
        ("1 +", "An error occurred while evaluating"),
        ("'a' + 1", "An error occurred while evaluating"),
    ],
)
def test_evaluation_errors(expr: str, fragment: str) -> None:
    with pytest.raises(JsonataEvaluationError) as info:
        evaluate_jsonata(expr, states=STATES)
    assert info.value.error == "States.QueryEvaluationError"
    assert fragment in info.value.message


def test_allow_undefined() -> None:
    assert evaluate_jsonata("$states.input.missing", states=STATES, allow_undefined=True) is None


def test_states_is_a_variable_not_the_input() -> None:
    with pytest.raises(JsonataEvaluationError):
        evaluate_jsonata("title", states=STATES)


def test_evaluate_template_recurses_and_drops_undefined_members() -> None:
    template = {
        "static": "Hello",
        "title": "{% $states.input.title %}",
        "name": "{% $customerName %}",
        "not-evaluated": "$customerName",
        "gone": "{% $states.input.missing %}",
        "list": ["{% 1 + 1 %}", "x"],
    }
    out = evaluate_jsonata_template(template, states=STATES, variables={"customerName": "María"})
    assert out == {
        "static": "Hello",
        "title": "Doctor",
        "name": "María",
        "not-evaluated": "$customerName",
        "list": [2, "x"],
    }


def test_function_catalogue_covers_the_standard_library() -> None:
    import jsonata  # type: ignore[import-untyped]

    frame = jsonata.Jsonata.static_frame
    builtins = {"$" + name for name in frame.bindings if not name.startswith("__")}
    missing = builtins - set(JSONATA_FUNCTIONS) - {"$eval"}
    assert missing == set()
    sfn = {name for name, spec in JSONATA_FUNCTIONS.items() if spec.sfn}
    assert sfn == {"$partition", "$range", "$hash", "$random", "$uuid", "$parse"}
    for name, spec in JSONATA_FUNCTIONS.items():
        assert spec.name == name and spec.signature.startswith(name + "(") and spec.doc


@pytest.mark.parametrize(
    "expr", ["(" * 5000, "[" * 5000, "'", "/", "`", "{", "$a := ", "function(", "λ($x){"]
)
def test_hostile_expressions_give_diagnostics(expr: str) -> None:
    errors = check_jsonata(expr)
    assert errors and all(0 <= e.start <= e.end <= len(expr) for e in errors)
    assert isinstance(referenced_variables(expr), list)


def test_deep_evaluation_fails_cleanly() -> None:
    with pytest.raises(JsonataEvaluationError):
        evaluate_jsonata("(" * 500 + "1" + ")" * 500, states={})
