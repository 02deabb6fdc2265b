"""ASL's JSONPath dialect: parse with offsets, check per field kind, evaluate with AWS semantics.

AWS evaluates paths with Jayway JsonPath. A *Path* (InputPath, OutputPath, ``.$`` values) may select
many nodes (wildcards, filters, slices, ``..``) and then yields a list; a *Reference Path*
(ResultPath, ``...Path`` fields) names exactly one node. Paths may start at the input (``$``), the
context object (``$$``) or a workflow variable (``$name``). Our own parser exists because general
JSONPath libraries accept text AWS refuses (``a.b`` without ``$``) and report no offsets.
"""

from __future__ import annotations

import copy
import functools
import math
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any

from asl_lsp.expr.errors import (
    ExprError,
    ExprSyntaxError,
    JsonValue,
    PathEvaluationError,
    ResultPathMatchFailure,
    field_path_not_found_message,
    invalid_path_message,
    result_path_message,
    undefined_variable_message,
)
from asl_lsp.expr.scanner import Scanner
from asl_lsp.expr.variables import VARIABLE_NAME_RE
from asl_lsp.numbers import MAX_INT_DIGITS, is_huge_integer
from asl_lsp.records import Frozen, set_field


class PathKind(Enum):
    """Which flavour of path a field takes (decides what ``check_path`` allows)."""

    PATH = "path"
    REFERENCE = "reference"
    RESULT_PATH = "result-path"
    REFERENCE_WITH_CONTEXT = "reference-with-context"


class PathSyntaxError(ExprSyntaxError):
    """A malformed path; offsets are relative to the path text."""


# --------------------------------------------------------------------------- AST


class FilterExpr(Frozen):
    """A node of a filter expression ``[?(...)]``.

    ``op`` is one of: ``or``, ``and``, ``not``, ``exists`` (operand only), a comparison
    (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, ``=~``, ``in``, ``nin``), or ``value``.
    """

    _fields = ("op", "args")
    __slots__ = _fields
    op: str
    args: tuple[Any, ...]

    def __init__(self, op: str, args: tuple[Any, ...] = ()) -> None:
        set_field(self, "op", op)
        set_field(self, "args", args)


class RelPath(Frozen):
    """``@.a.b`` (``absolute=False``) or ``$.a.b`` inside a filter."""

    _fields = ("absolute", "segments")
    __slots__ = _fields
    absolute: bool
    segments: tuple[Segment, ...]

    def __init__(self, absolute: bool, segments: tuple[Segment, ...]) -> None:
        set_field(self, "absolute", absolute)
        set_field(self, "segments", segments)


class Segment(Frozen):
    """One path step; ``kind``: child, index, wildcard, slice, filter, names, indices, function."""

    _fields = ("kind", "start", "end", "recursive", "names", "indices", "slice", "filter")
    __slots__ = _fields
    kind: str
    start: int
    end: int
    recursive: bool
    names: tuple[str, ...]
    indices: tuple[int, ...]
    slice: tuple[int | None, int | None, int | None]
    filter: FilterExpr | None

    def __init__(
        self,
        kind: str,
        start: int,
        end: int,
        recursive: bool = False,
        names: tuple[str, ...] = (),
        indices: tuple[int, ...] = (),
        slice: tuple[int | None, int | None, int | None] = (None, None, None),
        filter: FilterExpr | None = None,
    ) -> None:
        set_field(self, "kind", kind)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "recursive", recursive)
        set_field(self, "names", names)
        set_field(self, "indices", indices)
        set_field(self, "slice", slice)
        set_field(self, "filter", filter)

    @property
    def is_single(self) -> bool:
        """True when the step selects at most one node (allowed in a reference path)."""
        if self.recursive:
            return False
        return self.kind in ("child", "index")


class ParsedPath(Frozen):
    _fields = ("text", "root", "variable", "root_end", "segments")
    __slots__ = _fields
    text: str
    root: str  # "input" | "context" | "variable"
    variable: str | None
    root_end: int
    segments: tuple[Segment, ...]

    def __init__(
        self,
        text: str,
        root: str,
        variable: str | None,
        root_end: int,
        segments: tuple[Segment, ...] = (),
    ) -> None:
        set_field(self, "text", text)
        set_field(self, "root", root)
        set_field(self, "variable", variable)
        set_field(self, "root_end", root_end)
        set_field(self, "segments", segments)

    @property
    def is_definite(self) -> bool:
        """Jayway's notion: a definite path yields one value, an indefinite one a list."""
        return all(s.is_single or s.kind == "function" for s in self.segments)


