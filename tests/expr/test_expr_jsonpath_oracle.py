"""Differential test: our JSONPath evaluator against jsonpath-ng on the subset both accept.

Plain child, index, wildcard, slice and filter paths over random documents must select the same
values in the same order. jsonpath-ng is an independent implementation, so agreement here is
evidence beyond our own reading of the specification.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from jsonpath_ng.exceptions import JsonPathParserError
from jsonpath_ng.ext import parse as oracle_parse

from asl_lsp.expr.errors import PathEvaluationError
from asl_lsp.expr.jsonpath import evaluate_path

KEYS = ("a", "b", "c")

leaf = st.integers(min_value=-5, max_value=5)
record = st.dictionaries(st.sampled_from(KEYS), leaf, min_size=1)
value = st.one_of(leaf, record, st.lists(record, max_size=4), st.lists(leaf, max_size=4))
document = st.dictionaries(st.sampled_from(KEYS), value, min_size=1)

# (text, definite): definite paths give one value, the others a list of matches.
_child = st.sampled_from(KEYS).map(lambda k: (f".{k}", True))
_index = st.integers(min_value=0, max_value=4).map(lambda i: (f"[{i}]", True))
_wildcard = st.sampled_from(("[*]", ".*")).map(lambda w: (w, False))
_slice = st.tuples(st.integers(0, 4), st.integers(0, 5)).map(lambda p: (f"[{p[0]}:{p[1]}]", False))
_filter = st.tuples(st.sampled_from(KEYS), st.sampled_from((">", "<", "==")), leaf).map(
    lambda f: (f"[?(@.{f[0]} {f[1]} {f[2]})]", False)
)
segment = st.one_of(_child, _index, _wildcard, _slice, _filter)


def _ours(path: str, data: Any, definite: bool) -> list[Any] | None:
    try:
        result = evaluate_path(path, data)
    except PathEvaluationError:
        return [] if definite else None
    if definite:
        # Jayway, so AWS, gives null for an out-of-range index where jsonpath-ng finds nothing;
        # the documents here hold no nulls, so None can only mean that.
        return [] if result is None else [result]
    assert isinstance(result, list)
    return result


def _oracle(path: str, data: Any) -> list[Any] | None:
    try:
        return [match.value for match in oracle_parse(path).find(data)]
    except (JsonPathParserError, TypeError, AttributeError, KeyError):
        return None  # outside what jsonpath-ng evaluates


@settings(max_examples=400, deadline=None)
@given(document, st.lists(segment, min_size=1, max_size=3))
def test_same_selection_as_jsonpath_ng(data: dict[str, Any], segments: list[Any]) -> None:
    path = "$" + "".join(text for text, _ in segments)
    definite = all(d for _, d in segments)
    for i, (text, _) in enumerate(segments):
        if text.startswith("[?"):
            # Jayway (so AWS) also filters an object as a one-item list; jsonpath-ng does not.
            prefix = _oracle("$" + "".join(t for t, _ in segments[:i]), data) or []
            assume(all(isinstance(v, list) for v in prefix))
    expected = _oracle(path, data)
    assume(expected is not None)
    ours = _ours(path, data, definite)
    assume(ours is not None)
    if not definite and not ours and not expected:
        return
    assert ours == expected, path


def test_known_paths_agree() -> None:
    data = {"a": [{"b": 1, "c": 2}, {"b": 5, "c": 6}], "c": {"a": 3, "b": 4}}
    cases = {
        "$.a[0].b": (True, [1]),
        "$.a[*].b": (False, [1, 5]),
        "$.a[0:1]": (False, [{"b": 1, "c": 2}]),
        "$.a[?(@.b > 2)]": (False, [{"b": 5, "c": 6}]),
        "$.c.*": (False, [3, 4]),
    }
    for path, (definite, want) in cases.items():
        assert _oracle(path, data) == want
        assert _ours(path, data, definite) == want
