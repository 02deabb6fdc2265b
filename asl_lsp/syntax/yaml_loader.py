"""YAML into the same node tree as JSON, through PyYAML's composer (safe loader, C when available).

Choices, all so that a state machine written in YAML means what its author sees:

* Keys are always strings exactly as written: a state named ``Yes``, ``No``, ``On``, ``Off``,
  ``1`` or ``null`` keeps that name.
* Plain scalar *values* follow the YAML 1.2 core schema, not YAML 1.1: only ``true``/``false``
  (any case spelling of those two) are booleans, only ``null``/``~``/empty are null, numbers are
  decimal/octal ``0o``/hex ``0x`` integers and decimal floats. So ``Next: Yes`` is the string
  ``"Yes"``, ``Timestamp: 2024-01-01T00:00:00Z`` stays a string, ``0777`` is 777.
* Any tag is accepted. CloudFormation short forms (``!Ref X``, ``!GetAtt A.B``, ``!Sub ...``) become
  the long-form objects (``{"Ref": "X"}``, ``{"Fn::GetAtt": ["A", "B"]}``, ``{"Fn::Sub": ...}``) so
  template code sees one shape; the tag is kept on the node.
* Aliases are shared, and the size they expand to is bounded (an alias bomb gives one diagnostic).
* Broken YAML gives one diagnostic at PyYAML's mark and no tree: PyYAML stops at the first error.
  Editor features keep the last good tree of the document while the text is broken.
"""

from __future__ import annotations

import re
from typing import Any, Final

import yaml

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.gcpause import gc_paused
from asl_lsp.numbers import MAX_INT_DIGITS, decimal_integer, is_huge_integer
from asl_lsp.syntax import build
from asl_lsp.syntax.nodes import (
    ArrayNode,
    BoolNode,
    Member,
    Node,
    NullNode,
    NumberNode,
    ObjectNode,
    Span,
    StringNode,
    pointer_string,
)
from asl_lsp.syntax.result import (
    ParseResult,
    duplicate_keys,
    huge_integer,
    syntax_error,
)

MAX_ALIAS_EXPANSION: Final = 10_000