# --------------------------------------------------------------------------- parser

_NAME_STOP = set(".[]()'\" \t\r\n,")
_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_INT_RE = re.compile(r"-?\d+")
_LAST_INDEX_RE = re.compile(r"\(\s*@\.length\s*-\s*(\d+)\s*\)")
_BARE_WORD_RE = re.compile(r"[A-Za-z_][\w-]*")
_FUNCTIONS = ("length", "size", "min", "max", "avg", "sum", "stddev", "first", "last", "keys")


class _Parser(Scanner):
    def error(
        self, message: str, start: int | None = None, end: int | None = None
    ) -> PathSyntaxError:
        return PathSyntaxError(message, *self.bounds(start, end))

    def integer(self, raw: str, start: int) -> int:
        if is_huge_integer(raw):
            raise self.error(f"number with more than {MAX_INT_DIGITS:,} digits", start, self.pos)
        return int(raw)

    # -- top level
    def parse(self) -> ParsedPath:
        text = self.text
        if not text.strip():
            raise PathSyntaxError("a path must not be empty", 0, len(text))
        # Jayway trims the path text, so AWS accepts blanks around it.
        lead = len(text) - len(text.lstrip())
        if text[lead] != "$":
            end = lead + 1
            while end < len(text) and text[end] not in ".[ ":
                end += 1
            raise PathSyntaxError("a path must start with '$'", lead, end)
        variable: str | None = None
        if text.startswith("$$", lead):
            root, self.pos = "context", lead + 2
        else:
            m = VARIABLE_NAME_RE.match(text, lead + 1)
            if m:
                root, variable, self.pos = "variable", m.group(0), m.end()
            else:
                root, self.pos = "input", lead + 1
        root_end = self.pos
        segments = self.parse_segments(stop="")
        return ParsedPath(text, root, variable, root_end, tuple(segments))

    def parse_segments(self, stop: str) -> list[Segment]:
        """Parse steps until the end of text or a character in ``stop`` (used inside filters)."""
        segments: list[Segment] = []
        while self.pos < len(self.text):
            c = self.peek()
            if stop and (c in stop or c in " \t\r\n"):
                break
            start = self.pos
            if c == "." and self.peek(1) == ".":
                self.pos += 2
                nxt = self.peek()
                if nxt == "[":
                    seg = self.parse_bracket(start)
                elif nxt == "*":
                    self.pos += 1
                    seg = Segment("wildcard", start, self.pos)
                elif nxt and nxt not in _NAME_STOP:
                    seg = Segment("child", start, self.parse_name_end(), names=(self.last_name,))
                else:
                    raise self.error("expected a name, '*' or '[' after '..'", start, self.pos)
                segments.append(_recursive(seg))
            elif c == ".":
                self.pos += 1
                nxt = self.peek()
                if nxt == "*":
                    self.pos += 1
                    segments.append(Segment("wildcard", start, self.pos))
                elif nxt == "[":
                    # Jayway reads '$.[0]' as '$[0]'.
                    segments.append(self.parse_bracket(start))
                elif nxt and nxt not in _NAME_STOP:
                    end = self.parse_name_end()
                    name = self.last_name
                    if self.peek() == "(":
                        segments.append(self.parse_function(start, name))
                    else:
                        segments.append(Segment("child", start, end, names=(name,)))
                else:
                    raise self.error("expected a name or '*' after '.'", start, self.pos)
            elif c == "[":
                segments.append(self.parse_bracket(start))
            elif c in " \t\r\n":
                if not stop and not self.text[self.pos :].strip():
                    self.pos = len(self.text)
                    break
                raise self.error("unexpected whitespace in a path")
            else:
                raise self.error(f"unexpected character '{c}' (expected '.' or '[')")
        return segments

    last_name = ""

    def parse_name_end(self) -> int:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _NAME_STOP:
            self.pos += 1
        self.last_name = self.text[start : self.pos]
        return self.pos

    def parse_function(self, start: int, name: str) -> Segment:
        name_start = start + 1
        if name not in _FUNCTIONS:
            raise self.error(f"unknown path function '{name}()'", name_start, self.pos)
        self.pos += 1  # (
        self.skip_ws()
        if self.peek() != ")":
            raise self.error("path functions take no arguments", name_start, self.pos + 1)
        self.pos += 1
        if self.pos < len(self.text) and self.text[self.pos] not in ")]":
            raise self.error("a path function must be the last step", start, self.pos)
        return Segment("function", start, self.pos, names=(name,))

    def find_bracket_end(self, start: int) -> int:
        """Offset just after the ``]`` matching ``[`` at ``start`` (quote aware)."""
        depth = 0
        i = start
        quote = ""
        while i < len(self.text):
            ch = self.text[i]
            if quote:
                if ch == "\\":
                    i += 2
                    continue
                if ch == quote:
                    quote = ""
            elif ch in "'\"":
                quote = ch
            elif ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise self.error("unterminated bracket: missing ']'", start, len(self.text))

    def parse_bracket(self, start: int) -> Segment:
        open_at = self.pos
        end = self.find_bracket_end(open_at)
        self.pos += 1
        self.skip_ws()
        c = self.peek()
        if c == "*":
            self.pos += 1
            seg = Segment("wildcard", start, end)
        elif c in ("'", '"'):
            names = [self.parse_quoted()]
            self.skip_ws()
            while self.peek() == ",":
                self.pos += 1
                self.skip_ws()
                if self.peek() not in ("'", '"'):
                    raise self.error("expected a quoted name after ','")
                names.append(self.parse_quoted())
                self.skip_ws()
            kind = "child" if len(names) == 1 else "names"
            seg = Segment(kind, start, end, names=tuple(names))
        elif c == "?":
            self.pos += 1
            self.skip_ws()
            if self.peek() != "(":
                raise self.error("expected '(' after '?' in a filter")
            paren = self.pos
            self.pos += 1
            expr = self.parse_or()
            self.skip_ws()
            if self.peek() != ")":
                raise self.error("unterminated filter: missing ')'", paren, self.pos + 1)
            self.pos += 1
            seg = Segment("filter", start, end, filter=expr)
        elif c == "(":
            m = _LAST_INDEX_RE.match(self.text, self.pos)
            if not m:
                raise self.error(
                    "only the script expression '[(@.length-N)]' is supported", start, end
                )
            self.pos = m.end()
            seg = Segment("index", start, end, indices=(-self.integer(m.group(1), start),))
        elif c and (c.isdigit() or c in "-:"):
            seg = self.parse_index_or_slice(start, end)
        elif c == "]":
            raise self.error("empty brackets '[]'", start, end)
        else:
            raise self.error(
                "expected an index, a quoted name, '*', a slice or a filter in brackets"
            )
        self.skip_ws()
        if self.pos != end - 1:
            raise self.error("unexpected text before ']'", self.pos, end - 1)
        self.pos = end
        return seg

    def parse_quoted(self) -> str:
        quote = self.peek()
        start = self.pos
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if ch == quote:
                self.pos += 1
                return "".join(out)
            out.append(ch)
            self.pos += 1
        raise self.error("unterminated string", start, len(self.text))

    def parse_int(self) -> int | None:
        m = _INT_RE.match(self.text, self.pos)
        if not m:
            return None
        self.pos = m.end()
        return self.integer(m.group(0), m.start())

    def parse_index_or_slice(self, start: int, end: int) -> Segment:
        first = self.parse_int()
        self.skip_ws()
        if self.peek() == ":":
            self.pos += 1
            self.skip_ws()
            stop = self.parse_int()
            self.skip_ws()
            step: int | None = None
            if self.peek() == ":":
                self.pos += 1
                self.skip_ws()
                step = self.parse_int()
                if step == 0:
                    raise self.error("a slice step must not be 0")
            return Segment("slice", start, end, slice=(first, stop, step))
        if first is None:
            raise self.error("expected an integer index")
        indices = [first]
        while self.peek() == ",":
            self.pos += 1
            self.skip_ws()
            nxt = self.parse_int()
            if nxt is None:
                raise self.error("expected an integer index after ','")
            indices.append(nxt)
            self.skip_ws()
        if len(indices) == 1:
            return Segment("index", start, end, indices=(first,))
        return Segment("indices", start, end, indices=tuple(indices))

    # -- filter expressions
    def parse_or(self) -> FilterExpr:
        left = self.parse_and()
        while True:
            self.skip_ws()
            if self.text.startswith("||", self.pos):
                self.pos += 2
                left = FilterExpr("or", (left, self.parse_and()))
            else:
                return left

    def parse_and(self) -> FilterExpr:
        left = self.parse_unary()
        while True:
            self.skip_ws()
            if self.text.startswith("&&", self.pos):
                self.pos += 2
                left = FilterExpr("and", (left, self.parse_unary()))
            else:
                return left

    def parse_unary(self) -> FilterExpr:
        self.skip_ws()
        if self.peek() == "!" and self.peek(1) != "=":
            self.pos += 1
            return FilterExpr("not", (self.parse_unary(),))
        if self.peek() == "(":
            open_at = self.pos
            self.pos += 1
            inner = self.parse_or()
            self.skip_ws()
            if self.peek() != ")":
                raise self.error("missing ')' in a filter", open_at, self.pos + 1)
            self.pos += 1
            return inner
        left = self.parse_operand()
        self.skip_ws()
        for op in ("==", "!=", "<=", ">=", "=~", "<", ">", " in ", " nin "):
            token = op.strip()
            if op.startswith(" "):
                if re.match(rf"{token}\b", self.text[self.pos :]):
                    self.pos += len(token)
                    return FilterExpr(token, (left, self.parse_operand()))
            elif self.text.startswith(token, self.pos):
                self.pos += len(token)
                return FilterExpr(token, (left, self.parse_operand()))
        if isinstance(left, RelPath):
            return FilterExpr("exists", (left,))
        return FilterExpr("value", (left,))

    def parse_operand(self) -> Any:
        self.skip_ws()
        c = self.peek()
        start = self.pos
        if c == "@" or c == "$":
            self.pos += 1
            absolute = c == "$"
            segs = self.parse_segments(stop="=!<>&|)], ")
            return RelPath(absolute, tuple(segs))
        if c in ("'", '"'):
            return ("lit", self.parse_quoted())
        if c == "/":
            return self.parse_regex()
        if c == "[":
            return self.parse_array_literal()
        m = _NUMBER_RE.match(self.text, self.pos)
        if m:
            self.pos = m.end()
            num = m.group(0)
            if any(x in num for x in ".eE"):
                return ("lit", float(num))
            return ("lit", self.integer(num, m.start()))
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return ("lit", value)
        if not c:
            raise self.error("unterminated filter: missing ')'", start, len(self.text))
        m = _BARE_WORD_RE.match(self.text, self.pos)
        if m and m.group(0) not in ("in", "nin"):
            # Jayway takes an unquoted word as a string literal.
            self.pos = m.end()
            return ("lit", m.group(0))
        raise self.error(f"unexpected '{c}' in a filter expression")

    def parse_regex(self) -> Any:
        start = self.pos
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text) and self.text[self.pos] != "/":
            if self.text[self.pos] == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos : self.pos + 2])
                self.pos += 2
                continue
            out.append(self.text[self.pos])
            self.pos += 1
        if self.pos >= len(self.text):
            raise self.error("unterminated regular expression", start, len(self.text))
        self.pos += 1
        flags = 0
        while self.peek() in ("i", "m", "s", "x") and self.peek():
            flags |= {"i": re.I, "m": re.M, "s": re.S, "x": re.X}[self.peek()]
            self.pos += 1
        try:
            return ("regex", re.compile("".join(out), flags))
        except re.error as exc:
            raise self.error(f"invalid regular expression: {exc}", start, self.pos) from None

    def parse_array_literal(self) -> Any:
        start = self.pos
        self.pos += 1
        items: list[Any] = []
        self.skip_ws()
        while self.peek() != "]":
            op = self.parse_operand()
            if not (isinstance(op, tuple) and op[0] == "lit"):
                raise self.error(
                    "array literals in filters may hold only literals", start, self.pos
                )
            items.append(op[1])
            self.skip_ws()
            if self.peek() == ",":
                self.pos += 1
                self.skip_ws()
            elif self.peek() != "]":
                raise self.error("expected ',' or ']' in an array literal")
        self.pos += 1
        return ("lit", items)


