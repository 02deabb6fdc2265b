"""Intrinsic functions (``States.Format(...)`` and friends): parser, static checks, evaluation.

One parser serves the linter (offsets of every call and argument) and the engine. Evaluation
follows AWS's documented argument rules and raises ``IntrinsicFailure``
(``States.IntrinsicFailure``) with the function named, so a Catch on that error behaves as on AWS.
"""

from __future__ import annotations

import difflib
import functools
import random
import re
from collections.abc import Mapping, Sequence

from asl_lsp.expr.errors import (
    ExprError,
    ExprSyntaxError,
    IntrinsicFailure,
    JsonValue,
    intrinsic_message,
)
from asl_lsp.expr.jsonpath import PathKind, check_path, evaluate_path
from asl_lsp.expr.scanner import Scanner
from asl_lsp.numbers import MAX_INT_DIGITS, is_huge_integer
from asl_lsp.records import Frozen, set_field
from asl_lsp.spec.intrinsics import INTRINSICS, NOT_LITERAL, Intrinsic

MAX_NESTING = 10
"""AWS allows up to 10 intrinsic functions nested within one field (counted over the field)."""

# --------------------------------------------------------------------------- AST


class IntrinsicSyntaxError(ExprSyntaxError):
    """A malformed intrinsic call; offsets are relative to the call text."""


class LiteralArg(Frozen):
    """A string, number, boolean or null literal. ``format_parts`` splits a string literal on its
    unescaped ``{}`` placeholders (``\\{`` and ``\\}`` are literal braces)."""

    _fields = ("value", "start", "end", "format_parts")
    __slots__ = _fields
    value: JsonValue
    start: int
    end: int
    format_parts: tuple[str, ...] | None

    def __init__(
        self, value: JsonValue, start: int, end: int, format_parts: tuple[str, ...] | None = None
    ) -> None:
        set_field(self, "value", value)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "format_parts", format_parts)

    @property
    def literal(self) -> JsonValue:
        return self.value


class PathArg(Frozen):
    _fields = ("text", "start", "end")
    __slots__ = _fields
    text: str
    start: int
    end: int
    format_parts = None
    literal = NOT_LITERAL

    def __init__(self, text: str, start: int, end: int) -> None:
        set_field(self, "text", text)
        set_field(self, "start", start)
        set_field(self, "end", end)


class IntrinsicCall(Frozen):
    _fields = ("name", "args", "start", "end", "name_end")
    __slots__ = _fields
    name: str
    args: tuple[Arg, ...]
    start: int
    end: int
    name_end: int
    format_parts = None
    literal = NOT_LITERAL

    def __init__(
        self, name: str, args: tuple[Arg, ...], start: int, end: int, name_end: int
    ) -> None:
        set_field(self, "name", name)
        set_field(self, "args", args)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "name_end", name_end)

    @property
    def depth(self) -> int:
        """Nesting depth of intrinsic calls, this one included."""
        inner = [a.depth for a in self.args if isinstance(a, IntrinsicCall)]
        return 1 + max(inner, default=0)


Arg = LiteralArg | PathArg | IntrinsicCall


_INTRINSIC_START_RE = re.compile(r"\s*States\.[A-Za-z0-9_]*\s*\(")


def is_intrinsic_like(s: object) -> bool:
    """True when a string looks like an intrinsic call (``States.X(``)."""
    return isinstance(s, str) and _INTRINSIC_START_RE.match(s) is not None


# --------------------------------------------------------------------------- parser

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_NUMBER_RE = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_ESCAPABLE = {"'", "{", "}", "\\"}


