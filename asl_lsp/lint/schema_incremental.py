"""The schema check of a definition, one top-level state at a time, each state's findings kept
by the state's text so that an edit re-validates only the state it changed.

The schema checks each entry of a ``States`` map on its own (``$defs/states`` is an object whose
every property is a ``$defs/state``), so a definition's findings are those of its top level with
the state bodies left out, plus those of each body validated against ``$defs/state`` (with
everything nested in it: Parallel branches, Map processors). A body's findings depend only on its
text and a little context, which together make the memo key: the state's name (it is in every
finding's path), the syntax and, for YAML, the column the body starts at (a block's lines are
read by their indentation), whether ``${...}`` placeholders are tolerated, and whether the States
map itself is a template value (which tolerates everything in it). Spans are stored relative to
the body's start (or as "the state's name", where a finding about the whole state points) and
moved to where the body is now on reuse: an unchanged state costs a text slice and a lookup.

Nothing is kept where node offsets do not index the document's text (a ``DefinitionString``,
parsed from the decoded string), where a YAML body may hold an alias (its value comes from an
anchor elsewhere), or where a finding points outside the body; such states are validated afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from asl_lsp.gcpause import gc_paused
from asl_lsp.lint.schema_check import (
    FindingKind,
    Path,
    SchemaFinding,
    in_document_order,
    is_template_value,
    too_deep_findings,
    translate,
    validation_errors,
)
from asl_lsp.lint.schema_validator import Validator, load_validator
from asl_lsp.lint.schema_values import deep_paths, is_state_body, state_body_value, top_level_value
from asl_lsp.lint.text_memo import TextMemo
from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.spec.schema import SchemaDict, load_schema
from asl_lsp.syntax.nodes import Member, ObjectNode, Span

Syntax = Literal["json", "yaml"]
# Text the memo may hold: several versions of the largest definitions the linter is meant for.
MEMO_CHARS = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class DocumentText:
    """The text a definition's node offsets index (so a state's text is a slice of it)."""

    text: str
    syntax: Syntax


@dataclass(frozen=True, slots=True)
class _StoredFinding:
    kind: FindingKind
    message: str
    start: int  # relative to the body's start
    end: int
    on_name: bool  # points at the state's name instead
    path: Path


@dataclass(frozen=True, slots=True)
class StateFindings:
    """What the memo keeps for one state: its findings and whether nesting was cut off in it."""

    findings: tuple[_StoredFinding, ...]
    too_deep: bool


MemoKey = tuple[str, tuple[Syntax, int, bool, bool, str]]


class SchemaChecker:
    """Validates definitions against the schema, top level and states apart, with a memo of the
    states' findings shared by every lint (and every thread) that uses this checker."""

    def __init__(
        self,
        definition_validator: Validator,
        state_validator: Validator,
        memo: TextMemo[StateFindings],
    ) -> None:
        self.definition_validator = definition_validator
        self.state_validator = state_validator
        self.memo = memo

    def findings(
        self,
        definition: ObjectNode,
        *,
        placeholders: bool = False,
        text: DocumentText | None = None,
    ) -> list[SchemaFinding]:
        """Every schema problem of one state-machine definition, in document order.

        ``placeholders``: ``${...}`` strings are not errors (see :func:`translate`). ``text``:
        the document the node offsets index, which enables the memo; None validates every state.
        """
        # This allocates many small, short-lived objects; a full collection in the middle would
        # walk the whole (large, long-lived) node tree and cost more than the validation itself.
        with gc_paused():
            return self._findings(definition, placeholders, text)

    def _findings(
        self, root: ObjectNode, placeholders: bool, text: DocumentText | None
    ) -> list[SchemaFinding]:
        value, too_deep = top_level_value(root)
        errors, restore = validation_errors(self.definition_validator, value)
        findings = translate(root, errors, placeholders, restore)
        states = root.get("States")
        if isinstance(states, ObjectNode):
            too_deep |= self._states(root, states, placeholders, text, findings)
        if too_deep:
            findings.extend(too_deep_findings(root, deep_paths(root)))
        return in_document_order(findings)

    def _states(
        self,
        root: ObjectNode,
        states: ObjectNode,
        placeholders: bool,
        text: DocumentText | None,
        findings: list[SchemaFinding],
    ) -> bool:
        """Adds the findings of every state body to ``findings``; True if nesting was cut off."""
        members = [m for m in states.members if is_state_body(states, m)]
        keys: list[MemoKey | None] = [None] * len(members)
        if text is not None:
            above = is_template_value(states)
            keys = [_memo_key(m, text, placeholders, above) for m in members]
        found = iter(self.memo.get_many([k for k in keys if k is not None]))
        too_deep = False
        for member, key in zip(members, keys, strict=True):
            result = next(found) if key is not None else None
            if result is not None:
                findings.extend(_rebased(result, member))
                too_deep |= result.too_deep
                continue
            found_here, cut = self._validate(root, member, placeholders)
            findings.extend(found_here)
            too_deep |= cut
            stored = _stored(found_here, member) if key is not None else None
            if key is not None and stored is not None:
                self.memo.put(key, StateFindings(stored, cut))
        return too_deep

    def _validate(
        self, root: ObjectNode, member: Member, placeholders: bool
    ) -> tuple[list[SchemaFinding], bool]:
        """The findings of one state body, and whether nesting was cut off in it."""
        body = member.value
        assert isinstance(body, ObjectNode)
        value, too_deep = state_body_value(body)
        errors, restore = validation_errors(self.state_validator, value)
        prefix = ("States", member.key.value)
        return translate(root, errors, placeholders, restore, prefix), too_deep


