"""Context-aware completion: keys, enum values, state names, ARNs, errors, paths, JSONata.

Every entry replaces exactly the token under the cursor (quotes included), and is spelled for the
document's syntax: JSON strings quoted, YAML scalars plain unless YAML would read them as something
else (``Yes``, ``On``, ``null``...).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.model.machine import JSONATA, Scope, State
from asl_lsp.service.cursor import Cursor, Role, cursor_at, node_at_path
from asl_lsp.service.symbols_at import variable_assignments
from asl_lsp.spec.contexts import Context, context_at
from asl_lsp.spec.fields import FieldSpec, fields_for
from asl_lsp.syntax.nodes import ObjectNode, StringNode

TRANSITION_KEYS = frozenset({"Next", "Default", "StartAt"})
_YAML_RESERVED = re.compile(
    r"^(y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9].*|\.inf|\.nan)$", re.IGNORECASE
)
_YAML_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#:]*$")

STATE_SNIPPETS: dict[str, str] = {
    "Pass": '"Type": "Pass",\n\t"Next": "${2}"',
    "Task": '"Type": "Task",\n\t"Resource": "${2:arn:aws:states:::lambda:invoke}",\n'
    '\t"Arguments": {\n\t\t"FunctionName": "${3}",\n\t\t"Payload": "{% \\$states.input %}"\n\t},\n'
    '\t"Next": "${4}"',
    "Choice": '"Type": "Choice",\n\t"Choices": [\n\t\t{\n\t\t\t"Variable": "${2:\\$.value}",\n'
    '\t\t\t"StringEquals": "${3}",\n\t\t\t"Next": "${4}"\n\t\t}\n\t],\n\t"Default": "${5}"',
    "Wait": '"Type": "Wait",\n\t"Seconds": ${2:5},\n\t"Next": "${3}"',
    "Succeed": '"Type": "Succeed"',
    "Fail": '"Type": "Fail",\n\t"Error": "${2:ErrorName}",\n\t"Cause": "${3:What went wrong}"',
    "Parallel": '"Type": "Parallel",\n\t"Branches": [\n\t\t{\n\t\t\t"StartAt": "${2:First}",\n'
    '\t\t\t"States": {\n\t\t\t\t"${2:First}": {\n\t\t\t\t\t"Type": "Pass",\n'
    '\t\t\t\t\t"End": true\n\t\t\t\t}\n\t\t\t}\n\t\t}\n\t],\n\t"Next": "${3}"',
    "Map": '"Type": "Map",\n\t"ItemsPath": "${2:\\$.items}",\n\t"ItemProcessor": {\n'
    '\t\t"StartAt": "${3:Process item}",\n\t\t"States": {\n\t\t\t"${3:Process item}": {\n'
    '\t\t\t\t"Type": "Pass",\n\t\t\t\t"End": true\n\t\t\t}\n\t\t}\n\t},\n\t"Next": "${4}"',
}
RETRY_SNIPPET = (
    '"Retry": [\n\t{\n\t\t"ErrorEquals": ["${1:States.TaskFailed}"],\n\t\t"IntervalSeconds": ${2:2},'
    '\n\t\t"MaxAttempts": ${3:3},\n\t\t"BackoffRate": ${4:2.0}\n\t}\n]'
)
CATCH_SNIPPET = (
    '"Catch": [\n\t{\n\t\t"ErrorEquals": ["${1:States.ALL}"],\n\t\t"Next": "${2}"\n\t}\n]'
)
COMMON_ERRORS = (
    ("Lambda.ServiceException", "The Lambda service had an internal error."),
    ("Lambda.AWSLambdaException", "The Lambda service returned an error."),
    ("Lambda.SdkClientException", "The SDK could not reach the Lambda service."),
    ("Lambda.TooManyRequestsException", "Lambda throttled the invocation."),
)
STATES_FIELDS = (
    ("$states.input", "the state's input"),
    ("$states.context", "the context object (Execution, State, StateMachine, Task, Map)"),
    ("$states.result", "the result of the Task, Parallel or Map (in Output and Assign)"),
    ("$states.errorOutput", "the error output (in a Catcher's Output and Assign)"),
)


@dataclass(frozen=True)
class Entry:
    label: str
    kind: str  # property | value | state | function | snippet | constant | variable | reference
    new_text: str  # replaces Cursor.replace; may hold snippet placeholders when ``snippet``
    detail: str | None = None
    documentation: str | None = None
    snippet: bool = False
    sort: str = ""
    deprecated: bool = False


@dataclass(frozen=True)
class Completion:
    cursor: Cursor
    entries: list[Entry]


def complete(document: AslDocument, offset: int) -> Completion | None:
    cursor = cursor_at(document, offset)
    if cursor is None or cursor.definition is None or cursor.container is None:
        return None
    definition = cursor.definition
    context = context_at(definition.source.root, cursor.container)
    if cursor.role is Role.KEY:
        entries = _key_entries(document, cursor, definition, context)
    elif cursor.role is Role.ITEM:
        entries = _item_entries(cursor)
    else:
        entries = _value_entries(document, cursor, definition, context)
    return Completion(cursor, entries)


# -- keys ---------------------------------------------------------------------------------------


def _key_entries(
    document: AslDocument, cursor: Cursor, definition: Definition, context: Context
) -> list[Entry]:
    yaml = cursor.yaml
    if context.kind == "states":
        return _state_snippets(yaml)
    field_context = context.field_context
    if field_context is None:
        return []
    container = node_at_path(definition, cursor.container or ())
    present = set(container.keys()) if isinstance(container, ObjectNode) else set()
    if cursor.prefix and cursor.prefix in present:
        present.discard(cursor.prefix)
    language = _language_at(definition, cursor.offset)
    entries: list[Entry] = []
    for name, spec in fields_for(field_context).items():
        if name in present or not _fits_language(spec, language):
            continue
        entries.append(
            Entry(
                label=name,
                kind="property",
                new_text=_key_text(name, spec, yaml),
                detail=_detail(spec),
                documentation=spec.markdown,
                snippet=True,
                sort=("0" if spec.required else "1") + name,
                deprecated=spec.deprecated is not None,
            )
        )
    if field_context.startswith("state:") and context.state_type in ("Task", "Parallel", "Map"):
        for label, body, key in (("Retry block", RETRY_SNIPPET, "Retry"), ("Catch block", CATCH_SNIPPET, "Catch")):
            if key not in present:
                entries.append(
                    Entry(label, "snippet", _snippet_for(body, yaml), f"{key} with one entry",
                          snippet=True, sort="2" + label)
                )
    return entries


def _fits_language(spec: FieldSpec, language: str) -> bool:
    return spec.query_language == "both" or spec.query_language == language


def _language_at(definition: Definition, offset: int) -> str:
    state = definition.machine.state_at(offset)
    return state.query_language if state is not None else definition.machine.query_language


def _detail(spec: FieldSpec) -> str:
    parts = [spec.value_kind]
    if spec.required:
        parts.append("required")
    if spec.query_language != "both":
        parts.append(f"{spec.query_language} only")
    if spec.deprecated:
        parts.append("deprecated")
    return ", ".join(parts)


def _value_template(spec: FieldSpec, yaml: bool) -> str:
    kind = spec.value_kind
    if kind in ("object", "payload-template", "assign", "states"):
        return "\n\t$0" if yaml else "{$0}"
    if kind in ("array", "error-names"):
        return "\n\t- $0" if yaml else "[$0]"
    if kind in ("integer", "number"):
        return "${1:0}"
    if kind == "boolean":
        return "${1:true}"
    if kind == "enum" and spec.enum:
        choices = ",".join(v.replace(",", "\\,").replace("|", "\\|") for v in spec.enum)
        return f"${{1|{choices}|}}" if yaml else f'"${{1|{choices}|}}"'
    return "$1" if yaml else '"$1"'


def _key_text(name: str, spec: FieldSpec, yaml: bool) -> str:
    value = _value_template(spec, yaml)
    if yaml:
        separator = ":" if value.startswith("\n") else ": "
        return f"{_yaml_scalar(name)}{separator}{value}"
    return f"{json.dumps(name)}: {value}"


def _state_snippets(yaml: bool) -> list[Entry]:
    entries = []
    for state_type, body in STATE_SNIPPETS.items():
        text = '"${1:' + state_type + ' state}": {\n\t' + body + "\n}"
        entries.append(
            Entry(
                f"{state_type} state",
                "snippet",
                _snippet_for(text, yaml),
                f"a new {state_type} state",
                snippet=True,
                sort="0" + state_type,
            )
        )
    return entries


def _snippet_for(json_snippet: str, yaml: bool) -> str:
    """YAML spelling of a JSON-shaped snippet: keys and strings unquoted, nesting by indentation."""
    if not yaml:
        return json_snippet
    out: list[str] = []
    depth = 0
    for raw in json_snippet.split("\n"):
        line = raw.strip().rstrip(",")
        if line in ("{", "}", "[", "]", "},", "],"):
            continue
        depth = raw.count("\t")
        item = ""
        key, sep, value = line.partition(": ")
        key = key.strip('"')
        value = value.strip()
        if value in ("{", "["):
            out.append("  " * depth + item + f"{key}:")
            continue
        if value.startswith("[") and value.endswith("]"):
            inner = value[1:-1].strip('"')
            out.append("  " * depth + f"{key}: [{inner}]")
            continue
        if not sep:
            out.append("  " * depth + line.strip('"'))
            continue
        out.append("  " * depth + f"{key}: {value.strip(chr(34))}")
    # Mark the first key of each list item produced from "[ {" blocks.
    return "\n".join(_yaml_list_markers(out))


def _yaml_list_markers(lines: list[str]) -> list[str]:
    """In the converted snippet, a mapping that sat inside a JSON array becomes a "- " item."""
    result: list[str] = []
    list_parents: list[int] = []
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        while list_parents and indent <= list_parents[-1]:
            list_parents.pop()
        if index and lines[index - 1].rstrip().endswith(":") and _is_list_key(lines[index - 1]):
            list_parents.append(len(lines[index - 1]) - len(lines[index - 1].lstrip(" ")))
            line = line[: indent - 2] + "- " + line[indent:] if indent >= 2 else "- " + line
        result.append(line)
    return result


def _is_list_key(line: str) -> bool:
    return line.strip().rstrip(":") in ("Choices", "Branches", "Retry", "Catch")


# -- values -------------------------------------------------------------------------------------


def _value_entries(
    document: AslDocument, cursor: Cursor, definition: Definition, context: Context
) -> list[Entry]:
    key = cursor.key or ""
    yaml = cursor.yaml
    if key in TRANSITION_KEYS:
        return _state_name_entries(document, cursor, definition, key, yaml)
    typed = cursor.prefix
    if typed.lstrip().startswith("{%"):
        return _jsonata_entries(cursor, definition, context)
    if key.endswith(".$") or typed.startswith("$") or key in ("Variable",) or key.endswith("Path"):
        return _path_entries(cursor, definition)
    field_context = context.field_context
    spec = fields_for(field_context).get(key) if field_context else None
    if key == "Resource":
        return _resource_entries(yaml, task=context.field_context == "state:Task")
    if spec is not None and spec.enum:
        return [
            Entry(v, "value", _scalar(v, yaml), spec.name, spec.markdown, sort="0" + v)
            for v in spec.enum
        ]
    if spec is not None and spec.value_kind == "boolean":
        return [Entry(v, "constant", v, spec.name) for v in ("true", "false")]
    return []


def _state_name_entries(
    document: AslDocument, cursor: Cursor, definition: Definition, key: str, yaml: bool
) -> list[Entry]:
    machine = definition.machine
    current: State | None = None
    if key == "StartAt":
        container = node_at_path(definition, cursor.container or ())
        scope = next((s for s in machine.scopes if s.node is container), machine.root)
    else:
        current = machine.state_at(cursor.offset)
        scope = current.scope if current is not None else machine.scope_at(cursor.offset)
    return [
        Entry(
            state.name,
            "reference",
            _scalar(state.name, yaml),
            state.type or "state",
            _state_summary(state),
            sort="0" + state.name,
        )
        for state in _unique_states(scope)
        if state is not current
    ]


def _unique_states(scope: Scope) -> list[State]:
    return list(scope.states.values())


def _state_summary(state: State) -> str:
    lines = [f"**{state.name}** — {state.type or 'state'}"]
    comment = state.field("Comment")
    if isinstance(comment, StringNode):
        lines.append(comment.value)
    targets = [t.target for t in state.transitions]
    if targets:
        lines.append("goes to " + ", ".join(f"`{t}`" for t in dict.fromkeys(targets)))
    elif state.is_terminal:
        lines.append("ends the execution path")
    return "\n\n".join(lines)


def _resource_entries(yaml: bool, task: bool) -> list[Entry]:
    from asl_lsp.spec.resources import completion_arns

    entries = [
        Entry(arn, "value", _scalar(arn, yaml), integration.title, f"[{integration.title}]({integration.docs})",
              sort="0" + arn)
        for arn, integration in completion_arns(task=task)
    ]
    if task:
        generic = "arn:aws:states:::aws-sdk:${1:service}:${2:action}"
        entries.append(
            Entry("arn:aws:states:::aws-sdk:service:action", "snippet",
                  generic if yaml else f'"{generic}"', "any AWS SDK API call", snippet=True, sort="1")
        )
    return entries


def _item_entries(cursor: Cursor) -> list[Entry]:
    if cursor.key != "ErrorEquals":
        return []
    from asl_lsp.spec.errors import predefined_errors

    entries = [
        Entry(spec.name, "constant", _scalar(spec.name, cursor.yaml), "predefined error", spec.markdown,
              sort="0" + spec.name)
        for spec in predefined_errors()
    ]
    entries.extend(
        Entry(name, "constant", _scalar(name, cursor.yaml), "Lambda error", doc, sort="1" + name)
        for name, doc in COMMON_ERRORS
    )
    return entries


def _path_entries(cursor: Cursor, definition: Definition) -> list[Entry]:
    from asl_lsp.expr.context_object import CONTEXT_PATHS
    from asl_lsp.expr.intrinsics import INTRINSICS

    yaml = cursor.yaml
    entries = [Entry("$", "value", _scalar("$", yaml), "the whole input", sort="0")]
    entries.extend(
        Entry(path, "value", _scalar(path, yaml), "context object", doc, sort="1" + path)
        for path, doc in CONTEXT_PATHS
    )
    if (cursor.key or "").endswith(".$"):
        for name, spec in INTRINSICS.items():
            entries.append(
                Entry(name, "function", _snippet_scalar(f"{name}($1)", yaml), spec.signature,
                      spec.doc, snippet=True, sort="2" + name)
            )
    for name in sorted({n for n, _ in variable_assignments(definition)}):
        entries.append(Entry(f"${name}", "variable", _scalar(f"${name}", yaml), "variable", sort="3" + name))
    return entries


def _jsonata_entries(cursor: Cursor, definition: Definition, context: Context) -> list[Entry]:
    from asl_lsp.expr.jsonata import JSONATA_FUNCTIONS

    typed = cursor.prefix
    head = typed[: len(typed) - len(re.search(r"[$\w.]*$", typed).group(0))]  # type: ignore[union-attr]
    closing = "" if "%}" in typed else " %}"
    allowed = _states_fields_for(cursor, context)
    entries = []
    for name, doc in STATES_FIELDS:
        if name in allowed:
            entries.append(Entry(name, "variable", _quoted(head + name + closing, cursor), doc, sort="0" + name))
    for name in sorted({n for n, _ in variable_assignments(definition)}):
        entries.append(Entry(f"${name}", "variable", _quoted(head + f"${name}" + closing, cursor), "variable", sort="1" + name))
    for name, spec in JSONATA_FUNCTIONS.items():
        entries.append(
            Entry(name, "function",
                  '"' + _escape_snippet(head + name) + "($1)" + _escape_snippet(closing) + '"',
                  spec.signature, spec.doc, snippet=True, sort="2" + name)
        )
    return entries


def _states_fields_for(cursor: Cursor, context: Context) -> set[str]:
    allowed = {"$states.input", "$states.context"}
    key = cursor.key or ""
    if context.kind == "catcher":
        allowed.add("$states.errorOutput")
    elif key in ("Output", "Assign") or _under(cursor, ("Output", "Assign")):
        if context.state_type in ("Task", "Parallel", "Map"):
            allowed.add("$states.result")
    return allowed


def _under(cursor: Cursor, keys: tuple[str, ...]) -> bool:
    return any(step in keys for step in (cursor.container or ()))


# -- spelling -----------------------------------------------------------------------------------


def _scalar(value: str, yaml: bool) -> str:
    if yaml:
        return _yaml_scalar(value)
    return json.dumps(value, ensure_ascii=False)


def _yaml_scalar(value: str) -> str:
    if _YAML_PLAIN.match(value) and not _YAML_RESERVED.match(value) and value == value.strip():
        return value
    return json.dumps(value, ensure_ascii=False)


def _snippet_scalar(value: str, yaml: bool) -> str:
    return value if yaml else f'"{value}"'


def _quoted(text: str, cursor: Cursor) -> str:
    """A JSONata template string; YAML needs quotes too, since it starts with '{'."""
    return json.dumps(text, ensure_ascii=False)


def _escape_snippet(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
