"""Context-aware completion: keys, enum values, state names, ARNs, errors, paths, JSONata.

Every entry replaces exactly the token under the cursor (quotes included) unless it names its own
span (a word inside a JSONata expression), and is spelled for the document's syntax (see
:mod:`.spelling`). Entries carry snippet text; the protocol adapter turns it into plain text for
clients without snippet support.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.model.machine import JSONATA, Scope, State
from asl_lsp.service import snippets as sn
from asl_lsp.service.cursor import Cursor, Role, cursor_at, node_at_path
from asl_lsp.service.ranking import MAX_ENTRIES, Ranked, rank
from asl_lsp.service.scopes import variables_in_scope
from asl_lsp.service.spelling import escape_snippet, scalar
from asl_lsp.service.state_names import scope_names
from asl_lsp.spec.contexts import Context, context_at
from asl_lsp.spec.errors import ALL, STATES_ERRORS
from asl_lsp.spec.fields import FieldSpec, fields_for
from asl_lsp.spec.states import ERROR_HANDLING_TYPES
from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, Span, StringNode

TRANSITION_KEYS = frozenset({"Next", "Default"})
COMMON_ERRORS = (
    ("Lambda.ServiceException", "The Lambda service had an internal error."),
    ("Lambda.AWSLambdaException", "The Lambda service returned an error."),
    ("Lambda.SdkClientException", "The SDK could not reach the Lambda service."),
    ("Lambda.TooManyRequestsException", "Lambda throttled the invocation."),
)
STATES_FIELDS = (
    ("$states.input", "The state's input."),
    ("$states.context", "The context object (Execution, State, StateMachine, Task, Map)."),
    ("$states.result", "The result of the Task, Parallel or Map (in Output and Assign)."),
    ("$states.errorOutput", "The error output (in a catcher's Output and Assign)."),
)
_JSONATA_WORD = re.compile(r"\$[\w.]*$")
_JSONATA_WORD_AFTER = re.compile(r"[\w.]*")


@dataclass(frozen=True)
class Entry:
    label: str
    kind: str  # property | value | state | function | snippet | constant | variable | resource
    new_text: str  # snippet syntax (placeholders, escaped literals)
    detail: str | None = None
    documentation: str | None = None  # markdown
    sort: str = ""
    filter: str | None = None
    deprecated: bool = False
    span: Span | None = None  # what it replaces when not the cursor's token
    # Computes ``documentation`` on demand (completionItem/resolve) when it is not given.
    explain: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    def full_documentation(self) -> str | None:
        """The documentation, computed now if it was left for later."""
        if self.documentation is None and self.explain is not None:
            return self.explain()
        return self.documentation


@dataclass(frozen=True)
class Completion:
    """At most ``limit`` entries, best first; ``incomplete`` when some were left out (the client
    asks again as the user types)."""

    cursor: Cursor
    entries: list[Entry]
    incomplete: bool = False


def complete(document: AslDocument, offset: int, limit: int = MAX_ENTRIES) -> Completion | None:
    cursor = cursor_at(document, offset)
    if cursor is None or cursor.definition is None or cursor.container is None:
        return None
    definition = cursor.definition
    context = context_at(definition.source.root, cursor.container)
    start_at = _names_a_state(cursor, context)
    if start_at is not None:
        ranked = _state_name_entries(cursor, definition, limit, start_at=start_at)
    else:
        if cursor.role is Role.KEY:
            entries = _key_entries(cursor, definition, context)
        elif cursor.role is Role.ITEM:
            entries = _item_entries(cursor, definition)
        else:
            entries = _value_entries(cursor, definition, context)
        ranked = rank(entries, cursor.prefix, limit)
    return Completion(cursor, ranked.entries, ranked.incomplete)


def _names_a_state(cursor: Cursor, context: Context) -> bool | None:
    """Whether the value at the cursor names a state: True for a StartAt, False for a
    transition (Next, Default), None when it names none."""
    if cursor.role is not Role.VALUE:
        return None
    key = cursor.key or ""
    if key == "StartAt" and context.kind in ("root", "branch", "item_processor"):
        return True
    field_context = context.field_context
    if (
        key in TRANSITION_KEYS
        and field_context is not None
        and (field_context.startswith("state:") or field_context in ("choice_rule", "catcher"))
    ):
        return False
    return None


def _filter(cursor: Cursor, label: str) -> str | None:
    return cursor.quote + label if cursor.quote else None


def _indent_unit(document: AslDocument) -> str:
    lines = document.source.lines
    for line0 in range(min(lines.line_count, 50)):
        text = lines.line_text(line0)
        stripped = text.lstrip(" \t")
        if stripped and len(stripped) < len(text):
            lead = text[: len(text) - len(stripped)]
            if lead.startswith("\t"):
                return "\t"
            if document.source.format == "yaml" and stripped.startswith("- "):
                continue
            return " " * min(len(lead), 8)
    return "  "


def _base(cursor: Cursor) -> str:
    """Indentation of the lines a multi-line snippet adds after its first line."""
    return " " * cursor.key_column if cursor.yaml else cursor.line_indent


def _member(cursor: Cursor, key: str | sn.Slot, value: sn.Template) -> str:
    unit = _indent_unit(cursor.document)
    if cursor.yaml:
        return sn.yaml_member(key, value, _base(cursor), unit)
    return sn.json_member(key, value, _base(cursor), unit)


# -- keys ---------------------------------------------------------------------------------------


def _key_entries(cursor: Cursor, definition: Definition, context: Context) -> list[Entry]:
    if context.kind == "states":
        return _state_snippets(cursor, definition)
    field_context = context.field_context
    if field_context is None:
        return []
    container = node_at_path(definition, cursor.container or ())
    present: set[str] = set()
    if isinstance(container, ObjectNode):
        for member in container.members:
            if not (member.key.start <= cursor.offset <= member.key.end):
                present.add(member.key.value)
    language = _language_at(cursor, definition)
    entries: list[Entry] = []
    for name, spec in fields_for(field_context).items():
        if name in present or not _fits_language(spec, language):
            continue
        if cursor.has_colon:
            text = escape_snippet(scalar(name, cursor.yaml))
        else:
            text = _member(cursor, name, _value_template(spec))
        entries.append(
            Entry(
                label=name,
                kind="property",
                new_text=text,
                detail=_detail(spec),
                documentation=spec.markdown,
                sort=("0" if spec.required else "1") + name,
                filter=_filter(cursor, name),
                deprecated=spec.deprecated is not None,
            )
        )
    if (
        field_context.startswith("state:")
        and context.state_type in ERROR_HANDLING_TYPES
        and not cursor.has_colon
    ):
        for key, template in (("Retry", sn.RETRY_TEMPLATE), ("Catch", sn.CATCH_TEMPLATE)):
            if key not in present:
                label = f"{key} block"
                entries.append(
                    Entry(
                        label,
                        "snippet",
                        _member(cursor, key, template),
                        f"{key} with one {'retrier' if key == 'Retry' else 'catcher'}",
                        sort="2" + label,
                        filter=_filter(cursor, key),
                    )
                )
    return entries


def _fits_language(spec: FieldSpec, language: str) -> bool:
    return spec.query_language == "both" or spec.query_language == language


def _language_at(cursor: Cursor, definition: Definition) -> str:
    state = definition.machine.state_at(cursor.replace.start)
    return state.query_language if state is not None else definition.machine.query_language


def _detail(spec: FieldSpec) -> str:
    parts: list[str] = [spec.value_kind]
    if spec.required:
        parts.append("required")
    if spec.query_language != "both":
        parts.append(f"{spec.query_language} only")
    if spec.deprecated:
        parts.append("deprecated")
    return ", ".join(parts)


_OBJECT_KINDS = frozenset({"object", "payload-template", "assign", "states"})


def _value_template(spec: FieldSpec) -> sn.Template:
    kind = spec.value_kind
    if spec.name == "End":
        return True
    if spec.opens is not None and kind == "array":
        return sn.Empty(array=True)
    if kind in _OBJECT_KINDS or spec.opens is not None:
        return sn.Empty()
    if kind == "error-names":
        return [sn.Slot(1, ALL)]
    if kind == "array":
        return sn.Empty(array=True)
    if kind in ("integer", "number"):
        return sn.Slot(1, "0", text=False)
    if kind == "boolean":
        return sn.Slot(1, text=False, choices=("true", "false"))
    if spec.enum:
        return sn.Slot(1, choices=spec.enum)
    return sn.Slot(1)


def _state_snippets(cursor: Cursor, definition: Definition) -> list[Entry]:
    language = definition.machine.query_language
    entries = []
    for state_type, template in sn.STATE_TEMPLATES.items():
        if language != JSONATA:
            template = sn.JSONPATH_STATE_TEMPLATES.get(state_type, template)
        label = f"{state_type} state"
        entries.append(
            Entry(
                label,
                "snippet",
                _member(cursor, sn.Slot(1, f"New {state_type}"), template),
                f"a new {state_type} state",
                sort="0" + state_type,
                filter=_filter(cursor, label),
            )
        )
    return entries


# -- values -------------------------------------------------------------------------------------


def _value_entries(cursor: Cursor, definition: Definition, context: Context) -> list[Entry]:
    key = cursor.key or ""
    field_context = context.field_context
    typed = cursor.prefix
    if "{%" in typed:
        return _jsonata_entries(cursor, definition, context)
    spec = fields_for(field_context).get(key) if field_context else None
    if key == "Resource":
        return _resource_entries(cursor, task=field_context == "state:Task")
    if spec is not None and spec.enum:
        return [
            Entry(
                v,
                "value",
                _value_text(cursor, v),
                spec.name,
                spec.markdown,
                "0" + v,
                _filter(cursor, v),
            )
            for v in spec.enum
        ]
    if spec is not None and spec.value_kind == "boolean":
        return [
            Entry(v, "constant", _space(cursor) + v, spec.name, sort="0" + v)
            for v in ("true", "false")
        ]
    if (
        key.endswith(".$")
        or typed.startswith("$")
        or (spec is not None and spec.value_kind in ("path", "reference-path"))
    ):
        return _path_entries(cursor, definition)
    language = _language_at(cursor, definition)
    if (
        language == JSONATA
        and not typed
        and (
            spec is None
            or spec.accepts_jsonata
            or (spec.value_kind in ("string", "any", "payload-template"))
        )
    ):
        quote = cursor.quote or '"'
        body = _space(cursor) + quote + "{% $1 %\\}" + quote
        return [Entry("{% … %}", "snippet", body, "JSONata expression", sort="0")]
    return []


def _space(cursor: Cursor) -> str:
    """YAML needs a space after ``key:`` before the value; the user may not have typed it."""
    if cursor.yaml and cursor.document.text[cursor.replace.start - 1 : cursor.replace.start] == ":":
        return " "
    return ""


def _value_text(cursor: Cursor, value: str) -> str:
    return _space(cursor) + escape_snippet(scalar(value, cursor.yaml, cursor.quote))


def _same_place(node: Node, other: Node | None) -> bool:
    """Whether ``other`` is ``node`` of this version's tree: the same span (a model carried over
    an edit may hold its own lazily moved copy of the object)."""
    return other is not None and node.start == other.start and node.end == other.end


def _state_name_entries(
    cursor: Cursor, definition: Definition, limit: int, *, start_at: bool
) -> Ranked[Entry]:
    """The states a transition here may name, the best ``limit`` for what is typed (as
    :func:`rank` orders them); entries are built for those only."""
    machine = definition.machine
    current: State | None = None
    offset = cursor.replace.start
    if start_at:
        container = node_at_path(definition, cursor.container or ())
        scope = next((s for s in machine.scopes if _same_place(s.node, container)), machine.root)
    else:
        current = machine.state_at(offset)
        scope = machine.scope_of(current) if current is not None else machine.scope_at(offset)
    # Every state of the scope but the one the transition leaves (by name, duplicates too).
    left = current.name if current is not None else None
    prepared = scope_names(definition, scope)
    names = prepared.names
    count = len(names) - (left in scope.states)
    if count > limit:
        # Ranked with the left one among them, so one more, then the left one taken out.
        ranked = (names[i] for i in prepared.labels.ranked(cursor.prefix, limit + 1))
        kept = [name for name in ranked if name != left][:limit]
    else:
        kept = [name for name in names if name != left]
    # A state's summary is written when asked for: a client shown a long list asks for the
    # few entries the user looks at (completionItem/resolve).
    entries = [
        Entry(
            state.name,
            "state",
            _value_text(cursor, state.name),
            state.type or "state",
            None,
            "",  # one group: the client's own order by label is right
            _filter(cursor, state.name),
            explain=partial(state_summary, state),
        )
        for state in (scope.states[name] for name in kept)
    ]
    return Ranked(entries, count > limit)


def state_summary(state: State) -> str:
    """Markdown: the state's type, comment, and where it goes next."""
    lines = [f"**{state.name}** ({state.type or 'no Type'} state)"]
    comment = state.field("Comment")
    if isinstance(comment, StringNode) and comment.value:
        lines.append(comment.value)
    targets = list(dict.fromkeys(t.target for t in state.transitions))
    if targets:
        lines.append("Goes to " + ", ".join(f"`{t}`" for t in targets) + ".")
    if state.is_terminal:
        lines.append("Ends this execution path.")
    return "\n\n".join(lines)


