"""What a rule's check sees: the document, one state machine in it, and convenience lookups."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.model.machine import Scope, State, StateMachine
from asl_lsp.syntax.nodes import Member, pointer_string


@dataclass(eq=False)
class LintContext:
    document: AslDocument
    definition: Definition
    # Free-form cache shared by the rules of one run (e.g. a computed variable-flow analysis).
    cache: dict[str, object] = field(default_factory=dict)
    # The top-level states (members of the definition's States) that per-state rules check, in
    # text order; None for all of them. See :attr:`asl_lsp.lint.rule.Rule.per_state`.
    selected: tuple[Member, ...] | None = None
    # Whether some state reads a variable, when known before the rules run (the linter knows it
    # from the states' memoised facts); None when the variable analysis must find out.
    variable_reads: bool | None = None
    # Whether the caller uses fixes that change behaviour (a code action, ``--fix
    # --unsafe-fixes``, the JSON report). When it does not, a rule that would offer one for each
    # of thousands of findings may leave it out (unreachable-state does); nothing else differs.
    unsafe_fixes: bool = True

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
        selected = self.selected
        if selected is None:
            yield from self.machine.scopes
            return
        starts = [member.start for member in selected]
        root = self.machine.root
        for scope in self.machine.scopes:
            if scope is root:
                yield scope
                continue
            at = scope.node.start
            index = bisect_right(starts, at) - 1
            if index >= 0 and at < selected[index].end:
                yield scope

    def states(self) -> Iterator[State]:
        """The states that per-state rules check: every state, or the selected top-level states
        and the states nested in them."""
        selected = self.selected
        if selected is None:
            yield from self.machine.all_states()
            return
        keys = {id(member.key) for member in selected}
        root = self.machine.root
        for scope in self.scopes():
            if scope is root:
                yield from (state for state in scope.state_list if id(state.key) in keys)
            else:
                yield from scope.state_list
