"""Snippet templates (state types, Retry/Catch blocks, field values) written once as data and
rendered for JSON or YAML at the cursor's indentation.

Writing each snippet twice (JSON text, YAML text) drifts; converting JSON snippet text to YAML line
by line breaks on nesting. A template is plain data with :class:`Slot` placeholders, so both
renderings come from one structure and the YAML one is valid YAML by construction. Indentation is
absolute (the client is asked not to re-indent), so clients that do not adjust indentation still
get valid YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from asl_lsp.service.spelling import escape_choice, escape_snippet, json_string, yaml_scalar
from asl_lsp.spec.errors import ALL, TASK_FAILED


@dataclass(frozen=True)
class Slot:
    """A tab stop. ``text``: a string value (quoted in JSON); else a literal (number, boolean)."""

    index: int
    default: str = ""
    text: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Empty:
    """An empty object or array with the final cursor inside."""

    array: bool = False


Template = Union[  # noqa: UP007 - a recursive alias needs the runtime form on Python 3.10
    str, int, float, bool, Slot, Empty, list["Template"], dict[str, "Template"]
]


def _json_scalar(value: Template) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return escape_snippet(json_string(value))
    if isinstance(value, Slot):
        return _slot(value, yaml=False)
    raise TypeError(type(value).__name__)


def _slot(slot: Slot, yaml: bool) -> str:
    if slot.choices:
        spelled = [
            (yaml_scalar(c) if yaml else json_string(c)) if slot.text else c for c in slot.choices
        ]
        if not yaml and slot.text and all(s.startswith('"') for s in spelled):
            choices = ",".join(escape_choice(c) for c in slot.choices)
            return f'"${{{slot.index}|{choices}|}}"'
        choices = ",".join(escape_choice(s) for s in spelled)
        return f"${{{slot.index}|{choices}|}}"
    if slot.default:
        default = slot.default
        if slot.text:
            default = yaml_scalar(default) if yaml else json_string(default)[1:-1]
        body = f"${{{slot.index}:{escape_snippet(default)}}}"
    else:
        body = f"${{{slot.index}}}"
    return f'"{body}"' if slot.text and not yaml else body


def render_json(value: Template, base: str, unit: str) -> str:
    """``value`` as JSON snippet text; lines after the first start with ``base``."""
    if isinstance(value, Empty):
        return "[$0]" if value.array else "{$0}"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = base + unit
        parts = [
            f"{inner}{escape_snippet(json_string(k))}: {render_json(v, inner, unit)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(parts) + "\n" + base + "}"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return "[" + ", ".join(render_json(v, base, unit) for v in value) + "]"
        inner = base + unit
        return (
            "[\n"
            + ",\n".join(inner + render_json(v, inner, unit) for v in value)
            + "\n"
            + base
            + "]"
        )
    return _json_scalar(value)


def json_member(key: str | Slot, value: Template, base: str, unit: str) -> str:
    name = _slot(key, yaml=False) if isinstance(key, Slot) else escape_snippet(json_string(key))
    return f"{name}: {render_json(value, base, unit)}"


def _yaml_scalar(value: Template, flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return escape_snippet(yaml_scalar(value, flow))
    if isinstance(value, Slot):
        return _slot(value, yaml=True)
    raise TypeError(type(value).__name__)


def yaml_member(key: str | Slot, value: Template, base: str, unit: str) -> str:
    """``key: value`` as YAML snippet text; ``base`` is the column of ``key`` as spaces."""
    name = _slot(key, yaml=True) if isinstance(key, Slot) else escape_snippet(yaml_scalar(key))
    inner = base + unit
    if isinstance(value, Empty):
        return f"{name}:\n{inner}{'- ' if value.array else ''}$0"
    if isinstance(value, dict):
        if not value:
            return f"{name}: {{}}"
        lines = [f"{name}:"]
        lines.extend(inner + yaml_member(k, v, inner, unit) for k, v in value.items())
        return "\n".join(lines)
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return f"{name}: [" + ", ".join(_yaml_scalar(v, flow=True) for v in value) + "]"
        lines = [f"{name}:"]
        for item in value:
            lines.append(inner + "- " + _yaml_item(item, inner + "  ", unit))
        return "\n".join(lines)
    return f"{name}: {_yaml_scalar(value)}"


def _yaml_item(item: Template, base: str, unit: str) -> str:
    if isinstance(item, dict):
        members = list(item.items())
        first = yaml_member(members[0][0], members[0][1], base, unit)
        rest = [base + yaml_member(k, v, base, unit) for k, v in members[1:]]
        return "\n".join([first, *rest])
    return _yaml_scalar(item)


def yaml_value(value: Template, base: str, unit: str) -> str:
    """A value after ``key: `` (scalars only; blocks go through :func:`yaml_member`)."""
    return _yaml_scalar(value)


# -- templates -----------------------------------------------------------------------------------

STATE_TEMPLATES: dict[str, dict[str, Template]] = {
    "Pass": {"Type": "Pass", "Next": Slot(2)},
    "Task": {
        "Type": "Task",
        "Resource": Slot(2, "arn:aws:states:::lambda:invoke"),
        "Arguments": {"FunctionName": Slot(3, "function-name"), "Payload": "{% $states.input %}"},
        "Next": Slot(4),
    },
    "Choice": {
        "Type": "Choice",
        "Choices": [{"Condition": Slot(2, "{% $states.input.ok %}"), "Next": Slot(3)}],
        "Default": Slot(4),
    },
    "Wait": {"Type": "Wait", "Seconds": Slot(2, "5", text=False), "Next": Slot(3)},
    "Succeed": {"Type": "Succeed"},
    "Fail": {"Type": "Fail", "Error": Slot(2, "ErrorName"), "Cause": Slot(3, "What went wrong")},
    "Parallel": {
        "Type": "Parallel",
        "Branches": [
            {
                "StartAt": Slot(2, "First"),
                "States": {"First": {"Type": "Pass", "End": True}},
            }
        ],
        "Next": Slot(3),
    },
    "Map": {
        "Type": "Map",
        "Items": Slot(2, "{% $states.input.items %}"),
        "ItemProcessor": {
            "StartAt": Slot(3, "ProcessItem"),
            "States": {"ProcessItem": {"Type": "Pass", "End": True}},
        },
        "Next": Slot(4),
    },
}
# JSONPath flavours where the JSONata fields above do not apply.
JSONPATH_STATE_TEMPLATES: dict[str, dict[str, Template]] = {
    "Task": {
        "Type": "Task",
        "Resource": Slot(2, "arn:aws:states:::lambda:invoke"),
        "Parameters": {"FunctionName": Slot(3, "function-name"), "Payload.$": "$"},
        "Next": Slot(4),
    },
    "Choice": {
        "Type": "Choice",
        "Choices": [{"Variable": Slot(2, "$.value"), "StringEquals": Slot(3), "Next": Slot(4)}],
        "Default": Slot(5),
    },
    "Map": {
        "Type": "Map",
        "ItemsPath": Slot(2, "$.items"),
        "ItemProcessor": {
            "StartAt": Slot(3, "ProcessItem"),
            "States": {"ProcessItem": {"Type": "Pass", "End": True}},
        },
        "Next": Slot(4),
    },
}
RETRY_TEMPLATE: list[Template] = [
    {
        "ErrorEquals": [Slot(1, TASK_FAILED)],
        "IntervalSeconds": Slot(2, "2", text=False),
        "MaxAttempts": Slot(3, "3", text=False),
        "BackoffRate": Slot(4, "2.0", text=False),
    }
]
CATCH_TEMPLATE: list[Template] = [{"ErrorEquals": [Slot(1, ALL)], "Next": Slot(2)}]
