"""JSONata in Step Functions: ``{% %}`` templates, static checks, evaluation with the SFN additions.

The ``jsonata`` module (jsonata-python) evaluates expressions and is imported lazily, on the first
evaluation: the static checks parse with :mod:`asl_lsp.expr.jsonata_syntax`, so ``asl lint`` never
loads it. ``$states`` is bound as a variable (AWS gives JSONata no input
document: a bare ``$`` or a top-level field name is refused), and Step Functions' own functions
(``$partition``, ``$range``, ``$hash``, ``$random``, ``$uuid``, ``$parse``) are registered;
``$eval`` is not available, as on AWS.
"""

from __future__ import annotations

import difflib
import json
import random
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from asl_lsp.expr.budget import bounded_pad, budgeted_regex_engine, time_budget
from asl_lsp.expr.errors import (
    ExprError,
    JsonataEvaluationError,
    JsonValue,
    jsonata_message,
)
from asl_lsp.expr.jsonata_syntax import jsonata_syntax_error
from asl_lsp.spec.intrinsics import HASH_ALGORITHMS

TIMEOUT_MS = 10_000
"""A runaway expression (infinite recursion) fails instead of hanging the engine."""
MAX_DEPTH = 250
MAX_CHECKED_CHARS = 16_384
"""Longer expressions are reported, not parsed: the language server lints as you type, and the
evaluator (jsonata-python) needs seconds and hundreds of MB to parse a 200,000-term expression."""
MAX_CHECKED_NESTING = 100
"""Deeper bracket nesting is reported before parsing (the parsers recurse per level)."""


# --------------------------------------------------------------------------- templates


def is_jsonata_template(s: object) -> bool:
    """True when AWS evaluates the string as JSONata: it starts with ``{%`` and ends with ``%}``."""
    return isinstance(s, str) and len(s) >= 4 and s.startswith("{%") and s.endswith("%}")


def looks_like_jsonata(s: object) -> bool:
    """True when a string seems meant as a template (so a broken surround deserves a diagnostic)."""
    if not isinstance(s, str):
        return False
    stripped = s.strip()
    return stripped.startswith("{%") or stripped.endswith("%}")


def jsonata_body(s: str) -> tuple[str, int] | None:
    """The expression inside ``{% ... %}`` (whitespace trimmed) and its offset in ``s``."""
    if not is_jsonata_template(s):
        return None
    inner = s[2:-2]
    lead = len(inner) - len(inner.lstrip())
    return inner.strip(), 2 + lead


def surround_problem(s: str) -> ExprError | None:
    """Why a string that looks like a ``{% %}`` template is not one, or None.

    AWS evaluates a string as JSONata only when it starts with ``{%`` and ends with ``%}``;
    any other string, spaces around the delimiters or a missing delimiter included, is a
    literal that AWS accepts and passes on as text. Offsets are relative to ``s``.
    """
    if is_jsonata_template(s) or not looks_like_jsonata(s):
        return None
    n = len(s)
    stripped = s.strip()
    if is_jsonata_template(stripped):
        lead = len(s) - len(s.lstrip())
        return ExprError(
            "a literal string, not a JSONata expression: remove the spaces around '{% ... %}' "
            "to make it an expression",
            0,
            max(lead, 1) if lead else n,
        )
    if stripped.startswith("{%"):
        return ExprError(
            "a literal string, not a JSONata expression: it does not end with '%}'",
            max(0, n - 1),
            n,
        )
    return ExprError(
        "a literal string, not a JSONata expression: it does not start with '{%'", 0, min(n, 1)
    )


def check_jsonata_template(s: str) -> list[ExprError]:
    """Expression problems of a ``{% expr %}`` template (none for other strings).

    AWS requires only that the string starts with ``{%`` and ends with ``%}``: no space is
    needed inside the delimiters and the expression may span lines. Offsets are relative to ``s``.
    """
    body = jsonata_body(s)
    if body is None:
        return []
    expr, offset = body
    return [e.shifted(offset) for e in check_jsonata(expr)]


# --------------------------------------------------------------------------- tokens

