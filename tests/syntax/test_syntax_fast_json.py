"""The fast path for valid JSON builds exactly the tolerant parser's tree, and refuses the rest.

Differential tests: on every corpus file (JSON, and JSON written from the YAML ones), on generated
and fuzzed valid JSON (escapes, unicode, numbers, nesting, whitespace), the fast path's tree equals
the tolerant parser's, node for node and offset for offset; every text the fast path refuses gets
exactly the tolerant parser's result; and linting a corpus file finds the same findings at the same
ranges with either path.
"""

from __future__ import annotations

import json
import pickle
import random
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from asl_lsp.lint.linter import lint_document
from asl_lsp.model.document import build_document, parse_document, reparse_document
from asl_lsp.numbers import MAX_INT_DIGITS
from asl_lsp.syntax import fast_json
from asl_lsp.syntax.document import parse_source
from asl_lsp.syntax.fast_json import PLAIN_MAX_DEPTH, parse_json_fast, read_json
from asl_lsp.syntax.json_depth import MAX_DEPTH
from asl_lsp.syntax.json_parser import parse_json
from asl_lsp.syntax.nodes import (
    ArrayNode,
    Member,
    Node,
    NumberNode,
    ObjectNode,
    StringNode,
    to_value,
)
from asl_lsp.syntax.result import ParseResult
from tests.shared_path import shared_dir
from tests.syntax.corpus_edits import random_edit
from tests.syntax.syntax_bigdefs import big_definition
from tests.syntax.syntax_walk import all_nodes


def _same_tree(got: Node | None, expected: Node | None) -> None:
    """``got == expected``, node by node without recursion (a 512-deep tree would overflow the
    recursion of ``==``), with the first difference named."""
    stack: list[tuple[Node | None, Node | None, str]] = [(got, expected, "")]
    while stack:
        a, b, where = stack.pop()
        # An object moved by an edit (syntax/moving.py) is an ObjectNode of its own kind.
        assert _kind(a) is _kind(b), where
        if a is None or b is None:
            continue
        assert (a.start, a.end) == (b.start, b.end), where
        if isinstance(a, ObjectNode):
            assert isinstance(b, ObjectNode)
            assert a.tag == b.tag is None, where
            assert len(a.members) == len(b.members), where
            assert a.keys() == b.keys(), where
            for m, n in zip(a.members, b.members, strict=True):
                assert (m.start, m.end) == (n.start, n.end), where
                assert m.key == n.key, where
                stack.append((m.value, n.value, f"{where}/{m.key.value}"))
            last = {m.key.value: m for m in a.members}  # a lookup gives the last duplicate
            assert all(a.member(key) is m and key in a for key, m in last.items()), where
        elif isinstance(a, ArrayNode):
            assert isinstance(b, ArrayNode)
            assert a.tag == b.tag is None, where
            assert len(a.items) == len(b.items), where
            stack.extend(
                (x, y, f"{where}/{i}")
                for i, (x, y) in enumerate(zip(a.items, b.items, strict=True))
            )
        elif isinstance(a, NumberNode):
            assert isinstance(b, NumberNode)
            assert type(a.value) is type(b.value) and a.raw == b.raw, where
            assert a.value == b.value or a.value != a.value != b.value != b.value, where  # NaN
        else:
            assert a == b, where


def _kind(node: Node | None) -> type:
    return ObjectNode if isinstance(node, ObjectNode) else type(node)


def _agrees(text: str) -> ParseResult | None:
    """Check the fast path against the tolerant parser on ``text``; the fast result, if any."""
    expected = parse_json(text)
    fast = parse_json_fast(text)
    if fast is None:
        # Refused: only texts the tolerant parser has something to say about are refused.
        assert expected.diagnostics or expected.root is None
    else:
        assert expected.diagnostics == ()
        assert fast.diagnostics == ()
        _same_tree(fast.root, expected.root)
    got = read_json(text)
    assert got.diagnostics == expected.diagnostics
    _same_tree(got.root, expected.root)
    return fast


