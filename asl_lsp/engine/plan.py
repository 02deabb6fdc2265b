"""Machines and states prepared once per execution, so a visit does no lookups it did before.

A Map over a thousand items runs its ItemProcessor a thousand times and a loop visits the same
states again and again: what a visit needs from the definition (the state's type, event names,
query language, successor, whether it only passes its input on) is worked out on the first visit
and reused. Preparation is lazy and per state, so a definition whose broken state is never
reached runs as before, and it fails at the same visit, with the same error, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from asl_lsp.engine.errors import RUNTIME, StatesError
from asl_lsp.engine.events import STATE_EVENTS

# The JSONPath fields that make a Pass state do more than pass its input on.
_PASS_DATA_FIELDS = frozenset(
    ("InputPath", "Parameters", "Result", "ResultPath", "OutputPath", "Assign")
)
# The JSONata ones.
_PASS_JSONATA_FIELDS = frozenset(("Output", "Assign"))
_RESULT_ONLY = frozenset(("Result",))


def query_language(spec: Mapping[str, Any], inherited: str) -> str:
    """The state's or machine's own ``QueryLanguage``, else the one it inherits."""
    ql = spec.get("QueryLanguage")
    return ql if ql in ("JSONPath", "JSONata") else inherited


def next_of(spec: Mapping[str, Any]) -> str | None:
    """The state's ``Next`` (None when it has ``End``)."""
    nxt = spec.get("Next")
    return nxt if isinstance(nxt, str) and not spec.get("End") else None


@dataclass(slots=True)
class StatePlan:
    """What every visit of one state needs from its definition (read-only once made)."""

    name: str
    spec: Mapping[str, Any]
    type: str
    entered: str  # the StateEntered event type, e.g. "PassStateEntered"
    exited: str
    jsonata: bool
    next: str | None
    # A Pass state with no data-flow field: its output is its input, unchanged. The interpreter
    # runs no handler for it and reuses the input's JSON text as the output's.
    passthrough: bool
    # A JSONPath Pass state whose only data-flow field is Result: its output is that constant.
    # The interpreter runs no handler for it and writes the constant's JSON text once (below).
    constant: bool
    constant_text: str | None = None


def prepare_state(name: str, spec: Any, inherited_ql: str) -> StatePlan:
    """The plan of state ``name``; StatesError when the machine cannot run it."""
    if not isinstance(spec, dict):
        raise StatesError(RUNTIME, f"the state machine has no state named {name!r}")
    type_ = spec.get("Type")
    if not isinstance(type_, str) or type_ not in STATE_EVENTS:
        raise StatesError(RUNTIME, f"the state '{name}' has an unknown Type {type_!r}")
    ql = spec.get("QueryLanguage")  # query_language(), inline: a chain prepares every state
    jsonata = ql == "JSONata" or (inherited_ql == "JSONata" and ql != "JSONPath")
    entered, exited = STATE_EVENTS[type_]
    fields = None
    if type_ == "Pass":
        fields = (_PASS_JSONATA_FIELDS if jsonata else _PASS_DATA_FIELDS).intersection(spec)
    return StatePlan(
        name,
        spec,
        type_,
        entered,
        exited,
        jsonata,
        next_of(spec),
        passthrough=fields is not None and not fields,
        constant=not jsonata and fields == _RESULT_ONLY,
    )


class MachinePlan:
    """A state machine, branch or item processor, its states prepared on first visit."""

    def __init__(self, machine: Mapping[str, Any], inherited_ql: str) -> None:
        self.machine = machine  # held so that its id() stays this plan's key
        states = machine.get("States")
        self.states: dict[str, Any] | None = states if isinstance(states, dict) else None
        self.start: Any = machine.get("StartAt")
        self.query_language = query_language(machine, inherited_ql)
        # The states prepared so far, by name (the interpreter looks here first).
        self.prepared: dict[str, StatePlan] = {}

    def state(self, name: Any) -> StatePlan:
        """The plan of the state called ``name``; StatesError when there is none to run."""
        plan = self.prepared.get(name) if isinstance(name, str) else None
        return plan if plan is not None else self.prepare(name)

    def prepare(self, name: Any) -> StatePlan:
        """Prepare the state called ``name`` (first visit); StatesError when there is none."""
        if not isinstance(name, str) or self.states is None:
            raise StatesError(RUNTIME, f"the state machine has no state named {name!r}")
        plan: StatePlan = prepare_state(name, self.states.get(name), self.query_language)
        # Threads preparing the same state at once build equal plans: either may win.
        self.prepared[name] = plan
        return plan


class Plans:
    """The machine plans of one execution, by machine object and inherited query language.

    Scoped to an execution (not the process): a caller may change a definition between runs.
    """

    def __init__(self) -> None:
        self._machines: dict[tuple[int, str], MachinePlan] = {}

    def machine(self, machine: Mapping[str, Any], inherited_ql: str) -> MachinePlan:
        key = (id(machine), inherited_ql)
        plan = self._machines.get(key)
        if plan is None:
            plan = self._machines[key] = MachinePlan(machine, inherited_ql)
        return plan
