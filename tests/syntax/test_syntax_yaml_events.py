"""The event-stream YAML loader against PyYAML's own loader, on the corpus and on generated YAML.

The reference is ``yaml.load`` with a loader declared here from the YAML 1.2 core schema (PyYAML's
constructors, implicit resolvers written from the spec's regular expressions, keys kept as
written, CloudFormation short tags in their long form), so values are checked by a second,
independent reading of the same text. Spans are checked against the text: every scalar's source
text, read alone, is that scalar, and every collection's text, read alone at its column, is that
collection.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, to_value
from asl_lsp.syntax.yaml_loader import CFN_TAGS, parse_yaml
from tests.shared_path import shared_dir


class _CoreLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core schema instead of YAML 1.1's."""


_CoreLoader.yaml_implicit_resolvers = {}
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


def _core_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = node.value
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _core_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = node.value.lower()
    if text.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if text == ".nan":
        return math.nan
    return float(text)


def _raw_key_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    """Keys exactly as written (a state named ``1`` or ``null`` keeps that name)."""
    out: dict[str, Any] = {}
    for key, value in node.value:
        assert isinstance(key, yaml.ScalarNode)
        out[key.value] = loader.construct_object(value, deep=True)
    return out


def _short_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """``!Ref x`` as ``{"Ref": "x"}`` and the like; other ``!`` tags keep the plain value."""
    content: Any
    if isinstance(node, yaml.ScalarNode):
        content = node.value
    elif isinstance(node, yaml.SequenceNode):
        content = [loader.construct_object(item, deep=True) for item in node.value]
    else:
        assert isinstance(node, yaml.MappingNode)
        content = _raw_key_mapping(loader, node)
    long_name = CFN_TAGS.get("!" + suffix)
    if long_name is None:
        return content
    if long_name == "Fn::GetAtt" and isinstance(content, str) and "." in content:
        content = content.split(".", 1)
    return {long_name: content}


_CoreLoader.add_constructor("tag:yaml.org,2002:int", _core_int)
_CoreLoader.add_constructor("tag:yaml.org,2002:float", _core_float)
_CoreLoader.add_constructor("tag:yaml.org,2002:map", _raw_key_mapping)
_CoreLoader.add_multi_constructor("!", _short_tag)


def _reference(text: str) -> Any:
    return yaml.load(text, Loader=_CoreLoader)


def _same(a: Any, b: Any) -> bool:
    """Equal values, NaN equal to NaN."""
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _read_alone(text: str, start: int, end: int) -> Any:
    """The value of ``text[start:end]`` read as a document of its own, at its original column
    (so a block collection keeps its indentation)."""
    line_start = max(text.rfind(brk, 0, start) for brk in _BREAKS) + 1
    column = start - line_start
    return _reference(" " * column + text[start:end])


def _names_outer_anchor(source: str) -> bool:
    """An alias in ``source`` to an anchor outside it: the text alone cannot be read."""
    try:
        events = list(yaml.parse(source, Loader=_CoreLoader))
    except yaml.YAMLError:
        return False  # then reading it alone fails, and the check says so
    anchors = {getattr(e, "anchor", None) for e in events if not isinstance(e, yaml.AliasEvent)}
    return any(isinstance(e, yaml.AliasEvent) and e.anchor not in anchors for e in events)


def _check_spans(text: str, root: Node | None) -> None:
    """Every node's text read alone is that node; under a tag (whose long form is made up, as
    ``!GetAtt A.B``'s list) only the bounds are checked."""
    stack: list[tuple[Node | None, bool]] = [(root, False)]
    while stack:
        node, tagged = stack.pop()
        if node is None:
            continue
        start, end = node.span.start, node.span.end
        assert 0 <= start <= end <= len(text)
        tagged = tagged or getattr(node, "tag", None) is not None
        if isinstance(node, ObjectNode):
            for member in node.members:
                key = member.key
                assert member.span.start == key.span.start
                assert member.value is not None
                assert member.span.end == member.value.span.end
                source = text[key.span.start : key.span.end]
                if not tagged and len(source.splitlines()) == 1 and not source.startswith("?"):
                    assert list(_reference(f"{source} : 0")) == [key.value], source
                stack.append((member.value, tagged))
        elif isinstance(node, ArrayNode):
            stack.extend((item, tagged) for item in node.items)
        if not tagged and not _names_outer_anchor(text[start:end]):
            assert _same(_read_alone(text, start, end), to_value(node)), text[start:end]


def _check(text: str) -> None:
    """Our tree has the reference's value and spans that locate every node."""
    try:
        expected = _reference(text)
    except yaml.YAMLError:
        result = parse_yaml(text)
        assert result.root is None
        assert [d.code for d in result.diagnostics] == ["ASL001"]
        return
    result = parse_yaml(text)
    assert [d for d in result.diagnostics if d.code != "ASL002"] == []
    assert _same(to_value(result.root), expected)
    _check_spans(text, result.root)


def _corpus_files() -> list[Path]:
    corpus = shared_dir() / "corpus"
    entries = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    return [corpus / entry["path"] for entry in entries if entry["format"] == "yaml"]


def test_every_yaml_file_of_the_corpus_reads_as_pyyaml_reads_it() -> None:
    files = _corpus_files()
    assert len(files) >= 30
    for path in files:
        _check(path.read_text(encoding="utf-8"))


def test_json_files_of_the_corpus_read_as_yaml_agree_too() -> None:
    corpus = shared_dir() / "corpus"
    files = sorted(corpus.rglob("*.json"))
    assert len(files) >= 100
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            expected = _reference(text)
        except yaml.YAMLError:
            continue  # JSON that YAML does not accept (tabs, escapes): checked elsewhere
        result = parse_yaml(text)
        assert _same(to_value(result.root), expected), path


