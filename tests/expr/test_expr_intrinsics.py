"""Intrinsic functions: AWS's documented examples, misuse, parsing and static checks."""

from __future__ import annotations

import random
import re
import uuid
from typing import Any

import pytest

from asl_lsp.expr.errors import IntrinsicFailure, PathEvaluationError
from asl_lsp.expr.intrinsics import (
    INTRINSICS,
    MAX_NESTING,
    IntrinsicCall,
    IntrinsicSyntaxError,
    LiteralArg,
    PathArg,
    check_intrinsic,
    evaluate_intrinsic,
    is_intrinsic_like,
    parse_intrinsic,
)

# Inputs of the examples in AWS's "Intrinsic functions" page.
DATA: dict[str, Any] = {
    "name": "Arnav",
    "template": "Hello, my name is {}.",
    "escapedJsonString": '{"foo": "bar"}',
    "unescapedJson": {"foo": "bar"},
    "Id": 123456,
    "inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9],
    "chunkSize": 4,
    "lookingFor": 5,
    "index": 5,
    "value1": 111,
    "step": -1,
    "inputString": "1,2,3,4,5",
    "splitter": ",",
    "Data": "input data",
    "Algorithm": "SHA-1",
    "json1": {"a": {"a1": 1, "a2": 2}, "b": 2},
    "json2": {"a": {"a3": 1, "a4": 2}, "c": 3},
    "input": "Data to encode",
    "base64": "RGF0YSB0byBlbmNvZGU=",
    "unique": [1, 2, 3, 3, 3, 3, 3, 3, 4],
    "start": 1,
    "end": 999,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States.Format('Hello, my name is {}.', $.name)", "Hello, my name is Arnav."),
        ("States.Format($.template, $.name)", "Hello, my name is Arnav."),
        ("States.StringToJson($.escapedJsonString)", {"foo": "bar"}),
        ("States.JsonToString($.unescapedJson)", '{"foo":"bar"}'),
        ("States.Array($.Id)", [123456]),
        ("States.Array()", []),
        ("States.Array('a', 1, true, null, $.Id)", ["a", 1, True, None, 123456]),
        (
            "States.ArrayPartition($.inputArray, $.chunkSize)",
            [[1, 2, 3, 4], [5, 6, 7, 8], [9]],
        ),
        (
            "States.ArrayPartition(States.Array(1,2,3,4,5,6,7), 4)",
            [[1, 2, 3, 4], [5, 6, 7]],
        ),
        ("States.ArrayContains($.inputArray, $.lookingFor)", True),
        ("States.ArrayContains($.inputArray, 42)", False),
        ("States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
        ("States.ArrayRange(10, 0, -5)", [10, 5, 0]),
        ("States.ArrayGetItem($.inputArray, $.index)", 6),
        ("States.ArrayLength($.inputArray)", 9),
        ("States.ArrayUnique($.unique)", [1, 2, 3, 4]),
        ("States.Base64Encode($.input)", "RGF0YSB0byBlbmNvZGU="),
        ("States.Base64Decode($.base64)", "Data to encode"),
        ("States.Hash($.Data, $.Algorithm)", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        ("States.Hash('input data', 'MD5')", "812f45842bc6d66ee14572ce20db8e86"),
        (
            "States.JsonMerge($.json1, $.json2, false)",
            {"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3},
        ),
        ("States.MathAdd($.value1, $.step)", 110),
        ("States.MathAdd(111, -1)", 110),
        ("States.StringSplit($.inputString, $.splitter)", ["1", "2", "3", "4", "5"]),
        (
            "States.StringSplit('This.is+a,test=string', '.+,=')",
            ["This", "is", "a", "test", "string"],
        ),
        ("States.StringSplit('a,,b', ',')", ["a", "b"]),
    ],
)
def test_documented_examples(text: str, expected: Any) -> None:
    assert evaluate_intrinsic(text, DATA) == expected


def test_nested_example_from_docs() -> None:
    # AWS's page shows this nine-function field with '{}.{}.{}' and only two values, which
    # fails at run time; the checker reports it and the two-placeholder form works.
    doc_text = (
        "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
        "States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem("
        "States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), "
        "'.'), 1))"
    )
    assert [e.message for e in check_intrinsic(doc_text)] == [
        "the template has 3 '{}' placeholders but 2 values follow"
    ]
    text = (
        "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
        "States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem("
        "States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), "
        "'.'), 1))"
    )
    data = {"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:1:image-recipe/a/1.2.3"}}
    # StringSplit on '/' gives [arn:aws:imagebuilder:..:image-recipe, a, 1.2.3]
    assert evaluate_intrinsic(text, data) == "1.2"
    assert check_intrinsic(text) == []


def test_format_escapes_and_values() -> None:
    text = r"States.Format('\{\} {} \' \\ {} {} {}', 1.5, true, null, $.obj)"
    assert evaluate_intrinsic(text, {"obj": {"a": [1]}}) == '{} 1.5 \' \\ true null {"a":[1]}'


def test_uuid_and_random() -> None:
    value = evaluate_intrinsic("States.UUID()", {})
    assert uuid.UUID(value).version == 4
    for _ in range(50):
        r = evaluate_intrinsic("States.MathRandom($.start, $.end)", DATA)
        assert isinstance(r, int) and 1 <= r < 999
    seeded = [evaluate_intrinsic("States.MathRandom(1, 1000, 7)", {}) for _ in range(3)]
    assert len(set(seeded)) == 1
    rng = random.Random(1)
    assert evaluate_intrinsic("States.UUID()", {}, rng=rng) == evaluate_intrinsic(
        "States.UUID()", {}, rng=random.Random(1)
    )


def test_context_and_variables_as_arguments() -> None:
    ctx = {"Execution": {"Name": "run-1"}}
    assert (
        evaluate_intrinsic(
            "States.Format('{}-{}', $$.Execution.Name, $n)", {}, context=ctx, variables={"n": 2}
        )
        == "run-1-2"
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("States.ArrayRange(1, 2000, 1)", "at most 1000"),
        ("States.ArrayRange(1, 9, 0)", "must not be 0"),
        ("States.ArrayRange(1.5, 9, 1)", "must be an integer"),
        ("States.ArrayPartition($.inputArray, 0)", "positive"),
        ("States.ArrayPartition('x', 2)", "must be an array"),
        ("States.ArrayGetItem($.inputArray, 9)", "out of bounds"),
        ("States.ArrayGetItem($.inputArray, -1)", "out of bounds"),
        ("States.StringToJson('{bad')", "not valid JSON"),
        ("States.StringToJson('NaN')", "not valid JSON"),
        ("States.StringToJson($.Id)", "must be a string"),
        ("States.Base64Decode('***')", "not valid Base64"),
        ("States.Hash('x', 'SHA-2')", "unsupported algorithm"),
        ("States.JsonMerge($.json1, $.json2, true)", "deep merge is not supported"),
        ("States.JsonMerge($.json1, 'x', false)", "must be JSON objects"),
        ("States.MathAdd('a', 1)", "must be an integer"),
        ("States.MathAdd(1.5, 1)", "must be an integer"),
        ("States.MathAdd(2147483648, 1)", "32-bit"),
        ("States.MathRandom(5, 5)", "less than"),
        ("States.Format('{} {}', 1)", "2 placeholders but 1 value"),
        ("States.Format($.Id)", "must be a string"),
        ("States.UUID(1)", "expected no arguments, got 1"),
        ("States.Nope(1)", "not an intrinsic function"),
        ("States.Format('x", "Invalid intrinsic function call"),
    ],
)
def test_misuse_raises_intrinsic_failure(text: str, fragment: str) -> None:
    with pytest.raises(IntrinsicFailure) as info:
        evaluate_intrinsic(text, DATA)
    assert info.value.error == "States.IntrinsicFailure"
    assert fragment in info.value.message