_KEYWORDS = frozenset({"and", "or", "in", "true", "false", "null", "function"})
_OPERAND_END = frozenset({"name", "var", "number", "string", ")", "]", "}"})


class _Tok(NamedTuple):
    kind: str  # name, var, number, string, regex, op (value holds the operator), or the bracket
    value: str
    start: int
    end: int


# The tokens of recent expressions: checking an expression, its function calls and the variables
# it reads each needs them (up to four scans of the same text).
_TOKENS: dict[str, tuple[_Tok, ...]] = {}
_TOKENS_KEPT = 1024
_TOKENS_LONGEST = 4096  # longer expressions are scanned each time, not kept


def _tokenize(expr: str) -> tuple[_Tok, ...]:
    """A lexer good enough to find variables and top-level names (never raises)."""
    toks = _TOKENS.get(expr)
    if toks is None:
        toks = tuple(_scan(expr))
        if len(expr) <= _TOKENS_LONGEST:
            if len(_TOKENS) >= _TOKENS_KEPT:
                _TOKENS.clear()
            _TOKENS[expr] = toks
    return toks


def _scan(expr: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(expr)
    while i < n:
        c = expr[i]
        if c.isspace():
            i += 1
            continue
        if expr.startswith("/*", i):
            end = expr.find("*/", i + 2)
            i = n if end == -1 else end + 2
            continue
        start = i
        if c in "'\"":
            i += 1
            while i < n and expr[i] != c:
                i += 2 if expr[i] == "\\" else 1
            i = min(n, i + 1)
            toks.append(_Tok("string", expr[start:i], start, i))
            continue
        if c == "`":
            end = expr.find("`", i + 1)
            i = n if end == -1 else end + 1
            toks.append(_Tok("name", expr[start + 1 : i - 1], start, i))
            continue
        if c == "$":
            i += 1
            if i < n and expr[i] == "$":
                i += 1
            else:
                while i < n and (expr[i].isalnum() or expr[i] == "_"):
                    i += 1
            toks.append(_Tok("var", expr[start:i], start, i))
            continue
        if c.isdigit():
            while i < n and (expr[i].isalnum() or expr[i] == "."):
                if expr[i] == "." and i + 1 < n and expr[i + 1] == ".":
                    break
                i += 1
            toks.append(_Tok("number", expr[start:i], start, i))
            continue
        if c.isalpha() or c == "_" or ord(c) > 127:
            while i < n and (expr[i].isalnum() or expr[i] == "_" or ord(expr[i]) > 127):
                i += 1
            word = expr[start:i]
            toks.append(_Tok("name" if word not in _KEYWORDS else word, word, start, i))
            continue
        if c == "/" and (not toks or toks[-1].kind not in _OPERAND_END):
            i += 1
            while i < n and expr[i] != "/":
                i += 2 if expr[i] == "\\" else 1
            i = min(n, i + 1)
            while i < n and expr[i].isalpha():
                i += 1
            toks.append(_Tok("regex", expr[start:i], start, i))
            continue
        for op in (":=", "~>", "!=", "<=", ">=", "..", "?:", "??"):
            if expr.startswith(op, i):
                toks.append(_Tok("op", op, i, i + 2))
                i += 2
                break
        else:
            kind = c if c in "()[]{}" else "op"
            toks.append(_Tok(kind, c, i, i + 1))
            i += 1
    return toks


def _is_function_name(name: str) -> bool:
    return ("$" + name) in JSONATA_FUNCTIONS


def _bound_names(toks: tuple[_Tok, ...]) -> set[str]:
    """Names bound inside the expression: ``$x :=``, lambda parameters, ``@$v`` and ``#$i``."""
    bound: set[str] = set()
    for k, t in enumerate(toks):
        if t.kind != "var":
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        prev = toks[k - 1] if k else None
        assigned = nxt is not None and nxt.kind == "op" and nxt.value == ":="
        positional = prev is not None and prev.kind == "op" and prev.value in ("@", "#")
        if assigned or positional:
            bound.add(t.value[1:])
    # lambda parameters: function ( $a, $b ) or λ( ... )
    for k, t in enumerate(toks):
        if (t.kind == "function" or (t.kind == "name" and t.value == "λ")) and k + 1 < len(toks):
            if toks[k + 1].kind != "(":
                continue
            j = k + 2
            while j < len(toks) and toks[j].kind != ")":
                if toks[j].kind == "var":
                    bound.add(toks[j].value[1:])
                j += 1
    return bound


def referenced_variables(expr: str) -> list[tuple[str, int]]:
    """``(name, offset of its '$')`` for every ``$name`` the expression reads from outside.

    Excludes function calls (a variable cannot hold a function: :func:`unknown_function_calls`
    reports calls of names that are not functions), ``$states``, ``$`` and ``$$``, and names
    bound inside the expression (``:=``, lambda parameters, ``@$v``/``#$i``).
    An expression too long to check is scanned for ``$name`` words only (linear, in C).
    """
    if len(expr) > MAX_CHECKED_CHARS:
        return [
            (m.group(1), m.start())
            for m in _VARIABLE_WORD.finditer(expr)
            if m.group(1) != "states" and not _is_function_name(m.group(1))
        ]
    toks = _tokenize(expr)
    bound = _bound_names(toks)
    out: list[tuple[str, int]] = []
    for k, t in enumerate(toks):
        if t.kind != "var" or t.value in ("$", "$$"):
            continue
        name = t.value[1:]
        if name == "states" or name in bound:
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and nxt.kind == "(":
            continue
        if (
            nxt is None
            and k
            and toks[k - 1].kind == "op"
            and toks[k - 1].value == "~>"
            and _is_function_name(name)
        ):
            continue
        out.append((name, t.start))
    return out


def _top_level_problems(expr: str) -> list[ExprError]:
    """Top-level ``$``/``$$`` (JSONPath habits) and bare field names, which AWS refuses."""
    toks = _tokenize(expr)
    errors: list[ExprError] = []
    stack: list[str] = []
    shielding = 0  # how many entries of ``stack`` are in _SHIELDING (kept, not recounted)
    opened_after: list[_Tok | None] = []  # for each open '(', the token before it
    params_closed_at: set[int] = set()  # indices of ')' that close a function's parameters
    prev: _Tok | None = None
    for k, t in enumerate(toks):
        shielded = shielding > 0
        kind = ""
        if t.kind == "(":
            opened_after.append(prev)
            if prev is not None and (prev.kind == "function" or prev.value == "λ"):
                kind = "params"
            elif prev is not None and prev.kind in ("var", ")", "name"):
                kind = "call"
            else:
                kind = "block"
        elif t.kind == "[":
            kind = "pred" if prev is not None and prev.kind in _OPERAND_END else "array"
        elif t.kind == "{":
            if prev is not None and prev.kind == ")" and (k - 1) in params_closed_at:
                kind = "body"
            elif prev is not None and prev.kind in _OPERAND_END:
                kind = "group"
            else:
                kind = "object"
        if kind:
            stack.append(kind)
            shielding += kind in _SHIELDING
        elif t.kind in (")", "]", "}"):
            if t.kind == ")" and opened_after:
                before = opened_after.pop()
                if before is not None and (before.kind == "function" or before.value == "λ"):
                    params_closed_at.add(k)
            if stack:
                shielding -= stack.pop() in _SHIELDING
        elif not shielded and t.kind == "var" and t.value in ("$", "$$"):
            what = "$$" if t.value == "$$" else "$"
            hint = "$states.context" if what == "$$" else "$states.input"
            errors.append(
                ExprError(
                    f"JSONPath syntax inside a JSONata expression: '{what}' cannot be used at "
                    f"the top level; use {hint}",
                    t.start,
                    t.end,
                )
            )
        elif not shielded and t.kind == "name":
            after_dot = prev is not None and prev.kind == "op" and prev.value in (".", "@", "#")
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            is_key = (
                nxt is not None
                and nxt.kind == "op"
                and nxt.value == ":"
                and bool(stack)
                and stack[-1] == "object"
            )
            if not after_dot and not is_key and t.value != "λ":
                errors.append(
                    ExprError(
                        f"Reference to '{t.value}' at the top level is not supported; "
                        f"use $states.input.{t.value}",
                        t.start,
                        t.end,
                    )
                )
        prev = t
    return errors


def unknown_function_calls(expr: str) -> list[ExprError]:
    """Calls of functions that neither JSONata, Step Functions nor the expression itself define.

    AWS creates such a definition and the execution fails when it evaluates the call, so these
    are not parse errors. Offsets are relative to ``expr``.
    """
    if "(" not in expr or len(expr) > MAX_CHECKED_CHARS:
        return []
    toks = _tokenize(expr)
    bound: set[str] | None = None
    errors: list[ExprError] = []
    for k, t in enumerate(toks):
        if t.kind != "var" or k + 1 >= len(toks) or toks[k + 1].kind != "(":
            continue
        name = t.value[1:]
        if not name or name == "states" or _is_function_name(name):
            continue
        if bound is None:
            bound = _bound_names(toks)
        if name in bound:
            continue
        if name == "eval":
            message = "$eval is not available in Step Functions; use $parse to read JSON text"
        else:
            close = difflib.get_close_matches(t.value, list(JSONATA_FUNCTIONS), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            message = f"'{t.value}' is not a JSONata or Step Functions function{hint}"
        errors.append(ExprError(message, t.start, t.end))
    return errors


_VARIABLE_WORD = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)\b(?!\s*\()")
_SHIELDING = frozenset({"call", "pred", "body", "group", "params"})


def _nesting_problem(expr: str) -> ExprError | None:
    """Bracket nesting deeper than :data:`MAX_CHECKED_NESTING`, found in one pass (strings and
    comments are skipped by the tokenizer)."""
    depth = 0
    for token in _tokenize(expr):
        if token.kind in ("(", "[", "{"):
            depth += 1
            if depth > MAX_CHECKED_NESTING:
                return ExprError(
                    f"the JSONata expression nests brackets more than {MAX_CHECKED_NESTING} "
                    "levels deep; it is not checked",
                    token.start,
                    token.end,
                )
        elif token.kind in (")", "]", "}"):
            depth = max(0, depth - 1)
    return None


# --------------------------------------------------------------------------- checks


def _import_jsonata() -> Any:
    # Lazy: linting JSONPath machines never loads the JSONata engine.
    import jsonata  # type: ignore[import-untyped]

    return jsonata


_PARSE_CACHE: dict[str, list[ExprError]] = {}


def check_jsonata(expr: str) -> list[ExprError]:
    """Parse errors and Step Functions restrictions of a JSONata expression (offsets into it)."""
    cached = _PARSE_CACHE.get(expr)
    if cached is not None:
        return list(cached)
    errors: list[ExprError] = []
    too_deep = _nesting_problem(expr) if len(expr) <= MAX_CHECKED_CHARS else None
    if not expr.strip():
        errors.append(ExprError("the JSONata expression is empty", 0, len(expr)))
    elif len(expr) > MAX_CHECKED_CHARS:
        errors.append(
            ExprError(
                f"the JSONata expression is {len(expr):,} characters long; expressions over "
                f"{MAX_CHECKED_CHARS:,} characters are not checked",
                0,
                min(len(expr), 2),
            )
        )
    elif too_deep is not None:
        errors.append(too_deep)
    else:
        try:
            problem = jsonata_syntax_error(expr)
        except RecursionError:
            errors.append(ExprError("the JSONata expression is nested too deeply", 0, len(expr)))
        else:
            if problem is not None:
                errors.append(ExprError(problem.message, problem.start, problem.end))
        errors.extend(_top_level_problems(expr))
    if len(_PARSE_CACHE) > 4096:
        _PARSE_CACHE.clear()
    _PARSE_CACHE[expr] = errors
    return list(errors)


# --------------------------------------------------------------------------- evaluation


def _plain(value: Any) -> JsonValue:
    """jsonata-python's result (sequences, its null marker, functions) as plain JSON values."""
    jsonata = _import_jsonata()
    null = jsonata.utils.Utils.NULL_VALUE
    if value is null:
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    raise JsonataEvaluationError(
        f"the expression returned a {type(value).__name__}, which is not a JSON value"
    )


def _sfn_error(detail: str) -> Exception:
    jsonata = _import_jsonata()
    exc = jsonata.JException("D3137", 0, detail)
    return exc  # type: ignore[no-any-return]


def _fn_partition(array: Any = None, size: Any = None, *rest: Any) -> Any:
    arr = _plain(array)
    n = _plain(size)
    if rest or not isinstance(arr, list):
        raise _sfn_error("$partition expects an array and a chunk size")
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise _sfn_error("the chunk size of $partition must be a positive integer")
    return [arr[i : i + n] for i in range(0, len(arr), n)]


def _fn_range(start: Any = None, end: Any = None, step: Any = None, *rest: Any) -> Any:
    vals = [_plain(start), _plain(end), _plain(step)]
    if rest or any(isinstance(v, bool) or not isinstance(v, int) for v in vals):
        raise _sfn_error("$range expects three integers: start, end and step")
    a, b, c = vals
    if c == 0:
        raise _sfn_error("the step of $range must not be 0")
    if max(0, (b - a) // c + 1) > 1_000_000:
        raise _sfn_error("$range would make more than 1,000,000 items")
    return list(range(a, b + (1 if c > 0 else -1), c))


def _fn_hash(data: Any = None, algorithm: Any = None, *rest: Any) -> Any:
    d, algo = _plain(data), _plain(algorithm)
    if rest or not isinstance(d, str) or not isinstance(algo, str):
        raise _sfn_error("$hash expects a string and an algorithm name")
    if algo not in HASH_ALGORITHMS:
        raise _sfn_error(
            f"unsupported hash algorithm '{algo}'; use one of " + ", ".join(HASH_ALGORITHMS)
        )
    import hashlib  # evaluation only: linting never loads OpenSSL

    return hashlib.new(HASH_ALGORITHMS[algo], d.encode("utf-8")).hexdigest()


def _fn_random(seed: Any = None, *rest: Any) -> Any:
    s = _plain(seed)
    if rest:
        raise _sfn_error("$random takes at most one argument (a seed)")
    if s is None:
        return random.random()
    if isinstance(s, bool) or not isinstance(s, (int, float, str)):
        raise _sfn_error("the seed of $random must be a number or a string")
    return random.Random(s).random()


def _fn_uuid(*rest: Any) -> Any:
    import uuid  # evaluation only

    if rest:
        raise _sfn_error("$uuid takes no arguments")
    return str(uuid.uuid4())


def _fn_parse(text: Any = None, *rest: Any) -> Any:
    s = _plain(text)
    if rest or not isinstance(s, str):
        raise _sfn_error("$parse expects a string holding JSON text")

    def bad_constant(token: str) -> Any:
        raise _sfn_error(f"'{token}' is not valid JSON")

    try:
        return json.loads(s, parse_constant=bad_constant)
    except json.JSONDecodeError as exc:
        raise _sfn_error(f"$parse could not parse the string as JSON: {exc.msg}") from None


def _fn_eval(*_: Any) -> Any:
    raise _sfn_error("$eval is not available in Step Functions; use $parse")


_SFN_IMPLS: dict[str, Callable[..., Any]] = {
    "partition": _fn_partition,
    "range": _fn_range,
    "hash": _fn_hash,
    "random": _fn_random,
    "uuid": _fn_uuid,
    "parse": _fn_parse,
    "eval": _fn_eval,
}

_LOCAL = threading.local()


def evaluate_jsonata(
    expr: str,
    *,
    states: Mapping[str, JsonValue],
    variables: Mapping[str, JsonValue] | None = None,
    allow_undefined: bool = False,
    field: str | None = None,
) -> JsonValue:
    """Evaluate ``expr`` (the body of ``{% %}``) with ``$states`` and the workflow variables bound.

    Raises ``JsonataEvaluationError`` (``States.QueryEvaluationError``) when the expression fails,
    or when it yields nothing and ``allow_undefined`` is false (JSON has no 'undefined').
    """
    jsonata = _import_jsonata()
    try:
        compiled = jsonata.Jsonata(expr, budgeted_regex_engine, timeout=TIMEOUT_MS, stack=MAX_DEPTH)
    except Exception as exc:
        raise JsonataEvaluationError(jsonata_message(expr, str(exc), field)) from None
    for name, impl in _SFN_IMPLS.items():
        compiled.register_lambda(name, impl)
    compiled.register_lambda("pad", bounded_pad)
    compiled.set_output_convert_nulls(False)
    bindings: dict[str, Any] = dict(variables or {})
    bindings["states"] = dict(states)
    try:
        with time_budget(TIMEOUT_MS / 1000):
            result = compiled.evaluate(None, bindings)
    except JsonataEvaluationError:
        raise
    except RecursionError:
        raise JsonataEvaluationError(
            jsonata_message(expr, "the expression recursed too deeply", field)
        ) from None
    except Exception as exc:
        raise JsonataEvaluationError(jsonata_message(expr, str(exc), field)) from None
    if result is None:
        if allow_undefined:
            return None
        raise JsonataEvaluationError(
            jsonata_message(expr, "the expression returned no value (undefined)", field)
        )
    return _plain(result)


def evaluate_jsonata_template(
    value: JsonValue,
    *,
    states: Mapping[str, JsonValue],
    variables: Mapping[str, JsonValue] | None = None,
) -> JsonValue:
    """Evaluate every ``{% %}`` string inside ``value`` (objects and arrays recursively).

    An object member whose expression yields nothing is left out, as AWS does for Arguments and
    Output; a top-level template must yield a value.
    """
    return _eval_value(value, states, variables, top=True)


def _eval_value(
    value: JsonValue,
    states: Mapping[str, JsonValue],
    variables: Mapping[str, JsonValue] | None,
    *,
    top: bool,
) -> JsonValue:
    if isinstance(value, str):
        body = jsonata_body(value)
        if body is None:
            return value
        return evaluate_jsonata(
            body[0], states=states, variables=variables, allow_undefined=not top
        )
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            res = _eval_value(v, states, variables, top=False)
            if res is None and isinstance(v, str) and is_jsonata_template(v):
                continue
            out[k] = res
        return out
    if isinstance(value, list):
        return [_eval_value(v, states, variables, top=False) for v in value]
    return value


# --------------------------------------------------------------------------- function catalogue


class FunctionSpec(NamedTuple):
    """A JSONata function for completion and hover: ``name`` includes the ``$``."""

    name: str
    signature: str
    doc: str
    sfn: bool = False


def _f(sig: str, doc: str, sfn: bool = False) -> FunctionSpec:
    return FunctionSpec(sig.split("(", 1)[0], sig, doc, sfn)


JSONATA_FUNCTIONS: dict[str, FunctionSpec] = {
    f.name: f
    for f in (
        # string
        _f("$string(arg, prettify?)", "Cast a value to a string (JSON text for objects/arrays)."),
        _f("$length(str)", "Number of characters in a string."),
        _f("$substring(str, start, length?)", "Part of a string from start (0-based)."),
        _f("$substringBefore(str, chars)", "Text before the first occurrence of chars."),
        _f("$substringAfter(str, chars)", "Text after the first occurrence of chars."),
        _f("$uppercase(str)", "Upper-case a string."),
        _f("$lowercase(str)", "Lower-case a string."),
        _f("$trim(str)", "Collapse and trim whitespace."),
        _f("$pad(str, width, char?)", "Pad a string to width (negative pads on the left)."),
        _f("$contains(str, pattern)", "True when the string contains the text or regex."),
        _f("$split(str, separator, limit?)", "Split a string into an array."),
        _f("$join(array, separator?)", "Join an array of strings."),
        _f("$match(str, pattern, limit?)", "Regex matches with groups and indexes."),
        _f("$replace(str, pattern, replacement, limit?)", "Replace text or regex matches."),
        _f("$base64encode(str)", "Base64-encode a string."),
        _f("$base64decode(str)", "Decode a Base64 string."),
        _f("$encodeUrlComponent(str)", "Percent-encode a URL component."),
        _f("$encodeUrl(str)", "Percent-encode a URL."),
        _f("$decodeUrlComponent(str)", "Decode a percent-encoded URL component."),
        _f("$decodeUrl(str)", "Decode a percent-encoded URL."),
        # numeric
        _f("$number(arg)", "Cast a string or boolean to a number."),
        _f("$abs(number)", "Absolute value."),
        _f("$floor(number)", "Round down."),
        _f("$ceil(number)", "Round up."),
        _f("$round(number, precision?)", "Round half to even at the given precision."),
        _f("$power(base, exponent)", "base raised to exponent."),
        _f("$sqrt(number)", "Square root."),
        _f("$formatNumber(number, picture, options?)", "Format a number with a picture string."),
        _f("$formatBase(number, radix?)", "Integer as a string in another base."),
        _f("$formatInteger(number, picture)", "Integer as words or a picture string."),
        _f("$parseInteger(string, picture)", "Parse an integer with a picture string."),
        # aggregation
        _f("$sum(array)", "Sum of an array of numbers."),
        _f("$max(array)", "Largest number of an array."),
        _f("$min(array)", "Smallest number of an array."),
        _f("$average(array)", "Mean of an array of numbers."),
        # boolean
        _f("$boolean(arg)", "Cast a value to a boolean."),
        _f("$not(arg)", "Boolean negation."),
        _f("$exists(arg)", "True when the expression yields a value."),
        # array
        _f("$count(array)", "Number of items in an array."),
        _f("$append(array1, array2)", "Concatenate two arrays."),
        _f("$sort(array, function?)", "Sort an array (optionally with a comparator)."),
        _f("$reverse(array)", "Reverse an array."),
        _f("$shuffle(array)", "Items in random order."),
        _f("$distinct(array)", "Items without duplicates."),
        _f("$zip(array1, ...)", "Convolve arrays into an array of tuples."),
        # object
        _f("$keys(object)", "Keys of an object (or of the objects of an array)."),
        _f("$lookup(object, key)", "Value of a key."),
        _f("$spread(object)", "Array of one-key objects."),
        _f("$merge(array<object>)", "Merge an array of objects into one."),
        _f("$sift(object, function)", "Object with the members the function keeps."),
        _f("$each(object, function)", "Array of the function applied to each member."),
        _f("$error(message)", "Fail the evaluation with a message."),
        _f("$assert(condition, message)", "Fail with message unless condition is true."),
        _f("$type(value)", "Type name: null, number, string, boolean, array, object, function."),
        # date/time
        _f("$now(picture?, timezone?)", "Current timestamp (ISO 8601) of this evaluation."),
        _f("$millis()", "Current time in milliseconds since the epoch."),
        _f("$fromMillis(number, picture?, timezone?)", "Milliseconds to a timestamp string."),
        _f("$toMillis(timestamp, picture?)", "Timestamp string to milliseconds."),
        # higher order
        _f("$map(array, function)", "Apply a function to each item."),
        _f("$filter(array, function)", "Items for which the function returns true."),
        _f("$single(array, function?)", "The one item that satisfies the function."),
        _f("$reduce(array, function, init?)", "Fold an array into one value."),
        _f("$clone(value)", "Deep copy of a value."),
        # Step Functions additions
        _f(
            "$partition(array, chunkSize)",
            "Step Functions: split an array into chunks of chunkSize items.",
            True,
        ),
        _f(
            "$range(start, end, step)",
            "Step Functions: integers from start to end (inclusive) by step.",
            True,
        ),
        _f(
            "$hash(data, algorithm)",
            "Step Functions: hex digest with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.",
            True,
        ),
        _f(
            "$random(seed?)",
            "Step Functions: a random number in [0, 1); the same seed gives the same number.",
            True,
        ),
        _f("$uuid()", "Step Functions: a random version 4 UUID.", True),
        _f("$parse(jsonString)", "Step Functions: parse JSON text (use instead of $eval).", True),
    )
}
