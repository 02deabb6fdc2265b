"""Whether a JSONata expression parses, and if not, where and why.

The linter checks every ``{% %}`` expression; loading an evaluator to do so cost ``asl lint``
more than any of its rules. This module is a tokenizer and a top-down operator precedence
(Pratt) parser of the grammar Step Functions runs (jsonata-js, version in
:mod:`asl_lsp.spec.jsonata`), followed by the checks jsonata makes on the tree before it
evaluates anything (S0209 to S0217). It builds no tree for an evaluator: a node keeps only what
those checks read.

An error carries jsonata's code and message, and jsonata's position: the offset just past the
offending token (the tokenizer's position once it has read it), or where the scanner stopped.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from asl_lsp.expr.js_regex import js_regex_problem
from asl_lsp.spec.jsonata import JSONATA_VERSION, LATER_OPERATORS, LATER_OPERATORS_VERSION
from asl_lsp.syntax.escapes import JSON_ESCAPES


class JsonataSyntaxError(NamedTuple):
    """Why an expression does not parse; ``start``/``end`` are the range to underline."""

    code: str
    """jsonata's error code (``S0201``), or ``""`` for a regular expression JavaScript refuses."""
    message: str
    position: int
    start: int
    end: int


MESSAGES = {
    "S0101": "String literal must be terminated by a matching quote",
    "S0102": "Number out of range: {token}",
    "S0103": "Unsupported escape sequence: \\{token}",
    "S0104": "The escape sequence \\u must be followed by 4 hex digits",
    "S0105": "Quoted property name must be terminated with a backquote (`)",
    "S0106": "Comment has no closing tag",
    "S0201": "Syntax error: {token}",
    "S0202": "Expected {value}, got {token}",
    "S0203": "Expected {value} before end of expression",
    "S0204": "Unknown operator: {token}",
    "S0206": "Unknown expression type: {token}",
    "S0207": "Unexpected end of expression",
    "S0208": "Parameter {value} of function definition must be a variable name (start with $)",
    "S0209": "A predicate cannot follow a grouping expression in a step",
    "S0210": "Each step can only have one grouping expression",
    "S0211": "The symbol {token} cannot be used as a unary operator",
    "S0212": "The left side of := must be a variable name (start with $)",
    "S0213": "The literal value {value} cannot be used as a step within a path expression",
    "S0214": "The right side of {token} must be a variable name (start with $)",
    "S0215": "A context variable binding must precede any predicates on a step",
    "S0216": "A context variable binding must precede the 'order-by' clause on a step",
    "S0217": "The object representing the 'parent' cannot be derived from this expression",
    "S0301": "Empty regular expressions are not allowed",
    "S0302": "No terminating / in regular expression",
    "S0401": "Type parameters can only be applied to functions and arrays",
    "S0402": "Choice groups containing parameterized types are not supported",
}
"""jsonata's message for each parse-time code; ``{token}`` and ``{value}`` are filled in."""


def jsonata_syntax_error(expr: str) -> JsonataSyntaxError | None:
    """The first error jsonata reports for ``expr``, or None when it parses.

    Raises ``RecursionError`` for nesting deeper than the interpreter's stack.
    """
    parser = _Parser(expr)
    try:
        tree = parser.parse()
        _check_tree(tree)
    except _Refusal as refusal:
        return refusal.error(expr)
    return None


# --------------------------------------------------------------------------- failures


class _Refusal(Exception):
    """A parse error as jsonata raises it: code, position, and the token and value it names."""

    def __init__(
        self,
        code: str,
        position: int,
        token: object = None,
        value: object = None,
        *,
        marked: object = None,
        span: tuple[int, int] | None = None,
        message: str = "",
    ) -> None:
        super().__init__(code)
        self.code = code
        self.position = position
        self.token = token
        self.value = value
        # What the underline ends on: jsonata's position, drawn back by the width of this token.
        self.marked = token if marked is None else marked
        self.span = span
        self.message = message

    def error(self, expr: str) -> JsonataSyntaxError:
        message = self.message or MESSAGES[self.code].format(
            token=_text(self.token), value=_text(self.value)
        )
        if self.code == "S0211" and self.token in ("?", ":") and _after_later_operator(expr, self):
            later = " and ".join(f"'{operator}'" for operator in LATER_OPERATORS)
            message += (
                f"; {later} came with JSONata {LATER_OPERATORS_VERSION}, and Step Functions runs "
                f"JSONata {JSONATA_VERSION}"
            )
        if self.code:
            message = f"{message} ({self.code})"
        n = len(expr)
        if self.span is not None:
            start, end = self.span
            return JsonataSyntaxError(self.code, message, self.position, start, end)
        end = max(0, min(self.position, n))
        width = len(_text(self.marked)) if self.marked is not None else 1
        start = max(0, end - width)
        if start == end:
            start = max(0, end - 1)
        return JsonataSyntaxError(
            self.code, message, self.position, start, max(end, start + (1 if n else 0))
        )


