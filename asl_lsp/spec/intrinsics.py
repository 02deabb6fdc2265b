"""The intrinsic functions of JSONPath states: one record per function.

Each :class:`Intrinsic` holds everything the package knows about one function: its signature and
documentation (completion, hover), its arity and argument types (the linter's generic checks),
its own static check of literal arguments, and its implementation (the engine). The parser and
the evaluator in ``asl_lsp.expr.intrinsics`` are generic; a new function is one record here.

Implementations raise ``ValueError`` with a detail; the evaluator turns it into
``States.IntrinsicFailure`` naming the function, as AWS does.
"""

from __future__ import annotations

import base64
import binascii
import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple, Protocol

from asl_lsp.expr.errors import JsonValue, to_compact_json
from asl_lsp.expr.jsonpath import json_equal

PREFIX = "States."
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

NOT_LITERAL: Any = object()
"""What :attr:`StaticArg.literal` is for a path or a nested call."""


class StaticArg(Protocol):
    """An argument as the linter sees it before any data exists."""

    @property
    def literal(self) -> Any:
        """The literal value, or :data:`NOT_LITERAL`."""

    @property
    def format_parts(self) -> tuple[str, ...] | None:
        """A string literal split on its unescaped ``{}`` placeholders."""


# A static check: (message, index of the argument it is about, or None for the whole call).
Problem = tuple[str, int | None]
StaticCheck = Callable[[Sequence[StaticArg]], Iterator[Problem]]
# An implementation: (argument values, template parts of a literal first argument, random source).
Implementation = Callable[[list[JsonValue], "tuple[str, ...] | None", random.Random | None], Any]


class Intrinsic(NamedTuple):
    """One intrinsic function."""

    name: str
    signature: str
    doc: str
    min_args: int
    max_args: int | None
    arg_types: tuple[str, ...]
    """Expected type per position ("string", "integer", "number", "array", "object", "boolean",
    "any"); the last entry repeats for variadic functions."""
    returns: str
    evaluate: Implementation
    check: StaticCheck | None = None
    # Always gives a string, so a Fail state's ErrorPath/CausePath may use it.
    gives_string: bool = False

    def expected(self, index: int) -> str:
        if not self.arg_types:
            return "any"
        return self.arg_types[min(index, len(self.arg_types) - 1)]


# --------------------------------------------------------------------------- argument helpers


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