def _resource_entries(cursor: Cursor, task: bool) -> list[Entry]:
    # Imported here: large tables load on the first request that needs them.
    from asl_lsp.spec.resources import SDK_DOCS, completion_arns

    entries = [
        Entry(
            arn,
            "resource",
            _value_text(cursor, arn),
            integration.title,
            f"{integration.title}\n\n[AWS documentation]({integration.docs})",
            "0" + arn,
            _filter(cursor, arn),
        )
        for arn, integration in completion_arns(task=task)
    ]
    if task:
        label = "arn:aws:states:::aws-sdk:service:action"
        generic = "arn:aws:states:::aws-sdk:${1:service}:${2:action}"
        quoted = cursor.quote or ("" if cursor.yaml else '"')
        entries.append(
            Entry(
                label,
                "snippet",
                _space(cursor) + quoted + generic + quoted,
                "any AWS SDK API call",
                f"Call any AWS SDK action.\n\n[AWS documentation]({SDK_DOCS})",
                "1" + label,
                _filter(cursor, label),
            )
        )
    return entries


def _item_entries(cursor: Cursor, definition: Definition) -> list[Entry]:
    if cursor.key != "ErrorEquals":
        return []
    listed = _listed_items(cursor, definition)
    entries = [
        Entry(
            name,
            "constant",
            _item_text(cursor, name),
            "predefined error",
            spec.markdown,
            "0" + name,
            _filter(cursor, name),
        )
        for name, spec in STATES_ERRORS.items()
        if name not in listed
    ]
    entries.extend(
        Entry(
            name,
            "constant",
            _item_text(cursor, name),
            "Lambda error",
            doc,
            "1" + name,
            _filter(cursor, name),
        )
        for name, doc in COMMON_ERRORS
        if name not in listed
    )
    entries.extend(
        Entry(
            name,
            "constant",
            _item_text(cursor, name),
            "raised by a Fail state",
            None,
            "2" + name,
            _filter(cursor, name),
        )
        for name in sorted(_custom_errors(definition) - listed - set(STATES_ERRORS))
    )
    return entries