def _corpus_json_texts() -> Iterator[tuple[str, str]]:
    corpus = shared_dir() / "corpus"
    for path in sorted(corpus.rglob("*.json")):
        yield str(path), path.read_text(encoding="utf-8", errors="replace")


def _corpus_yaml_as_json() -> Iterator[tuple[str, str]]:
    """The corpus's YAML files written as JSON (those whose values JSON can hold), in a few
    layouts."""
    corpus = shared_dir() / "corpus"
    for number, path in enumerate(sorted([*corpus.rglob("*.yaml"), *corpus.rglob("*.yml")])):
        try:
            value = yaml.safe_load(path.read_text(encoding="utf-8"))
            layout = [None, 2, 4, "\t"][number % 4]
            yield str(path), json.dumps(value, indent=layout, ensure_ascii=number % 2 == 0)
        except (yaml.YAMLError, TypeError, ValueError):
            continue


def test_every_corpus_file_takes_the_fast_path_and_builds_the_same_tree() -> None:
    fast = 0
    texts = [*_corpus_json_texts(), *_corpus_yaml_as_json()]
    assert len(texts) > 350
    for path, text in texts:
        try:
            if _agrees(text) is not None:
                fast += 1
        except AssertionError as error:
            raise AssertionError(f"{path}: {error}") from error
    # Nearly every corpus file is clean JSON: the fast path must actually be taken.
    assert fast > 0.9 * len(texts)