class _Parser(Scanner):
    def fail(
        self, message: str, start: int | None = None, end: int | None = None
    ) -> IntrinsicSyntaxError:
        return IntrinsicSyntaxError(message, *self.bounds(start, end))

    def parse(self) -> IntrinsicCall:
        self.skip_ws()
        call = self.call()
        self.skip_ws()
        if self.pos != len(self.text):
            raise self.fail("unexpected text after the intrinsic call", self.pos, len(self.text))
        return call

    def call(self) -> IntrinsicCall:
        start = self.pos
        m = _NAME_RE.match(self.text, self.pos)
        if not m:
            raise self.fail("expected an intrinsic function call such as States.Format(...)")
        name = m.group(0)
        self.pos = m.end()
        name_end = self.pos
        if self.peek() == ".":
            raise self.fail(f"expected a function name after '{name}.'", self.pos + 1)
        self.skip_ws()
        if self.peek() != "(":
            raise self.fail(f"expected '(' after '{name}'")
        open_at = self.pos
        self.pos += 1
        args: list[Arg] = []
        self.skip_ws()
        if self.peek() == ")":
            self.pos += 1
            return IntrinsicCall(name, (), start, self.pos, name_end)
        while True:
            self.skip_ws()
            if not self.peek():
                raise self.fail(f"missing ')' to close {name}(", open_at, len(self.text))
            args.append(self.arg())
            self.skip_ws()
            c = self.peek()
            if c == ",":
                self.pos += 1
                self.skip_ws()
                if self.peek() == ")":
                    raise self.fail("expected an argument after ','")
                continue
            if c == ")":
                self.pos += 1
                return IntrinsicCall(name, tuple(args), start, self.pos, name_end)
            if not c:
                raise self.fail(f"missing ')' to close {name}(", open_at, len(self.text))
            raise self.fail(f"expected ',' or ')' in the arguments of {name}, found '{c}'")

    def arg(self) -> Arg:
        c = self.peek()
        start = self.pos
        if c == "'":
            return self.string()
        if c == '"':
            raise self.fail("string literals in intrinsic functions use single quotes")
        if c == "$":
            return self.path()
        m = _NUMBER_RE.match(self.text, self.pos)
        if m and (c.isdigit() or c in "-."):
            self.pos = m.end()
            raw = m.group(0)
            if not any(x in raw for x in ".eE") and is_huge_integer(raw):
                raise self.fail(f"number with more than {MAX_INT_DIGITS:,} digits", start)
            value: JsonValue = float(raw) if any(x in raw for x in ".eE") else int(raw)
            return LiteralArg(value, start, self.pos)
        for word, lit in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos):
                after = self.pos + len(word)
                if after >= len(self.text) or not (
                    self.text[after].isalnum() or self.text[after] in "._"
                ):
                    self.pos = after
                    return LiteralArg(lit, start, self.pos)
        if _NAME_RE.match(self.text, self.pos):
            return self.call()
        raise self.fail(
            f"unexpected '{c}': an argument is a 'string', a number, true, false, null, a path "
            "or an intrinsic call"
        )

    def string(self) -> LiteralArg:
        start = self.pos
        self.pos += 1
        value: list[str] = []
        parts: list[str] = []
        current: list[str] = []
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch == "\\":
                nxt = text[self.pos + 1] if self.pos + 1 < len(text) else ""
                if nxt not in _ESCAPABLE:
                    raise self.fail(
                        "a backslash must escape one of ' { } \\ in an intrinsic string",
                        self.pos,
                        self.pos + 2,
                    )
                value.append(nxt)
                current.append(nxt)
                self.pos += 2
                continue
            if ch == "'":
                self.pos += 1
                parts.append("".join(current))
                return LiteralArg("".join(value), start, self.pos, tuple(parts))
            if ch == "{" and text.startswith("{}", self.pos):
                value.append("{}")
                parts.append("".join(current))
                current = []
                self.pos += 2
                continue
            value.append(ch)
            current.append(ch)
            self.pos += 1
        raise self.fail('unterminated string literal: missing "\'"', start, len(text))

    def path(self) -> PathArg:
        start = self.pos
        depth = 0
        quote = ""
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if quote:
                if ch == "\\":
                    self.pos += 2
                    continue
                if ch == quote:
                    quote = ""
            elif ch in ("'", '"') and depth > 0:
                quote = ch
            elif ch in "[(":
                depth += 1
            elif ch in "])":
                if depth == 0:
                    break
                depth -= 1
            elif ch in ", \t\r\n" and depth == 0:
                break
            self.pos += 1
        end = self.pos
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        return PathArg(text[start:end], start, end)


@functools.lru_cache(maxsize=2048)
def parse_intrinsic(text: str) -> IntrinsicCall:
    """Parse one intrinsic call (the whole text); raises ``IntrinsicSyntaxError``.

    Cached: the engine evaluates the same field for every Map item.
    """
    try:
        return _Parser(text).parse()
    except RecursionError:
        raise IntrinsicSyntaxError(
            "the intrinsic call is nested too deeply", 0, len(text)
        ) from None


# --------------------------------------------------------------------------- static checks

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "array": "an array",
    "object": "an object",
    "boolean": "a boolean",
    "null": "null",
    "any": "a value",
}


def _literal_type(value: JsonValue) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return "any"


def _accepts(expected: str, actual: str) -> bool:
    if expected == "any" or actual == "any":
        return True
    if expected == "number":
        return actual in ("number", "integer")
    return expected == actual


def _arity_text(spec: Intrinsic) -> str:
    lo, hi = spec.min_args, spec.max_args
    if hi is None:
        return f"at least {lo} argument{'s' if lo != 1 else ''}"
    if lo == hi == 0:
        return "no arguments"
    if lo == hi:
        return f"{lo} argument{'s' if lo != 1 else ''}"
    return f"{lo} or {hi} arguments" if hi == lo + 1 else f"{lo} to {hi} arguments"


def check_intrinsic(text: str) -> list[ExprError]:
    """Every static problem of an intrinsic call, with offsets into ``text``."""
    try:
        call = parse_intrinsic(text)
    except IntrinsicSyntaxError as exc:
        return [ExprError(exc.message, exc.start, exc.end)]
    errors: list[ExprError] = []
    total = len(iter_calls(call))
    if total > MAX_NESTING:
        errors.append(
            ExprError(
                f"a field may hold at most {MAX_NESTING} nested intrinsic functions; "
                f"this one has {total}",
                call.start,
                call.end,
            )
        )
    _check_call(call, errors)
    return errors