def _recursive(seg: Segment) -> Segment:
    return Segment(
        seg.kind, seg.start, seg.end, True, seg.names, seg.indices, seg.slice, seg.filter
    )


def parse_path(text: str) -> ParsedPath:
    """Parse a path (raises ``PathSyntaxError``). Results are cached: the engine re-reads paths."""
    hit = _parse_or_error(text)
    if isinstance(hit, PathSyntaxError):
        raise hit
    return hit


# A pure function of the text, so one bounded memo serves every document and execution; it holds
# no state of theirs (parsed paths are immutable).
@functools.lru_cache(maxsize=4096)
def _parse_or_error(text: str) -> ParsedPath | PathSyntaxError:
    try:
        return _Parser(text).parse()
    except PathSyntaxError as exc:
        return exc
    except RecursionError:
        return PathSyntaxError("the path is nested too deeply", 0, len(text))


# --------------------------------------------------------------------------- checks

_SEGMENT_NOT_ALLOWED = {
    "wildcard": "'*' (wildcard) is not allowed in a reference path",
    "filter": "a filter '[?(...)]' is not allowed in a reference path",
    "slice": "a slice '[start:end]' is not allowed in a reference path",
    "names": "a union of names ['a','b'] is not allowed in a reference path",
    "indices": "a union of indexes [0,1] is not allowed in a reference path",
    "function": "a path function is not allowed in a reference path",
}