def test_base64_limit() -> None:
    with pytest.raises(IntrinsicFailure, match="at most 10000"):
        evaluate_intrinsic("States.Base64Encode($.s)", {"s": "x" * 10001})
    assert evaluate_intrinsic("States.Base64Encode($.s)", {"s": "é"}) == "w6k="


def test_missing_path_argument_is_a_path_error() -> None:
    with pytest.raises(PathEvaluationError):
        evaluate_intrinsic("States.Array($.missing)", {})


# --------------------------------------------------------------------------- parser


def test_parse_ast_with_offsets() -> None:
    text = "States.Format('a {}', $.x, States.Array(1))"
    call = parse_intrinsic(text)
    assert call.name == "States.Format" and (call.start, call.end) == (0, len(text))
    first, second, third = call.args
    assert isinstance(first, LiteralArg) and first.value == "a {}"
    assert text[first.start : first.end] == "'a {}'"
    assert isinstance(second, PathArg) and text[second.start : second.end] == "$.x"
    assert isinstance(third, IntrinsicCall) and text[third.start : third.end] == "States.Array(1)"
    assert call.depth == 2


def test_path_arguments_may_hold_commas_and_parens() -> None:
    call = parse_intrinsic("States.Array($.a['x,y'], $.b[?(@.c > 1)], $$.Map.Item.Value)")
    assert [a.text for a in call.args if isinstance(a, PathArg)] == [
        "$.a['x,y']",
        "$.b[?(@.c > 1)]",
        "$$.Map.Item.Value",
    ]


@pytest.mark.parametrize(
    ("text", "message", "start", "end"),
    [
        ("States.Array(", "missing ')' to close States.Array(", 12, 13),
        ("States.Format('x)", 'unterminated string literal: missing "\'"', 14, 17),
        ('States.Format("x")', "string literals in intrinsic functions use single quotes", 14, 15),
        (
            "States.Format('\\n')",
            "a backslash must escape one of ' { } \\ in an intrinsic string",
            15,
            17,
        ),
        ("States.Array(1) x", "unexpected text after the intrinsic call", 16, 17),
        (
            "States.Array(1 2)",
            "expected ',' or ')' in the arguments of States.Array, found '2'",
            15,
            16,
        ),
        ("States.Array(1,)", "expected an argument after ','", 15, 16),
        ("States.UUID", "expected '(' after 'States.UUID'", 11, 11),
    ],
)
def test_syntax_errors(text: str, message: str, start: int, end: int) -> None:
    with pytest.raises(IntrinsicSyntaxError) as info:
        parse_intrinsic(text)
    assert (info.value.message, info.value.start, info.value.end) == (message, start, end)
    assert [(e.message, e.start, e.end) for e in check_intrinsic(text)] == [(message, start, end)]