_TRICKY = [
    "Yes", "No", "On", "Off", "y", "null", "Null", "~", "", "true", "False", "0", "-1", "+1",
    "09", "0o17", "0x1F", "1_000", "1e5", "1.5", ".5", "-.inf", ".NaN", "2024-01-01",
    "2024-01-01T00:00:00Z", "a: b", "- x", "#c", "x #c", "'q'", '"d"', "é ✓ 😀", "a\nb",
    " lead", "trail ", "$.path", "States.ALL", "*star", "&amp", "!bang", "%pct", "@at", "`tick",
]  # fmt: skip
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.sampled_from(_TRICKY),
    st.text(max_size=12),
)
_keys = st.one_of(st.sampled_from(_TRICKY), st.text(max_size=8))
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_keys, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(
    _values,
    st.sampled_from([None, True, False]),
    st.sampled_from([2, 4]),
    st.booleans(),
    st.sampled_from([12, 80]),
)
def test_generated_yaml_reads_as_pyyaml_reads_it(
    value: Any, flow: bool | None, indent: int, unicode: bool, width: int
) -> None:
    text = yaml.safe_dump(
        value, default_flow_style=flow, indent=indent, allow_unicode=unicode, width=width
    )
    _check(text)


_PLAIN = st.sampled_from([*_TRICKY[:25], "x", "Pass", "Step 1"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_PLAIN.filter(bool), _PLAIN, st.sampled_from(["", "'", '"'])), max_size=6),
    st.sampled_from(["", "!Ref ", "!GetAtt ", "!Sub ", "!Custom ", "&a "]),
)
def test_hand_written_plain_scalars_follow_the_core_schema(
    pairs: list[tuple[str, str, str]], tag: str
) -> None:
    lines = []
    for key, value, quote in pairs:
        written = f"{quote}{value}{quote}" if quote else value
        lines.append(f"{key}: {written}")
    lines.append(f"Tagged: {tag}Fn.Arn")
    _check("\n".join(lines) + "\n")


@pytest.mark.parametrize(
    "text",
    [
        "retry: &r {ErrorEquals: [States.ALL], MaxAttempts: 2}\nA: {Retry: [*r]}\nB: *r\n",
        "a: &s x\nb: *s\n*s : 1\n",
        "a: !Sub\n  - x-${y}\n  - {y: 1}\nb: !If [C, !Ref A, !GetAtt B.Arn]\nc: !Custom [1]\n",
        "a: |\n  line 1\n  line 2\nb: >-\n  folded\n  text\nc: 'it''s'\nd: \"\\u00e9\\n\"\n",
        "a: [1, {b: 2, c: [3, 4]}, []]\nd: {}\n",
        "%YAML 1.2\n---\na: 1\n...\n",
        "? complex\n: 1\n",
    ],
)
def test_hand_written_yaml_reads_as_pyyaml_reads_it(text: str) -> None:
    _check(text)


def test_a_syntax_error_after_an_alias_bomb_is_what_is_reported() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    text = "\n".join(lines) + "\nlast: [1, 2\n"
    (diagnostic,) = parse_yaml(text).diagnostics
    assert diagnostic.message == "did not find expected ',' or ']'"


def test_alias_problems_are_reported_at_their_mark() -> None:
    undefined = parse_yaml("a: *x\n")
    assert undefined.root is None
    assert [(d.message, d.span.start) for d in undefined.diagnostics] == [
        ("found undefined alias", 3)
    ]
    twice = parse_yaml("a: &x 1\nb: &x 2\n")
    assert [(d.message, d.span.start) for d in twice.diagnostics] == [("second occurrence", 11)]
    # Anchors belong to their document, and every document is checked.
    later = parse_yaml("a: &y 1\n---\nb: *y\n")
    assert later.root is None
    assert [d.span.start for d in later.diagnostics] == [15]


def test_a_second_document_is_reported_where_its_content_starts() -> None:
    result = parse_yaml("a: 1\n--- &b\nb: 2\n")
    assert to_value(result.root) == {"a": 1}
    (diagnostic,) = result.diagnostics
    assert diagnostic.span.start == len("a: 1\n--- ")


def test_key_problems_carry_the_path_of_their_mapping() -> None:
    text = "States:\n  A:\n    ? [x]\n    : 1\n    B: 2\n    B: 3\n"
    result = parse_yaml(text)
    assert [(d.rule, d.path) for d in result.diagnostics] == [
        ("syntax-error", "/States/A"),
        ("duplicate-key", "/States/A"),
    ]
    assert to_value(result.root) == {"States": {"A": {"B": 3}}}


def test_huge_integers_are_reported_once_per_use() -> None:
    digits = "9" * 5000
    result = parse_yaml(f"a: &n {digits}\nb: *n\nc: '{digits}'\n")
    assert [d.span.start for d in result.diagnostics] == [3, 3]
    value = to_value(result.root)
    assert isinstance(value, dict)
    assert value["a"] == value["b"] == math.inf
    assert value["c"] == digits


def test_an_explicit_standard_tag_decides_the_scalar_type() -> None:
    root = parse_yaml("a: !!str 5\nb: 5\nc: !!int 7\nd: !!str true\ne: !!int x\n").root
    assert isinstance(root, ObjectNode)
    assert to_value(root) == {"a": "5", "b": 5, "c": 7, "d": "true", "e": "x"}
