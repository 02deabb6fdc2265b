"""What a rule's check sees: the document, one state machine in it, and convenience lookups."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.model.machine import Scope, State, StateMachine, nested_scopes
from asl_lsp.records import Record
from asl_lsp.syntax.nodes import Member, pointer_string


class LintContext(Record, eq=False):
    """Written out rather than made by ``dataclasses`` (see ``asl_lsp.records``); equal only to
    itself."""

    _fields = (
        "document",
        "definition",
        "cache",
        "selected",
        "variable_reads",
        "unsafe_fixes",
        "root_scope_only",
        "once",
    )
    __slots__ = (*_fields, "_nested")
    document: AslDocument
    definition: Definition
    # Free-form cache shared by the rules of one run (e.g. a computed variable-flow analysis).
    cache: dict[str, object]
    # The top-level states (members of the definition's States) that per-state rules check, in
    # text order; None for all of them. See :attr:`asl_lsp.lint.rule.Rule.per_state`.
    selected: tuple[Member, ...] | None
    # Whether some state reads a variable, when known before the rules run (the linter knows it
    # from the states' memoised facts); None when the variable analysis must find out.
    variable_reads: bool | None
    # Whether the caller uses fixes that change behaviour (a code action, ``--fix
    # --unsafe-fixes``, the JSON report). When it does not, a rule that would offer one for each
    # of thousands of findings may leave it out (unreachable-state does); nothing else differs.
    unsafe_fixes: bool
    # Whether per-scope rules look at the machine's own scope only, their findings about nested
    # scopes coming from the per-state pass (see :attr:`asl_lsp.lint.rule.Rule.per_scope`).
    root_scope_only: bool
    # Whether the document is linted once and never again (``asl lint`` without ``--fix``), so
    # nothing is worth keeping for a later lint of the same states: the schema check then
    # validates the definition in one call instead of state by state through the process's memo
    # (cutting, hashing and keeping every state's text only a later lint repays). The findings
    # are the same.
    once: bool
    _nested: list[Scope] | None

    def __init__(
        self,
        document: AslDocument,
        definition: Definition,
        cache: dict[str, object] | None = None,
        selected: tuple[Member, ...] | None = None,
        variable_reads: bool | None = None,
        unsafe_fixes: bool = True,
        root_scope_only: bool = False,
        once: bool = False,
    ) -> None:
        self.document = document
        self.definition = definition
        self.cache = {} if cache is None else cache
        self.selected = selected
        self.variable_reads = variable_reads
        self.unsafe_fixes = unsafe_fixes
        self.root_scope_only = root_scope_only
        self.once = once
        self._nested = None

    @property
    def machine(self) -> StateMachine:
        return self.definition.machine

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def placeholders(self) -> bool:
        """``${...}`` substitutions may appear (templates, Terraform): never report them as
        errors."""
        return self.definition.placeholders

    def relative_pointer(self, pointer: tuple[str | int, ...]) -> str:
        base = self.definition.source.pointer
        if pointer[: len(base)] == base:
            pointer = pointer[len(base) :]
        return pointer_string(pointer)

    def scopes(self) -> Iterator[Scope]:
        """The scopes that per-state rules look into: every scope, or, with a selection, the
        root and the scopes nested in the selected states."""
        if self.selected is None:
            yield from self.machine.scopes
            return
        yield self.machine.root
        yield from self._selected_scopes()

    def _selected_scopes(self) -> list[Scope]:
        """The scopes nested in the selected states, in text order: found from those states
        down, so a lint of one edited state does not look at every scope of the machine."""
        found = self._nested
        if found is None:
            found = [scope for state in self._selected_states() for scope in nested_scopes(state)]
            found.sort(key=_scope_start)
            self._nested = found
        return found

    def _selected_states(self) -> list[State]:
        """The top-level states of the selected members (one per member, in text order)."""
        selected = self.selected or ()
        states = self.machine.root.state_list
        chosen: list[State] = []
        for member in selected:
            index = bisect_right(states, member.key.start, key=_key_start) - 1
            if index >= 0 and states[index].key is member.key:
                chosen.append(states[index])
        return chosen

    def local_scopes(self) -> Iterator[Scope]:
        """The scopes that per-scope rules look into: every scope; with a selection, the scopes
        nested in the selected states; with :attr:`root_scope_only`, the machine's own."""
        root = self.machine.root
        if self.selected is not None:
            yield from self._selected_scopes()
        elif self.root_scope_only:
            yield root
        else:
            yield from self.machine.scopes

    def states(self) -> Iterator[State]:
        """The states that per-state rules check: every state, or the selected top-level states
        and the states nested in them."""
        if self.selected is None:
            yield from self.machine.all_states()
            return
        yield from self._selected_states()
        for scope in self._selected_scopes():
            yield from scope.state_list


def _scope_start(scope: Scope) -> int:
    return scope.node.start


def _key_start(state: State) -> int:
    return state.key.start