def check_path(text: str, kind: PathKind) -> list[ExprError]:
    """Problems of ``text`` used as a path of ``kind``; offsets relative to ``text``."""
    try:
        parsed = parse_path(text)
    except PathSyntaxError as exc:
        return [ExprError(exc.message, exc.start, exc.end)]
    errors: list[ExprError] = []
    if parsed.root == "context" and kind in (PathKind.REFERENCE, PathKind.RESULT_PATH):
        where = "ResultPath" if kind is PathKind.RESULT_PATH else "this reference path"
        errors.append(ExprError(f"the context object '$$' is not allowed in {where}", 0, 2))
    if parsed.root == "variable" and kind is PathKind.RESULT_PATH:
        errors.append(
            ExprError("a variable is not allowed in ResultPath (use Assign)", 0, parsed.root_end)
        )
    if kind is PathKind.PATH:
        return errors
    for seg in parsed.segments:
        if seg.recursive:
            errors.append(
                ExprError(
                    "'..' (recursive descent) is not allowed in a reference path",
                    seg.start,
                    seg.end,
                )
            )
        elif not seg.is_single:
            errors.append(ExprError(_SEGMENT_NOT_ALLOWED[seg.kind], seg.start, seg.end))
    return errors


def is_path_like(s: object) -> bool:
    """True when a string value looks like a JSONPath (AWS's NO_DOLLAR / NO_PATH warnings)."""
    if not isinstance(s, str) or not s.startswith("$"):
        return False
    if s in ("$", "$$"):
        return True
    if s.startswith(("$.", "$[", "$$.", "$$[")):
        return True
    m = VARIABLE_NAME_RE.match(s, 1)
    if m is None:
        return False
    return m.end() == len(s) or s[m.end()] in ".["


