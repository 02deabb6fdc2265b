"""A tolerant JSON parser that keeps a span for every key and value.

``json.loads`` is fast but gives no positions and stops at the first error; editors and linters need
both positions and a usable tree from half-typed text. This parser:

* never raises and never recurses (an explicit stack, so 10,000 levels of nesting are fine; past
  :data:`MAX_DEPTH` the subtree is skipped with one diagnostic);
* reports each problem with a plain message at its exact span and recovers (missing commas, missing
  values, unterminated strings, unclosed objects, stray tokens), so the rest of the document still
  yields nodes;
* reports comments and trailing commas (AWS rejects them) but parses on as if they were absent;
* reports duplicate keys at the later key, with the first occurrence as related information.

It is a regex-driven tokenizer feeding a small state machine. The hot path matches a whole simple
member (``"key": "value",`` with its whitespace) in one regex call and builds its nodes with
their constructors; there is no per-character Python loop except on the rare slow path of strings
with escapes or errors. Node count, not scanning, bounds the speed: a 2 MB definition has about
300,000 nodes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from asl_lsp.diagnostic import Diagnostic, Related, Severity
from asl_lsp.gcpause import gc_paused
from asl_lsp.numbers import MAX_INT_DIGITS, decimal_integer, is_huge_integer
from asl_lsp.syntax.escapes import JSON_ESCAPES, surrogate_pair
from asl_lsp.syntax.json_depth import MAX_DEPTH
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
    SYNTAX_ERROR,
    ParseResult,
    duplicate_keys,
    huge_integer,
)

# Patterns that always match (they accept the empty string) are typed as such.
_WS: Callable[[str, int], re.Match[str]] = re.compile(r"[ \t\n\r]*").match  # type: ignore[assignment]
# A string without escapes or control characters, then the whitespace after it.
_STR_FAST = re.compile(r'"([^"\\\x00-\x1f]*)"[ \t\n\r]*').match
# A key as above followed by its colon (group 2 is empty when the colon is missing).
_KEY_FAST = re.compile(r'"([^"\\\x00-\x1f]*)"[ \t\n\r]*(:?)[ \t\n\r]*').match
_NUM_STRICT = re.compile(
    r"(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)(?![0-9A-Za-z_.+\-$])[ \t\n\r]*"
).match
# Anything that is not structure, whitespace or a quote: bare words, NaN, 01, 'single quoted', ...
_WORD = re.compile(r"[^ \t\n\r,:{}\[\]\"]+").match
_LINE_REST: Callable[[str, int], re.Match[str]] = re.compile(r"[^\r\n]*").match  # type: ignore[assignment]
_SCALAR = (
    r'(?:"([^"\\\x00-\x1f]*)"'
    r"|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)(?![0-9A-Za-z_.+\-$])"
    r"|(true|false|null)(?![0-9A-Za-z_$]))"
)
# The hot path: a whole member ``"key": scalar,`` (groups: key, string, number, literal, comma) or
# ``"key": {`` / ``"key": [`` (group 6), each with the whitespace around it.
_KV = re.compile(
    r'"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*'
    r"(?:" + _SCALAR + r"[ \t\n\r]*(,)?|([{\[]))[ \t\n\r]*"
).match
# The same for an array item (groups: string, number, literal, comma).
_ITEM = re.compile(_SCALAR + r"[ \t\n\r]*(,)?[ \t\n\r]*").match
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*").match
_STR_CHUNK: Callable[[str, int], re.Match[str]] = re.compile(r'[^"\\\x00-\x1f]*').match  # type: ignore[assignment]
_HEX4 = re.compile(r"[0-9a-fA-F]{4}").match
_LENIENT_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?").fullmatch
_STRING_TOKEN = re.compile(r'"(?:[^"\\\n\r]|\\.)*"?').match
_SKIP_TOKEN = re.compile(r'"(?:[^"\\\n\r]|\\.)*"?|[\[\]{}]|/\*|//').search

_LITERALS: Final = frozenset(("true", "false", "null"))

# Parser states.
_VALUE: Final = 0  # a value is expected (top level, after ':', array item after ',')
_OBJ_OPEN: Final = 1  # just after '{': a key or '}'
_OBJ_KEY: Final = 2  # after ',' in an object: a key
_OBJ_SEP: Final = 3  # after a member: ',' or '}'
_ARR_OPEN: Final = 4  # just after '[': a value or ']'
_ARR_SEP: Final = 5  # after an item: ',' or ']'
_DONE: Final = 6


def _number_node(raw: str, start: int) -> NumberNode:
    """A node for a strict JSON number token: an int unless it has a fraction or an exponent."""
    end = start + len(raw)
    if "." in raw or "e" in raw or "E" in raw:
        return NumberNode(float(raw), start, end, raw)
    return NumberNode(decimal_integer(raw), start, end, raw)


def _literal_node(word: str, start: int) -> Node:
    """A node for the literal ``true``, ``false`` or ``null``."""
    end = start + len(word)
    if word == "null":
        return NullNode(start, end)
    return BoolNode(word == "true", start, end)


class _Frame:
    """An object or array being built."""

    __slots__ = ("children", "colon_end", "is_object", "key", "start", "step")

    def __init__(self, is_object: bool, start: int, step: str | int | None) -> None:
        self.is_object = is_object
        self.start = start
        self.children: list[Any] = []  # Members of an object, Nodes of an array
        self.key: StringNode | None = None  # the key whose value is being parsed
        self.colon_end = start  # where the pending member's ':' ended (span of a missing value)
        self.step = step  # this container's key or index in its parent (for JSON pointers)


class _Parser:
    """One parse. State lives in locals of :meth:`run` for speed; helpers handle rare paths."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[_Frame] = []
        self._last_error_at = -1
        self._depth_reported = False

    # -- diagnostics -----------------------------------------------------------------------------

    def path(self) -> str:
        steps: list[str | int] = []
        for frame in self.stack[1:]:
            if frame.step is not None:
                steps.append(frame.step)
        return pointer_string(steps)

    def error(self, message: str, start: int, end: int, related: tuple[Related, ...] = ()) -> None:
        # One error per position: recovery often sees the same bad token from two states.
        if start == self._last_error_at:
            return
        self._last_error_at = start
        self.diagnostics.append(
            Diagnostic(
                SYNTAX_ERROR[0],
                SYNTAX_ERROR[1],
                Severity.ERROR,
                message,
                Span(start, end),
                self.path(),
                related,
            )
        )

    def huge_number(self, raw: str, start: int) -> None:
        """An integer too long to convert (``raw`` is already in the tree as an infinity)."""
        if is_huge_integer(raw) and "." not in raw and "e" not in raw.lower():
            diagnostic = huge_integer(raw, Span(start, start + len(raw)), self.path())
            self.diagnostics.append(diagnostic)

    def token_end(self, pos: int) -> int:
        """End of the token at ``pos``, to give an error a visible width."""
        if pos >= self.n:
            return pos
        m = _STRING_TOKEN(self.text, pos) if self.text[pos] == '"' else _WORD(self.text, pos)
        return m.end() if m else pos + 1

    # -- rare paths ------------------------------------------------------------------------------

    def skip_comment(self, pos: int) -> int | None:
        """Skip a ``//`` or ``/* */`` comment at ``pos``; None when ``pos`` is no comment."""
        text = self.text
        nxt = text[pos + 1 : pos + 2]
        if nxt == "/":
            end = _LINE_REST(text, pos).end()
        elif nxt == "*":
            close = text.find("*/", pos + 2)
            end = self.n if close < 0 else close + 2
            if close < 0:
                self.error("unterminated comment", pos, end)
                self._last_error_at = -1
        else:
            return None
        self.error("comments are not allowed in JSON", pos, end)
        return _WS(text, end).end()

    def slow_string(self, pos: int) -> tuple[str, int, bool]:
        """Decode the string starting at the quote at ``pos``.

        Returns (value, end of the token, terminated). Reports bad escapes, control characters and
        lone surrogates; an unterminated string ends at the end of its line.
        """
        text = self.text
        n = self.n
        out: list[str] = []
        i = pos + 1
        while True:
            m = _STR_CHUNK(text, i)
            out.append(m.group())
            i = m.end()
            if i >= n:
                self.error("unterminated string", pos, n)
                return "".join(out), n, False
            c = text[i]
            if c == '"':
                return "".join(out), i + 1, True
            if c == "\\":
                esc = text[i + 1 : i + 2]
                if esc in JSON_ESCAPES:
                    out.append(JSON_ESCAPES[esc])
                    i += 2
                elif esc == "u":
                    i = self._unicode_escape(i, out)
                elif esc in ("", "\n", "\r"):
                    self.error("unterminated string", pos, i + 1)
                    return "".join(out), i + 1, False
                else:
                    self.error(f"invalid escape '\\{esc}' in string", i, i + 2)
                    out.append(esc)
                    i += 2
            elif c in "\r\n":
                self.error("unterminated string", pos, i)
                return "".join(out), i, False
            else:
                self.error(
                    f"control character U+{ord(c):04X} must be escaped in a string", i, i + 1
                )
                out.append(c)
                i += 1

    def _unicode_escape(self, i: int, out: list[str]) -> int:
        """Decode ``\\uXXXX`` (and a following low surrogate) at ``i``; returns the next index."""
        text = self.text
        if not _HEX4(text, i + 2):
            self.error("invalid unicode escape in string (expected 4 hex digits)", i, i + 2)
            out.append("u")
            return i + 2
        code = int(text[i + 2 : i + 6], 16)
        if 0xD800 <= code <= 0xDBFF:
            if text[i + 6 : i + 8] == "\\u" and _HEX4(text, i + 8):
                low = int(text[i + 8 : i + 12], 16)
                if 0xDC00 <= low <= 0xDFFF:
                    out.append(surrogate_pair(code, low))
                    return i + 12
            self.error(f"lone surrogate '\\u{code:04x}' in string", i, i + 6)
            out.append("\ufffd")
        elif 0xDC00 <= code <= 0xDFFF:
            self.error(f"lone surrogate '\\u{code:04x}' in string", i, i + 6)
            out.append("\ufffd")
        else:
            out.append(chr(code))
        return i + 6

    def word_value(self, pos: int, end: int) -> Node:
        """A bare word where a value belongs: a misspelled literal, NaN, a bad number, a string
        without quotes."""
        word = self.text[pos:end]
        if word in ("NaN", "Infinity", "-Infinity", "+Infinity"):
            self.error(f"{word.lstrip('+-')} is not allowed in JSON", pos, end)
            return NumberNode(float(word), pos, end, word)
        if _LENIENT_NUMBER(word):
            body = word.lstrip("+-")
            if word.startswith("+"):
                reason = "a leading '+' is not allowed"
            elif len(body) > 1 and body[0] == "0" and body[1].isdigit():
                reason = "leading zeros are not allowed"
            elif body.startswith(".") or ("." in body and not body.split(".")[1][:1].isdigit()):
                reason = "a '.' must have digits on both sides"
            else:
                reason = "not a JSON number"
            self.error(f"invalid number '{word}': {reason}", pos, end)
            value: int | float = float(word)
            if "." not in word and "e" not in word.lower():
                value = decimal_integer(word)
            return NumberNode(value, pos, end, word)
        lowered = word.lower()
        if lowered in ("true", "false", "null", "none"):
            self.error(f"'{word}' is not a JSON literal (use true, false or null)", pos, end)
            if lowered == "true":
                return BoolNode(True, pos, end)
            if lowered == "false":
                return BoolNode(False, pos, end)
            return NullNode(pos, end)
        if word[:1] == "'" and word[-1:] == "'" and len(word) > 1:
            self.error("strings must be in double quotes", pos, end)
            return StringNode(word[1:-1], pos, end)
        self.error(f"unexpected '{word}': strings must be in double quotes", pos, end)
        return StringNode(word, pos, end)

    def skip_subtree(self, pos: int) -> int:
        """Skip the container opening at ``pos`` (past the nesting limit); returns the next
        index."""
        if not self._depth_reported:
            self._depth_reported = True
            self.error(f"nesting deeper than {MAX_DEPTH} levels", pos, pos + 1)
        text = self.text
        depth = 0
        i = pos
        while True:
            m = _SKIP_TOKEN(text, i)
            if m is None:
                return self.n
            tok = m.group()
            i = m.end()
            if tok in ("{", "["):
                depth += 1
            elif tok in ("}", "]"):
                depth -= 1
                if depth == 0:
                    return _WS(text, i).end()
            elif tok == "//":
                nl = text.find("\n", i)
                i = self.n if nl < 0 else nl
            elif tok == "/*":
                close = text.find("*/", i)
                i = self.n if close < 0 else close + 2

    def has_open(self, closer: str) -> bool:
        want_object = closer == "}"
        return any(frame.is_object == want_object for frame in self.stack)

    # -- the state machine -----------------------------------------------------------------------

    def run(self) -> ParseResult:
        text = self.text
        n = self.n
        stack = self.stack
        error = self.error
        str_fast = _STR_FAST
        kv = _KV
        number_node = NumberNode
        item = _ITEM
        key_fast = _KEY_FAST
        num_strict = _NUM_STRICT
        ws = _WS
        string_node = StringNode
        member_ = Member

        root: Node | None = None
        pos = ws(text, 0).end()
        state = _VALUE
        frame: _Frame | None = None
        node: Node | None = None
        comma = -1

        while True:
            c = text[pos] if pos < n else ""
            if c == "/":
                skipped = self.skip_comment(pos)
                if skipped is not None:
                    pos = skipped
                    continue

            if state == _OBJ_SEP:
                assert frame is not None
                if c == ",":
                    comma = pos
                    pos = ws(text, pos + 1).end()
                    state = _OBJ_KEY
                    continue
                if c == "}":
                    node, frame = self.close(frame, pos + 1)
                    pos = ws(text, pos + 1).end()
                    # fall through to attach the finished object
                else:
                    last = frame.children[-1] if frame.children else None
                    prop = last.key.value if isinstance(last, Member) else ""
                    if c == "":
                        node, frame = self.close_at_eof(frame)
                        pos = n
                    elif c == "]" and self.has_open("]"):
                        error(f"expected ',' or '}}' after property '{prop}'", pos, pos + 1)
                        node, frame = self.close(frame, pos)
                    elif c == "]":
                        error("unexpected ']'", pos, pos + 1)
                        pos = ws(text, pos + 1).end()
                        continue
                    else:
                        # Most often a forgotten comma before the next key: go on with that key.
                        error(
                            f"expected ',' or '}}' after property '{prop}'",
                            pos,
                            self.token_end(pos),
                        )
                        comma = -1
                        state = _OBJ_KEY
                        continue

            elif state in (_OBJ_KEY, _OBJ_OPEN):
                assert frame is not None
                m = kv(text, pos) if c == '"' else None
                if m is not None:
                    # Fast path: consume simple members until something needs the general path.
                    append = frame.children.append
                    while m is not None:
                        key_s, str_v, num_v, lit_v, comma_v, opener = m.groups()
                        key = string_node(key_s, pos, pos + len(key_s) + 2)
                        if opener is not None:
                            frame.key = key
                            start = m.start(6)
                            frame.colon_end = start
                            if len(stack) >= MAX_DEPTH:
                                pos = start
                                state = _VALUE
                                break
                            frame = _Frame(opener == "{", start, key_s)
                            stack.append(frame)
                            pos = m.end()
                            state = _OBJ_OPEN if opener == "{" else _ARR_OPEN
                            break
                        if str_v is not None:
                            start = m.start(2) - 1
                            end = start + len(str_v) + 2
                            value_node: Node = string_node(str_v, start, end)
                        elif num_v is not None:
                            start = m.start(3)
                            end = start + len(num_v)
                            value_node = number_node(
                                float(num_v)
                                if "." in num_v or "e" in num_v or "E" in num_v
                                else decimal_integer(num_v),
                                start,
                                end,
                                num_v,
                            )
                            if len(num_v) > MAX_INT_DIGITS:
                                self.huge_number(num_v, start)
                        else:
                            value_node = _literal_node(lit_v, m.start(4))
                            end = value_node.end
                        append(member_(key, value_node, pos, end))
                        pos = m.end()
                        if comma_v is None:
                            state = _OBJ_SEP
                            break
                        comma = m.start(5)
                        state = _OBJ_KEY
                        m = kv(text, pos)
                    continue
                if c == '"':
                    m = key_fast(text, pos)
                    if m is not None:
                        key_end = m.end(1) + 1
                        key = string_node(m.group(1), pos, key_end)
                        if m.group(2):
                            frame.key = key
                            frame.colon_end = pos = m.end()
                            state = _VALUE
                            continue
                        pos = m.end()
                    else:
                        value, key_end, _ = self.slow_string(pos)
                        key = string_node(value, pos, key_end)
                        pos = ws(text, key_end).end()
                        colon = _COLON(text, pos)
                        if colon is not None:
                            frame.key = key
                            frame.colon_end = pos = colon.end()
                            state = _VALUE
                            continue
                    self.missing_colon(frame, key, pos)
                    state = _VALUE if frame.key is not None else _OBJ_SEP
                    if frame.key is None:
                        frame.children.append(member_(key, None, key.start, key.end))
                    continue
                if c == "}":
                    if state == _OBJ_KEY and comma >= 0:
                        error("trailing comma is not allowed in JSON", comma, comma + 1)
                    node, frame = self.close(frame, pos + 1)
                    pos = ws(text, pos + 1).end()
                elif c == "":
                    node, frame = self.close_at_eof(frame)
                    pos = n
                elif c == "]":
                    if self.has_open("]"):
                        error("expected a property name or '}'", pos, pos + 1)
                        node, frame = self.close(frame, pos)
                    else:
                        error("unexpected ']'", pos, pos + 1)
                        pos = ws(text, pos + 1).end()
                        continue
                elif c == "," or c == ":":
                    error("expected a property name in double quotes", pos, pos + 1)
                    pos = ws(text, pos + 1).end()
                    continue
                elif c == "{" or c == "[":
                    # A value where a key belongs: parse it (braces stay balanced), then drop it.
                    error("expected a property name in double quotes", pos, pos + 1)
                    frame.key = None
                    state = _VALUE
                    continue
                else:
                    m = _WORD(text, pos)
                    assert m is not None
                    word_end = m.end()
                    key = string_node(text[pos:word_end], pos, word_end)
                    error("property names must be in double quotes", pos, word_end)
                    pos = ws(text, word_end).end()
                    colon = _COLON(text, pos)
                    if colon is not None:
                        frame.key = key
                        frame.colon_end = pos = colon.end()
                        state = _VALUE
                    else:
                        self.missing_colon(frame, key, pos)
                        if frame.key is not None:
                            state = _VALUE
                        else:
                            frame.children.append(member_(key, None, key.start, key.end))
                            state = _OBJ_SEP
                    continue

            elif state == _ARR_SEP:
                assert frame is not None
                if c == ",":
                    comma = pos
                    pos = ws(text, pos + 1).end()
                    c = text[pos] if pos < n else ""
                    if c == "]":
                        error("trailing comma is not allowed in JSON", comma, comma + 1)
                        node, frame = self.close(frame, pos + 1)
                        pos = ws(text, pos + 1).end()
                    else:
                        state = _VALUE
                        continue
                elif c == "]":
                    node, frame = self.close(frame, pos + 1)
                    pos = ws(text, pos + 1).end()
                elif c == "":
                    node, frame = self.close_at_eof(frame)
                    pos = n
                elif c == "}" and self.has_open("}"):
                    error("expected ',' or ']' after an array item", pos, pos + 1)
                    node, frame = self.close(frame, pos)
                elif c == "}" or c == ":":
                    error(f"unexpected '{c}'", pos, pos + 1)
                    pos = ws(text, pos + 1).end()
                    continue
                else:
                    error("expected ',' or ']' after an array item", pos, self.token_end(pos))
                    state = _VALUE
                    continue

            else:  # _VALUE, _ARR_OPEN
                if frame is not None and not frame.is_object and c != "{" and c != "[":
                    m = item(text, pos)
                    if m is not None:
                        children = frame.children
                        while m is not None:
                            str_v, num_v, lit_v, comma_v = m.groups()
                            if str_v is not None:
                                start = m.start(1) - 1
                                value_node = string_node(str_v, start, start + len(str_v) + 2)
                            elif num_v is not None:
                                value_node = _number_node(num_v, m.start(2))
                                if len(num_v) > MAX_INT_DIGITS:
                                    self.huge_number(num_v, m.start(2))
                            else:
                                value_node = _literal_node(lit_v, m.start(3))
                            children.append(value_node)
                            pos = m.end()
                            if comma_v is None:
                                state = _ARR_SEP
                                break
                            state = _VALUE
                            if pos < n and text[pos] == "]":
                                comma = m.start(4)
                                error("trailing comma is not allowed in JSON", comma, comma + 1)
                                state = _ARR_OPEN
                                break
                            m = item(text, pos)
                        continue
                if c == '"':
                    m = str_fast(text, pos)
                    if m is not None:
                        end = m.end(1) + 1
                        node = string_node(m.group(1), pos, end)
                        pos = m.end()
                    else:
                        value, end, _ = self.slow_string(pos)
                        node = string_node(value, pos, end)
                        pos = ws(text, end).end()
                elif c == "{" or c == "[":
                    if len(stack) >= MAX_DEPTH:
                        pos = self.skip_subtree(pos)
                        node = None
                        if frame is not None and not frame.is_object:
                            state = _ARR_SEP
                            continue
                    else:
                        step: str | int | None = None
                        if frame is not None:
                            if frame.is_object:
                                step = frame.key.value if frame.key is not None else None
                            else:
                                step = len(frame.children)
                        frame = _Frame(c == "{", pos, step)
                        stack.append(frame)
                        pos = ws(text, pos + 1).end()
                        state = _OBJ_OPEN if c == "{" else _ARR_OPEN
                        continue
                elif c == "]" and state == _ARR_OPEN:
                    assert frame is not None
                    node, frame = self.close(frame, pos + 1)
                    pos = ws(text, pos + 1).end()
                elif c == "" or c in ",}]":
                    # A missing value: keep the member with value None so editors can complete it.
                    node = None
                    if frame is not None and frame.is_object and frame.key is not None:
                        error("expected a value after ':'", pos, self.token_end(pos))
                    elif frame is not None and not frame.is_object:
                        if c == ",":
                            error("expected a value", pos, self.token_end(pos))
                        if c == ",":
                            pos = ws(text, pos + 1).end()
                            continue
                        state = _ARR_SEP
                        continue
                    elif frame is None:
                        if c == "":
                            error("expected a JSON value", pos, pos)
                            break
                        error(f"unexpected '{c}': expected a JSON value", pos, pos + 1)
                        pos = ws(text, pos + 1).end()
                        continue
                    else:
                        error("expected a value", pos, self.token_end(pos))
                        if c == ",":
                            pos = ws(text, pos + 1).end()
                            state = _OBJ_KEY
                            continue
                        state = _OBJ_SEP
                        continue
                else:
                    m = num_strict(text, pos) if (c == "-" or "0" <= c <= "9") else None
                    if m is not None:
                        node = _number_node(m.group(1), pos)
                        if len(m.group(1)) > MAX_INT_DIGITS:
                            self.huge_number(m.group(1), pos)
                        pos = m.end()
                    elif c == ":":
                        error("unexpected ':'", pos, pos + 1)
                        pos = ws(text, pos + 1).end()
                        continue
                    else:
                        m = _WORD(text, pos)
                        assert m is not None
                        end = m.end()
                        word = text[pos:end]
                        if word in _LITERALS:
                            node = _literal_node(word, pos)
                        else:
                            node = self.word_value(pos, end)
                        pos = ws(text, end).end()

            # A value is complete (``node``; None when it was missing or skipped): attach it.
            if frame is None:
                root = node
                state = _DONE
                break
            if frame.is_object:
                pending = frame.key
                if pending is not None:
                    frame.children.append(
                        member_(
                            pending,
                            node,
                            pending.start,
                            node.end if node is not None else frame.colon_end,
                        )
                    )
                    frame.key = None
                state = _OBJ_SEP
            else:
                if node is not None:
                    frame.children.append(node)
                state = _ARR_SEP

        if state == _DONE:
            self.check_trailing(pos)
        return ParseResult(root, tuple(self.diagnostics))

    def missing_colon(self, frame: _Frame, key: StringNode, pos: int) -> None:
        """After a key without ':'; sets ``frame.key`` when a value seems to follow anyway."""
        text = self.text
        c = text[pos] if pos < self.n else ""
        end = key.end
        self.error(f"expected ':' after property '{key.value}'", end, min(end + 1, self.n))
        if c and c not in ",}]":
            frame.key = key
            frame.colon_end = pos
        else:
            frame.key = None

    def close(self, frame: _Frame, end: int) -> tuple[Node, _Frame | None]:
        """Finish ``frame`` (the top of the stack) as a node ending at ``end``; returns it with the
        frame it goes into (None at the top level)."""
        self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if not frame.is_object:
            return ArrayNode(tuple(frame.children), frame.start, end), parent
        node = ObjectNode(tuple(frame.children), frame.start, end)
        # Fewer index entries than members means duplicate keys.
        if len(node._index) != len(node.members):
            self.stack.append(frame)
            self.diagnostics.extend(duplicate_keys(node.members, self.path()))
            self.stack.pop()
        return node, parent

    def close_at_eof(self, frame: _Frame) -> tuple[Node, _Frame | None]:
        """Close every open container at the end of the text; the outermost becomes the value
        to attach (the loop then ends because no frame is left)."""
        n = self.n
        opener = "{" if frame.is_object else "["
        self._last_error_at = -1
        self.error(
            f"unexpected end of text: '{opener}' is not closed",
            n,
            n,
            (Related(Span(frame.start, frame.start + 1), f"the unclosed '{opener}'"),),
        )
        node: Node | None = None
        while self.stack:
            top = self.stack[-1]
            if node is not None or top is not frame:
                if top.is_object and top.key is not None:
                    pending = top.key
                    end = node.end if node is not None else top.colon_end
                    top.children.append(Member(pending, node, pending.start, end))
                    top.key = None
                elif not top.is_object and node is not None:
                    top.children.append(node)
            node, _ = self.close(top, n)
        assert node is not None
        return node, None

    def check_trailing(self, pos: int) -> None:
        text = self.text
        while pos < self.n and text[pos] == "/":
            skipped = self.skip_comment(pos)
            if skipped is None:
                break
            pos = skipped
        if pos < self.n:
            self.error("unexpected text after the end of the JSON value", pos, self.token_end(pos))


def parse_json(text: str) -> ParseResult:
    """Parse ``text`` into nodes with spans; never raises.

    ``root`` is None only when the text holds no value at all.
    """
    with gc_paused():
        return _Parser(text).run()
