"""``-k EXPR``: pytest's keyword expressions over case ids (``file::case name``).

Words match as case-insensitive substrings; ``and``, ``or``, ``not`` and parentheses combine
them. Parsed by a small recursive-descent parser, never evaluated as Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Matcher = Callable[[str], bool]
_TOKEN = re.compile(r"\s*(\(|\)|[^\s()]+)")


class SelectionError(ValueError):
    """The expression does not parse; the message is one line."""


def _tokens(expression: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    while position < len(expression):
        if expression[position:].strip() == "":
            break
        match = _TOKEN.match(expression, position)
        if match is None:  # pragma: no cover - the pattern matches any non-blank text
            raise SelectionError(f"cannot read -k expression at {expression[position:]!r}")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def compile_expression(expression: str) -> Matcher:
    """A predicate over case ids; :class:`SelectionError` for a malformed expression."""
    tokens = _tokens(expression)
    if not tokens:
        return lambda _: True
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        token = peek()
        if token is None:
            raise SelectionError(f"-k {expression!r}: unexpected end of expression")
        position += 1
        return token

    def disjunction() -> Matcher:
        left = conjunction()
        while peek() == "or":
            take()
            right = conjunction()
            left = (lambda a, b: lambda s: a(s) or b(s))(left, right)
        return left

    def conjunction() -> Matcher:
        left = negation()
        while peek() == "and":
            take()
            right = negation()
            left = (lambda a, b: lambda s: a(s) and b(s))(left, right)
        return left

    def negation() -> Matcher:
        if peek() == "not":
            take()
            inner = negation()
            return lambda s: not inner(s)
        return atom()

    def atom() -> Matcher:
        token = take()
        if token == "(":
            inner = disjunction()
            if peek() != ")":
                raise SelectionError(f"-k {expression!r}: missing ')'")
            take()
            return inner
        if token in (")", "and", "or"):
            raise SelectionError(f"-k {expression!r}: unexpected {token!r}")
        word = token.lower()
        return lambda s: word in s.lower()

    matcher = disjunction()
    if position != len(tokens):
        raise SelectionError(f"-k {expression!r}: unexpected {tokens[position]!r}")
    return matcher
