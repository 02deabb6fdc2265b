"""The JSONata parser of the linter: each error code jsonata raises while parsing, with its
position (jsonata's: the offset just past the token at fault) and the range underlined."""

from __future__ import annotations

import pytest

from asl_lsp.expr.js_regex import js_regex_problem
from asl_lsp.expr.jsonata_syntax import MESSAGES, jsonata_syntax_error

# (expression, code, position, start, end)
ERRORS = [
    ('"abc', "S0101", 4, 3, 4),
    ("2 * 1e400", "S0102", 4, 4, 9),
    ('"a\\x"', "S0103", 3, 2, 3),
    ('"\\u00g1"', "S0104", 2, 1, 2),
    ("a.`b", "S0105", 4, 3, 4),
    ("1 /* open", "S0106", 2, 1, 2),
    ("10 + * 2", "S0201", 8, 7, 8),
    ("(1; 2]", "S0202", 6, 5, 6),
    ("$sum(1", "S0203", 6, 5, 6),
    ("a ! b", "S0204", 3, 2, 3),
    ("1 +", "S0207", 3, 0, 3),
    ("function($a, b){$a}", "S0208", 14, 13, 14),
    ('$x{"k": 1}[0]', "S0209", 11, 10, 11),
    ('a{"k": 1}{"j": 2}', "S0210", 10, 9, 10),
    ("[)", "S0211", 2, 1, 2),
    ("1 := 2", "S0212", 1, 0, 1),
    ("a.b.1", "S0213", 5, 4, 5),
    ("a@b", "S0214", 3, 2, 3),
    ("a[0]@$x", "S0215", 5, 4, 5),
    ("a^(b)@$x", "S0216", 6, 5, 6),
    ("%", "S0217", 0, 0, 1),
    ("$match($s, //)", "S0301", 12, 11, 12),
    ("$match($s, /ab)", "S0302", 15, 14, 15),
    ("function($a)<n<s>>{$a}", "S0401", 15, 14, 15),
    ("function($a)<(s<n>)>{$a}", "S0402", 14, 13, 14),
]


@pytest.mark.parametrize(("expr", "code", "position", "start", "end"), ERRORS)
def test_error_codes_and_positions(
    expr: str, code: str, position: int, start: int, end: int
) -> None:
    error = jsonata_syntax_error(expr)
    assert error is not None
    assert (error.code, error.position, error.start, error.end) == (code, position, start, end)
    assert error.message.endswith(f" ({code})")


def test_every_parse_time_code_is_covered() -> None:
    # S0205 (a token of no known type) and S0206 (a node of no known type) cannot be raised
    # without jsonata's error-recovery mode, which Step Functions does not use.
    assert {code for _, code, *_ in ERRORS} == set(MESSAGES) - {"S0206"}


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("10 + * 2", "Syntax error: 2 (S0201)"),
        ("(1; 2]", "Expected ), got ] (S0202)"),
        ("$sum(1", "Expected ) before end of expression (S0203)"),
        ("2 * 1e400", "Number out of range: 1e400 (S0102)"),
        ('"a\\x"', "Unsupported escape sequence: \\x (S0103)"),
        (
            "a.true",
            "The literal value true cannot be used as a step within a path expression (S0213)",
        ),
        ("a.-1", "The literal value -1 cannot be used as a step within a path expression (S0213)"),
        (
            "function($a, b){$a}",
            "Parameter 2 of function definition must be a variable name (start with $) (S0208)",
        ),
        ("a#1", "The right side of # must be a variable name (start with $) (S0214)"),
    ],
)
def test_messages_name_the_token(expr: str, message: str) -> None:
    error = jsonata_syntax_error(expr)
    assert error is not None and error.message == message