# --------------------------------------------------------------------------- static checks


def _check(text: str) -> list[tuple[str, str]]:
    return [(e.message, text[e.start : e.end]) for e in check_intrinsic(text)]


def test_unknown_function_suggests() -> None:
    assert _check("States.Frmat('x')") == [
        ("States.Frmat is not an intrinsic function; did you mean States.Format?", "States.Frmat")
    ]
    assert _check("Format('x')")[0][0] == (
        "Format is not an intrinsic function; did you mean States.Format?"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("States.MathAdd(1)", [("States.MathAdd takes 2 arguments, got 1", "States.MathAdd(1)")]),
        (
            "States.MathRandom(1)",
            [("States.MathRandom takes 2 or 3 arguments, got 1", "States.MathRandom(1)")],
        ),
        (
            "States.Format()",
            [("States.Format takes at least 1 argument, got 0", "States.Format()")],
        ),
        ("States.UUID(1)", [("States.UUID takes no arguments, got 1", "States.UUID(1)")]),
        (
            "States.MathAdd('a', 1)",
            [("argument 1 of States.MathAdd must be an integer, got a string", "'a'")],
        ),
        (
            "States.MathAdd(1,'-1')",
            [("argument 2 of States.MathAdd must be an integer, got a string", "'-1'")],
        ),
        (
            "States.MathAdd(States.Format('x'), 1)",
            [
                (
                    "argument 1 of States.MathAdd must be an integer, got a string",
                    "States.Format('x')",
                )
            ],
        ),
        (
            "States.ArrayLength('abc')",
            [("argument 1 of States.ArrayLength must be an array, got a string", "'abc'")],
        ),
        (
            "States.Hash($.x, 'SHA-2')",
            [
                (
                    "unsupported hash algorithm 'SHA-2'; use one of MD5, SHA-1, SHA-256, SHA-384, "
                    "SHA-512",
                    "'SHA-2'",
                )
            ],
        ),
        (
            "States.JsonMerge($.a, $.b, true)",
            [("States.JsonMerge supports only a shallow merge: isDeepMerge must be false", "true")],
        ),
        (
            "States.Format('{} and {}', $.a)",
            [
                (
                    "the template has 2 '{}' placeholders but 1 value follows",
                    "States.Format('{} and {}', $.a)",
                )
            ],
        ),
        ("States.Format('\\{\\} {}', $.a)", []),
        (
            "States.ArrayRange(0, 5000, 1)",
            [
                (
                    "States.ArrayRange would make 5001 items; at most 1000 are allowed",
                    "States.ArrayRange(0, 5000, 1)",
                )
            ],
        ),
        (
            "States.ArrayPartition($.a, 0)",
            [("the chunk size of States.ArrayPartition must be positive", "0")],
        ),
        ("States.Array($.a..b[)", [("missing ')' to close States.Array(", "($.a..b[)")]),
        ("States.Array(1, $.a.)", [("expected a name or '*' after '.'", ".")]),
        ("States.Array($x.y, $$.Execution.Id)", []),
    ],
)
def test_static_checks(text: str, expected: list[tuple[str, str]]) -> None:
    assert _check(text) == expected


def test_nesting_limit() -> None:
    def nest(n: int) -> str:
        return "States.Array(" * n + "1" + ")" * n

    assert check_intrinsic(nest(MAX_NESTING)) == []
    errors = check_intrinsic(nest(MAX_NESTING + 1))
    assert [e.message for e in errors] == [
        "a field may hold at most 10 nested intrinsic functions; this one has 11"
    ]
    # AWS counts every function of the field (its example of 'nine nested' is 5 deep).
    flat = "States.Array(" + ", ".join(["States.UUID()"] * 10) + ")"
    assert [e.message for e in check_intrinsic(flat)] == [
        "a field may hold at most 10 nested intrinsic functions; this one has 11"
    ]


def test_every_intrinsic_has_a_spec_and_an_example() -> None:
    assert len(INTRINSICS) == 18
    for name, spec in INTRINSICS.items():
        assert spec.signature.startswith(name + "(")
        assert spec.doc and spec.returns
    with open(__file__, encoding="utf-8") as handle:
        examples = " ".join(re.findall(r"States\.\w+", handle.read()))
    for name in INTRINSICS:
        assert name in examples


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("States.Format('x')", True),
        ("  States.UUID()", True),
        ("$.a", False),
        ("States are great", False),
        (None, False),
    ],
)
def test_is_intrinsic_like(value: object, expected: bool) -> None:
    assert is_intrinsic_like(value) is expected


def test_hostile_text_never_raises() -> None:
    for text in ["States.Array(" * 3000, "States.Format('" + "\\" * 999, "States." * 500]:
        assert isinstance(check_intrinsic(text), list)
