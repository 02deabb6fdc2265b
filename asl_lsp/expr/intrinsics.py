"""Intrinsic functions (``States.Format(...)`` and friends): parser, static checks, evaluation.

One parser serves the linter (offsets of every call and argument) and the engine. Evaluation
follows AWS's documented argument rules and raises ``IntrinsicFailure``
(``States.IntrinsicFailure``) with the function named, so a Catch on that error behaves as on AWS.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import functools
import json
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from asl_lsp.expr.errors import (
    ExprError,
    ExprSyntaxError,
    IntrinsicFailure,
    JsonValue,
    intrinsic_message,
    to_compact_json,
)
from asl_lsp.expr.jsonpath import PathKind, check_path, evaluate_path, json_equal
from asl_lsp.expr.scanner import Scanner
from asl_lsp.numbers import MAX_INT_DIGITS, is_huge_integer

MAX_NESTING = 10
"""AWS allows up to 10 intrinsic functions nested within one field (counted over the field)."""

MAX_ARRAY_RANGE = 1000
MAX_STRING_CHARS = 10_000
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# The algorithms of States.Hash and JSONata's $hash: AWS name -> hashlib name.
HASH_ALGORITHMS = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


# --------------------------------------------------------------------------- AST


class IntrinsicSyntaxError(ExprSyntaxError):
    """A malformed intrinsic call; offsets are relative to the call text."""


@dataclass(frozen=True)
class LiteralArg:
    """A string, number, boolean or null literal. ``format_parts`` splits a string literal on its
    unescaped ``{}`` placeholders (``\\{`` and ``\\}`` are literal braces)."""

    value: JsonValue
    start: int
    end: int
    format_parts: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PathArg:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class IntrinsicCall:
    name: str
    args: tuple[Arg, ...]
    start: int
    end: int
    name_end: int

    @property
    def depth(self) -> int:
        """Nesting depth of intrinsic calls, this one included."""
        inner = [a.depth for a in self.args if isinstance(a, IntrinsicCall)]
        return 1 + max(inner, default=0)


Arg = LiteralArg | PathArg | IntrinsicCall


# --------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class IntrinsicSpec:
    """What completion, hover and the arity/type checks know about one function."""

    name: str
    signature: str
    doc: str
    min_args: int
    max_args: int | None
    arg_types: tuple[str, ...]
    """Expected type per position ("string", "integer", "number", "array", "object", "boolean",
    "any"); the last entry repeats for variadic functions."""
    returns: str

    def expected(self, index: int) -> str:
        if not self.arg_types:
            return "any"
        return self.arg_types[min(index, len(self.arg_types) - 1)]


def _spec(
    name: str, sig: str, doc: str, lo: int, hi: int | None, types: tuple[str, ...], returns: str
) -> IntrinsicSpec:
    return IntrinsicSpec(f"States.{name}", f"States.{sig}", doc, lo, hi, types, returns)


INTRINSICS: dict[str, IntrinsicSpec] = {
    s.name: s
    for s in (
        _spec(
            "Format",
            "Format(template, value...)",
            "Build a string: each '{}' in the template is replaced by the next value.",
            1,
            None,
            ("string", "any"),
            "string",
        ),
        _spec(
            "StringToJson",
            "StringToJson(jsonString)",
            "Parse a string holding JSON text into its JSON value.",
            1,
            1,
            ("string",),
            "any",
        ),
        _spec(
            "JsonToString",
            "JsonToString(value)",
            "Serialize a JSON value to a compact JSON string.",
            1,
            1,
            ("any",),
            "string",
        ),
        _spec(
            "Array",
            "Array(value...)",
            "Make an array of the argument values, in order.",
            0,
            None,
            ("any",),
            "array",
        ),
        _spec(
            "ArrayPartition",
            "ArrayPartition(array, chunkSize)",
            "Split an array into chunks of chunkSize items (the last may be shorter).",
            2,
            2,
            ("array", "integer"),
            "array",
        ),
        _spec(
            "ArrayContains",
            "ArrayContains(array, value)",
            "True when the array holds the value.",
            2,
            2,
            ("array", "any"),
            "boolean",
        ),
        _spec(
            "ArrayRange",
            "ArrayRange(start, end, step)",
            "Integers from start to end (inclusive) by step; at most 1000 items.",
            3,
            3,
            ("integer", "integer", "integer"),
            "array",
        ),
        _spec(
            "ArrayGetItem",
            "ArrayGetItem(array, index)",
            "The item at a zero-based index.",
            2,
            2,
            ("array", "integer"),
            "any",
        ),
        _spec(
            "ArrayLength",
            "ArrayLength(array)",
            "The number of items in an array.",
            1,
            1,
            ("array",),
            "integer",
        ),
        _spec(
            "ArrayUnique",
            "ArrayUnique(array)",
            "The array without duplicate values (first occurrences kept).",
            1,
            1,
            ("array",),
            "array",
        ),
        _spec(
            "Base64Encode",
            "Base64Encode(string)",
            "Base64-encode a string of at most 10,000 characters.",
            1,
            1,
            ("string",),
            "string",
        ),
        _spec(
            "Base64Decode",
            "Base64Decode(base64)",
            "Decode a Base64 string of at most 10,000 characters.",
            1,
            1,
            ("string",),
            "string",
        ),
        _spec(
            "Hash",
            "Hash(data, algorithm)",
            "Hex digest of data with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.",
            2,
            2,
            ("any", "string"),
            "string",
        ),
        _spec(
            "JsonMerge",
            "JsonMerge(object1, object2, isDeepMerge)",
            "Shallow-merge two objects (object2 wins); isDeepMerge must be false.",
            3,
            3,
            ("object", "object", "boolean"),
            "object",
        ),
        _spec(
            "MathRandom",
            "MathRandom(start, end[, seed])",
            "A random integer from start (inclusive) to end (exclusive); optional seed.",
            2,
            3,
            ("integer", "integer", "integer"),
            "integer",
        ),
        _spec(
            "MathAdd",
            "MathAdd(value1, value2)",
            "The sum of two integers.",
            2,
            2,
            ("integer", "integer"),
            "integer",
        ),
        _spec(
            "StringSplit",
            "StringSplit(string, delimiters)",
            "Split a string at any of the delimiter characters; empty pieces are dropped.",
            2,
            2,
            ("string", "string"),
            "array",
        ),
        _spec("UUID", "UUID()", "A random version 4 UUID string.", 0, 0, (), "string"),
    )
}

STRING_RETURNING = frozenset(
    n
    for n in (
        "States.ArrayGetItem",
        "States.Base64Encode",
        "States.Base64Decode",
        "States.Format",
        "States.JsonToString",
        "States.Hash",
        "States.UUID",
    )
)
"""Intrinsics a Fail state's ErrorPath/CausePath may use (they return a string)."""


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


