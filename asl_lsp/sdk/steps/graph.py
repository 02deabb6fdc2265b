"""Scopes: a Graph (a whole state machine, a branch or an item processor), a Chain of steps, and
the states that hold scopes (Parallel, Map); and reading a definition back into step objects.

Single states live in ``states.py``; everything that holds states is here, so a scope and its
serialisation to and from JSON are in one module and ``states.py`` never needs this one.

Built graphs are collected by walking transitions from the first step (next, choices, default,
catchers). Parsed graphs keep their states in document order plus anything reachable that was added
since, so ``Graph.from_json(text).to_json()`` reproduces ``text``'s structure and key order.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Union

from asl_lsp.sdk.steps.choice_rule import rule_from_dict
from asl_lsp.sdk.steps.fields import GRAPH_ORDER, MISSING, render
from asl_lsp.sdk.steps.states import (
    Block,
    Catch,
    Choice,
    ChoiceBranch,
    Fail,
    Pass,
    Retry,
    State,
    Succeed,
    Target,
    Task,
    Wait,
    _RetryCatchState,
    first_state,
)

_NESTED_KEYS = ("Branches", "Iterator", "ItemProcessor")


def _duplicate(name: str) -> ValueError:
    return ValueError(
        f"duplicate state id '{name}': state names must be unique in the whole state machine"
    )


class Graph(Block):
    """A state machine: ``branch`` is its first State, a Chain, or another Graph.

    ``comment``, ``version``, ``timeout_seconds`` and ``query_language`` are the top-level fields;
    ``extra`` adds any other field verbatim.
    """

    _context = "root"
    _canonical = GRAPH_ORDER

    def __init__(
        self, branch: State | Chain | Graph, extra: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(extra, **kwargs)
        if isinstance(branch, Graph):
            self.branch: State | Chain | None = branch.branch
            self.fields = {**branch.fields, **self.fields}
            self._states: list[State] | None = branch._states
            self._start: Any = branch._start
            self._order = branch._order
            return
        if isinstance(branch, Chain) and not branch.steps:
            raise ValueError("a Graph needs at least one state; the chain is empty")
        if not isinstance(branch, (State, Chain)):
            raise TypeError(f"a Graph starts from a State, Chain or Graph, not {branch!r}")
        self.branch = branch
        self._states = None
        self._start = MISSING

    # --- reading ---------------------------------------------------------------------------

    @property
    def start_at(self) -> str | None:
        if self._start is not MISSING:
            return self._start if isinstance(self._start, str) else None
        start = first_state(self.branch) if self.branch is not None else None
        return start.state_id if start is not None else None

    def states(self) -> list[State]:
        """Every state of this scope (not of nested branches), in output order."""
        seen: dict[str, State] = {}
        roots: list[State] = []
        if self._states is not None:
            # parsed: document order first, then whatever was linked in since
            for state in self._states:
                seen.setdefault(state.state_id, state)
            for state in self._states:
                roots.extend(c for c in map(first_state, state.targets()) if c is not None)
        if self.branch is not None:
            start = first_state(self.branch)
            if start is not None:
                roots.append(start)
        for root in roots:
            self._walk(root, seen)
        return list(seen.values())

    @staticmethod
    def _walk(root: State, seen: dict[str, State]) -> None:
        stack: list[State] = [root]
        while stack:
            state = stack.pop()
            known = seen.get(state.state_id)
            if known is not None:
                if known is not state:
                    raise _duplicate(state.state_id)
                continue
            seen[state.state_id] = state
            children = [first_state(t) for t in state.targets()]
            stack.extend(c for c in reversed(children) if c is not None)

    def state(self, name: str) -> State:
        """The state called ``name`` in this scope (KeyError if absent)."""
        for state in self.states():
            if state.state_id == name:
                return state
        raise KeyError(name)

    # --- writing ---------------------------------------------------------------------------

    def _emit(self) -> dict[str, Any]:
        data = super()._emit()
        start = self.start_at if self._start is MISSING else self._start
        if start is not None or self._start is not MISSING:
            data["StartAt"] = start
        if "States" not in self.fields:
            states = self.states()
            if states or self._order is None or "States" in self._order:
                data["States"] = {s.state_id: s.to_dict() for s in states}
        return data

    def to_dict(self, check_unique: bool = True) -> dict[str, Any]:
        """The definition as a dict; refuses state names used twice anywhere in the machine."""
        data = super().to_dict()
        if check_unique:
            _check_unique(data, set())
        return data

    def to_json(self, pretty: bool = False) -> str:
        return json.dumps(self.to_dict(), indent=4 if pretty else None, ensure_ascii=False)

    def __repr__(self) -> str:
        return f"Graph(start_at={self.start_at!r}, states={len(self.states())})"

    # --- parsing ---------------------------------------------------------------------------

    @classmethod
    def from_json(cls, text: str) -> Graph:
        """Parse ASL JSON text into step objects (raises ValueError on text that is not JSON)."""
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"not a JSON state machine definition: {exc}") from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Graph:
        """Parse a definition dict (any state types, nesting, rules, unknown fields)."""
        if not isinstance(data, dict):
            raise ValueError(
                f"a state machine definition is a JSON object, not {type(data).__name__}"
            )
        return _parse_graph(data)


def _check_unique(graph: dict[str, Any], names: set[str]) -> None:
    states = graph.get("States")
    if not isinstance(states, dict):
        return
    for name, state in states.items():
        if name in names:
            raise _duplicate(name)
        names.add(name)
        if not isinstance(state, dict):
            continue
        for key in _NESTED_KEYS:
            nested = state.get(key)
            for sub in nested if isinstance(nested, list) else [nested]:
                if isinstance(sub, dict):
                    _check_unique(sub, names)


def _is_list_of_dicts(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _parse_graph(data: dict[str, Any]) -> Graph:
    graph = Graph.__new__(Graph)
    graph.fields = {}
    graph._order = list(data)
    graph.branch = None
    graph._start = data.get("StartAt", MISSING)
    graph._states = None
    for key, value in data.items():
        if key == "StartAt":
            continue
        if (
            key == "States"
            and isinstance(value, dict)
            and all(isinstance(v, dict) for v in value.values())
        ):
            graph._states = [_parse_state(name, body) for name, body in value.items()]
            _resolve(graph._states)
            continue
        graph.fields[key] = copy.deepcopy(value)
    if graph._states is None and "States" not in graph.fields:
        graph._states = []
    return graph


def _parse_state(name: str, data: dict[str, Any]) -> State:
    state_type = data.get("Type", MISSING)
    cls = STATE_CLASSES.get(state_type, State) if isinstance(state_type, str) else State
    state = cls._blank(name, state_type)
    state._order = list(data)
    for key, value in data.items():
        if key == "Type":
            continue
        if key == "Next" and isinstance(value, str):
            state.next_step = value
        elif key == "End":
            state._end = copy.deepcopy(value)
        elif key == "Retry" and _is_list_of_dicts(value):
            state.retries = [_parse_block(Retry, r) for r in value]
        elif (
            key == "Catch"
            and _is_list_of_dicts(value)
            and all(isinstance(c.get("Next"), str) for c in value)
        ):
            state.catches = [_parse_catch(c) for c in value]
        elif (
            isinstance(state, Choice)
            and key == "Choices"
            and _is_list_of_dicts(value)
            and all(isinstance(c.get("Next"), str) for c in value)
        ):
            state.choices = [_parse_choice(c) for c in value]
        elif isinstance(state, Choice) and key == "Default" and isinstance(value, str):
            state.default = value
        elif isinstance(state, Parallel) and key == "Branches" and _is_list_of_dicts(value):
            state.branches = [_parse_graph(b) for b in value]
        elif (
            isinstance(state, Map)
            and key in ("Iterator", "ItemProcessor")
            and isinstance(value, dict)
            and state.iterator is None
        ):
            state.iterator = _parse_graph(value)
            state._processor_key = key
        else:
            state.fields[key] = copy.deepcopy(value)
    if state_type is MISSING:
        state._order = [k for k in state._order if k != "Type"]
        state.state_type = MISSING
    return state


def _parse_block(cls: type[Block], data: dict[str, Any]) -> Any:
    obj = cls.__new__(cls)
    obj.fields = copy.deepcopy(data)
    obj._order = list(data)
    return obj


def _parse_catch(data: dict[str, Any]) -> Catch:
    catch: Catch = _parse_block(Catch, {k: v for k, v in data.items() if k != "Next"})
    catch._order = list(data)
    catch.next_step = data["Next"]
    return catch


def _parse_choice(data: dict[str, Any]) -> ChoiceBranch:
    rule = rule_from_dict({k: v for k, v in data.items() if k != "Next"})
    branch = ChoiceBranch(rule, data["Next"])
    branch._order = list(data)
    return branch


def _resolve(states: list[State]) -> None:
    """Turn state-name targets into the parsed step objects of the same scope."""
    by_name = {s.state_id: s for s in states}

    def look(target: Target) -> Target:
        return by_name.get(target, target) if isinstance(target, str) else target

    for state in states:
        if state.next_step is not None:
            state.next_step = look(state.next_step)
        for catch in state.catches:
            catch.next_step = look(catch.next_step)
        if isinstance(state, Choice):
            for branch in state.choices:
                branch.next_step = look(branch.next_step)
            if state.default is not None:
                state.default = look(state.default)


Branch = Union["State", "Chain", "Graph"]


def _graph_dict(branch: Branch, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    graph = branch if isinstance(branch, Graph) else Graph(branch, extra=extra)
    return graph.to_dict(check_unique=False)


class Parallel(_RetryCatchState):
    """Runs each branch (a State, Chain or Graph) on the same input; the result is a list."""

    state_type = "Parallel"
    _context = "state:Parallel"

    def __init__(self, state_id: str, branches: list[Branch] | None = None, **kwargs: Any) -> None:
        super().__init__(state_id, **kwargs)
        self.branches: list[Branch] = list(branches or [])

    def _init_parsed(self) -> None:
        self.branches = []

    def add_branch(self, branch: Branch) -> None:
        self.branches.append(branch)

    def _emit_structure(self, data: dict[str, Any]) -> None:
        if self.branches or self._order is None:
            data["Branches"] = [_graph_dict(b) for b in self.branches]


class Map(_RetryCatchState):
    """Runs ``iterator`` (DS SDK; emitted as ``Iterator``) or ``item_processor`` (emitted as
    ``ItemProcessor``, with ``processor_config`` for Distributed Map) for every item."""

    state_type = "Map"
    _context = "state:Map"

    def __init__(
        self,
        state_id: str,
        iterator: Branch | None = None,
        item_processor: Branch | None = None,
        processor_config: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(state_id, **kwargs)
        if iterator is not None and item_processor is not None:
            raise ValueError(f"Map state '{state_id}' takes iterator or item_processor, not both")
        self.iterator: Branch | None = item_processor if item_processor is not None else iterator
        self.processor_config = processor_config
        use_processor = item_processor is not None or processor_config is not None
        self._processor_key = "ItemProcessor" if use_processor else "Iterator"

    def _init_parsed(self) -> None:
        self.iterator = None
        self.processor_config = None
        self._processor_key = "ItemProcessor"

    def attach_iterator(self, iterator: Branch) -> None:
        """Set (or replace) the steps run for each item."""
        self.iterator = iterator

    def _emit_structure(self, data: dict[str, Any]) -> None:
        if self.iterator is None:
            return
        extra = {"ProcessorConfig": self.processor_config} if self.processor_config else None
        data[self._processor_key] = _graph_dict(self.iterator, extra)


class Chain:
    """Steps linked in order: each step's next is the following one."""

    def __init__(self, steps: list[State | Chain] | None = None) -> None:
        if steps is not None and not isinstance(steps, (list, tuple)):
            raise TypeError("Chain takes a list of steps")
        self.steps: list[State] = []
        for step in steps or []:
            self.append(step)

    def append(self, step: State | Chain) -> None:
        """Add ``step`` (or every step of a chain) at the end."""
        if isinstance(step, Chain):
            for inner in list(step.steps):
                self.append(inner)
            return
        if not isinstance(step, State):
            raise TypeError(f"a Chain holds states, not {step!r}")
        if any(s is step for s in self.steps):
            raise ValueError(
                f"duplicate state id '{step.state_id}': state '{step.state_id}' is already in "
                "this chain"
            )
        if self.steps:
            self.steps[-1].next(step)
        self.steps.append(step)

    def __iter__(self) -> Any:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def state_id(self) -> str:
        if not self.steps:
            raise ValueError("the chain is empty")
        return self.steps[0].state_id

    def to_dict(self) -> dict[str, Any]:
        return Graph(self).to_dict()

    def to_json(self, pretty: bool = False) -> str:
        return Graph(self).to_json(pretty=pretty)

    def __repr__(self) -> str:
        return f"Chain({self.steps!r})"


# The builder of each state type, by its Type (each class names its own).
STATE_CLASSES: dict[str, type[State]] = {
    cls.state_type: cls for cls in (Pass, Succeed, Fail, Wait, Choice, Parallel, Map, Task)
}


__all__ = ["STATE_CLASSES", "Chain", "Graph", "Map", "Parallel", "render"]
