"""Whether JavaScript compiles a regular expression, as jsonata makes one of a ``/regex/``.

jsonata-js turns each regex literal into a ``RegExp`` while it tokenizes, so a pattern
JavaScript refuses makes the whole expression fail to parse. The patterns are compiled without
the ``u`` flag, under the web-compatibility grammar of ECMAScript's Annex B, which accepts much
that a strict reading refuses (a lone ``]`` or ``{``, unknown escapes, octal escapes); this module
refuses only what that grammar refuses. Without ``u`` a pattern is a sequence of UTF-16 code
units, so a character outside the Basic Multilingual Plane is two of them.
"""

from __future__ import annotations

import re

_BRACED = re.compile(r"\{([0-9]+)(,([0-9]*))?\}")
# An identifier: a letter, '$' or '_', then letters, digits, '$' or '_' (Unicode letters too).
_GROUP_NAME = re.compile(r"(?:[$_]|[^\W\d])[\w$]*")
_MODIFIERS = re.compile(r"\(\?[ims]*(-[ims]*)?:")
_HEX2 = re.compile(r"[0-9a-fA-F]{2}")
_HEX4 = re.compile(r"[0-9a-fA-F]{4}")
_FLAGS = frozenset("dgimsuyv")
_CLASS_ESCAPES = frozenset("dDsSwW")
_CONTROL_ESCAPES = {"b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}


def js_regex_problem(pattern: str, flags: str) -> str | None:
    """JavaScript's reason for refusing ``new RegExp(pattern, flags)``, or None."""
    if len(set(flags)) != len(flags) or not _FLAGS.issuperset(flags):
        return f"Invalid flags '{flags}'"
    if any(ord(c) > 0xFFFF for c in pattern):
        data = pattern.encode("utf-16-le", "surrogatepass")
        units = (int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2))
        pattern = "".join(map(chr, units))
    try:
        _Pattern(pattern).parse()
    except _Refused as refused:
        return str(refused)
    return None


class _Refused(Exception):
    pass