def normalized_path(parsed: ParsedPath) -> str:
    """Jayway's normalized form (``$['a'][0]``), as AWS prints it in 'No results for path'."""
    out = ["$$" if parsed.root == "context" else "$" + (parsed.variable or "")]
    for seg in parsed.segments:
        prefix = ".." if seg.recursive else ""
        if seg.kind in ("child", "names"):
            out.append(prefix + "[" + ",".join(f"'{n}'" for n in seg.names) + "]")
        elif seg.kind in ("index", "indices"):
            out.append(prefix + "[" + ",".join(str(i) for i in seg.indices) + "]")
        elif seg.kind == "wildcard":
            out.append(prefix + "[*]")
        else:
            out.append(prefix + parsed.text[seg.start : seg.end].lstrip("."))
    return "".join(out)


# --------------------------------------------------------------------------- evaluation


class _NotFound(Exception):
    pass


_MISSING: Any = object()


def evaluate_path(
    text: str,
    data: JsonValue,
    *,
    context: JsonValue = None,
    variables: Mapping[str, JsonValue] | None = None,
    field: str | None = None,
) -> JsonValue:
    """The value ``text`` selects. Indefinite paths (wildcards, filters...) give a list.

    Raises ``PathEvaluationError`` when a definite path selects nothing; the message is AWS's
    ("Invalid path ..." or, when ``field`` names a payload-template key, "The JSONPath ...").
    """
    try:
        parsed = parse_path(text)
    except PathSyntaxError as exc:
        raise PathEvaluationError(
            f"Invalid path '{text}': {exc.message}", path=text, field=field
        ) from None
    if parsed.root == "context":
        root = context
    elif parsed.root == "variable":
        assert parsed.variable is not None
        if variables is None or parsed.variable not in variables:
            raise PathEvaluationError(
                undefined_variable_message(parsed.variable), path=text, field=field
            )
        root = variables[parsed.variable]
    else:
        root = data
    try:
        return _evaluate(parsed, root, data)
    except _NotFound:
        if field is not None:
            msg = field_path_not_found_message(text, field, data)
        else:
            msg = invalid_path_message(text, normalized_path(parsed))
        raise PathEvaluationError(msg, path=text, field=field) from None