def _check_call(call: IntrinsicCall, errors: list[ExprError]) -> None:
    for arg in call.args:
        if isinstance(arg, IntrinsicCall):
            _check_call(arg, errors)
        elif isinstance(arg, PathArg):
            errors.extend(e.shifted(arg.start) for e in check_path(arg.text, PathKind.PATH))
    spec = INTRINSICS.get(call.name)
    if spec is None:
        errors.append(ExprError(_unknown_message(call.name), call.start, call.name_end))
        return
    n = len(call.args)
    if n < spec.min_args or (spec.max_args is not None and n > spec.max_args):
        errors.append(
            ExprError(f"{spec.name} takes {_arity_text(spec)}, got {n}", call.start, call.end)
        )
        return
    for i, arg in enumerate(call.args):
        actual = _static_type(arg)
        expected = spec.expected(i)
        if not _accepts(expected, actual):
            errors.append(
                ExprError(
                    f"argument {i + 1} of {spec.name} must be {_TYPE_WORDS[expected]}, "
                    f"got {_TYPE_WORDS.get(actual, actual)}",
                    arg.start,
                    arg.end,
                )
            )
    _check_specific(call, spec, errors)


def _static_type(arg: Arg) -> str:
    if isinstance(arg, LiteralArg):
        return _literal_type(arg.value)
    if isinstance(arg, IntrinsicCall):
        spec = INTRINSICS.get(arg.name)
        return spec.returns if spec else "any"
    return "any"


def _check_specific(call: IntrinsicCall, spec: Intrinsic, errors: list[ExprError]) -> None:
    if spec.check is None:
        return
    for message, index in spec.check(call.args):
        where = call.args[index] if index is not None else call
        errors.append(ExprError(message, where.start, where.end))


def _unknown_message(name: str) -> str:
    close = difflib.get_close_matches(name, list(INTRINSICS), n=1, cutoff=0.6)
    if not close and not name.startswith("States."):
        close = difflib.get_close_matches("States." + name, list(INTRINSICS), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"{name} is not an intrinsic function{hint}"


# --------------------------------------------------------------------------- evaluation


def evaluate_intrinsic(
    text: str,
    data: JsonValue,
    *,
    context: JsonValue = None,
    variables: Mapping[str, JsonValue] | None = None,
    rng: random.Random | None = None,
) -> JsonValue:
    """Evaluate an intrinsic call against the state's data, context object and variables.

    Raises ``IntrinsicFailure`` for arguments AWS refuses; a path argument that selects nothing
    raises ``PathEvaluationError`` (AWS: ``States.Runtime``).
    """
    try:
        call = parse_intrinsic(text)
    except IntrinsicSyntaxError as exc:
        raise IntrinsicFailure(
            intrinsic_message("", f"Invalid intrinsic function call '{text}': {exc.message}")
        ) from None
    return _Evaluator(data, context, variables, rng).call(call)


class _Evaluator:
    def __init__(
        self,
        data: JsonValue,
        context: JsonValue,
        variables: Mapping[str, JsonValue] | None,
        rng: random.Random | None,
    ) -> None:
        self.data = data
        self.context = context
        self.variables = variables
        self.rng = rng

    def value(self, arg: Arg) -> JsonValue:
        if isinstance(arg, LiteralArg):
            return arg.value
        if isinstance(arg, PathArg):
            return evaluate_path(
                arg.text, self.data, context=self.context, variables=self.variables
            )
        return self.call(arg)

    def call(self, call: IntrinsicCall) -> JsonValue:
        spec = INTRINSICS.get(call.name)
        if spec is None:
            raise IntrinsicFailure(intrinsic_message("", _unknown_message(call.name)))
        n = len(call.args)
        if n < spec.min_args or (spec.max_args is not None and n > spec.max_args):
            raise IntrinsicFailure(
                intrinsic_message(spec.name, f"expected {_arity_text(spec)}, got {n}")
            )
        args = [self.value(a) for a in call.args]
        first = call.args[0] if call.args else None
        parts = first.format_parts if isinstance(first, LiteralArg) else None
        try:
            return spec.evaluate(args, parts, self.rng)
        except IntrinsicFailure:
            raise
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise IntrinsicFailure(intrinsic_message(spec.name, str(exc))) from None


def iter_calls(call: IntrinsicCall) -> Sequence[IntrinsicCall]:
    """This call and every nested call, outermost first (for hover and completion)."""
    out = [call]
    for arg in call.args:
        if isinstance(arg, IntrinsicCall):
            out.extend(iter_calls(arg))
    return out


__all__ = [
    "INTRINSICS",
    "MAX_NESTING",
    "IntrinsicCall",
    "IntrinsicSyntaxError",
    "LiteralArg",
    "PathArg",
    "check_intrinsic",
    "evaluate_intrinsic",
    "is_intrinsic_like",
    "iter_calls",
    "parse_intrinsic",
]