def test_corpus_lints_the_same_with_either_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same findings, same ranges, same fixes, whichever path read the text."""
    checked = 0
    for path, text in _corpus_json_texts():
        monkeypatch.setattr(fast_json, "ENABLED", True)
        fast = lint_document(build_document(parse_source(text, path)))
        monkeypatch.setattr(fast_json, "ENABLED", False)
        tolerant = lint_document(build_document(parse_source(text, path)))
        assert fast == tolerant, path
        checked += bool(tolerant)
    assert checked > 100


def test_large_generated_definitions_agree() -> None:
    """A definition of thousands of states reads the same, indented and on one line."""
    definition = big_definition(2000)
    for text in (json.dumps(definition, indent=2), json.dumps(definition)):
        assert _agrees(text) is not None


# Values with what makes a token's text differ from its value: escapes of every kind, code points
# outside the BMP (one str index each), keys of any shape; numbers in every spelling JSON has.
_strings = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list('"\\/\b\f\n\r\t\x00\x1f\u2028é😀{}[],: ')),
    ),
    max_size=12,
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    _strings,
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(_strings, inner, max_size=5)
    ),
    max_leaves=30,
)


def _spaced(text: str, chance: random.Random) -> str:
    """``text`` (valid JSON) with random JSON whitespace around its structural characters."""
    out: list[str] = [_blank(chance)]
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            out.append(char)
        elif char in "{}[],:":
            out.extend((_blank(chance), char, _blank(chance)))
        elif char not in " \t\n\r":
            in_string = char == '"'
            out.append(char)
    out.append(_blank(chance))
    return "".join(out)


def _blank(chance: random.Random) -> str:
    return "".join(chance.choice(" \t\n\r") for _ in range(chance.randrange(3)))


@settings(max_examples=400, deadline=None)
@given(_values, st.sampled_from([None, 0, 1, 3, "\t"]), st.booleans(), st.integers(0, 2**32))
def test_generated_json_builds_the_same_tree(
    value: Any, indent: int | str | None, ascii_only: bool, seed: int
) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert _agrees(text) is not None
    assert _agrees(_spaced(text, random.Random(seed))) is not None


@pytest.mark.parametrize(
    "text",
    [
        "{}",
        "[]",
        " \n {  } \t",
        '[[], {}, [[]], [{}], {"a": []}]',
        '{"a": 1.0, "b": -0, "c": 1e5, "d": 1E+5, "e": -0.0, "f": 2.5e-3, "g": 0, "h": 1e400}',
        "[1.0,-0,1e5,1E-5,12345678901234567890,-12345678901234567890,0.000,10E0]",
        '{"": "", "a": ""}',
        '{"\\u0041\\n\\t\\"\\\\\\/\\b\\f\\r": "\\ud83d\\ude00 \\u00e9 \\uD83D\\uDE00 caf\\u00e9"}',
        '{"😀": "😀é", "é": ["\u2028", "x\\"y", "\\\\"]}',
        '["a\\\\", "b\\\\\\"", "\\"", "}", "{", "]", "[", "\\"}\\"", ":", ","]',
        '{"a": {"b": {"c": [true, false, null, {"d": [null]}]}}}',
        '"just a string"',
        '"\\u00e9\\\\"',
        "42",
        "-1.5e3",
        "true",
        "false",
        "null",
        '{"a": true, "b": false, "c": null, "t": "true", "n": "null"}',
        '{"k":"v","k2":{"x":[1,"2",{"y":null}]},"k3":[]}',
        '{"States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}',
    ],
)
def test_edge_cases_build_the_same_tree(text: str) -> None:
    assert _agrees(text) is not None


def _deep(depth: int) -> str:
    """``depth`` containers, one in the other."""
    return '{"a": ' * (depth - 1) + "[1]" + "}" * (depth - 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "{",
        '{"a": 1,}',
        "[1, 2,]",
        '{"a": 1} // comment',
        '/* c */ {"a": 1}',
        '{"a": 1, "a": 2}',
        '{"x": {"a": 1, "b": {}, "a": [1]}}',
        '[{"a": 1}, {"b": 1, "b": 1}]',
        '{"a": NaN}',
        "[Infinity]",
        "[-Infinity]",
        "[" + "1" * (MAX_INT_DIGITS + 1) + "]",
        '{"n": -' + "9" * (MAX_INT_DIGITS + 1) + "}",
        '["\\ud800"]',
        '["\\udc00"]',
        '["\\ud800\\u0041"]',
        '["\\ud800x\\udc00"]',
        '{"\\uDBFF": 1}',
        '["\\ud83d\\ude00", "\\ude00\\ud83d"]',
        "\ufeff{}",
        '{"a": "tab\there"}',
        '{"a": "\x01"}',
        "{'a': 1}",
        '{"a": 01}',
        '{"a": .5}',
        '{"a": 1.}',
        '{"a": +1}',
        '{"a": True}',
        '{"a" 1}',
        '{"a": 1} {}',
        '{"a": "\\x"}',
        "[1 2]",
        _deep(MAX_DEPTH + 1),
        _deep(MAX_DEPTH + 2),
    ],
)
def test_refused_texts_get_the_tolerant_result(text: str) -> None:
    assert parse_json_fast(text) is None
    _agrees(text)


@pytest.mark.usefixtures("deep_stack")
def test_nesting_to_the_limit_is_fast_and_one_deeper_is_refused() -> None:
    assert _agrees(_deep(MAX_DEPTH)) is not None
    assert _agrees(_deep(MAX_DEPTH - 1)) is not None
    assert parse_json_fast(_deep(MAX_DEPTH + 1)) is None
    assert parse_json_fast("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)) is None
    assert parse_json_fast("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


def test_the_longest_integer_is_fast_and_one_digit_more_is_refused() -> None:
    longest = "-" + "7" * MAX_INT_DIGITS
    if MAX_INT_DIGITS > 100_000:
        pytest.skip("the interpreter converts integers of any length")
    assert _agrees(f"[{longest}, 1]") is not None
    assert parse_json_fast(f"[{longest}7]") is None


@settings(max_examples=300, deadline=None)
@given(_values, st.integers(0, 2**32))
def test_mutated_json_gets_the_tolerant_result(value: Any, seed: int) -> None:
    """Whatever a few edits make of valid JSON, the result is the tolerant parser's."""
    chance = random.Random(seed)
    text = json.dumps(value, indent=chance.choice([None, 2]), ensure_ascii=chance.random() < 0.5)
    for _ in range(chance.randrange(1, 4)):
        where = chance.randrange(len(text) + 1)
        cut = chance.randrange(3) if chance.random() < 0.5 else 0
        typed = chance.choice(['"', "{", "}", "[", "]", ",", ":", "\\", " ", "1", "-", "e", ""])
        text = text[:where] + typed + text[where + cut :]
    _agrees(text)


