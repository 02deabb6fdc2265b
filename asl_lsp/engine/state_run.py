"""One visit of one state, as the state handlers see it: input, context, variables, failures.

The interpreter creates a :class:`StateRun` per visit and hands it to the handler of the state's
type (``engine/states/``); handlers return an :class:`Outcome`. Nested machines (Parallel
branches, Map iterations) are run through :meth:`StateRun.run_machine`, which the interpreter
provides, so handlers never import the interpreter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from asl_lsp.engine import pipeline
from asl_lsp.engine.clock import tick_time
from asl_lsp.engine.errors import StatesError
from asl_lsp.engine.events import compact
from asl_lsp.engine.plan import MachinePlan, StatePlan
from asl_lsp.engine.runtime import Frame
from asl_lsp.expr.context_object import build_context_object, format_timestamp
from asl_lsp.expr.errors import JsonValue, state_error_prefix

# (machine's plan, input, frame, the input's JSON text if known) -> output and its JSON text.
MachineRunner = Callable[[MachinePlan, JsonValue, Frame, str | None], tuple[JsonValue, str]]

_UNSET: Any = object()
T = TypeVar("T")


@dataclass(slots=True)
class Outcome:
    output: JsonValue
    next: str | None  # None: the branch ends here


class StateRun:
    """One visit of one state: its input, its place in history and what it assigns.

    A Map iteration visits its states once per item, so a visit is made with slots, from the
    state's plan (``state``): what the plan holds is read from the definition once per state.
    """

    __slots__ = (
        "_context",
        "_input_text",
        "_machine_runner",
        "_text",
        "_text_value",
        "assigned",
        "entered_id",
        "entered_tick",
        "frame",
        "jsonata",
        "name",
        "raw_input",
        "retry_count",
        "spec",
        "state",
        "task_token",
    )

    def __init__(
        self,
        state: StatePlan,
        raw_input: JsonValue,
        frame: Frame,
        entered_id: int,
        entered_tick: int,
        machine_runner: MachineRunner,
        input_text: str | None = None,
    ) -> None:
        self.state = state
        self.name = state.name
        self.spec: Mapping[str, Any] = state.spec
        self.jsonata = state.jsonata
        self._machine_runner = machine_runner
        self.raw_input = raw_input
        self.frame = frame
        self.entered_id = entered_id
        self.entered_tick = entered_tick
        self.retry_count = 0
        self.task_token: str | None = None
        self.assigned: dict[str, JsonValue] | None = None
        self._context: dict[str, Any] | None = None
        self._input_text = input_text
        self._text_value: Any = _UNSET
        self._text = ""

    def json_text(self, value: JsonValue) -> str:
        """The compact JSON of ``value`` as history records it, made once per visit per object.

        A task's arguments are often the state's input and its result the state's output: each
        is written to two events. The engine never changes a value in place (handlers get
        copies), so the same object has the same text for the whole visit.
        """
        if value is self.raw_input:
            if self._input_text is None:
                self._input_text = compact(value)
            return self._input_text
        if value is not self._text_value:
            self._text, self._text_value = compact(value), value
        return self._text

    def known_text(self, value: JsonValue, text: str) -> None:
        """Record that ``text`` is the compact JSON of ``value``, which :meth:`json_text` then
        returns (a Map's output, assembled from the texts of its iterations' outputs)."""
        self._text, self._text_value = text, value

    def machine_plan(self, machine: Mapping[str, Any], query_language: str) -> MachinePlan:
        """The plan of a nested machine (a branch, an item processor) that inherits
        ``query_language``: made on its first run in any execution of the definition."""
        return self.frame.runtime.plans.machine(machine, query_language)

    def run_machine(
        self, machine: Mapping[str, Any], input_: JsonValue, frame: Frame, query_language: str
    ) -> JsonValue:
        """Run a nested machine (a branch, an item processor) to its end; return its output."""
        return self.run_plan(self.machine_plan(machine, query_language), input_, frame)[0]

    def run_plan(self, plan: MachinePlan, input_: JsonValue, frame: Frame) -> tuple[JsonValue, str]:
        """Run the nested machine of ``plan`` (see :meth:`machine_plan`) on ``frame``; return
        its output and the output's compact JSON."""
        # Only the input's text is shared: branches run on several threads, and the per-object
        # memo of json_text() belongs to the thread of this visit.
        text = self._input_text if input_ is self.raw_input else None
        return self._machine_runner(plan, input_, frame, text)

    @property
    def entered_time(self) -> datetime:
        """When the state was entered (its StateEntered event's timestamp)."""
        return tick_time(self.entered_tick)

    @property
    def runtime(self) -> Any:
        return self.frame.runtime

    @property
    def variables(self) -> Mapping[str, JsonValue]:
        return self.frame.scope.view()

    def context(self, map_index: int | None = None, map_value: JsonValue = None) -> dict[str, Any]:
        """The context object for this state (``$$`` / ``$states.context``)."""
        if self._context is None or map_index is not None:
            info = self.runtime.info
            ctx = build_context_object(
                execution_id=info.execution_arn,
                execution_name=info.execution_name,
                execution_input=info.input,
                start_time=info.start_text,
                state_machine_id=info.state_machine_arn,
                state_machine_name=info.state_machine_name,
                role_arn=info.role_arn,
                state_name=self.name,
                entered_time=format_timestamp(self.entered_time),
                retry_count=self.retry_count,
                task_token=self.task_token,
                map_item_index=map_index,
                map_item_value=map_value,
            )
            if map_index is not None:
                return ctx
            self._context = ctx
        return self._context

    def reset_context(self) -> None:
        self._context = None

    def step(self, step: str, value: JsonValue) -> JsonValue:
        """Tell the observer (if any) that data-flow ``step`` produced ``value``; return it.

        Handlers call this only for the fields the state has (and ``Result`` for the work's raw
        result), so a debugger's step-in visits exactly the transformations the user wrote.
        """
        observer = self.frame.runtime.observer
        if observer is not None:
            observer.data_step(self, step, value)
        return value

    def in_branch(self, frame: Frame, index: int, work: Callable[[], T]) -> T:
        """Run branch or iteration ``index`` of this state on ``frame``, telling the observer
        when it starts and ends (a debugger shows each as a thread)."""
        observer = self.frame.runtime.observer
        if observer is None:
            return work()
        observer.branch_started(self, frame, index)
        try:
            return work()
        finally:
            observer.branch_finished(self, frame, index)

    def states_var(
        self,
        *,
        result: JsonValue = _UNSET,
        error_output: JsonValue = _UNSET,
        context: dict[str, Any] | None = None,
    ) -> dict[str, JsonValue]:
        out: dict[str, JsonValue] = {
            "input": self.raw_input,
            "context": context if context is not None else self.context(),
        }
        if result is not _UNSET:
            out["result"] = result
        if error_output is not _UNSET:
            out["errorOutput"] = error_output
        return out

    def eval(self, value: JsonValue, **states: Any) -> JsonValue:
        """A JSONata field value evaluated with ``$states`` (``result=``/``error_output=``)."""
        return pipeline.jsonata(value, self.states_var(**states), self.variables)

    def jsonata_finish(
        self,
        default_output: JsonValue,
        *,
        result: JsonValue = _UNSET,
        spec: Mapping[str, Any] | None = None,
    ) -> JsonValue:
        """Output and Assign of a JSONata state: both see the variables as they were."""
        spec = self.spec if spec is None else spec
        states = self.states_var(result=result)
        output = default_output
        if "Output" in spec:
            output = self.step("Output", pipeline.jsonata(spec["Output"], states, self.variables))
        if "Assign" in spec:
            assigned = pipeline.jsonata_assign(spec["Assign"], states, self.variables)
            self.add_assign(assigned)
            self.step("Assign", dict(assigned))
        return output

    def jsonpath_assign(self, data: JsonValue, assign: Any = _UNSET) -> None:
        block = self.spec.get("Assign") if assign is _UNSET else assign
        if isinstance(block, dict):
            assigned = pipeline.jsonpath_assign(block, data, self.context(), self.variables)
            self.add_assign(assigned)
            self.step("Assign", dict(assigned))

    def add_assign(self, values: Mapping[str, JsonValue]) -> None:
        if self.assigned is None:
            self.assigned = {}
        self.assigned.update(values)

    def fail(self, error: str, detail: str) -> StatesError:
        """A runtime failure of this state, with AWS's cause prefix."""
        return StatesError(error, state_error_prefix(self.name, self.entered_id) + detail)

    def emit(
        self, type_: str, key: str | None = None, details: dict[str, Any] | None = None
    ) -> int:
        return self.frame.emit(type_, key, details)