def _evaluate(parsed: ParsedPath, root: JsonValue, doc_root: JsonValue) -> JsonValue:
    definite = parsed.is_definite
    nodes = [root]
    for seg in parsed.segments:
        nodes = _apply(seg, nodes, definite, doc_root)
        if definite and not nodes:
            raise _NotFound
    if definite:
        return nodes[0] if nodes else None
    return nodes


def _descendants(value: JsonValue) -> list[JsonValue]:
    out: list[JsonValue] = []
    stack = [value]
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return out


def _apply(seg: Segment, nodes: list[JsonValue], definite: bool, doc_root: JsonValue) -> list[Any]:
    if seg.recursive:
        out: list[JsonValue] = []
        for node in nodes:
            targets = _descendants(node)
            if seg.kind == "wildcard":
                targets = targets[1:]
                out.extend(targets)
                continue
            plain = Segment(
                seg.kind, seg.start, seg.end, False, seg.names, seg.indices, seg.slice, seg.filter
            )
            for t in targets:
                out.extend(_apply(plain, [t], False, doc_root))
        return out
    result: list[JsonValue] = []
    for node in nodes:
        if seg.kind == "child":
            name = seg.names[0]
            if isinstance(node, dict) and name in node:
                result.append(node[name])
        elif seg.kind == "names":
            if isinstance(node, dict):
                picked = {n: node[n] for n in seg.names if n in node}
                if picked:
                    result.append(picked)
        elif seg.kind in ("index", "indices"):
            if isinstance(node, list):
                for i in seg.indices:
                    j = i + len(node) if i < 0 else i
                    if 0 <= j < len(node):
                        result.append(node[j])
                    elif definite:
                        # Jayway (so AWS) gives null for an out-of-range index of a definite path.
                        result.append(None)
        elif seg.kind == "wildcard":
            if isinstance(node, dict):
                result.extend(node.values())
            elif isinstance(node, list):
                result.extend(node)
        elif seg.kind == "slice":
            if isinstance(node, list):
                a, b, c = seg.slice
                result.extend(node[slice(a, b, c)])
        elif seg.kind == "filter":
            assert seg.filter is not None
            candidates = (
                node if isinstance(node, list) else [node] if isinstance(node, dict) else []
            )
            for item in candidates:
                if _truthy(_eval_filter(seg.filter, item, doc_root)):
                    result.append(item)
        elif seg.kind == "function":
            value = _path_function(seg.names[0], node)
            if value is not _MISSING:
                result.append(value)
    return result


def _path_function(name: str, node: JsonValue) -> JsonValue:
    if name in ("length", "size"):
        if isinstance(node, (list, dict, str)):
            return len(node)
        return _MISSING
    if name == "keys":
        return list(node.keys()) if isinstance(node, dict) else _MISSING
    if not isinstance(node, list):
        return _MISSING
    if name == "first":
        return node[0] if node else _MISSING
    if name == "last":
        return node[-1] if node else _MISSING
    nums = [x for x in node if isinstance(x, (int, float)) and not isinstance(x, bool)]
    if not nums:
        return _MISSING
    if name == "min":
        return float(min(nums))
    if name == "max":
        return float(max(nums))
    if name == "sum":
        return float(sum(nums))
    mean = sum(nums) / len(nums)
    if name == "avg":
        return float(mean)
    return math.sqrt(sum((x - mean) ** 2 for x in nums) / len(nums))


def _truthy(value: Any) -> bool:
    return value is True