class _Pattern:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.names = _group_names(text)

    def parse(self) -> None:
        self._disjunction()
        if self.pos < len(self.text):
            raise _Refused("Unmatched ')'")

    def _disjunction(self) -> None:
        self._alternative()
        while self.text.startswith("|", self.pos):
            self.pos += 1
            self._alternative()

    def _alternative(self) -> None:
        text = self.text
        while self.pos < len(text) and text[self.pos] not in "|)":
            self._term()

    def _term(self) -> None:
        text, pos = self.text, self.pos
        c = text[pos]
        if c in "^$" or text.startswith(("\\b", "\\B"), pos):
            self.pos += 1 if c in "^$" else 2
            self._no_quantifier()
            return
        if c == "(":
            self._group()
        elif c in "*+?":
            raise _Refused("Nothing to repeat")
        elif c == "{":
            if _BRACED.match(text, pos):
                raise _Refused("Nothing to repeat")
            self.pos += 1
        elif c == "[":
            self._class()
        elif c == "\\":
            self._atom_escape()
        else:
            self.pos += 1
        self._quantifier()

    def _group(self) -> None:
        text, pos = self.text, self.pos
        if text.startswith(("(?<=", "(?<!"), pos):
            self.pos += 4
            self._close_group()
            self._no_quantifier()
            return
        if text.startswith(("(?=", "(?!", "(?:"), pos):
            self.pos += 3
        elif text.startswith("(?<", pos):
            name = _GROUP_NAME.match(text, pos + 3)
            if name is None or not text.startswith(">", name.end()):
                raise _Refused("Invalid capture group name")
            self.pos = name.end() + 1
        elif text.startswith("(?", pos):
            modifiers = _MODIFIERS.match(text, pos)
            if modifiers is None:
                raise _Refused("Invalid group")
            self.pos = modifiers.end()
        else:
            self.pos += 1
        self._close_group()

    def _close_group(self) -> None:
        self._disjunction()
        if not self.text.startswith(")", self.pos):
            raise _Refused("Unterminated group")
        self.pos += 1

    def _quantifier(self) -> None:
        text, pos = self.text, self.pos
        if pos >= len(text):
            return
        if text[pos] in "*+?":
            self.pos += 1
        else:
            braced = _BRACED.match(text, pos) if text[pos] == "{" else None
            if braced is None:
                return
            low, high = braced.group(1), braced.group(3)
            if high and int(low) > int(high):
                raise _Refused("numbers out of order in {} quantifier")
            self.pos = braced.end()
        if self.text.startswith("?", self.pos):
            self.pos += 1

    def _no_quantifier(self) -> None:
        text, pos = self.text, self.pos
        if pos < len(text) and (text[pos] in "*+?" or _BRACED.match(text, pos)):
            raise _Refused("Nothing to repeat")

    def _atom_escape(self) -> None:
        text = self.text
        self.pos += 1
        if self.pos >= len(text):
            raise _Refused("\\ at end of pattern")
        if text[self.pos] == "k" and self.names:
            name = _GROUP_NAME.match(text, self.pos + 2)
            if (
                not text.startswith("<", self.pos + 1)
                or name is None
                or not text.startswith(">", name.end())
                or name.group() not in self.names
            ):
                raise _Refused("Invalid named capture referenced")
            self.pos = name.end() + 1
            return
        self.pos += 1

    def _class(self) -> None:
        text = self.text
        self.pos += 1
        if text.startswith("^", self.pos):
            self.pos += 1
        while True:
            if self.pos >= len(text):
                raise _Refused("Unterminated character class")
            if text[self.pos] == "]":
                self.pos += 1
                return
            low = self._class_atom()
            if text.startswith("-", self.pos) and self.pos + 1 < len(text):
                if text[self.pos + 1] == "]":
                    continue
                self.pos += 1
                high = self._class_atom()
                if low is not None and high is not None and low > high:
                    raise _Refused("Range out of order in character class")

    def _class_atom(self) -> int | None:
        """The code unit of one class member, or None for a class escape such as ``\\d``."""
        text = self.text
        c = text[self.pos]
        self.pos += 1
        if c != "\\":
            return ord(c)
        if self.pos >= len(text):
            raise _Refused("\\ at end of pattern")
        c = text[self.pos]
        self.pos += 1
        if c in _CLASS_ESCAPES:
            return None
        if c in _CONTROL_ESCAPES:
            return _CONTROL_ESCAPES[c]
        following = text[self.pos : self.pos + 1]
        if c == "c":
            if following and (following.isascii() and (following.isalnum() or following == "_")):
                self.pos += 1
                return ord(following) % 32
            self.pos -= 1  # a backslash standing for itself; the 'c' is read next
            return ord("\\")
        if c == "x" and _HEX2.match(text, self.pos):
            self.pos += 2
            return int(text[self.pos - 2 : self.pos], 16)
        if c == "u" and _HEX4.match(text, self.pos):
            self.pos += 4
            return int(text[self.pos - 4 : self.pos], 16)
        if c in "01234567":
            digits = c
            longest = 3 if c in "0123" else 2
            while len(digits) < longest and text[self.pos : self.pos + 1] in tuple("01234567"):
                digits += text[self.pos]
                self.pos += 1
            return int(digits, 8)
        return ord(c)


def _group_names(text: str) -> frozenset[str]:
    """The names of the pattern's named groups (``\\k`` is an escape of its own only if any)."""
    names: set[str] = set()
    pos, in_class = 0, False
    while pos < len(text):
        c = text[pos]
        if c == "\\":
            pos += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif text.startswith("(?<", pos) and not text.startswith(("(?<=", "(?<!"), pos):
            name = _GROUP_NAME.match(text, pos + 3)
            if name is not None:
                names.add(name.group())
        pos += 1
    return frozenset(names)