_BaseLoader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that resolves no implicit types: plain scalars keep tag ``str`` so that the
    conversion below applies the YAML 1.2 core rules itself; explicit tags pass through."""


class _PyLoader(yaml.SafeLoader):
    """The same on the pure-Python parser (used where libyaml is missing)."""


_Loader.yaml_implicit_resolvers = {}
_PyLoader.yaml_implicit_resolvers = {}


_STR_TAG: Final = "tag:yaml.org,2002:str"
_NULL_RE = re.compile(r"null|Null|NULL|~|")
_BOOL: Final = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_INT_RE = re.compile(r"[-+]?[0-9]+")
_OCT_RE = re.compile(r"0o[0-7]+")
_HEX_RE = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN_RE = re.compile(r"\.(?:nan|NaN|NAN)")

# CloudFormation short-form tags and their long-form keys.
CFN_TAGS: Final = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{
        f"!{name}": f"Fn::{name}"
        for name in (
            "Base64",
            "Cidr",
            "FindInMap",
            "GetAtt",
            "GetAZs",
            "ImportValue",
            "Join",
            "Select",
            "Split",
            "Sub",
            "Transform",
            "And",
            "Equals",
            "If",
            "Not",
            "Or",
            "Length",
            "ToJsonString",
            "ForEach",
        )
    },
}

_STANDARD_TAGS: Final = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


_MAYBE_TYPED: Final = frozenset("0123456789+-.~nNtTfF")


def _plain_scalar(value: str, span: Span) -> Node:
    """YAML 1.2 core-schema resolution of a plain (unquoted) scalar value."""
    if value and value[0] not in _MAYBE_TYPED:
        return build.string(value, span)
    if _NULL_RE.fullmatch(value):
        return NullNode(span)
    if value in _BOOL:
        return BoolNode(_BOOL[value], span)
    if _INT_RE.fullmatch(value):
        return NumberNode(decimal_integer(value), span, value)
    if _OCT_RE.fullmatch(value):
        return NumberNode(int(value[2:], 8), span, value)
    if _HEX_RE.fullmatch(value):
        return NumberNode(int(value[2:], 16), span, value)
    if _FLOAT_RE.fullmatch(value) and value not in ("+", "-", "."):
        return NumberNode(float(value), span, value)
    if _INF_RE.fullmatch(value):
        return NumberNode(float("-inf") if value.startswith("-") else float("inf"), span, value)
    if _NAN_RE.fullmatch(value):
        return NumberNode(float("nan"), span, value)
    return StringNode(value, span)


def _explicit_scalar(value: str, tag: str, span: Span) -> Node:
    """A scalar with an explicit standard tag (``!!int 5``)."""
    resolved = _plain_scalar(value, span)
    if tag.endswith(":str"):
        return StringNode(value, span)
    if tag.endswith(":null") and isinstance(resolved, NullNode):
        return resolved
    if tag.endswith(":bool") and isinstance(resolved, BoolNode):
        return resolved
    if tag.endswith((":int", ":float")) and isinstance(resolved, NumberNode):
        return resolved
    return StringNode(value, span)


class _TooBig(Exception):
    """Aliases expand past the limit, or an alias contains itself."""


class _Converter:
    """Iterative conversion of a PyYAML node graph into our nodes, sharing aliased subtrees."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.diagnostics: list[Diagnostic] = []
        # id(yaml collection) -> (our node, size it expands to)
        self.done: dict[int, tuple[Node, int]] = {}
        self.expanded = 0

    def span(self, node: yaml.Node) -> Span:
        return Span(node.start_mark.index, node.end_mark.index)

    def inner_span(self, node: yaml.Node) -> Span:
        """The span of a tagged node's content, after its ``!Tag``."""
        span = self.span(node)
        tag = node.tag or ""
        text = self.text
        if tag.startswith("!") and text.startswith(tag, span.start):
            start = span.start + len(tag)
            while start < span.end and text[start] in " \t\r\n":
                start += 1
            return Span(start, span.end)
        return span

    def convert(self, root: yaml.Node) -> Node | None:
        """Post-order walk with an explicit stack of collection frames; scalars are converted in
        place. A collection met a second time (an alias) reuses its converted node and counts
        its size against :data:`MAX_ALIAS_EXPANSION`."""
        if isinstance(root, yaml.ScalarNode):
            return self.scalar(root)
        done = self.done
        scalar_type = yaml.ScalarNode
        str_tag = _STR_TAG
        span_ = build.span
        string_node = build.string
        # Frame: [yaml node, converted children, next child index, path, size so far]
        stack: list[list[Any]] = [[root, [], 0, (), 1]]
        in_progress = {id(root)}
        result: Node | None = None
        while stack:
            frame = stack[-1]
            node, out, index, path, size = frame
            children = node.value
            is_map = isinstance(node, yaml.MappingNode)
            count = len(children)
            pushed = False
            while index < count:
                child = children[index][1] if is_map else children[index]
                index += 1
                if type(child) is scalar_type:
                    if child.tag == str_tag:
                        sp = span_(child.start_mark.index, child.end_mark.index)
                        if child.style:
                            out.append(string_node(child.value, sp))
                        else:
                            if len(child.value) > MAX_INT_DIGITS:
                                self.check_integer(child.value, sp)
                            out.append(_plain_scalar(child.value, sp))
                    else:
                        out.append(self.scalar(child))
                    size += 1
                    continue
                key = id(child)
                seen = done.get(key)
                if seen is not None:
                    self.count(seen[1])
                    out.append(seen[0])
                    size += seen[1]
                    continue
                if key in in_progress:
                    raise _TooBig("a YAML alias refers to a node that contains it")
                in_progress.add(key)
                frame[2] = index
                frame[4] = size
                if is_map:
                    name = children[index - 1][0]
                    step: str | int = name.value if isinstance(name, scalar_type) else "?"
                else:
                    step = index - 1
                stack.append([child, [], 0, (*path, step), 1])
                pushed = True
                break
            if pushed:
                continue
            stack.pop()
            in_progress.discard(id(node))
            if is_map:
                built = self.mapping(node, out, path)
            else:
                built = self.wrap(node, ArrayNode(tuple(out), self.span(node)))
            done[id(node)] = (built, size)
            if stack:
                parent = stack[-1]
                parent[1].append(built)
                parent[4] += size
            else:
                result = built
        return result

    def count(self, size: int) -> None:
        """Account for a subtree that an alias repeats."""
        self.expanded += size
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise _TooBig("YAML aliases expand to too many nodes")

    def check_integer(self, value: str, span: Span) -> None:
        """Report a plain integer too long to convert (it becomes an infinity in the tree)."""
        if is_huge_integer(value) and _INT_RE.fullmatch(value):
            self.diagnostics.append(huge_integer(value, span))

    def scalar(self, node: yaml.ScalarNode) -> Node:
        tag = node.tag or _STR_TAG
        value: str = node.value
        if tag == _STR_TAG:
            span = self.span(node)
            if not node.style:  # plain: None (Python parser) or "" (libyaml)
                self.check_integer(value, span)
                return _plain_scalar(value, span)
            return StringNode(value, span)
        if tag in _STANDARD_TAGS:
            self.check_integer(value, self.span(node))
            return _explicit_scalar(value, tag, self.span(node))
        inner = StringNode(value, self.inner_span(node), tag)
        return self.wrap(node, inner)

    def wrap(self, node: yaml.Node, inner: Node) -> Node:
        """Turn a CloudFormation short tag into its long-form object; keep other tags as is."""
        tag = node.tag or ""
        long_name = CFN_TAGS.get(tag)
        if long_name is None:
            if tag.startswith("!") and isinstance(inner, ArrayNode):
                return ArrayNode(inner.items, inner.span, tag)
            return inner
        span = self.span(node)
        value: Node = inner
        if isinstance(inner, StringNode):
            value = StringNode(inner.value, self.inner_span(node))
            if long_name == "Fn::GetAtt" and "." in inner.value:
                # !GetAtt Resource.Attribute is the list form [Resource, Attribute].
                resource, attribute = inner.value.split(".", 1)
                s = value.span
                value = ArrayNode(
                    (
                        StringNode(resource, Span(s.start, s.start + len(resource))),
                        StringNode(attribute, Span(s.start + len(resource) + 1, s.end)),
                    ),
                    s,
                )
        elif isinstance(inner, ArrayNode):
            value = ArrayNode(inner.items, self.inner_span(node))
        elif isinstance(inner, ObjectNode):
            value = ObjectNode(inner.members, self.inner_span(node))
        tag_span = Span(span.start, span.start + len(tag))
        key = StringNode(long_name, tag_span, tag)
        return ObjectNode((Member(key, value, span),), span, tag)

    def mapping(
        self, node: yaml.MappingNode, values: list[Node], path: tuple[str | int, ...]
    ) -> Node:
        members: list[Member] = []
        append = members.append
        span_ = build.span
        string = build.string
        member = build.member
        for (k, _), child in zip(node.value, values, strict=True):
            if type(k) is not yaml.ScalarNode:
                self.diagnostics.append(
                    syntax_error(
                        "mapping keys must be plain strings", self.span(k), pointer_string(path)
                    )
                )
                continue
            start = k.start_mark.index
            key = string(k.value, span_(start, k.end_mark.index))
            append(member(key, child, span_(start, child.span.end)))
        obj = build.object_node(tuple(members), self.span(node))
        if len(obj._index) != len(members):
            self.diagnostics.extend(duplicate_keys(members, pointer_string(path)))
        return self.wrap(node, obj)


