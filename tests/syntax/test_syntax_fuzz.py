"""Property tests: the JSON parser agrees with ``json.loads`` on valid text and never raises."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from asl_lsp.syntax.json_parser import parse_json
from asl_lsp.syntax.nodes import to_value
from asl_lsp.syntax.yaml_loader import parse_yaml
from tests.syntax.syntax_walk import all_nodes

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_values, st.sampled_from([None, 0, 2]), st.booleans())
def test_valid_json_round_trips(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    result = parse_json(text)
    assert result.diagnostics == ()
    assert to_value(result.root) == json.loads(text)
    for node in all_nodes(result.root):
        assert json.loads(text[node.span.start : node.span.end]) == to_value(node)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet='{}[]:,"\\ \n\tabtrue0123456789.-eE/*nulfs', max_size=60))
def test_junk_never_raises(text: str) -> None:
    result = parse_json(text)
    for node in all_nodes(result.root):
        assert 0 <= node.span.start <= node.span.end <= len(text)
    for diagnostic in result.diagnostics:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="{}[]:,-?&*!|>'\"# \n\tabYesNo0123.~", max_size=60))
def test_yaml_junk_never_raises(text: str) -> None:
    result = parse_yaml(text)
    for node in all_nodes(result.root):
        assert 0 <= node.span.start <= node.span.end <= len(text)
