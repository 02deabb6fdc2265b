"""The schema check of a definition, one top-level state at a time, each state's findings kept
by the state's text so that an edit re-validates only the state it changed.

The schema checks each entry of a ``States`` map on its own (``$defs/states`` is an object whose
every property is a ``$defs/state``), so a definition's findings are those of its top level with
the state bodies left out, plus those of each body validated against ``$defs/state`` (with
everything nested in it: Parallel branches, Map processors). The bodies the memo does not know
are validated in one call, as one States map, so that a first lint costs about what one
validation of the whole definition costs. A body's findings depend only on its
text and a little context, which together make the memo key: the state's name (it is in every
finding's path), the syntax and, for YAML, the column the body starts at (a block's lines are
read by their indentation), whether ``${...}`` placeholders are tolerated, and whether the States
map itself is a template value (which tolerates everything in it). Spans are stored relative to
the body's start (or as "the state's name", where a finding about the whole state points) and
moved to where the body is now on reuse: an unchanged state costs a text slice and a lookup.

Nothing is kept where node offsets do not index the document's text (a ``DefinitionString``,
parsed from the decoded string), where a YAML body may hold an alias (its value comes from an
anchor elsewhere), or where a finding points outside the body; such states are validated afresh.
A check that keeps nothing (a one-shot lint, a ``DefinitionString``) has no use for the parts, and
validates the whole definition in one call.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, NamedTuple

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
from asl_lsp.lint.schema_values import (
    StateBody,
    deep_paths,
    definition_value,
    state_body_value,
    top_level_value,
)
from asl_lsp.lint.text_memo import TextMemo
from asl_lsp.model.document import AslDocument, Carried, Definition, definition_pieces
from asl_lsp.model.state_pieces import StatePiece
from asl_lsp.records import Frozen, set_field
from asl_lsp.spec.schema import SchemaDict, load_schema
from asl_lsp.syntax.nodes import JsonValue, Member, Node, ObjectNode, Span

Syntax = Literal["json", "yaml"]


# These classes are written out rather than made by ``dataclasses`` (see ``asl_lsp.records``).
class DocumentText(Frozen):
    """The text a definition's node offsets index (so a state's text is a slice of it), and
    the text of each top-level state (the memo's keys) when the definition has States."""

    _fields = ("text", "syntax", "pieces", "carried")
    __slots__ = _fields
    text: str
    syntax: Syntax
    pieces: list[StatePiece] | None
    carried: Carried | None  # where the definition keeps results for the next version

    def __init__(
        self,
        text: str,
        syntax: Syntax,
        pieces: list[StatePiece] | None = None,
        carried: Carried | None = None,
    ) -> None:
        set_field(self, "text", text)
        set_field(self, "syntax", syntax)
        set_field(self, "pieces", pieces)
        set_field(self, "carried", carried)


class _StoredFinding(Frozen):
    _fields = ("kind", "message", "start", "end", "on_name", "path")
    __slots__ = _fields
    kind: FindingKind
    message: str
    start: int  # relative to the body's start
    end: int
    on_name: bool  # points at the state's name instead
    path: Path

    def __init__(
        self, kind: FindingKind, message: str, start: int, end: int, on_name: bool, path: Path
    ) -> None:
        set_field(self, "kind", kind)
        set_field(self, "message", message)
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "on_name", on_name)
        set_field(self, "path", path)


class StateFindings(Frozen):
    """What the memo keeps for one state: its findings and whether nesting was cut off in it."""

    _fields = ("findings", "too_deep")
    __slots__ = _fields
    findings: tuple[_StoredFinding, ...]
    too_deep: bool

    def __init__(self, findings: tuple[_StoredFinding, ...], too_deep: bool) -> None:
        set_field(self, "findings", findings)
        set_field(self, "too_deep", too_deep)


# What the memo keeps for a state without findings (by whether nesting was cut off in it): the
# same immutable value for every such state, not one more object per state of a definition.
_CLEAN = {too_deep: StateFindings((), too_deep) for too_deep in (False, True)}

MemoKey = tuple[str, tuple[Syntax, int, bool, bool, str]]