def _item_text(cursor: Cursor, value: str) -> str:
    flow = cursor.yaml and "[" in cursor.document.source.lines.line_text(
        cursor.document.source.lines.line_col(cursor.offset)[0]
    )
    return escape_snippet(scalar(value, cursor.yaml, cursor.quote, flow=flow))


def _listed_items(cursor: Cursor, definition: Definition) -> set[str]:
    owner = node_at_path(definition, (*(cursor.container or ()), cursor.key or ""))
    if not isinstance(owner, ArrayNode):
        return set()
    return {
        item.value
        for item in owner.items
        if isinstance(item, StringNode) and not (item.span.start <= cursor.offset <= item.span.end)
    }


def _custom_errors(definition: Definition) -> set[str]:
    found: set[str] = set()
    for state in definition.machine.all_states():
        if state.type == "Fail":
            error = state.field("Error")
            if isinstance(error, StringNode) and error.value and "{%" not in error.value:
                found.add(error.value)
    return found


def _path_entries(cursor: Cursor, definition: Definition) -> list[Entry]:
    # Imported here: large tables load on the first request that needs them.
    from asl_lsp.expr.context_object import CONTEXT_PATHS
    from asl_lsp.spec.intrinsics import INTRINSICS

    entries = [Entry("$", "value", _value_text(cursor, "$"), "the state's input", sort="0")]
    entries.extend(
        Entry(
            path,
            "value",
            _value_text(cursor, path),
            "context object",
            doc,
            "1" + path,
            _filter(cursor, path),
        )
        for path, doc in CONTEXT_PATHS
    )
    if (cursor.key or "").endswith(".$"):
        quote = cursor.quote or ("" if cursor.yaml else '"')
        for name, spec in INTRINSICS.items():
            entries.append(
                Entry(
                    name,
                    "function",
                    _space(cursor) + quote + escape_snippet(name) + "($1)" + quote,
                    spec.signature,
                    spec.doc,
                    "2" + name,
                    _filter(cursor, name),
                )
            )
    for name in variables_in_scope(definition, cursor.replace.start):
        label = f"${name}"
        entries.append(
            Entry(
                label,
                "variable",
                _value_text(cursor, label),
                "variable",
                sort="3" + name,
                filter=_filter(cursor, label),
            )
        )
    return entries