def _arity_text(spec: IntrinsicSpec) -> str:
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
    _check_specific(call, errors)


def _static_type(arg: Arg) -> str:
    if isinstance(arg, LiteralArg):
        return _literal_type(arg.value)
    if isinstance(arg, IntrinsicCall):
        spec = INTRINSICS.get(arg.name)
        return spec.returns if spec else "any"
    return "any"


def _literal(arg: Arg) -> Any:
    return arg.value if isinstance(arg, LiteralArg) else _NO_LITERAL


_NO_LITERAL: Any = object()


def _check_specific(call: IntrinsicCall, errors: list[ExprError]) -> None:
    name, args = call.name, call.args
    if name == "States.Hash":
        algo = _literal(args[1])
        if isinstance(algo, str) and algo not in HASH_ALGORITHMS:
            errors.append(
                ExprError(
                    f"unsupported hash algorithm '{algo}'; use one of "
                    + ", ".join(HASH_ALGORITHMS),
                    args[1].start,
                    args[1].end,
                )
            )
    elif name == "States.JsonMerge":
        if _literal(args[2]) is True:
            errors.append(
                ExprError(
                    "States.JsonMerge supports only a shallow merge: isDeepMerge must be false",
                    args[2].start,
                    args[2].end,
                )
            )
    elif name == "States.Format":
        first = args[0]
        if isinstance(first, LiteralArg) and first.format_parts is not None:
            holes = len(first.format_parts) - 1
            if holes != len(args) - 1:
                errors.append(
                    ExprError(
                        f"the template has {holes} '{{}}' placeholder{'s' if holes != 1 else ''} "
                        f"but {len(args) - 1} value{'s follow' if len(args) != 2 else ' follows'}",
                        call.start,
                        call.end,
                    )
                )
    elif name == "States.ArrayRange":
        lits = [_literal(a) for a in args]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in lits):
            start, end, step = (int(v) for v in lits)
            if step == 0:
                errors.append(
                    ExprError(
                        "the step of States.ArrayRange must not be 0", args[2].start, args[2].end
                    )
                )
            else:
                count = max(0, (end - start) // step + 1)
                if count > MAX_ARRAY_RANGE:
                    errors.append(
                        ExprError(
                            f"States.ArrayRange would make {count} items; at most "
                            f"{MAX_ARRAY_RANGE} are allowed",
                            call.start,
                            call.end,
                        )
                    )
    elif name == "States.ArrayPartition":
        size = _literal(args[1])
        if isinstance(size, int) and not isinstance(size, bool) and size <= 0:
            errors.append(
                ExprError(
                    "the chunk size of States.ArrayPartition must be positive",
                    args[1].start,
                    args[1].end,
                )
            )


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
        if call.name == "States.Format":
            return _format(call, [self.value(a) for a in call.args])
        impl = _IMPLS[call.name]
        args = [self.value(a) for a in call.args]
        try:
            return impl(args, self)
        except IntrinsicFailure:
            raise
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise IntrinsicFailure(intrinsic_message(spec.name, str(exc))) from None


def _fail(name: str, detail: str) -> IntrinsicFailure:
    return IntrinsicFailure(intrinsic_message(name, detail))


def _kind(value: JsonValue) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _int_arg(name: str, value: JsonValue, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(name, f"the {what} must be an integer, got {_kind(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise _fail(name, f"the {what} must be an integer, got {value}")
        return int(value)
    return int(value)


def _array_arg(name: str, value: JsonValue, what: str = "first argument") -> list[JsonValue]:
    if not isinstance(value, list):
        raise _fail(name, f"the {what} must be an array, got {_kind(value)}")
    return value


def _string_arg(name: str, value: JsonValue, what: str) -> str:
    if not isinstance(value, str):
        raise _fail(name, f"the {what} must be a string, got {_kind(value)}")
    return value


def format_value(value: JsonValue) -> str:
    """How States.Format renders a value: strings raw, everything else as compact JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return repr(value)
    return to_compact_json(value)


def _format(call: IntrinsicCall, values: list[JsonValue]) -> str:
    name = "States.Format"
    first = call.args[0]
    if isinstance(first, LiteralArg) and first.format_parts is not None:
        parts = list(first.format_parts)
    else:
        template = _string_arg(name, values[0], "template (first argument)")
        parts = template.split("{}")
    holes = len(parts) - 1
    rest = values[1:]
    if holes != len(rest):
        raise _fail(
            name,
            f"the template has {holes} placeholder{'s' if holes != 1 else ''} "
            f"but {len(rest)} value{'s' if len(rest) != 1 else ''} were given",
        )
    out = [parts[0]]
    for value, part in zip(rest, parts[1:], strict=True):
        out.append(format_value(value))
        out.append(part)
    return "".join(out)


def _i_string_to_json(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.StringToJson"
    s = _string_arg(name, a[0], "argument")

    def bad_constant(token: str) -> Any:
        raise _fail(name, f"'{token}' is not valid JSON")

    try:
        return json.loads(s, parse_constant=bad_constant)
    except json.JSONDecodeError as exc:
        raise _fail(name, f"the string is not valid JSON: {exc.msg}") from None


def _i_json_to_string(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    return to_compact_json(a[0])


def _i_array(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    return list(a)


def _i_array_partition(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.ArrayPartition"
    arr = _array_arg(name, a[0])
    size = _int_arg(name, a[1], "chunk size")
    if size <= 0:
        raise _fail(name, f"the chunk size must be a positive integer, got {size}")
    return [arr[i : i + size] for i in range(0, len(arr), size)]


def _i_array_contains(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    arr = _array_arg("States.ArrayContains", a[0])
    return any(json_equal(x, a[1]) for x in arr)


def _i_array_range(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.ArrayRange"
    start = _int_arg(name, a[0], "start")
    end = _int_arg(name, a[1], "end")
    step = _int_arg(name, a[2], "step")
    if step == 0:
        raise _fail(name, "the step must not be 0")
    count = max(0, (end - start) // step + 1)
    if count > MAX_ARRAY_RANGE:
        raise _fail(name, f"the range has {count} items; at most {MAX_ARRAY_RANGE} are allowed")
    return list(range(start, end + (1 if step > 0 else -1), step))


def _i_array_get_item(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.ArrayGetItem"
    arr = _array_arg(name, a[0])
    index = _int_arg(name, a[1], "index")
    if not 0 <= index < len(arr):
        raise _fail(name, f"the index {index} is out of bounds for an array of {len(arr)} items")
    return arr[index]


def _i_array_length(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    return len(_array_arg("States.ArrayLength", a[0], "argument"))


def _i_array_unique(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    arr = _array_arg("States.ArrayUnique", a[0], "argument")
    out: list[JsonValue] = []
    seen: set[str] = set()
    for item in arr:
        key = json.dumps(item, sort_keys=True, separators=(",", ":"))
        if key in seen and any(json_equal(item, o) for o in out):
            continue
        seen.add(key)
        out.append(item)
    return out


def _limit(name: str, s: str) -> str:
    if len(s) > MAX_STRING_CHARS:
        raise _fail(
            name, f"the input has {len(s)} characters; at most {MAX_STRING_CHARS} are allowed"
        )
    return s


def _i_base64_encode(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.Base64Encode"
    s = _limit(name, _string_arg(name, a[0], "argument"))
    return base64.b64encode(s.encode("utf-8")).decode("ascii")


def _i_base64_decode(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.Base64Decode"
    s = _limit(name, _string_arg(name, a[0], "argument"))
    try:
        raw = base64.b64decode(s.encode("ascii"), validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, UnicodeError):
        raise _fail(name, "the argument is not valid Base64-encoded UTF-8 text") from None


def _i_hash(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.Hash"
    data = a[0] if isinstance(a[0], str) else to_compact_json(a[0])
    _limit(name, data)
    algo = _string_arg(name, a[1], "algorithm")
    if algo not in HASH_ALGORITHMS:
        raise _fail(
            name, f"unsupported algorithm '{algo}'; use one of " + ", ".join(HASH_ALGORITHMS)
        )
    import hashlib  # evaluation only: linting never loads OpenSSL

    return hashlib.new(HASH_ALGORITHMS[algo], data.encode("utf-8")).hexdigest()


def _i_json_merge(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.JsonMerge"
    left, right, deep = a
    if not isinstance(left, dict) or not isinstance(right, dict):
        raise _fail(name, "both values to merge must be JSON objects")
    if not isinstance(deep, bool):
        raise _fail(name, "isDeepMerge must be a boolean")
    if deep:
        raise _fail(name, "deep merge is not supported: isDeepMerge must be false")
    merged = dict(left)
    merged.update(right)
    return merged


def _i_math_random(a: list[JsonValue], ev: _Evaluator) -> JsonValue:
    name = "States.MathRandom"
    start = _int_arg(name, a[0], "start")
    end = _int_arg(name, a[1], "end")
    for v in (start, end):
        if not INT_MIN <= v <= INT_MAX:
            raise _fail(name, f"{v} is outside the 32-bit integer range")
    if start >= end:
        raise _fail(name, f"the start ({start}) must be less than the end ({end})")
    seeded = len(a) == 3
    rng = random.Random(_int_arg(name, a[2], "seed")) if seeded else ev.rng or random.Random()
    return rng.randrange(start, end)


def _i_math_add(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.MathAdd"
    x = _int_arg(name, a[0], "first value")
    y = _int_arg(name, a[1], "second value")
    for v in (x, y):
        if not INT_MIN <= v <= INT_MAX:
            raise _fail(name, f"{v} is outside the 32-bit integer range")
    return x + y


def _i_string_split(a: list[JsonValue], _: _Evaluator) -> JsonValue:
    name = "States.StringSplit"
    s = _string_arg(name, a[0], "string")
    delims = _string_arg(name, a[1], "delimiter")
    if not delims:
        return [s] if s else []
    # Each delimiter character splits; empty pieces are dropped (Java StringTokenizer semantics).
    pattern = "[" + re.escape(delims) + "]"
    return [p for p in re.split(pattern, s) if p]


def _i_uuid(a: list[JsonValue], ev: _Evaluator) -> JsonValue:
    import uuid  # evaluation only

    if ev.rng is not None:
        return str(uuid.UUID(int=ev.rng.getrandbits(128), version=4))
    return str(uuid.uuid4())


_IMPLS: dict[str, Callable[[list[JsonValue], _Evaluator], JsonValue]] = {
    "States.StringToJson": _i_string_to_json,
    "States.JsonToString": _i_json_to_string,
    "States.Array": _i_array,
    "States.ArrayPartition": _i_array_partition,
    "States.ArrayContains": _i_array_contains,
    "States.ArrayRange": _i_array_range,
    "States.ArrayGetItem": _i_array_get_item,
    "States.ArrayLength": _i_array_length,
    "States.ArrayUnique": _i_array_unique,
    "States.Base64Encode": _i_base64_encode,
    "States.Base64Decode": _i_base64_decode,
    "States.Hash": _i_hash,
    "States.JsonMerge": _i_json_merge,
    "States.MathRandom": _i_math_random,
    "States.MathAdd": _i_math_add,
    "States.StringSplit": _i_string_split,
    "States.UUID": _i_uuid,
}


def iter_calls(call: IntrinsicCall) -> Sequence[IntrinsicCall]:
    """This call and every nested call, outermost first (for hover and completion)."""
    out = [call]
    for arg in call.args:
        if isinstance(arg, IntrinsicCall):
            out.extend(iter_calls(arg))
    return out