def _int(value: JsonValue, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"the {what} must be an integer, got {_kind(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"the {what} must be an integer, got {value}")
        return int(value)
    return int(value)


def _array(value: JsonValue, what: str = "first argument") -> list[JsonValue]:
    if not isinstance(value, list):
        raise ValueError(f"the {what} must be an array, got {_kind(value)}")
    return value


def _string(value: JsonValue, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"the {what} must be a string, got {_kind(value)}")
    return value


def _limit(s: str) -> str:
    if len(s) > MAX_STRING_CHARS:
        raise ValueError(
            f"the input has {len(s)} characters; at most {MAX_STRING_CHARS} are allowed"
        )
    return s


def _int32(value: int) -> int:
    if not INT_MIN <= value <= INT_MAX:
        raise ValueError(f"{value} is outside the 32-bit integer range")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def format_value(value: JsonValue) -> str:
    """How States.Format renders a value: strings raw, everything else as compact JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return repr(value)
    return to_compact_json(value)


# --------------------------------------------------------------------------- the functions


def _format(a: list[JsonValue], parts: tuple[str, ...] | None, _: random.Random | None) -> Any:
    pieces = (
        list(parts) if parts is not None else _string(a[0], "template (first argument)").split("{}")
    )
    holes = len(pieces) - 1
    rest = a[1:]
    if holes != len(rest):
        raise ValueError(
            f"the template has {holes} placeholder{'s' if holes != 1 else ''} "
            f"but {len(rest)} value{'s' if len(rest) != 1 else ''} were given"
        )
    out = [pieces[0]]
    for value, part in zip(rest, pieces[1:], strict=True):
        out.append(format_value(value))
        out.append(part)
    return "".join(out)


def _check_format(args: Sequence[StaticArg]) -> Iterator[Problem]:
    parts = args[0].format_parts
    if parts is not None and len(parts) - 1 != len(args) - 1:
        holes, given = len(parts) - 1, len(args) - 1
        yield (
            f"the template has {holes} '{{}}' placeholder{'s' if holes != 1 else ''} "
            f"but {given} value{'s follow' if given != 1 else ' follows'}",
            None,
        )


def _string_to_json(a: list[JsonValue], *_: Any) -> Any:
    s = _string(a[0], "argument")

    def bad_constant(token: str) -> Any:
        raise ValueError(f"'{token}' is not valid JSON")

    try:
        return json.loads(s, parse_constant=bad_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the string is not valid JSON: {exc.msg}") from None


def _array_partition(a: list[JsonValue], *_: Any) -> Any:
    arr = _array(a[0])
    size = _int(a[1], "chunk size")
    if size <= 0:
        raise ValueError(f"the chunk size must be a positive integer, got {size}")
    return [arr[i : i + size] for i in range(0, len(arr), size)]


def _check_array_partition(args: Sequence[StaticArg]) -> Iterator[Problem]:
    size = args[1].literal
    if isinstance(size, int) and not isinstance(size, bool) and size <= 0:
        yield "the chunk size of States.ArrayPartition must be positive", 1


def _array_range(a: list[JsonValue], *_: Any) -> Any:
    start, end, step = _int(a[0], "start"), _int(a[1], "end"), _int(a[2], "step")
    if step == 0:
        raise ValueError("the step must not be 0")
    count = max(0, (end - start) // step + 1)
    if count > MAX_ARRAY_RANGE:
        raise ValueError(f"the range has {count} items; at most {MAX_ARRAY_RANGE} are allowed")
    return list(range(start, end + (1 if step > 0 else -1), step))


def _check_array_range(args: Sequence[StaticArg]) -> Iterator[Problem]:
    literals = [a.literal for a in args]
    if not all(_is_int(v) for v in literals):
        return
    start, end, step = (int(v) for v in literals)
    if step == 0:
        yield "the step of States.ArrayRange must not be 0", 2
        return
    count = max(0, (end - start) // step + 1)
    if count > MAX_ARRAY_RANGE:
        yield (
            f"States.ArrayRange would make {count} items; at most {MAX_ARRAY_RANGE} are allowed",
            None,
        )


def _array_get_item(a: list[JsonValue], *_: Any) -> Any:
    arr = _array(a[0])
    index = _int(a[1], "index")
    if not 0 <= index < len(arr):
        raise ValueError(f"the index {index} is out of bounds for an array of {len(arr)} items")
    return arr[index]


def _array_unique(a: list[JsonValue], *_: Any) -> Any:
    out: list[JsonValue] = []
    seen: set[str] = set()
    for item in _array(a[0], "argument"):
        key = json.dumps(item, sort_keys=True, separators=(",", ":"))
        if key in seen and any(json_equal(item, o) for o in out):
            continue
        seen.add(key)
        out.append(item)
    return out


def _base64_encode(a: list[JsonValue], *_: Any) -> Any:
    s = _limit(_string(a[0], "argument"))
    return base64.b64encode(s.encode("utf-8")).decode("ascii")


def _base64_decode(a: list[JsonValue], *_: Any) -> Any:
    s = _limit(_string(a[0], "argument"))
    try:
        return base64.b64decode(s.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError):
        raise ValueError("the argument is not valid Base64-encoded UTF-8 text") from None


def _hash(a: list[JsonValue], *_: Any) -> Any:
    data = _limit(a[0] if isinstance(a[0], str) else to_compact_json(a[0]))
    algo = _string(a[1], "algorithm")
    if algo not in HASH_ALGORITHMS:
        raise ValueError(
            f"unsupported algorithm '{algo}'; use one of " + ", ".join(HASH_ALGORITHMS)
        )
    import hashlib  # evaluation only: linting never loads OpenSSL

    return hashlib.new(HASH_ALGORITHMS[algo], data.encode("utf-8")).hexdigest()


def _check_hash(args: Sequence[StaticArg]) -> Iterator[Problem]:
    algo = args[1].literal
    if isinstance(algo, str) and algo not in HASH_ALGORITHMS:
        yield f"unsupported hash algorithm '{algo}'; use one of " + ", ".join(HASH_ALGORITHMS), 1


def _json_merge(a: list[JsonValue], *_: Any) -> Any:
    left, right, deep = a
    if not isinstance(left, dict) or not isinstance(right, dict):
        raise ValueError("both values to merge must be JSON objects")
    if not isinstance(deep, bool):
        raise ValueError("isDeepMerge must be a boolean")
    if deep:
        raise ValueError("deep merge is not supported: isDeepMerge must be false")
    merged = dict(left)
    merged.update(right)
    return merged


def _check_json_merge(args: Sequence[StaticArg]) -> Iterator[Problem]:
    if args[2].literal is True:
        yield "States.JsonMerge supports only a shallow merge: isDeepMerge must be false", 2


def _math_random(a: list[JsonValue], _: Any, rng: random.Random | None) -> Any:
    start, end = _int32(_int(a[0], "start")), _int32(_int(a[1], "end"))
    if start >= end:
        raise ValueError(f"the start ({start}) must be less than the end ({end})")
    source = random.Random(_int(a[2], "seed")) if len(a) == 3 else rng or random.Random()
    return source.randrange(start, end)


def _math_add(a: list[JsonValue], *_: Any) -> Any:
    return _int32(_int(a[0], "first value")) + _int32(_int(a[1], "second value"))


def _string_split(a: list[JsonValue], *_: Any) -> Any:
    s = _string(a[0], "string")
    delims = _string(a[1], "delimiter")
    if not delims:
        return [s] if s else []
    # Each delimiter character splits; empty pieces are dropped (Java StringTokenizer semantics).
    return [p for p in re.split("[" + re.escape(delims) + "]", s) if p]


def _uuid(_a: list[JsonValue], _p: Any, rng: random.Random | None) -> Any:
    import uuid  # evaluation only

    if rng is not None:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return str(uuid.uuid4())


def _record(
    signature: str,
    doc: str,
    arity: tuple[int, int | None],
    types: tuple[str, ...],
    returns: str,
    evaluate: Implementation,
    check: StaticCheck | None = None,
    gives_string: bool = False,
) -> Intrinsic:
    name = PREFIX + signature.partition("(")[0]
    return Intrinsic(
        name, PREFIX + signature, doc, *arity, types, returns, evaluate, check, gives_string
    )


INTRINSICS: dict[str, Intrinsic] = {
    f.name: f
    for f in (
        _record(
            "Format(template, value...)",
            "Build a string: each '{}' in the template is replaced by the next value.",
            (1, None),
            ("string", "any"),
            "string",
            _format,
            _check_format,
            gives_string=True,
        ),
        _record(
            "StringToJson(jsonString)",
            "Parse a string holding JSON text into its JSON value.",
            (1, 1),
            ("string",),
            "any",
            _string_to_json,
        ),
        _record(
            "JsonToString(value)",
            "Serialize a JSON value to a compact JSON string.",
            (1, 1),
            ("any",),
            "string",
            lambda a, *_: to_compact_json(a[0]),
            gives_string=True,
        ),
        _record(
            "Array(value...)",
            "Make an array of the argument values, in order.",
            (0, None),
            ("any",),
            "array",
            lambda a, *_: list(a),
        ),
        _record(
            "ArrayPartition(array, chunkSize)",
            "Split an array into chunks of chunkSize items (the last may be shorter).",
            (2, 2),
            ("array", "integer"),
            "array",
            _array_partition,
            _check_array_partition,
        ),
        _record(
            "ArrayContains(array, value)",
            "True when the array holds the value.",
            (2, 2),
            ("array", "any"),
            "boolean",
            lambda a, *_: any(json_equal(x, a[1]) for x in _array(a[0])),
        ),
        _record(
            "ArrayRange(start, end, step)",
            "Integers from start to end (inclusive) by step; at most 1000 items.",
            (3, 3),
            ("integer", "integer", "integer"),
            "array",
            _array_range,
            _check_array_range,
        ),
        _record(
            "ArrayGetItem(array, index)",
            "The item at a zero-based index.",
            (2, 2),
            ("array", "integer"),
            "any",
            _array_get_item,
            gives_string=True,  # AWS accepts it in ErrorPath/CausePath (an item may be a string)
        ),
        _record(
            "ArrayLength(array)",
            "The number of items in an array.",
            (1, 1),
            ("array",),
            "integer",
            lambda a, *_: len(_array(a[0], "argument")),
        ),
        _record(
            "ArrayUnique(array)",
            "The array without duplicate values (first occurrences kept).",
            (1, 1),
            ("array",),
            "array",
            _array_unique,
        ),
        _record(
            "Base64Encode(string)",
            "Base64-encode a string of at most 10,000 characters.",
            (1, 1),
            ("string",),
            "string",
            _base64_encode,
            gives_string=True,
        ),
        _record(
            "Base64Decode(base64)",
            "Decode a Base64 string of at most 10,000 characters.",
            (1, 1),
            ("string",),
            "string",
            _base64_decode,
            gives_string=True,
        ),
        _record(
            "Hash(data, algorithm)",
            "Hex digest of data with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.",
            (2, 2),
            ("any", "string"),
            "string",
            _hash,
            _check_hash,
            gives_string=True,
        ),
        _record(
            "JsonMerge(object1, object2, isDeepMerge)",
            "Shallow-merge two objects (object2 wins); isDeepMerge must be false.",
            (3, 3),
            ("object", "object", "boolean"),
            "object",
            _json_merge,
            _check_json_merge,
        ),
        _record(
            "MathRandom(start, end[, seed])",
            "A random integer from start (inclusive) to end (exclusive); optional seed.",
            (2, 3),
            ("integer", "integer", "integer"),
            "integer",
            _math_random,
        ),
        _record(
            "MathAdd(value1, value2)",
            "The sum of two integers.",
            (2, 2),
            ("integer", "integer"),
            "integer",
            _math_add,
        ),
        _record(
            "StringSplit(string, delimiters)",
            "Split a string at any of the delimiter characters; empty pieces are dropped.",
            (2, 2),
            ("string", "string"),
            "array",
            _string_split,
        ),
        _record(
            "UUID()",
            "A random version 4 UUID string.",
            (0, 0),
            (),
            "string",
            _uuid,
            gives_string=True,
        ),
    )
}

STRING_RETURNING = frozenset(name for name, f in INTRINSICS.items() if f.gives_string)
"""Intrinsics a Fail state's ErrorPath/CausePath may use (they return a string)."""