class SchemaChecker:
    """Validates definitions against the schema, top level and states apart, with a memo of the
    states' findings shared by every lint (and every thread) that uses this checker."""

    def __init__(
        self,
        definition_validator: Validator,
        states_validator: Validator,
        memo: TextMemo[StateFindings],
    ) -> None:
        self.definition_validator = definition_validator
        self.states_validator = states_validator  # for a States map (``$defs/states``)
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
        the document the node offsets index, which enables the memo; None validates the whole
        definition in one call, as nothing is kept for a later check to reuse.
        """
        if text is None:
            return self._whole(definition, placeholders)
        return self._findings(definition, placeholders, text)

    def _whole(self, root: ObjectNode, placeholders: bool) -> list[SchemaFinding]:
        value, deep = definition_value(root)
        errors, restore = validation_errors(self.definition_validator, value)
        findings = translate(root, errors, placeholders, restore)
        if deep:
            findings.extend(too_deep_findings(root, deep))
        return in_document_order(findings)

    def _findings(
        self, root: ObjectNode, placeholders: bool, text: DocumentText
    ) -> list[SchemaFinding]:
        states_node = root.get("States")
        context = (placeholders, is_template_value(states_node))
        version = _known_version(states_node, context, text)
        if version is None:
            top = top_level_value(root)
            errors, restore = validation_errors(self.definition_validator, top.value)
            version = _SchemaVersion(
                context,
                len(states_node.members) if isinstance(states_node, ObjectNode) else 0,
                errors,
                restore,
                top.too_deep,
                [position for _, _, position in top.bodies],
                [name.value for name, _, _ in top.bodies],
                [None] * len(top.bodies),
            )
        findings = translate(root, version.errors, placeholders, version.restore)
        too_deep = version.too_deep
        if version.positions and isinstance(states_node, ObjectNode):
            too_deep |= self._states(root, states_node, version, placeholders, text, findings)
        if too_deep:
            findings.extend(too_deep_findings(root, deep_paths(root)))
        if text.carried is not None:
            text.carried.current[_VERSION_KEY] = version
        return in_document_order(findings)

    def _states(
        self,
        root: ObjectNode,
        states_node: ObjectNode,
        version: _SchemaVersion,
        placeholders: bool,
        text: DocumentText,
        findings: list[SchemaFinding],
    ) -> bool:
        """Adds the findings of the top-level state bodies of ``version`` to ``findings``: those
        it knows, those the memo keeps, and those of a validation of the others, which it then
        knows too; True if nesting was cut off in one."""
        members = states_node.members
        results = version.results
        missing = [index for index, result in enumerate(results) if result is None]
        bodies = [_body(members, version.positions[index]) for index in missing]
        keys = _memo_keys(bodies, root, text, placeholders, self.memo)
        for index, result in zip(missing, self.memo.get_many(keys), strict=True):
            results[index] = result
        too_deep = False
        for position, result in zip(version.positions, results, strict=True):
            if result is None:
                continue
            if result.findings:
                findings.extend(_rebased(result, _body(members, position)))
            too_deep |= result.too_deep
        unknown = [
            (index, body, key)
            for index, body, key in zip(missing, bodies, keys, strict=True)
            if results[index] is None
        ]
        if unknown:
            too_deep |= self._validate(root, unknown, results, placeholders, findings)
        return too_deep

    def _validate(
        self,
        root: ObjectNode,
        states: list[tuple[int, StateBody, MemoKey | None]],
        results: list[StateFindings | None],
        placeholders: bool,
        findings: list[SchemaFinding],
    ) -> bool:
        """Validates ``states`` (in one call: each is checked on its own, as in any States map),
        adds their findings to ``findings``, and to ``results`` (at each one's index) and the
        memo where they have a key; True if nesting was cut off in one."""
        values: dict[str, JsonValue] = {}
        cut: dict[str, bool] = {}
        for _, (key_node, body, _), _ in states:
            values[key_node.value], cut[key_node.value] = state_body_value(body)
        errors, restore = validation_errors(self.states_validator, values)
        found = translate(root, errors, placeholders, restore, ("States",))
        findings.extend(found)
        by_state: dict[str | int | None, list[SchemaFinding]] = {}
        for finding in found:
            owner = finding.path[1] if len(finding.path) > 1 else None
            by_state.setdefault(owner, []).append(finding)
        kept: list[tuple[MemoKey, StateFindings]] = []
        for index, state, key in states:
            if key is None:
                continue
            name = state[0].value
            own = by_state.get(name)
            if own is None:  # most states: kept as the one shared value of a clean state
                result = _CLEAN[cut[name]]
            else:
                stored = _stored(own, state)
                if stored is None:
                    # A finding grouped with another state (names "1" and "01" both validate
                    # as 1) points outside this body, so _stored keeps nothing for it.
                    continue
                result = StateFindings(stored, cut[name])
            results[index] = result
            kept.append((key, result))
        self.memo.put_many(kept)
        return any(cut.values())


def _body(members: tuple[Member, ...], position: int) -> StateBody:
    """The top-level state at ``position`` of States, a body as when its version was read."""
    member = members[position]
    assert isinstance(member.value, ObjectNode)
    return member.key, member.value, position


class _SchemaVersion(NamedTuple):
    """What the schema check of a version knows, for a check of it again or of the version
    re-read from it after an edit (``Definition.carried``): the top level's errors, and the
    findings of each top-level state body validated on its own, by position (None where they
    are not kept). Nothing in it holds a node."""

    context: tuple[bool, bool]  # placeholders tolerated; States itself a template value
    members: int  # how many members States has
    errors: list[Any]  # of the top level, with the bodies left out
    restore: Callable[[str], str]
    too_deep: bool  # nesting was cut off in the top level
    positions: list[int]  # of the bodies among the members of States, in order
    names: list[str]  # of the bodies
    results: list[StateFindings | None]  # of the bodies


# Where a version keeps its _SchemaVersion in ``Definition.carried``.
_VERSION_KEY = "schema-version"


def _known_version(
    states_node: Node | None,
    context: tuple[bool, bool],
    text: DocumentText,
) -> _SchemaVersion | None:
    """What is known of this version's schema check without working it out: everything, when
    this version was checked before; all but the edited state's findings, when the version it
    was re-read from was and the edit left the top level as it was (the edited state is still a
    body under the same name, so the definition without its bodies is the same). A copy, for
    the caller to complete; None when nothing is known."""
    if text.carried is None or not isinstance(states_node, ObjectNode):
        return None
    members = states_node.members
    found = text.carried.latest(_VERSION_KEY)
    if found is None:
        return None
    known, edit = found
    if (
        not isinstance(known, _SchemaVersion)
        or known.context != context
        or known.members != len(members)
    ):
        return None
    results = list(known.results)
    if edit is not None:
        index = bisect_left(known.positions, edit.position)
        if index == len(known.positions) or known.positions[index] != edit.position:
            return None  # the edited state was no body of its own (not an object, or hidden)
        edited = members[edit.position]
        if not isinstance(edited.value, ObjectNode) or edited.key.value != known.names[index]:
            return None
        results[index] = None
    return known._replace(results=results)


def indexed_text(document: AslDocument, definition: Definition) -> DocumentText | None:
    """The text ``definition``'s node offsets index; None for a ``DefinitionString``, whose nodes
    are parsed from the decoded string and only mapped back into the template."""
    if definition.source.pointer[-1:] == ("DefinitionString",):
        return None
    pieces = definition_pieces(document, definition)
    return DocumentText(document.text, document.source.format, pieces, definition.carried)


def _memo_keys(
    bodies: list[StateBody],
    root: ObjectNode,
    text: DocumentText,
    placeholders: bool,
    memo: TextMemo[StateFindings],
) -> list[MemoKey | None]:
    """The memo key of each state body (None where its findings are not kept): the text of its
    state (name and body) with what else its findings depend on."""
    if text.pieces is None or not memo.holds(len(text.text)):
        return [None] * len(bodies)
    pieces = text.pieces
    syntax = text.syntax
    above = is_template_value(root.get("States"))
    keys: list[MemoKey | None] = []
    for name, _, position in bodies:
        piece = pieces[position]
        keys.append(
            None
            if piece is None
            else (piece[0], (syntax, piece[1], placeholders, above, name.value))
        )
    return keys


def _stored(findings: list[SchemaFinding], state: StateBody) -> tuple[_StoredFinding, ...] | None:
    """The findings as the memo keeps them; None when one points outside the body."""
    name, body, _ = state
    stored = []
    for f in findings:
        span = f.span
        on_name = span == name.span
        if not on_name and not (body.start <= span.start and span.end <= body.end):
            return None
        start, end = span.start - body.start, span.end - body.start
        stored.append(_StoredFinding(f.kind, f.message, start, end, on_name, f.path))
    return tuple(stored)


def _rebased(result: StateFindings, state: StateBody) -> list[SchemaFinding]:
    name, body, _ = state
    base = body.start
    return [
        SchemaFinding(
            s.kind,
            s.message,
            name.span if s.on_name else Span(base + s.start, base + s.end),
            s.path,
        )
        for s in result.findings
    ]


def states_schema() -> SchemaDict:
    """The schema of a States map (``$defs/states``: every entry a ``$defs/state``), with the
    definitions it refers to."""
    schema = load_schema()
    return {"$schema": schema["$schema"], "$ref": "#/$defs/states", "$defs": schema["$defs"]}


@cache
def default_checker() -> SchemaChecker:
    """The checker the linter uses (one memo for the whole process)."""
    return SchemaChecker(load_validator(), load_validator(states_schema()), TextMemo())


def schema_findings(
    definition: ObjectNode, *, placeholders: bool = False, text: DocumentText | None = None
) -> list[SchemaFinding]:
    """:meth:`SchemaChecker.findings` of the :func:`default_checker`."""
    return default_checker().findings(definition, placeholders=placeholders, text=text)