def _operand(op: Any, item: JsonValue, doc_root: JsonValue) -> Any:
    if isinstance(op, RelPath):
        base = doc_root if op.absolute else item
        nodes = [base]
        definite = all(s.is_single for s in op.segments)
        for seg in op.segments:
            nodes = _apply(seg, nodes, definite, doc_root)
            if not nodes:
                return _MISSING
        return nodes[0] if definite else nodes
    if isinstance(op, tuple):
        return op[1]
    return _MISSING


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _eval_filter(expr: FilterExpr, item: JsonValue, doc_root: JsonValue) -> Any:
    op = expr.op
    if op == "or":
        return any(_truthy(_eval_filter(a, item, doc_root)) for a in expr.args)
    if op == "and":
        return all(_truthy(_eval_filter(a, item, doc_root)) for a in expr.args)
    if op == "not":
        return not _truthy(_eval_filter(expr.args[0], item, doc_root))
    if op == "exists":
        return _operand(expr.args[0], item, doc_root) is not _MISSING
    if op == "value":
        return _operand(expr.args[0], item, doc_root) is True
    left = _operand(expr.args[0], item, doc_root)
    right_raw = expr.args[1]
    if op == "=~":
        if left is _MISSING or not isinstance(left, str):
            return False
        if isinstance(right_raw, tuple) and right_raw[0] == "regex":
            return right_raw[1].fullmatch(left) is not None
        return False
    right = _operand(right_raw, item, doc_root)
    if left is _MISSING or right is _MISSING:
        return op == "!=" and (left is _MISSING) != (right is _MISSING)
    if op == "==":
        return _json_equal(left, right)
    if op == "!=":
        return not _json_equal(left, right)
    if op in ("in", "nin"):
        found = isinstance(right, list) and any(_json_equal(left, r) for r in right)
        return found if op == "in" else not found
    if _is_number(left) and _is_number(right):
        a, b = float(left), float(right)
    elif isinstance(left, str) and isinstance(right, str):
        return _compare(left, right, op)
    else:
        return False
    return _compare(a, b, op)


def _compare(a: Any, b: Any, op: str) -> bool:
    if op == "<":
        return bool(a < b)
    if op == "<=":
        return bool(a <= b)
    if op == ">":
        return bool(a > b)
    return bool(a >= b)


def _json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON sees it: 1 == 1.0, but True is not 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_number(a) and _is_number(b):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and bool(a == b)


json_equal = _json_equal


# --------------------------------------------------------------------------- ResultPath


def set_result_path(input: JsonValue, result_path: str | None, result: JsonValue) -> JsonValue:
    """Apply ResultPath: ``$`` replaces, ``None`` keeps the input, ``$.a.b`` creates objects.

    The input is not mutated. Raises ``ResultPathMatchFailure`` when a node on the way is not an
    object (or a path step is not a single field or index).
    """
    if result_path is None:
        return input
    try:
        parsed = parse_path(result_path)
    except PathSyntaxError as exc:
        raise ResultPathMatchFailure(f"Invalid ResultPath '{result_path}': {exc.message}") from None
    if parsed.root != "input" or not all(s.is_single for s in parsed.segments):
        raise ResultPathMatchFailure(
            f"Invalid ResultPath '{result_path}': a ResultPath must be a reference path"
        )
    if not parsed.segments:
        return result
    failure = ResultPathMatchFailure(result_path_message(result_path, input))
    if not isinstance(input, (dict, list)):
        raise failure
    out = copy.copy(input)
    container: Any = out
    segs = parsed.segments
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if seg.kind == "child":
            if not isinstance(container, dict):
                raise failure
            key = seg.names[0]
            if last:
                container[key] = result
                break
            child = container.get(key, _MISSING)
            if child is _MISSING or child is None:
                child = {} if segs[i + 1].kind == "child" else _MISSING
                if child is _MISSING:
                    raise failure
            elif isinstance(child, (dict, list)):
                child = copy.copy(child)
            else:
                raise failure
            container[key] = child
            container = child
        else:
            if not isinstance(container, list):
                raise failure
            idx = seg.indices[0]
            j = idx + len(container) if idx < 0 else idx
            if not 0 <= j < len(container):
                raise failure
            if last:
                container[j] = result
                break
            child = container[j]
            if not isinstance(child, (dict, list)):
                raise failure
            child = copy.copy(child)
            container[j] = child
            container = child
    return out
