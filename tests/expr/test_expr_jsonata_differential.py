"""Differential test: the linter's JSONata parser against jsonata-python's.

For every JSONata expression of the shared corpus, for token soup drawn from the JSONata
vocabulary and for mutations of the corpus expressions (tokens deleted, inserted, duplicated,
the text cut short), :func:`jsonata_syntax_error` must accept exactly what ``jsonata.Jsonata``
accepts and, where both refuse, give the same error code, at the same position where
jsonata-python gives one.

jsonata-python is a port of jsonata-js, and where the two differ the checker follows jsonata-js,
which Step Functions runs (version 2.0.6). The differences found are listed in
``JSONATA_PYTHON_DIFFERENCES`` with what each side does, and :func:`_jsonata_js` turns
jsonata-python's outcome into jsonata-js's for the generated inputs.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import jsonata  # type: ignore[import-untyped]
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from asl_lsp.expr.jsonata import _scan, jsonata_body
from asl_lsp.expr.jsonata_syntax import JsonataSyntaxError, jsonata_syntax_error
from tests.shared_path import shared_dir


class Outcome(NamedTuple):
    """What a parser made of an expression: accepted, or refused with a code and position."""

    accepted: bool
    code: str | None = None  # None: refused by a Python error, with no JSONata code
    position: int | None = None


ACCEPTED = Outcome(True)


def _python(expr: str) -> Outcome:
    try:
        jsonata.Jsonata(expr)
    except jsonata.JException as exc:
        return Outcome(False, exc.error, exc.location)
    except Exception:  # IndexError, KeyError, TypeError, RuntimeError, re.error: no code
        return Outcome(False)
    return ACCEPTED


def _ours(expr: str) -> Outcome:
    error = jsonata_syntax_error(expr)
    return ACCEPTED if error is None else Outcome(False, error.code, error.position)


# (expression, jsonata-python's outcome, jsonata-js's outcome, why they differ)
JSONATA_PYTHON_DIFFERENCES = [
    (
        "$x /* note */",
        Outcome(False),
        ACCEPTED,
        "jsonata-python reads past the end of an expression that ends with a comment",
    ),
    ("/* note", Outcome(False), Outcome(False, "S0106", 0), "same: an unclosed comment"),
    ("1 /", Outcome(False), Outcome(False, "S0207", 3), "same: a '/' ending the expression"),
    ('"abc\\', Outcome(False), Outcome(False, "S0103", 5), "same: a backslash ending a string"),
    (
        '"a\\q"',
        Outcome(False, "S0301", 3),
        Outcome(False, "S0103", 3),
        "jsonata-python reports an unknown escape with the empty-regex code",
    ),
    (
        "a ! b",
        Outcome(False),
        Outcome(False, "S0204", 3),
        "jsonata-python fails with a KeyError on '!' or '~' alone",
    ),
    (
        "1\v+ 2",
        Outcome(False, "S0201", 2),
        ACCEPTED,
        "jsonata-js counts a vertical tab as white space, jsonata-python as part of a name",
    ),
    (
        "$a ?? $b",
        ACCEPTED,
        Outcome(False, "S0211", 5),
        "'??' came with JSONata 2.1: Step Functions' 2.0.6 reads two '?'",
    ),
    (
        "$a ?: $b",
        ACCEPTED,
        Outcome(False, "S0211", 5),
        "'?:' came with JSONata 2.1: Step Functions' 2.0.6 reads '?' then ':'",
    ),
    (
        'a{"x": 1}{"y": 2}',
        Outcome(False, "S0210", 0),
        Outcome(False, "S0210", 10),
        "jsonata-python puts object constructors at position 0",
    ),
    (
        "a@-b",
        Outcome(False, "S0214", 0),
        Outcome(False, "S0214", 3),
        "jsonata-python puts unary minus at position 0",
    ),
    (
        "function($a)<n<s>>{$a}",
        Outcome(False),
        Outcome(False, "S0401", 15),
        "jsonata-python raises signature errors without their code",
    ),
    (
        "function($a)<?s>{$a}",
        Outcome(False),
        ACCEPTED,
        "jsonata-python fails on a '?', '+' or '-' before the signature's first type",
    ),
    (
        "function($a)<(sn>{$a}",
        Outcome(False),
        ACCEPTED,
        "jsonata-python reads past the end of an unclosed choice group in a signature",
    ),
    (
        "function($a)<s++>{$a}",
        ACCEPTED,
        Outcome(False, ""),
        "the signature's regex [sm]++ is possessive in Python, an error in JavaScript",
    ),
    (
        "$match($s, /(?<year>[0-9]{4})/)",
        Outcome(False),
        ACCEPTED,
        "regex literals are JavaScript's: named groups are (?<name>...), not (?P<name>...)",
    ),
    (
        "$match($s, /a++/)",
        ACCEPTED,
        Outcome(False, ""),
        "regex literals are JavaScript's, which has no possessive quantifiers",
    ),
    (
        "$match($s, /[😀-😎]/)",
        ACCEPTED,
        Outcome(False, ""),
        "regex literals are JavaScript's, which reads them as UTF-16 code units",
    ),
    (
        "$match($s, /a/ii)",
        ACCEPTED,
        Outcome(False, ""),
        "JavaScript refuses a repeated regex flag",
    ),
]


@pytest.mark.parametrize(
    ("expr", "python", "javascript", "why"),
    JSONATA_PYTHON_DIFFERENCES,
    ids=[case[3] for case in JSONATA_PYTHON_DIFFERENCES],
)
def test_where_jsonata_python_differs_the_checker_follows_jsonata_js(
    expr: str, python: Outcome, javascript: Outcome, why: str
) -> None:
    assert _python(expr) == python, f"jsonata-python no longer differs here: {why}"
    ours = _ours(expr)
    if javascript.code == "":  # a JavaScript RegExp error: no JSONata code, nor a position
        assert (ours.accepted, ours.code) == (False, "")
    else:
        assert ours == javascript


def _jsonata_js(expr: str, python: Outcome, ours: JsonataSyntaxError | None) -> Outcome:
    """jsonata-js's outcome, from jsonata-python's, for the differences listed above that
    generated input meets."""
    if not python.accepted and python.code is None and expr.rstrip().endswith("*/"):
        # The trailing comment: white space after it is read. The end moves by that space.
        spaced = _python(expr + " ")
        if spaced.position == len(expr) + 1:
            return Outcome(False, spaced.code, len(expr))
        return spaced
    if python.code == "S0301" and ours is not None and ours.code == "S0103":
        return Outcome(False, "S0103", python.position)
    if python.position == 0 and ours is not None and ours.code == python.code:
        return Outcome(False, python.code, ours.position)  # a node placed at 0
    if ours is not None and ours.code == "" and "Invalid flags" in ours.message:
        return Outcome(False, "")
    return python


def _assert_same(expr: str) -> None:
    try:
        ours = jsonata_syntax_error(expr)
    except RecursionError:
        return  # check_jsonata reports these; the depth at which each parser gives up differs
    python = _python(expr)
    expected = _jsonata_js(expr, python, ours)
    got = ACCEPTED if ours is None else Outcome(False, ours.code, ours.position)
    if expected.accepted or got.accepted:
        assert got.accepted == expected.accepted, (expr, python, ours)
    elif expected.code is not None:
        assert (got.code, got.position) == (expected.code, expected.position), (expr, ours)


# --------------------------------------------------------------------------- the corpus


@cache
def _corpus_expressions() -> tuple[str, ...]:
    root = shared_dir() / "corpus"
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            body = jsonata_body(node)
            if body is not None:
                found.add(body[0])

    for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        text = (Path(root) / entry["path"]).read_text(encoding="utf-8", errors="replace")
        try:
            walk(json.loads(text) if entry["format"] == "json" else yaml.safe_load(text))
        except (ValueError, yaml.YAMLError):
            continue
    return tuple(sorted(found))


def test_corpus_expressions_parse_as_jsonata_python_parses_them() -> None:
    expressions = _corpus_expressions()
    assert len(expressions) > 50
    for expr in expressions:
        _assert_same(expr)


# --------------------------------------------------------------------------- generated

VOCABULARY = (
    *("a", "b", "foo", "`x y`", "and", "or", "in", "function", "λ", "true", "false", "null"),
    *("$", "$$", "$x", "$states", "$sum", "$v", "0", "1", "2.5", "1e3", "1e400"),
    *("'a'", '"b"', '"\\u0041"', '"\\n"', '"\\q"', '"open', "`open", "/a/", "/[0-9]+/i", "/(/"),
    *(".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/"),
    *("%", "|", "=", "!=", "<", "<=", ">", ">=", "&", "~>", ":=", "..", "^", "**", "!", "~"),
    *("/* c */", "/* open", "<s>", "<a<n>>", "<n<s>>"),
)

_separator = st.sampled_from(("", " ", " "))
token_soup = st.lists(st.tuples(st.sampled_from(VOCABULARY), _separator), min_size=1, max_size=12)


@settings(max_examples=2500, deadline=None)
@given(token_soup)
def test_token_soup_parses_as_jsonata_python_parses_it(tokens: list[tuple[str, str]]) -> None:
    expr = "".join(token + separator for token, separator in tokens).strip()
    _assert_same(_without_later_operators(expr))


def _without_later_operators(expr: str) -> str:
    """``expr``, unless it holds '??' or '?:', which jsonata-python reads as JSONata 2.1's
    operators (so its outcome says nothing of 2.0.6's); the listed differences cover them."""
    assume("??" not in expr and "?:" not in expr)
    return expr


def _tokens(expr: str) -> list[str]:
    return [expr[token.start : token.end] for token in _scan(expr)]


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_mutated_corpus_expressions_parse_as_jsonata_python_parses_them(data: Any) -> None:
    expr = data.draw(st.sampled_from(_corpus_expressions()))
    tokens = _tokens(expr)
    where = data.draw(st.integers(0, max(0, len(tokens) - 1)))
    mutation = data.draw(st.sampled_from(("delete", "insert", "duplicate", "truncate", "cut")))
    if mutation == "delete" and tokens:
        del tokens[where]
    elif mutation == "insert":
        tokens.insert(where, data.draw(st.sampled_from(VOCABULARY)))
    elif mutation == "duplicate" and tokens:
        tokens.insert(where, tokens[where])
    elif mutation == "truncate":
        tokens = tokens[:where]
    else:
        expr = expr[: data.draw(st.integers(0, len(expr)))]
        tokens = [expr]
    _assert_same(_without_later_operators(" ".join(tokens)))
