"""``AslDocument``: the one immutable parse of a text version that every feature reads.

It pairs the syntax layer's ``SourceDocument`` (text, node tree, syntax diagnostics, line index)
with a
``StateMachine`` model for each definition the text holds (one for a plain ASL file, several for a
CloudFormation/SAM template).
"""

from __future__ import annotations

from asl_lsp.gcpause import gc_paused
from asl_lsp.model.machine import StateMachine, build_state_machine
from asl_lsp.model.state_pieces import StatePiece, state_pieces
from asl_lsp.records import Frozen, Record, set_field
from asl_lsp.syntax.document import (
    DefinitionSource,
    SourceDocument,
    parse_source,
    reparse_source,
)
from asl_lsp.syntax.nodes import ObjectNode
from asl_lsp.syntax.positions import LineIndex
from asl_lsp.syntax.result import StateEdit

_PIECES = "state-pieces"  # the key of the pieces in ``Carried``


# These classes are written out rather than made by ``dataclasses`` (see ``asl_lsp.records``);
# each is equal only to itself.
class Carried(Record, eq=False):
    """What the analysis of one version hands to the next, when that one is re-read after an
    edit inside one top-level state (``edit``): results about the states the edit left alone
    stay valid, so the next version takes them over instead of working them out again.

    Only values that hold no node go in (texts, facts by position, findings counted from a
    state's start), so no earlier tree stays alive through them, and a version holds the last
    one's results only, never an older one's.
    """

    _fields = ("edit", "previous", "current")
    __slots__ = _fields
    edit: StateEdit | None
    previous: dict[str, object]  # the last version's ``current``
    current: dict[str, object]

    def __init__(
        self,
        edit: StateEdit | None = None,
        previous: dict[str, object] | None = None,
        current: dict[str, object] | None = None,
    ) -> None:
        self.edit = edit
        self.previous = {} if previous is None else previous
        self.current = {} if current is None else current

    def latest(self, key: str) -> tuple[object, StateEdit | None] | None:
        """The result under ``key``: this version's, with None; else the previous version's, with
        the edit since (true of every state but the edited one); None when neither has one."""
        value = self.current.get(key)
        if value is not None:
            return value, None
        edit = self.edit
        value = self.previous.get(key) if edit is not None else None
        return (value, edit) if value is not None else None


class Definition(Frozen, eq=False):
    """One state machine inside a document."""

    _fields = ("source", "machine")
    # Weakly referenced by the editor features' memos (``service/symbols_at.py``).
    __slots__ = (*_fields, "memo", "carried", "__weakref__")
    source: DefinitionSource
    machine: StateMachine
    # Results computed from this (immutable) definition, kept as long as the document version:
    # the language server lints one version for diagnostics and again for code actions.
    memo: dict[object, object]
    # Results for the version re-read from this one after an edit (see :class:`Carried`).
    carried: Carried

    def __init__(
        self,
        source: DefinitionSource,
        machine: StateMachine,
        memo: dict[object, object] | None = None,
        carried: Carried | None = None,
    ) -> None:
        set_field(self, "source", source)
        set_field(self, "machine", machine)
        set_field(self, "memo", {} if memo is None else memo)
        set_field(self, "carried", Carried() if carried is None else carried)

    @property
    def name(self) -> str | None:
        return self.source.name

    @property
    def placeholders(self) -> bool:
        return self.source.placeholders


class AslDocument(Frozen, eq=False):
    _fields = ("source", "definitions")
    __slots__ = _fields
    source: SourceDocument
    definitions: tuple[Definition, ...]

    def __init__(self, source: SourceDocument, definitions: tuple[Definition, ...]) -> None:
        set_field(self, "source", source)
        set_field(self, "definitions", definitions)

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def path(self) -> str | None:
        return self.source.path

    def definition_at(self, offset: int) -> Definition | None:
        """The definition whose object contains ``offset`` (the only one for plain ASL files)."""
        for definition in self.definitions:
            span = definition.source.root.span
            if span.start <= offset <= span.end:
                return definition
        return None


def definition_pieces(document: AslDocument, definition: Definition) -> list[StatePiece] | None:
    """The text of each top-level state of ``definition`` (see :mod:`state_pieces`), cut once
    per version; None when it has no States object. Only for a definition whose node offsets
    index the document's text (not one parsed from a ``DefinitionString``)."""
    carried = definition.carried
    found = carried.latest(_PIECES)
    before: tuple[list[StatePiece], StateEdit] | None = None
    if found is not None:
        pieces, edit = found
        if isinstance(pieces, list):
            if edit is None:
                return pieces
            before = (pieces, edit)
    states = definition.machine.root.states_node
    if not isinstance(states, ObjectNode):
        return None
    cut = state_pieces(document.text, document.source.format, states.members, before)
    carried.current[_PIECES] = cut
    return cut


def build_document(source: SourceDocument, previous: AslDocument | None = None) -> AslDocument:
    """The document of ``source``; ``previous`` is the version it was re-read from, whose model
    is then carried over where the edit left it unchanged (see ``machine_after_edit``)."""
    # A SAM DefinitionUri's definition lives in its own file, which is linted in its own right.
    local = source.local_definitions
    edit = source.edit
    if edit is not None and previous is not None and len(local) == len(previous.definitions) == 1:
        # Imported here: carrying a model over an edit is for editors; a one-shot lint never
        # needs it.
        from asl_lsp.model.after_edit import machine_after_edit

        before = previous.definitions[0]
        machine = machine_after_edit(before.machine, local[0].root, edit)
        carried = Carried(edit, before.carried.current)
        return AslDocument(source, (Definition(local[0], machine, carried=carried),))
    definitions = tuple(Definition(d, build_state_machine(d.root, d.pointer)) for d in local)
    return AslDocument(source, definitions)


def parse_document(
    text: str,
    path: str | None = None,
    language_id: str | None = None,
    lines: LineIndex | None = None,
) -> AslDocument:
    """Parse ``text`` (never raises) and build the model of every state machine in it;
    ``lines`` is the line index of ``text`` when the caller has one."""
    with gc_paused():
        return build_document(parse_source(text, path, language_id, lines))


def reparse_document(
    previous: AslDocument,
    text: str,
    path: str | None = None,
    language_id: str | None = None,
    lines: LineIndex | None = None,
) -> AslDocument:
    """``parse_document`` for an edit of ``previous``, re-reading only the edited state when the
    edit stays inside one (the result is the same; only the time differs)."""
    with gc_paused():
        source = reparse_source(previous.source, text, path, language_id, lines)
        return build_document(source, previous)
