"""Which variables a position can read: those assigned in its scope or an enclosing one.

Step Functions variables assigned inside a Parallel branch or a Map iteration stay there; those
assigned outside are visible inside (the linter's flow analysis refines this per path; completion
only needs the candidates).
"""

from __future__ import annotations

from asl_lsp.model.document import Definition
from asl_lsp.model.machine import Scope, StateMachine
from asl_lsp.service.symbols_at import variable_assignments


def _chain(machine: StateMachine, scope: Scope) -> list[Scope]:
    chain = [scope]
    parent = scope.parent
    while parent is not None:
        chain.append(machine.scope_of(parent))
        parent = chain[-1].parent
    return chain


def variables_in_scope(definition: Definition, offset: int) -> list[str]:
    """Names (without ``$``) readable at ``offset``, sorted."""
    machine = definition.machine
    visible = {id(s) for s in _chain(machine, machine.scope_at(offset))}
    names = {
        name
        for name, span in variable_assignments(definition)
        if id(machine.scope_at(span.start)) in visible
    }
    return sorted(names)