def test_corpus_edits_get_the_tolerant_result() -> None:
    """Corpus texts after random edits (most break them): the tolerant parser's result."""
    chance = random.Random(31)
    for number, (path, text) in enumerate(_corpus_json_texts()):
        if number % 4:
            continue
        source = parse_source(text, path)
        for _ in range(3):
            text = random_edit(text, source, chance)
            try:
                _agrees(text)
            except AssertionError as error:
                raise AssertionError(f"{path}: {error}") from error


def test_a_fast_tree_pickles_and_compares_as_plain_nodes() -> None:
    text = json.dumps(
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": [1, 2.5, "x"], "End": True}}},
        indent=2,
    )
    fast = parse_json_fast(text)
    assert fast is not None
    copy = pickle.loads(pickle.dumps(fast.root))
    assert copy == fast.root == parse_json(text).root
    assert type(copy) is ObjectNode
    states = fast.root.get("States")
    assert isinstance(states, ObjectNode)
    member = states.member("A")
    assert isinstance(member, Member) and isinstance(member.key, StringNode)
    assert text[member.start : member.end].startswith('"A": {')


def test_the_edit_path_reads_on_from_a_fast_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The language server's first version comes from the fast path; editing it gives, edit
    after edit, what the tolerant parser gives for each new text (tree, model and findings)."""
    corpus = sorted((shared_dir() / "corpus").rglob("*.json"))
    chance = random.Random(7)
    reread = 0
    for path in corpus[::6]:
        text = path.read_text(encoding="utf-8")
        previous = parse_document(text, str(path))
        if previous.source.kind != "asl" or previous.source.diagnostics:
            continue
        for _ in range(6):
            text = random_edit(text, previous.source, chance)
            current = reparse_document(previous, text, str(path))
            reread += current.source.edit is not None
            monkeypatch.setattr(fast_json, "ENABLED", False)
            expected = parse_document(text, str(path))
            monkeypatch.setattr(fast_json, "ENABLED", True)
            _same_tree(current.source.root, expected.source.root)
            assert current.source.diagnostics == expected.source.diagnostics
            assert lint_document(current) == lint_document(expected)
            previous = current
    assert reread > 10


def _objects(root: Node | None) -> list[ObjectNode]:
    return [node for node in all_nodes(root) if isinstance(node, ObjectNode)]


def test_objects_keep_the_plain_data_json_read() -> None:
    """Each object of a fast tree holds its data as ``to_value`` gives it (the schema check
    validates it instead of converting the nodes back)."""
    count = 0
    for path, text in [*_corpus_json_texts(), *_corpus_yaml_as_json()]:
        fast = parse_json_fast(text)
        assert fast is not None, path
        for node in _objects(fast.root):
            assert node._plain is not None and node._plain == to_value(node), path
            count += 1
    assert count > 4_000
    assert all(node._plain is None for node in _objects(parse_json('{"a": {"b": []}}').root))


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (_deep(PLAIN_MAX_DEPTH), True),
        (_deep(PLAIN_MAX_DEPTH + 1), False),
        ('{"a": {"b": [1e308, -1.5, 2]}}', True),
        ('{"a": {"b": [1e309]}}', False),
        ('{"a": {}, "b": -1E400}', False),
    ],
)
def test_plain_data_is_kept_only_shallow_and_finite(text: str, kept: bool) -> None:
    fast = parse_json_fast(text)
    assert fast is not None
    objects = _objects(fast.root)
    assert objects and all((node._plain is not None) is kept for node in objects)


def test_moved_objects_keep_their_plain_data() -> None:
    from asl_lsp.syntax.moving import MovedObjectNode, moved

    fast = parse_json_fast('{"a": {"b": [1, {"c": "d"}]}}')
    assert fast is not None and isinstance(fast.root, ObjectNode)
    lazily = MovedObjectNode(fast.root, 5)
    eagerly = moved(fast.root, 5)
    assert isinstance(eagerly, ObjectNode)
    for node in (lazily, MovedObjectNode(lazily, 2), eagerly):
        assert node._plain == fast.root._plain == to_value(node)