def _after_later_operator(expr: str, refusal: _Refusal) -> bool:
    at = refusal.position - 2
    return at >= 0 and expr[at : at + 2] in LATER_OPERATORS


def _text(value: object) -> str:
    """A token's value as the messages show it."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, _Regex):
        return f"/{value.pattern}/{value.flags}"
    return str(value)


# --------------------------------------------------------------------------- tokens

_WHITESPACE = " \t\n\r\v"
_OPERATOR_CHARS = frozenset(".[]{}(),@#;:?+-*/%|=<>^&!~")
_DOUBLE_OPERATORS = frozenset({"..", ":=", "!=", ">=", "<=", "**", "~>"})
_NAME_END = re.compile(r"[ \t\n\r\v.\[\]{}(),@#;:?+\-*/%|=<>^&!~]")
_NUMBER = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[Ee][-+]?[0-9]+)?")
_HEX = re.compile(r"[0-9a-fA-F]+")
_PLAIN = {'"': re.compile(r'[^"\\]*'), "'": re.compile(r"[^'\\]*")}
_WORDS: dict[str, tuple[str, object]] = {
    "and": ("operator", "and"),
    "or": ("operator", "or"),
    "in": ("operator", "in"),
    "true": ("value", True),
    "false": ("value", False),
    "null": ("value", None),
}


class _Regex(NamedTuple):
    pattern: str
    flags: str


# Binding powers of the symbols that continue an expression; every other symbol has 0.
_LBP = {
    ".": 75,
    "[": 80,
    "{": 70,
    "(": 80,
    "@": 80,
    "#": 80,
    "?": 20,
    "+": 50,
    "-": 50,
    "*": 60,
    "/": 60,
    "%": 60,
    "=": 40,
    "<": 40,
    ">": 40,
    "^": 40,
    "!=": 40,
    "<=": 40,
    ">=": 40,
    "~>": 40,
    "&": 50,
    "and": 30,
    "or": 25,
    "in": 40,
    ":=": 10,
}
# Operator tokens the grammar knows; '!' and '~' alone only end names.
_SYMBOLS = frozenset(_LBP) | {"]", "}", ")", ",", ";", ":", "..", "**", "|"}
_TERMINALS = frozenset({"(name)", "(literal)", "(regex)", "(end)", "and", "or", "in"})


class _Node:
    """A token, then the parse node it becomes, then (for some) the processed node.

    Attributes a node does not use stay at the class's None.
    """

    lhs: _Node | None = None
    rhs: _Node | None = None
    items: list[_Node] | None = None
    pairs: list[tuple[_Node, _Node]] | None = None
    terms: list[_Node] | None = None
    expression: _Node | None = None
    procedure: _Node | None = None
    arguments: list[_Node] | None = None
    body: _Node | None = None
    condition: _Node | None = None
    then: _Node | None = None
    otherwise: _Node | None = None
    pattern: _Node | None = None
    update: _Node | None = None
    delete: _Node | None = None
    # Set while checking the tree, as jsonata's post-parse stage sets them.
    steps: list[_Node] | None = None
    group: bool | None = None
    predicate: list[None] | None = None
    stages: list[None] | None = None
    focus: str | None = None
    seeking: list[_Slot] | None = None
    slot: _Slot | None = None

    def __init__(self, ident: str, kind: str | None, value: object, position: int) -> None:
        self.id = ident
        self.type = kind
        self.value = value
        self.position = position


class _Slot:
    """A parent (``%``) reference looking for the step it names: ``level`` steps back."""

    def __init__(self) -> None:
        self.level = 1


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.length = len(source)
        self.pos = 0
        self.node = _Node("(end)", None, "(end)", 0)

    # ----------------------------------------------------------------- tokenizer

    def _next(self, prefix: bool) -> tuple[str, object, int] | None:
        """The next token as (type, value, position past it), or None at the end.

        ``prefix`` is true where an operator is expected; elsewhere a ``/`` starts a regex.
        """
        s, n, pos = self.source, self.length, self.pos
        while True:
            while pos < n and s[pos] in _WHITESPACE:
                pos += 1
            if pos >= n:
                self.pos = pos
                return None
            if s[pos] == "/" and s.startswith("*", pos + 1):
                close = s.find("*/", pos + 2)
                if close < 0:
                    raise _Refusal("S0106", pos)
                pos = close + 2
                continue
            break
        c = s[pos]
        if c == "/" and not prefix:
            return self._regex(pos + 1)
        if s[pos : pos + 2] in _DOUBLE_OPERATORS:
            self.pos = pos + 2
            return "operator", s[pos : pos + 2], pos + 2
        if c in _OPERATOR_CHARS:
            self.pos = pos + 1
            return "operator", c, pos + 1
        if c == '"' or c == "'":
            return self._string(c, pos + 1)
        number = _NUMBER.match(s, pos)
        if number is not None:
            text = number.group()
            value = float(text)
            if value in (float("inf"), float("-inf")):
                raise _Refusal("S0102", pos, text, span=(pos, number.end()))
            self.pos = number.end()
            return "number", value, self.pos
        if c == "`":
            close = s.find("`", pos + 1)
            if close < 0:
                self.pos = n
                raise _Refusal("S0105", n)
            self.pos = close + 1
            return "name", s[pos + 1 : close], self.pos
        end = _NAME_END.search(s, pos)
        stop = end.start() if end is not None else n
        word = s[pos:stop]
        self.pos = stop
        if c == "$":
            return "variable", word[1:], stop
        keyword = _WORDS.get(word)
        if keyword is not None:
            return keyword[0], keyword[1], stop
        return "name", word, stop

    def _string(self, quote: str, pos: int) -> tuple[str, object, int]:
        s, n = self.source, self.length
        plain = _PLAIN[quote]
        parts: list[str] = []
        while pos < n:
            run = plain.match(s, pos)
            assert run is not None  # the pattern matches the empty string
            parts.append(run.group())
            pos = run.end()
            if pos >= n:
                break
            if s[pos] == quote:
                self.pos = pos + 1
                return "string", "".join(parts), pos + 1
            pos += 1  # a backslash
            c = s[pos] if pos < n else ""
            if c == "u":
                digits = s[pos + 1 : pos + 5]
                if _HEX.fullmatch(digits) is None:
                    raise _Refusal("S0104", pos)
                parts.append(chr(int(digits, 16)))
                pos += 4
            elif c in JSON_ESCAPES:  # jsonata reads the escapes JSON has
                parts.append(JSON_ESCAPES[c])
            else:
                raise _Refusal("S0103", pos, c)
            pos += 1
        raise _Refusal("S0101", pos)

    def _regex(self, start: int) -> tuple[str, object, int]:
        s, n = self.source, self.length
        depth = 0
        pos = start
        while pos < n:
            c = s[pos]
            if c == "/" and depth == 0:
                backslashes = 0
                while s[pos - backslashes - 1] == "\\":
                    backslashes += 1
                if backslashes % 2 == 0:
                    break
            if c in "([{" and s[pos - 1] != "\\":
                depth += 1
            elif c in ")]}" and s[pos - 1] != "\\":
                depth -= 1
            pos += 1
        else:
            raise _Refusal("S0302", pos)
        pattern = s[start:pos]
        if not pattern:
            raise _Refusal("S0301", pos)
        pos += 1
        flags_start = pos
        while pos < n and s[pos] in "im":
            pos += 1
        regex = _Regex(pattern, s[flags_start:pos])
        problem = js_regex_problem(regex.pattern, regex.flags + "g")
        if problem is not None:
            raise _Refusal(
                "",
                pos,
                span=(start - 1, pos),
                message=f"Invalid regular expression: /{pattern}/{regex.flags}: {problem}",
            )
        self.pos = pos
        return "regex", regex, pos

    # ----------------------------------------------------------------- parser

    def parse(self) -> _Node:
        self._advance()
        tree = self._expression(0)
        if self.node.id != "(end)":
            raise _Refusal("S0201", self.node.position, self.node.value)
        return tree

    def _advance(self, expected: str | None = None, infix: bool = False) -> _Node:
        node = self.node
        if expected is not None and node.id != expected:
            if node.id == "(end)":
                raise _Refusal("S0203", node.position, node.value, expected, marked=expected)
            raise _Refusal("S0202", node.position, node.value, expected, marked=expected)
        token = self._next(infix)
        if token is None:
            node = _Node("(end)", None, "(end)", self.length)
        else:
            kind, value, position = token
            if kind == "operator":
                assert isinstance(value, str)
                if value not in _SYMBOLS:
                    raise _Refusal("S0204", position, value)
                ident = value
            elif kind == "name" or kind == "variable":
                ident = "(name)"
            elif kind == "regex":
                ident = "(regex)"
            else:
                ident = "(literal)"
            node = _Node(ident, kind, value, position)
        self.node = node
        return node

    def _expression(self, rbp: int) -> _Node:
        token = self.node
        self._advance(None, True)
        left = self._nud(token)
        while rbp < _LBP.get(self.node.id, 0):
            token = self.node
            self._advance()
            left = self._led(token, left)
        return left

    def _nud(self, t: _Node) -> _Node:
        ident = t.id
        if ident in _TERMINALS:
            return t
        if ident == "-":
            t.expression = self._expression(70)
            t.type = "unary"
        elif ident == "*":
            t.type = "wildcard"
        elif ident == "**":
            t.type = "descendant"
        elif ident == "%":
            t.type = "parent"
        elif ident == "(":
            self._block(t)
        elif ident == "[":
            self._array(t)
        elif ident == "{":
            self._object(t, None)
        elif ident == "|":
            self._transform(t)
        else:
            raise _Refusal("S0211", t.position, t.value)
        return t

    def _led(self, t: _Node, left: _Node) -> _Node:
        ident = t.id
        if ident == "(":
            return self._call(t, left)
        if ident == "[":
            return self._predicate(t, left)
        if ident == "{":
            self._object(t, left)
        elif ident == "^":
            self._sort(t, left)
        elif ident == ":=":
            if left.type != "variable":
                raise _Refusal("S0212", left.position, left.value)
            t.lhs = left
            t.rhs = self._expression(_LBP[":="] - 1)  # right associative
            t.type = "binary"
        elif ident == "@" or ident == "#":
            t.lhs = left
            t.rhs = self._expression(_LBP[ident])
            if t.rhs.type != "variable":
                raise _Refusal("S0214", t.rhs.position, ident)
            t.type = "binary"
        elif ident == "?":
            t.type = "condition"
            t.condition = left
            t.then = self._expression(0)
            if self.node.id == ":":
                self._advance(":")
                t.otherwise = self._expression(0)
        else:
            t.lhs = left
            t.rhs = self._expression(_LBP[ident])
            t.type = "binary"
        return t

    def _block(self, t: _Node) -> None:
        items: list[_Node] = []
        while self.node.id != ")":
            items.append(self._expression(0))
            if self.node.id != ";":
                break
            self._advance(";")
        self._advance(")", True)
        t.type = "block"
        t.items = items

    def _array(self, t: _Node) -> None:
        items: list[_Node] = []
        if self.node.id != "]":
            while True:
                item = self._expression(0)
                if self.node.id == "..":
                    span = _Node("..", "binary", "..", self.node.position)
                    span.lhs = item
                    self._advance("..")
                    span.rhs = self._expression(0)
                    item = span
                items.append(item)
                if self.node.id != ",":
                    break
                self._advance(",")
        self._advance("]", True)
        t.type = "unary"
        t.items = items

    def _object(self, t: _Node, left: _Node | None) -> None:
        pairs: list[tuple[_Node, _Node]] = []
        if self.node.id != "}":
            while True:
                key = self._expression(0)
                self._advance(":")
                pairs.append((key, self._expression(0)))
                if self.node.id != ",":
                    break
                self._advance(",")
        self._advance("}", True)
        t.pairs = pairs
        if left is None:
            t.type = "unary"
        else:
            t.lhs = left
            t.type = "binary"

    def _transform(self, t: _Node) -> None:
        t.type = "transform"
        t.pattern = self._expression(0)
        self._advance("|")
        t.update = self._expression(0)
        if self.node.id == ",":
            self._advance(",")
            t.delete = self._expression(0)
        self._advance("|")

    def _sort(self, t: _Node, left: _Node) -> None:
        self._advance("(")
        terms: list[_Node] = []
        while True:
            if self.node.id == "<" or self.node.id == ">":
                self._advance(self.node.id)
            terms.append(self._expression(0))
            if self.node.id != ",":
                break
            self._advance(",")
        self._advance(")")
        t.lhs = left
        t.terms = terms
        t.type = "binary"

    def _predicate(self, t: _Node, left: _Node) -> _Node:
        if self.node.id == "]":
            # An empty predicate keeps singleton arrays: no node of its own.
            self._advance("]")
            return left
        t.lhs = left
        t.rhs = self._expression(0)
        t.type = "binary"
        self._advance("]", True)
        return t

    def _call(self, t: _Node, left: _Node) -> _Node:
        t.procedure = left
        t.type = "function"
        arguments: list[_Node] = []
        if self.node.id != ")":
            while True:
                if self.node.id == "?":
                    t.type = "partial"
                    arguments.append(self.node)
                    self._advance("?")
                else:
                    arguments.append(self._expression(0))
                if self.node.id != ",":
                    break
                self._advance(",")
        self._advance(")", True)
        t.arguments = arguments
        if left.type == "name" and left.value in ("function", "λ"):
            for index, argument in enumerate(arguments):
                if argument.type != "variable":
                    raise _Refusal("S0208", argument.position, argument.value, index + 1)
            t.type = "lambda"
            if self.node.id == "<":
                self._signature()
            self._advance("{")
            t.body = self._expression(0)
            self._advance("}")
        return t

    def _signature(self) -> None:
        # The signature is read as tokens and their values joined, as jsonata reads it.
        at = self.node.position
        depth = 1
        text = "<"
        while depth > 0 and self.node.id != "{" and self.node.id != "(end)":
            token = self._advance()
            if token.id == ">":
                depth -= 1
            elif token.id == "<":
                depth += 1
            text += _signature_text(token.value)
        self._advance(">")
        problem = _signature_problem(text)
        if isinstance(problem, tuple):
            code, offset = problem
            raise _Refusal(code, at + offset)
        if problem is not None:
            raise _Refusal(
                "",
                at,
                span=(at - 1, at),
                message=f"Invalid function signature {text}: {problem}",
            )


def _signature_text(value: object) -> str:
    if isinstance(value, _Regex):
        return f"/{value.pattern}/{''.join(sorted(value.flags + 'g'))}"
    return _text(value)


class _Parameter:
    """A parameter of a signature as jsonata reads it: the regex of its type, and the type."""

    def __init__(self) -> None:
        self.regex: str | None = None
        self.type: str | None = None


_TYPE_REGEX = {
    "s": "[sm]",
    "n": "[nm]",
    "b": "[bm]",
    "l": "[lm]",
    "o": "[om]",
    "a": "[asnblfom]",
    "f": "f",
    "j": "[asnblom]",
    "x": "[asnblfom]",
}


def _signature_problem(signature: str) -> tuple[str, int] | str | None:
    """Why jsonata refuses a function signature: (code, offset into it) for its own errors, the
    reason JavaScript gives when the regular expression jsonata makes of it does not compile,
    or None."""
    parameters: list[_Parameter] = []
    parameter = previous = _Parameter()
    position = 1
    while position < len(signature):
        symbol = signature[position]
        if symbol == ":":
            break  # the return type is not checked
        if symbol in _TYPE_REGEX or symbol == "(":
            if symbol == "(":
                close = _closing(signature, position, "(", ")")
                choice = signature[position + 1 : close]
                if "<" in choice:
                    return "S0402", position
                parameter.regex, parameter.type = f"[{choice}m]", f"({choice})"
                position = close
            else:
                parameter.regex, parameter.type = _TYPE_REGEX[symbol], symbol
            parameters.append(parameter)
            previous, parameter = parameter, _Parameter()
        elif symbol == "-":
            # jsonata compiles the parameter's regex here, to test the context with it.
            problem = js_regex_problem(previous.regex, "") if previous.regex else None
            if problem is not None:
                return problem
            previous.regex = f"{previous.regex or 'undefined'}?"
        elif symbol in "?+":
            previous.regex = f"{previous.regex or 'undefined'}{symbol}"
        elif symbol == "<":
            if previous.type not in ("a", "f"):
                return "S0401", position
            position = _closing(signature, position, "<", ">")
        position += 1
    return js_regex_problem("^" + "".join(f"({p.regex})" for p in parameters) + "$", "")


def _closing(text: str, start: int, opening: str, closing: str) -> int:
    depth = 1
    position = start
    while position < len(text):
        position += 1
        symbol = text[position : position + 1]
        if symbol == closing:
            depth -= 1
            if depth == 0:
                break
        elif symbol == opening:
            depth += 1
    return position


# --------------------------------------------------------------------------- tree checks


def _check_tree(tree: _Node) -> None:
    """jsonata's post-parse stage, reduced to what can fail: paths made of steps, predicates
    and groupings on steps, variable bindings on steps, and parent references."""
    result = _process(tree)
    if result.type == "parent" or result.seeking is not None:
        raise _Refusal("S0217", result.position, result.type)


def _path(step: _Node) -> _Node:
    # jsonata makes paths without a position; jsonata-python reports them at 0.
    path = _Node("(path)", "path", None, 0)
    path.steps = [step]
    return path


def _process(e: _Node) -> _Node:
    kind = e.type
    if kind == "binary":
        return _process_binary(e)
    if kind == "unary":
        result = _Node("(unary)", "unary", e.value, e.position)
        if e.value == "[":
            for item in e.items or ():
                _push_ancestry(result, _process(item))
        elif e.value == "{":
            for key, value in e.pairs or ():
                _push_ancestry(result, _process(key))
                _push_ancestry(result, _process(value))
        else:
            assert e.expression is not None
            operand = _process(e.expression)
            if e.value == "-" and operand.type == "number":
                assert isinstance(operand.value, float)
                operand.value = -operand.value
                return operand
            _push_ancestry(result, operand)
        return result
    if kind == "function" or kind == "partial":
        result = _Node("(call)", kind, e.value, e.position)
        for argument in e.arguments or ():
            _push_ancestry(result, _process(argument))
        assert e.procedure is not None
        _process(e.procedure)
        return result
    if kind == "lambda":
        assert e.body is not None
        _process(e.body)
        return _Node("(lambda)", "lambda", None, e.position)
    if kind == "condition":
        result = _Node("(condition)", "condition", None, e.position)
        for part in (e.condition, e.then, e.otherwise):
            if part is not None:
                _push_ancestry(result, _process(part))
        return result
    if kind == "transform":
        for part in (e.pattern, e.update, e.delete):
            if part is not None:
                _process(part)
        return _Node("(transform)", "transform", None, e.position)
    if kind == "block":
        result = _Node("(block)", "block", None, e.position)
        result.items = []
        for item in e.items or ():
            part = _process(item)
            _push_ancestry(result, part)
            result.items.append(part)
        return result
    if kind == "name":
        return _path(e)
    if kind == "parent":
        result = _Node("(parent)", "parent", None, 0)
        result.slot = _Slot()
        return result
    if kind in ("string", "number", "value", "wildcard", "descendant", "variable", "regex"):
        return e
    if kind == "operator":
        if e.value in ("and", "or", "in"):
            e.type = "name"
            return _path(e)
        if e.value == "?":
            return e
        raise _Refusal("S0201", e.position, e.value)
    raise _Refusal("S0207" if e.id == "(end)" else "S0206", e.position, e.value)


def _process_binary(e: _Node) -> _Node:
    operator = e.value
    if operator == ".":
        assert e.lhs is not None and e.rhs is not None
        first = _process(e.lhs)
        result = first if first.type == "path" else _path(first)
        if first.type == "parent":
            result.seeking = [_slot(first)]
        rest = _process(e.rhs)
        steps = _steps(result)
        if rest.type == "path":
            steps.extend(_steps(rest))
        else:
            if rest.predicate is not None:
                rest.stages = rest.predicate
                rest.predicate = None
            steps.append(rest)
        for step in steps:
            if step.type == "number" or step.type == "value":
                raise _Refusal("S0213", step.position, None, step.value, marked=step.value)
        for step in steps:
            if step.type == "string":
                step.type = "name"
        _resolve_ancestry(result)
        return result
    if operator == "[":
        assert e.lhs is not None and e.rhs is not None
        result = _process(e.lhs)
        step = result
        on_stages = result.type == "path"
        if on_stages:
            step = _steps(result)[-1]
        if step.group is not None:
            raise _Refusal("S0209", e.position)
        if on_stages and step.stages is None:
            step.stages = []
        elif not on_stages and step.predicate is None:
            step.predicate = []
        predicate = _process(e.rhs)
        if predicate.seeking is not None:
            for slot in predicate.seeking:
                if slot.level == 1:
                    _seek_parent(step, slot)
                else:
                    slot.level -= 1
            _push_ancestry(step, predicate)
        filters = step.stages if on_stages else step.predicate
        assert filters is not None
        filters.append(None)
        return result
    if operator == "{":
        assert e.lhs is not None
        result = _process(e.lhs)
        if result.group is not None:
            raise _Refusal("S0210", e.position)
        for key, value in e.pairs or ():
            _process(key)
            _process(value)
        result.group = True
        return result
    if operator == "^":
        assert e.lhs is not None
        result = _process(e.lhs)
        if result.type != "path":
            result = _path(result)
        sort = _Node("(sort)", "sort", None, e.position)
        for term in e.terms or ():
            _push_ancestry(sort, _process(term))
        _steps(result).append(sort)
        _resolve_ancestry(result)
        return result
    if operator == ":=":
        assert e.lhs is not None and e.rhs is not None
        result = _Node("(bind)", "bind", operator, e.position)
        _process(e.lhs)
        _push_ancestry(result, _process(e.rhs))
        return result
    if operator == "@":
        assert e.lhs is not None and e.rhs is not None
        result = _process(e.lhs)
        step = _steps(result)[-1] if result.type == "path" else result
        if step.stages is not None or step.predicate is not None:
            raise _Refusal("S0215", e.position)
        if step.type == "sort":
            raise _Refusal("S0216", e.position)
        assert isinstance(e.rhs.value, str)
        step.focus = e.rhs.value
        return result
    if operator == "#":
        assert e.lhs is not None
        result = _process(e.lhs)
        step = result
        if result.type == "path":
            step = _steps(result)[-1]
        else:
            result = _path(result)
            if step.predicate is not None:
                step.stages = step.predicate
                step.predicate = None
        if step.stages is not None:
            step.stages.append(None)
        return result
    if operator == "~>":
        assert e.lhs is not None and e.rhs is not None
        _process(e.lhs)
        _process(e.rhs)
        return _Node("(apply)", "apply", operator, e.position)
    assert e.lhs is not None and e.rhs is not None
    result = _Node("(binary)", "binary", operator, e.position)
    _push_ancestry(result, _process(e.lhs))
    _push_ancestry(result, _process(e.rhs))
    return result


def _steps(path: _Node) -> list[_Node]:
    assert path.steps is not None
    return path.steps


def _slot(parent: _Node) -> _Slot:
    assert parent.slot is not None
    return parent.slot


def _seek_parent(node: _Node, slot: _Slot) -> None:
    """Walk back from ``node`` to the step a parent reference names (jsonata's seekParent)."""
    kind = node.type
    if kind == "name" or kind == "wildcard":
        slot.level -= 1
    elif kind == "parent":
        slot.level += 1
    elif kind == "block":
        if node.items:
            _seek_parent(node.items[-1], slot)
    elif kind == "path":
        steps = _steps(node)
        index = len(steps) - 1
        _seek_parent(steps[index], slot)
        index -= 1
        while slot.level > 0 and index >= 0:
            _seek_parent(steps[index], slot)
            index -= 1
    else:
        raise _Refusal("S0217", node.position, kind)


def _push_ancestry(result: _Node, value: _Node) -> None:
    if value.seeking is None and value.type != "parent":
        return
    slots = value.seeking if value.seeking is not None else []
    if value.type == "parent":
        slots.append(_slot(value))
    if result.seeking is None:
        result.seeking = slots
    else:
        result.seeking.extend(slots)


def _resolve_ancestry(path: _Node) -> None:
    steps = _steps(path)
    last = steps[-1]
    slots = last.seeking if last.seeking is not None else []
    if last.type == "parent":
        slots.append(_slot(last))
    for slot in slots:
        index = len(steps) - 2
        while slot.level > 0:
            if index < 0:
                if path.seeking is None:
                    path.seeking = [slot]
                else:
                    path.seeking.append(slot)
                break
            step = steps[index]
            index -= 1
            # Contiguous steps that bind the focus count as one.
            while index >= 0 and step.focus and steps[index].focus:
                step = steps[index]
                index -= 1
            _seek_parent(step, slot)
