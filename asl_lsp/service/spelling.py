"""How a value is written in the document's syntax, and in LSP snippet syntax.

Completion inserts names and values that must read back as the same strings: JSON strings are
quoted; YAML scalars stay plain unless YAML would read them as something else (``Yes``/``No``/
``On``/``Off`` are booleans in YAML 1.1, ``null``/``~`` are null, ``1.0`` is a number, ``{%`` opens
a flow mapping). Snippet text escapes ``$``, ``}`` and ``\\``; clients without snippet support get
:func:`snippet_to_plain` of the same text.
"""

from __future__ import annotations

import json
import re

_YAML_RESERVED = re.compile(
    r"^(?:y|n|yes|no|on|off|true|false|null|~|<<|=|\.inf|[-+]\.inf|\.nan)$", re.IGNORECASE
)
_YAML_NUMBERISH = re.compile(r"^[-+]?(?:\.?[0-9]|0[xob])")
_YAML_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = set(",[]{}")


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f\u2028\u2029]')


def json_string(value: str) -> str:
    if _NEEDS_ESCAPE.search(value) is None:
        return f'"{value}"'  # the common case, without the encoder's per-call setup
    return _ENCODE(value)


def yaml_plain_ok(value: str, flow: bool = False) -> bool:
    """True when ``value`` written without quotes reads back as the same string."""
    if not value or value != value.strip() or "\n" in value or "\t" in value:
        return False
    if value[0] in _YAML_INDICATORS or _YAML_RESERVED.match(value) or _YAML_NUMBERISH.match(value):
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    if flow and _FLOW_UNSAFE.intersection(value):
        return False
    return all(ch.isprintable() for ch in value)


def yaml_scalar(value: str, flow: bool = False) -> str:
    """``value`` as a YAML string scalar: plain when safe, else double-quoted (JSON escapes)."""
    return value if yaml_plain_ok(value, flow) else json_string(value)


def quoted_as(value: str, quote: str) -> str:
    """``value`` inside the quote the user already typed."""
    if quote == "'":
        return "'" + value.replace("'", "''") + "'"
    return json_string(value)


def scalar(value: str, yaml: bool, quote: str = "", flow: bool = False) -> str:
    if quote:
        return quoted_as(value, quote)
    return yaml_scalar(value, flow) if yaml else json_string(value)


# -- snippets ------------------------------------------------------------------------------------


def escape_snippet(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def escape_choice(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("$", "\\$")
        .replace("}", "\\}")
        .replace(",", "\\,")
        .replace("|", "\\|")
    )


_TABSTOP = re.compile(r"(?<!\\)\$(?:\d|\{\d)")


def has_tabstops(snippet: str) -> bool:
    return _TABSTOP.search(snippet) is not None


def snippet_to_plain(snippet: str) -> str:
    """The text a snippet inserts with every placeholder at its default (first choice)."""
    if "$" not in snippet and "\\" not in snippet:
        return snippet
    out, _ = _plain(snippet, 0, "")
    return out


def _plain(text: str, index: int, stop: str) -> tuple[str, int]:
    out: list[str] = []
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            out.append(text[index + 1])
            index += 2
            continue
        if stop and char in stop:
            return "".join(out), index
        if char == "$":
            simple = re.match(r"\$(\d+)", text[index:])
            if simple:
                index += len(simple.group(0))
                continue
            braced = re.match(r"\$\{(\d+)([:|}])", text[index:])
            if braced:
                index += len(braced.group(0))
                if braced.group(2) == "}":
                    continue
                if braced.group(2) == ":":
                    inner, index = _plain(text, index, "}")
                    out.append(inner)
                    index += 1
                    continue
                first, index = _plain(text, index, ",|")
                out.append(first)
                while index < len(text) and text[index] != "}":
                    if text[index] == "\\":
                        index += 1
                    index += 1
                index += 1
                continue
        out.append(char)
        index += 1
    return "".join(out), index