def _mark_span(text: str, mark: Any) -> Span:
    if mark is None:
        return Span(0, 0)
    index = min(max(int(mark.index), 0), len(text))
    return Span(index, min(index + 1, len(text)))


def parse_yaml(text: str) -> ParseResult:
    """Parse YAML ``text`` into nodes with spans; never raises.

    On a YAML error the result has no root and one diagnostic at the error's mark.
    """
    # One pause for both steps: PyYAML's node graph is garbage as soon as it is converted.
    with gc_paused():
        return _parse(text)


def _parse(text: str) -> ParseResult:
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        return ParseResult(None, (syntax_error(str(problem), _mark_span(text, mark)),))
    except yaml.YAMLError as exc:
        return ParseResult(None, (syntax_error(str(exc).splitlines()[0], Span(0, 0)),))
    except RecursionError:
        return ParseResult(None, (syntax_error("YAML nested too deeply", Span(0, 0)),))
    except (ValueError, TypeError) as exc:  # e.g. unacceptable characters reported oddly
        return ParseResult(None, (syntax_error(str(exc).splitlines()[0], Span(0, 0)),))
    if not documents:
        return ParseResult(None, ())
    diagnostics: list[Diagnostic] = []
    if len(documents) > 1:
        extra = documents[1]
        diagnostics.append(
            syntax_error(
                "only one YAML document is allowed (found '---' and more)",
                Span(extra.start_mark.index, extra.start_mark.index),
            )
        )
    converter = _Converter(text)
    try:
        root = converter.convert(documents[0])
    except _TooBig as exc:
        return ParseResult(None, (syntax_error(str(exc), Span(0, 0)),))
    diagnostics.extend(converter.diagnostics)
    return ParseResult(root, tuple(diagnostics))