@pytest.mark.parametrize(
    "expr",
    [
        "$states.input.items[price > 10].name",
        "$sum($states.input.items.(price * quantity))",
        "($x := 1; $y := $x + 1; $y)",
        "$map([1..5], function($v, $i) { $v * $i })",
        "λ($a)<n:n>{$a * 2}(3)",
        "function($f, $a)<f<n:n>a<n>:a<n>>{$map($a, $f)}",
        "$states.input.a ? 'yes' : 'no'",
        "$states.input ~> $keys() ~> $count()",
        "$states.input.items^(>price, <name)",
        "$states.input.items@$i.children@$c.{'i': $i, 'c': $c}",
        "$states.input.items#$pos[$pos < 2]",
        "$states.input.orders{customer: $sum(amount)}",
        "$states.input ~> | items | {'done': true}, ['draft'] |",
        "$states.input.**.id",
        "$states.input.*",
        "$states.input.a.%.b",
        "$states.input.`field with spaces`",
        "$match($states.input.s, /^[a-z]+(?<n>[0-9]{2,})$/i)",
        "$replace($states.input.s, /\\//, '-')",
        "[1, 2, 3][-1]",
        "{'a': 1, 'b': [true, false, null], 'c': -2.5e-3}",
        "'\\u00e9\\n\\t\\\"' & \"it's\"",
        "$power(2, 10) /* a comment */ + 1",
        "$string($states.input) in ['a', 'b'] and not($states.input.flag) or true",
        "$states.input.and.or.in",
        "($f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }; $f(5))",
        "($partial := $substring(?, 0, 3); $partial('abcdef'))",
        "$states.input.items[]",
        "$$.a + $.b",
        "$states.input.list[[0, 2]]",
    ],
)
def test_valid_expressions_parse(expr: str) -> None:
    assert jsonata_syntax_error(expr) is None


def test_statements_need_a_block() -> None:
    error = jsonata_syntax_error("$x := 1; $x")
    assert error is not None and (error.code, error.position) == ("S0201", 8)


@pytest.mark.parametrize("expr", ["$a ?? $b", "$a ?: $b"])
def test_operators_of_later_jsonata_versions_are_refused_with_a_hint(expr: str) -> None:
    error = jsonata_syntax_error(expr)
    assert error is not None and error.code == "S0211"
    assert "Step Functions runs JSONata 2.0.6" in error.message


def test_invalid_regex_literal_is_refused_over_its_span() -> None:
    error = jsonata_syntax_error("$match($s, /+/)")
    assert error is not None
    assert error.code == ""
    assert error.message == "Invalid regular expression: /+/: Nothing to repeat"
    assert (error.start, error.end) == (11, 14)


def test_signature_whose_regex_javascript_refuses() -> None:
    error = jsonata_syntax_error("function($a)<s++>{$a}")
    assert error is not None and error.code == ""
    assert error.message == "Invalid function signature <s++>: Nothing to repeat"


def test_deep_nesting_raises_recursion_error() -> None:
    with pytest.raises(RecursionError):
        jsonata_syntax_error("-" * 100_000 + "1")


@pytest.mark.parametrize(
    ("pattern", "flags", "problem"),
    [
        ("a", "g", None),
        ("]{}", "g", None),  # Annex B: a lone ']' or '{' is a literal
        ("\\q\\1\\c", "g", None),  # unknown, octal and bare \c escapes
        ("[\\d-z]", "g", None),  # a class escape makes '-' a literal
        ("(?=a)*", "g", None),  # a lookahead may be quantified
        ("(?<y>a)\\k<y>", "g", None),
        ("\\k", "g", None),  # without named groups, \k is the letter k
        ("(?i:a)", "g", None),
        ("a{2,1}", "g", "numbers out of order in {} quantifier"),
        ("+", "g", "Nothing to repeat"),
        ("a**", "g", "Nothing to repeat"),
        ("^*", "g", "Nothing to repeat"),
        ("{2}", "g", "Nothing to repeat"),
        ("(?<=a)+", "g", "Nothing to repeat"),
        ("(a", "g", "Unterminated group"),
        ("a)", "g", "Unmatched ')'"),
        ("(?a)", "g", "Invalid group"),
        ("(?<1>a)", "g", "Invalid capture group name"),
        ("(?<y>a)\\k<z>", "g", "Invalid named capture referenced"),
        ("[a", "g", "Unterminated character class"),
        ("[z-a]", "g", "Range out of order in character class"),
        ("[😀-😎]", "g", "Range out of order in character class"),  # UTF-16 code units
        ("a\\", "g", "\\ at end of pattern"),
        ("a", "iig", "Invalid flags 'iig'"),
    ],
)
def test_javascript_regex_syntax(pattern: str, flags: str, problem: str | None) -> None:
    assert js_regex_problem(pattern, flags) == problem