def indexed_text(document: AslDocument, definition: Definition) -> DocumentText | None:
    """The text ``definition``'s node offsets index; None for a ``DefinitionString``, whose nodes
    are parsed from the decoded string and only mapped back into the template."""
    if definition.source.pointer[-1:] == ("DefinitionString",):
        return None
    return DocumentText(document.text, document.source.format)


def _memo_key(
    member: Member, text: DocumentText, placeholders: bool, above: bool
) -> MemoKey | None:
    body = member.value
    assert body is not None
    body_text = text.text[body.start : body.end]
    column = 0
    if text.syntax == "yaml":
        if "*" in body_text:
            return None  # a possible alias: its value comes from elsewhere in the document
        column = body.start - text.text.rfind("\n", 0, body.start) - 1
    return body_text, (text.syntax, column, placeholders, above, member.key.value)


def _stored(findings: list[SchemaFinding], member: Member) -> tuple[_StoredFinding, ...] | None:
    """The findings as the memo keeps them; None when one points outside the body."""
    body = member.value
    assert body is not None
    name = member.key.span
    stored = []
    for f in findings:
        span = f.span
        on_name = span == name
        if not on_name and not (body.start <= span.start and span.end <= body.end):
            return None
        start, end = span.start - body.start, span.end - body.start
        stored.append(_StoredFinding(f.kind, f.message, start, end, on_name, f.path))
    return tuple(stored)


def _rebased(result: StateFindings, member: Member) -> list[SchemaFinding]:
    body = member.value
    assert body is not None
    base = body.start
    name = member.key.span
    return [
        SchemaFinding(
            s.kind, s.message, name if s.on_name else Span(base + s.start, base + s.end), s.path
        )
        for s in result.findings
    ]


def state_schema() -> SchemaDict:
    """The schema of one state (``$defs/state``), with the definitions it refers to."""
    schema = load_schema()
    return {"$schema": schema["$schema"], "$ref": "#/$defs/state", "$defs": schema["$defs"]}


@cache
def default_checker() -> SchemaChecker:
    """The checker the linter uses (one memo for the whole process)."""
    return SchemaChecker(load_validator(), load_validator(state_schema()), TextMemo(MEMO_CHARS))


def schema_findings(
    definition: ObjectNode, *, placeholders: bool = False, text: DocumentText | None = None
) -> list[SchemaFinding]:
    """:meth:`SchemaChecker.findings` of the :func:`default_checker`."""
    return default_checker().findings(definition, placeholders=placeholders, text=text)
