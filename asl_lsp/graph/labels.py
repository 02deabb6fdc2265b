"""Short human labels for states, resources and Choice rules, plus text measuring and wrapping.

A graph is read at a glance, so labels are short: a Choice edge shows ``$.x > 5`` rather than the
rule's JSON, a Task shows ``lambda:invoke`` rather than its full ARN. The full text always goes into
a tooltip. Every function here accepts any JSON value and never raises.
"""

from __future__ import annotations

import json
from typing import Any

from asl_lsp.spec.choice_operators import CHOICE_OPERATORS
from asl_lsp.spec.resources import classify_resource


def _literal(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        return str(value)


def _comparison(rule: dict[str, Any]) -> str | None:
    variable = rule.get("Variable")
    var_text = variable if isinstance(variable, str) else "?"
    for key, value in rule.items():
        op = CHOICE_OPERATORS.get(key) if isinstance(key, str) else None
        if op is None:
            continue
        if op.kind in ("type-test", "presence"):
            verb = "is" if value is not False else "is not"
            return f"{var_text} {verb} {op.label}"
        if op.kind == "matches":
            return f"{var_text} {op.label} {_literal(value)}"
        operand = value if op.is_path and isinstance(value, str) else _literal(value)
        return f"{var_text} {op.label} {operand}"
    return None


def choice_rule_text(rule: Any, depth: int = 0) -> str:
    """A one-line form of a Choice rule: ``$.x == true``, ``And($.a > 1, $.b is present)``, or the
    JSONata ``Condition`` without its ``{% %}`` fence."""
    if not isinstance(rule, dict):
        return "?"
    if depth > 20:
        return "…"
    if "Condition" in rule:
        return condition_text(rule.get("Condition"))
    for combinator in ("And", "Or"):
        if combinator in rule:
            parts = rule.get(combinator)
            items = parts if isinstance(parts, list) else []
            inner = ", ".join(choice_rule_text(p, depth + 1) for p in items)
            return f"{combinator}({inner})"
    if "Not" in rule:
        return f"Not({choice_rule_text(rule.get('Not'), depth + 1)})"
    text = _comparison(rule)
    if text is not None:
        return text
    variable = rule.get("Variable")
    return f"{variable} ?" if isinstance(variable, str) else "?"


def condition_text(condition: Any) -> str:
    """A JSONata Condition shown without the ``{% %}`` fence and with whitespace collapsed."""
    if isinstance(condition, bool):
        return "true" if condition else "false"
    if not isinstance(condition, str):
        return _literal(condition)
    text = condition.strip()
    if text.startswith("{%") and text.endswith("%}"):
        text = text[2:-2].strip()
    return " ".join(text.split())


def resource_text(resource: Any) -> str:
    """``arn:aws:states:::lambda:invoke`` -> ``lambda:invoke``; a Lambda ARN -> ``lambda: Name``.

    An AWS SDK integration shows its service and action
    (``arn:aws:states:::aws-sdk:rekognition:startContentModeration`` ->
    ``rekognition:startContentModeration``): the ``aws-sdk:`` prefix would push the action out
    of a short label.
    """
    if not isinstance(resource, str):
        return ""
    info = classify_resource(resource)
    if info is not None and info.kind == "aws-sdk" and info.service and info.action:
        suffix = "" if info.pattern == "request-response" else f".{info.pattern}"
        return f"{info.service}:{info.action}{suffix}"
    if resource.startswith("arn:") and ":::" in resource:
        return resource.split(":::", 1)[1]
    parts = resource.split(":")
    if len(parts) >= 7 and parts[0] == "arn":
        service, kind, name = parts[2], parts[5], parts[6]
        if service == "lambda" and kind == "function":
            return f"lambda: {name}"
        if service == "states" and kind == "activity":
            return f"activity: {name}"
        return f"{service}: {name}"
    return resource


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, ending with an ellipsis when cut."""
    if limit < 2:
        limit = 2
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Average advance widths (in ems) of a system sans-serif font, by character class. Rendering
# happens in the viewer, so this only needs to be a safe over-estimate.
_NARROW = set("il.,:;|!'`ijlftrI[]()/\\ ")
_WIDE = set("mwMWOQGD@%&")


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """Estimated rendered width of ``text`` in pixels."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.33
        elif ch in _WIDE:
            em += 0.88
        elif ch.isupper() or ch.isdigit():
            em += 0.66
        elif ord(ch) > 0x2E80:
            em += 1.0
        else:
            em += 0.56
    return em * font_size * (1.16 if bold else 1.08)


def wrap(
    text: str, max_width: float, font_size: float, max_lines: int, bold: bool = False
) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines no wider than ``max_width``; words longer
    than a line are split, and the last line ends with an ellipsis when text was dropped."""
    words = text.split()
    if not words:
        return [""]
    lines: list[str] = []
    current = ""
    pending = list(words)
    while pending:
        word = pending.pop(0)
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, font_size, bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
            pending.insert(0, word)
            continue
        # A single word wider than the line: split it at the widest prefix that fits.
        cut = len(word) - 1
        while cut > 1 and text_width(word[:cut], font_size, bold) > max_width:
            cut -= 1
        lines.append(word[:cut])
        pending.insert(0, word[cut:])
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and text_width(last + "…", font_size, bold) > max_width:
            last = last[:-1]
        kept[-1] = last.rstrip() + "…"
        return kept
    return lines
