"""Machines and states prepared once per execution, so a visit does no lookups it did before.

A Map over a thousand items runs its ItemProcessor a thousand times and a loop visits the same
states again and again: what a visit needs from the definition (the state's type, event names,
query language, successor, whether it only passes its input on) is worked out on the first visit
and reused. Preparation is lazy and per state, so a definition whose broken state is never
reached runs as before, and it fails at the same visit, with the same error, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asl_lsp.engine.errors import RUNTIME, StatesError
from asl_lsp.engine.events import STATE_EVENTS, compact
from asl_lsp.engine.payload_limit import fits

# The JSONPath fields that make a Pass state do more than pass its input on.
_PASS_DATA_FIELDS = frozenset(
    ("InputPath", "Parameters", "Result", "ResultPath", "OutputPath", "Assign")
)
# The JSONata ones.
_PASS_JSONATA_FIELDS = frozenset(("Output", "Assign"))
_PASS_FIELDS_BUT_RESULT = _PASS_DATA_FIELDS - {"Result"}


def query_language(spec: Mapping[str, Any], inherited: str) -> str:
    """The state's or machine's own ``QueryLanguage``, else the one it inherits."""
    ql = spec.get("QueryLanguage")
    return ql if ql in ("JSONPath", "JSONata") else inherited


def next_of(spec: Mapping[str, Any]) -> str | None:
    """The state's ``Next`` (None when it has ``End``)."""
    nxt = spec.get("Next")
    return nxt if isinstance(nxt, str) and not spec.get("End") else None


class StatePlan:
    """What every visit of one state needs from its definition (read-only once made).

    Made on the state's first visit in an execution; a long chain of states makes one per state
    per execution, so the constructor does the whole preparation in one call, on a class with
    slots. StatesError when the machine cannot run the state.
    """

    __slots__ = (
        "constant_text",
        "direct",
        "entered",
        "exited",
        "handler_plan",
        "jsonata",
        "name",
        "next",
        "passthrough",
        "spec",
        "type",
    )

    def __init__(self, name: str, spec: Any, inherited_ql: str) -> None:
        if not isinstance(spec, dict):
            raise StatesError(RUNTIME, f"the state machine has no state named {name!r}")
        type_ = spec.get("Type")
        if not isinstance(type_, str) or (events := STATE_EVENTS.get(type_)) is None:
            raise StatesError(RUNTIME, f"the state '{name}' has an unknown Type {type_!r}")
        self.name = name
        self.spec: Mapping[str, Any] = spec
        self.type = type_
        # The StateEntered and StateExited event types, e.g. "PassStateEntered".
        self.entered, self.exited = events
        ql = spec.get("QueryLanguage")  # query_language(), inline: a chain prepares every state
        self.jsonata = jsonata = ql == "JSONata" or (inherited_ql == "JSONata" and ql != "JSONPath")
        nxt = spec.get("Next")  # next_of(), inline
        self.next: str | None = nxt if isinstance(nxt, str) and not spec.get("End") else None
        # A Pass state with no data-flow field: its output is its input, unchanged. The
        # interpreter runs no handler for it and reuses the input's JSON text as the output's.
        passthrough = False
        # A JSONPath Pass state whose only data-flow field is Result: its output is that
        # constant, whose JSON text is written once, here.
        constant_text: str | None = None
        if type_ == "Pass":
            if jsonata:
                passthrough = _PASS_JSONATA_FIELDS.isdisjoint(spec)
            elif _PASS_DATA_FIELDS.isdisjoint(spec):
                passthrough = True
            elif "Result" in spec and _PASS_FIELDS_BUT_RESULT.isdisjoint(spec):
                constant_text = compact(spec["Result"])
        self.passthrough = passthrough
        self.constant_text = constant_text
        # The output is known without running a handler, and fits in a payload: the interpreter
        # only records the state's events. (A constant too big for a payload fails its state in
        # the general path, as any other output would.)
        self.direct = passthrough or (constant_text is not None and fits(constant_text))
        # What the handler of the state's type prepares from its definition on its first visit
        # and reuses on the next ones (a Task's resource, which of its fields it has).
        self.handler_plan: object = None

    @property
    def constant(self) -> bool:
        return self.constant_text is not None


def prepare_state(name: str, spec: Any, inherited_ql: str) -> StatePlan:
    """The plan of state ``name``; StatesError when the machine cannot run it."""
    return StatePlan(name, spec, inherited_ql)


class MachinePlan:
    """A state machine, branch or item processor, its states prepared on first visit."""

    def __init__(self, machine: Mapping[str, Any], inherited_ql: str) -> None:
        self.machine = machine  # held so that its id() stays this plan's key
        states = machine.get("States")
        self.states: dict[str, Any] | None = states if isinstance(states, dict) else None
        self._states: dict[str, Any] = states if isinstance(states, dict) else {}
        self.start: Any = machine.get("StartAt")
        self.query_language = query_language(machine, inherited_ql)
        # The states prepared so far, by name (the interpreter looks here first).
        self.prepared: dict[str, StatePlan] = {}

    def state(self, name: Any) -> StatePlan:
        """The plan of the state called ``name``; StatesError when there is none to run."""
        if not isinstance(name, str) or self.states is None:
            raise StatesError(RUNTIME, f"the state machine has no state named {name!r}")
        return self.prepared.get(name) or self.prepare(name)

    def prepare(self, name: str) -> StatePlan:
        """Prepare the state called ``name`` (its first visit; a successor's name is a string
        and a machine without States is refused before its first state); StatesError when
        there is none."""
        # Threads preparing the same state at once build equal plans: either may win.
        plan = self.prepared[name] = StatePlan(name, self._states.get(name), self.query_language)
        return plan


class Plans:
    """The machine plans of a loaded definition, by machine object and inherited query language.

    Scoped to one loaded definition (one execution of ``run_definition``, or every execution of a
    ``LocalStateMachine``), never to the process: a caller may change a dict between runs.
    """

    def __init__(self) -> None:
        self._machines: dict[tuple[int, str], MachinePlan] = {}

    def machine(self, machine: Mapping[str, Any], inherited_ql: str) -> MachinePlan:
        key = (id(machine), inherited_ql)
        plan = self._machines.get(key)
        if plan is None:
            plan = self._machines[key] = MachinePlan(machine, inherited_ql)
        return plan
