"""What a rule's check sees: the document, one state machine in it, and convenience lookups."""

from __future__ import annotations

from dataclasses import dataclass, field

from asl_lsp.model.document import AslDocument, Definition
from asl_lsp.model.machine import StateMachine
from asl_lsp.syntax.nodes import pointer_string


@dataclass(eq=False)
class LintContext:
    document: AslDocument
    definition: Definition
    # Free-form cache shared by the rules of one run (e.g. a computed variable-flow analysis).
    cache: dict[str, object] = field(default_factory=dict)

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