def _jsonata_entries(cursor: Cursor, definition: Definition, context: Context) -> list[Entry]:
    # Imported here: large tables load on the first request that needs them.
    from asl_lsp.expr.context_object import CONTEXT_PATHS
    from asl_lsp.expr.jsonata import JSONATA_FUNCTIONS

    typed = cursor.prefix
    word_match = _JSONATA_WORD.search(typed)
    word = word_match.group(0) if word_match else ""
    text = cursor.document.text
    after = _JSONATA_WORD_AFTER.match(text, cursor.offset)
    end = after.end() if after else cursor.offset
    span = Span(cursor.offset - len(word), end)
    allowed = _states_fields_for(cursor, context)
    entries: list[Entry] = []
    for name, doc in STATES_FIELDS:
        if name in allowed:
            entries.append(
                Entry(name, "variable", escape_snippet(name), "$states", doc, "0" + name, span=span)
            )
    if word.startswith("$states.context"):
        for path, doc in CONTEXT_PATHS:
            name = "$states.context" + path[2:]
            entries.append(
                Entry(
                    name,
                    "value",
                    escape_snippet(name),
                    "context object",
                    doc,
                    "0" + name,
                    span=span,
                )
            )
    for name in variables_in_scope(definition, cursor.replace.start):
        entries.append(
            Entry(
                f"${name}",
                "variable",
                escape_snippet(f"${name}"),
                "variable",
                sort="1" + name,
                span=span,
            )
        )
    for name, spec in JSONATA_FUNCTIONS.items():
        entries.append(
            Entry(
                name,
                "function",
                escape_snippet(name) + "($1)",
                spec.signature,
                spec.doc,
                "2" + name,
                span=span,
            )
        )
    return entries


def _states_fields_for(cursor: Cursor, context: Context) -> set[str]:
    allowed = {"$states.input", "$states.context"}
    key = cursor.key or ""
    path = cursor.container or ()
    if context.kind == "catcher" or "Catch" in path:
        allowed.add("$states.errorOutput")
    elif (key in ("Output", "Assign") or "Output" in path or "Assign" in path) and (
        context.state_type in ERROR_HANDLING_TYPES
    ):
        allowed.add("$states.result")
    return allowed


def scope_of(definition: Definition, offset: int) -> Scope:
    state = definition.machine.state_at(offset)
    machine = definition.machine
    return machine.scope_of(state) if state is not None else machine.scope_at(offset)
