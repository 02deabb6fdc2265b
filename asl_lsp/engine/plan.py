"""Machines and states prepared once per execution, so a visit does no lookups it did before.

A Map over a thousand items runs its ItemProcessor a thousand times and a loop visits the same
states again and again: what a visit needs from the definition (the state's type, event names,
query language, successor, whether it only passes its input on) is worked out on the first visit
and reused. Preparation is lazy and per state, so a definition whose broken state is never
reached runs as before, and it fails at the same visit, with the same error, as before.

States that have no work to do (``StatePlan.direct``: a Pass state that passes its input on or
outputs a constant) are also strung into :class:`Stretch` es, made once per plan: the states
one visits in a row from one of them, up to the first state that has work to do. The
interpreter walks a stretch in one loop that only reads the clock for each state, and the
history records the walk as a whole (``events.Walk``).
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
        "place",
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
        # The stretch that holds this state (a direct one) and its index in it, once made (one
        # attribute, set at once: threads making stretches at the same time may disagree about
        # which stretch holds a state, never about where in it the state is).
        self.place: tuple[Stretch, int] | None = None

    @property
    def constant(self) -> bool:
        return self.constant_text is not None


class Stretch:
    """Direct states that follow one another: each state's ``next`` is the one after it, and the
    last one's is where a walk goes once it is through (None: the branch ends).

    A stretch ends before the first state that is not direct, that a stretch made earlier holds
    (so that each state is in one stretch, and the stretches of a plan hold each state once) or
    that the stretch holds already (a loop of Pass states walks its stretch again and again).
    """

    __slots__ = ("last_constant", "next", "states")

    def __init__(self, states: list[StatePlan]) -> None:
        self.states = tuple(states)
        self.next = states[-1].next
        # By index: the index of the last state at or before it that outputs a constant (-1 when
        # none does): a walk that ends there outputs that constant, or its input when the last
        # constant is before the walk's first state.
        last = -1
        last_constant = []
        for index, state in enumerate(states):
            if state.constant_text is not None:
                last = index
            last_constant.append(last)
        self.last_constant = tuple(last_constant)


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

    def place(self, first: StatePlan) -> tuple[Stretch, int]:
        """The stretch that holds the direct state ``first`` and its index in it: made, from
        ``first`` on, when no stretch holds it yet.

        The states after ``first`` are prepared as a walk would prepare them: one that cannot be
        prepared ends the stretch, and the walk that reaches it fails there, as it would have.
        """
        place = first.place
        if place is not None:
            return place
        states = [first]
        names = {first.name}
        state = first
        while (name := state.next) is not None and name not in names:
            following = self.prepared.get(name)
            if following is None:
                try:
                    following = self.prepare(name)
                except StatesError:
                    break
            if not following.direct or following.place is not None:
                break
            states.append(following)
            names.add(name)
            state = following
        stretch = Stretch(states)
        for index, state in enumerate(states):
            state.place = (stretch, index)
        return stretch, 0


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
