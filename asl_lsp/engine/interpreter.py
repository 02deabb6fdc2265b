"""The state loop: enter a state, run its handler, apply Retry/Catch, record events, move on.

Handlers (``engine/states/``) do one state type's work through the pure pipeline; this module owns
what is common: history events, the context object, variables, error conversion and recovery.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from itertools import repeat
from typing import Any

from asl_lsp.engine import clock, pipeline
from asl_lsp.engine.clock import time_tick
from asl_lsp.engine.errors import RUNTIME, StatesError, error_matches
from asl_lsp.engine.events import ENTERED_DETAILS, EXITED_DETAILS, compact
from asl_lsp.engine.payload_limit import ALWAYS_FITS, check_payload
from asl_lsp.engine.plan import MachinePlan, StatePlan, Stretch, query_language
from asl_lsp.engine.runtime import Frame
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states import choice, fail, map_, parallel, pass_, succeed, task, wait
from asl_lsp.expr.errors import ExprEvaluationError, JsonValue
from asl_lsp.spec.states import ERROR_HANDLING_TYPES

Handler = Callable[[StateRun], Outcome]
# The handler of each state type.
HANDLERS: dict[str, Handler] = {
    "Pass": pass_.execute,
    "Task": task.execute,
    "Choice": choice.execute,
    "Wait": wait.execute,
    "Succeed": succeed.execute,
    "Fail": fail.execute,
    "Parallel": parallel.execute,
    "Map": map_.execute,
}
# A clock read that no deadline is before.
_NEVER = 1 << 64


def handlers() -> dict[str, Handler]:
    """The handler of each state type."""
    return HANDLERS


def run_machine(
    machine: Mapping[str, Any],
    input_: JsonValue,
    frame: Frame,
    inherited_ql: str = "JSONPath",
    input_text: str | None = None,
) -> tuple[JsonValue, str]:
    """Run a state machine, branch or item processor from StartAt to its end; return its output
    and the output's compact JSON (made once, for the last state's exited event).

    ``input_text`` is the input's compact JSON when the caller has it (every Parallel branch
    gets the same input)."""
    return run_plan(frame.runtime.plans.machine(machine, inherited_ql), input_, frame, input_text)


def run_plan(
    plan: MachinePlan, input_: JsonValue, frame: Frame, input_text: str | None = None
) -> tuple[JsonValue, str]:
    """Run the machine of ``plan`` (see :func:`run_machine`): a Map state looks its item
    processor's plan up once and runs it for every item."""
    rt = frame.runtime
    if plan.states is None:
        raise StatesError(RUNTIME, "the definition has no States object")
    value = input_
    # A state's output is the next state's input: its JSON text is made once for both events.
    text = compact(input_) if input_text is None else input_text
    prepared = plan.prepared
    # With nobody watching the steps of a visit, states that have no work to do are walked by
    # walk_direct(), which only checks limits and records their events.
    watched = rt.observer is not None or rt.on_state_entered is not None
    state = plan.state(plan.start)
    while True:
        if state.direct and not watched:
            after, value, text = walk_direct(state, value, text, frame, plan)
            if after is None:
                return value, text
            state = after
        value, name, text = run_state(state, value, text, frame)
        if name is None:
            return value, text
        state = prepared.get(name) or plan.prepare(name)


def to_states_error(exc: ExprEvaluationError, run: StateRun) -> StatesError:
    return run.fail(exc.error, exc.cause)


def walk_direct(
    state: StatePlan, value: JsonValue, text: str, frame: Frame, plan: MachinePlan
) -> tuple[StatePlan | None, JsonValue, str]:
    """Visit ``state`` and the states after it while their output is known without running a
    handler (``StatePlan.direct``: a Pass state that passes its input on or outputs a constant
    ``Result`` that fits in a payload). ``value`` is the input of ``state`` and ``text`` its
    compact JSON. Return the first state that needs its handler (None when the branch ended),
    with its input and the input's JSON.

    The states are walked by stretches (``plan.Stretch``, made once per plan), several states
    at once by :func:`walk_stretch`. A state is visited alone, with each check of a visit, when
    it ends the branch (a Parallel branch of one Pass state is not worth a walk), when its input
    may be over the payload quota (only the first input can be: every later one is the output
    of the state before, the same text or a constant that fits), when it is the last of its
    stretch, and when a limit (the bound on states run, the room in the history) leaves no room
    for more than one state: the visit then fails it as :func:`run_state` would. A walk reads
    the clock once per state, as a visit alone does, and its history and failures are those of
    visiting each state alone, in the same order (``tests/engine/test_engine_walks.py``).
    """
    rt = frame.runtime
    prepared = plan.prepared
    alone = state.next is None or len(text) > ALWAYS_FITS
    while True:
        if alone:
            tick = frame.timeline.tick()  # the time of its events, and of the deadline's check
            if rt.deadline is not None or frame.cancel.cancelled:
                frame.check(tick)
            rt.count_state()
            if len(text) > ALWAYS_FITS:
                check_payload(text, "input", state.name)
            output = state.constant_text
            if output is None:
                frame.emit_visit(state.entered, state.exited, state.name, text, text, tick)
            else:
                frame.emit_visit(state.entered, state.exited, state.name, text, output, tick)
                value, text = state.spec["Result"], output
            name = state.next
        else:
            stretch, position = state.place or plan.place(state)
            end = len(stretch.states)
            count = min(end - position, rt.states_room())
            if frame.record:
                count = min(count, rt.log.walk_room())
            if count < 2:
                alone = True
                continue
            value, text, position = walk_stretch(stretch, position, count, value, text, frame)
            if position < end:  # a limit left no room for the states after it
                state = stretch.states[position]
                alone = True
                continue
            name = stretch.next
        if name is None:
            return None, value, text
        state = prepared.get(name) or plan.prepare(name)
        if not state.direct:
            return state, value, text
        alone = False


def walk_stretch(
    stretch: Stretch, position: int, count: int, value: JsonValue, text: str, frame: Frame
) -> tuple[JsonValue, str, int]:
    """Visit ``count`` states of ``stretch`` from index ``position`` on, whose input is
    ``value`` (its JSON ``text``), in one loop; return the output of the last one, its JSON and
    the index of the state after it. The caller made sure that the states fit within the bound
    on states run and the room left in the history, and that the input fits in a payload.

    The loop only reads the clock for each state (its events' time) and checks that the branch
    may go on (it was not cancelled, the execution's deadline has not passed); the history
    then records the whole walk at once (``events.Walk``). When the branch may not go on, the
    states visited so far are recorded and :meth:`Frame.check` stops it.
    """
    rt = frame.runtime
    cancel = frame.cancel
    states = stretch.states
    if rt.deadline is None:
        limit = _NEVER
    else:  # the first read at which the timeline is at or past the deadline
        limit = (time_tick(rt.deadline) - frame.timeline.shift) * 1000
    # The clock the timelines read, looked up once per walk (a test may replace it).
    read_clock = clock.time_ns
    reads: list[int] = []
    add = reads.append
    now = 0
    for _ in repeat(None, count):
        now = read_clock()
        if now >= limit or cancel.cancelled:
            break
        add(now)
    walked = len(reads)
    if walked:
        rt.states_run += walked
        frame.emit_walk(states, position, reads, text)
        last = stretch.last_constant[position + walked - 1]
        if last >= position:
            constant = states[last]
            value, text = constant.spec["Result"], constant.constant_text or text
    if walked < count:
        # The branch was cancelled or the deadline passed as the next state was visited.
        frame.check(now // 1000 + frame.timeline.shift)
    return value, text, position + walked


def run_state(
    state: StatePlan, input_: JsonValue, input_text: str, frame: Frame
) -> tuple[JsonValue, str | None, str]:
    """Visit ``state`` with ``input_`` (whose compact JSON is ``input_text``); return its output,
    the next state (None: the branch ends) and the output's compact JSON."""
    name = state.name
    frame.check()
    rt = frame.runtime
    rt.count_state()
    if rt.on_state_entered is not None:
        rt.on_state_entered(name, input_)
    check_payload(input_text, "input", name)
    entered_tick = frame.timeline.tick()
    entered_id = frame.emit(state.entered, ENTERED_DETAILS, name, entered_tick, input_text)
    observer = rt.observer
    run = StateRun(state, input_, frame, entered_id, entered_tick, run_plan, input_text)
    if observer is not None:
        observer.state_entered(run)
    outcome = Outcome(input_, state.next) if state.passthrough else _work(state, run)
    if run.assigned:
        frame.scope.assign(run.assigned)
    output_text = run.json_text(outcome.output)
    if state.type != "Fail":
        check_payload(output_text, "output", name)
        if run.assigned:
            details: dict[str, Any] = {
                "name": name,
                "output": output_text,
                "outputDetails": {"truncated": False},
                "assignedVariables": {k: compact(v) for k, v in run.assigned.items()},
                "assignedVariablesDetails": {"truncated": False},
            }
            frame.emit(state.exited, EXITED_DETAILS, details)
        else:
            frame.emit(state.exited, EXITED_DETAILS, name, None, output_text)
    if observer is not None:
        observer.state_exited(run, outcome)
    return outcome.output, outcome.next, output_text


def _work(state: StatePlan, run: StateRun) -> Outcome:
    """Run the state's handler, with its Retry and Catch: the outcome, or the error it ends in."""
    observer = run.frame.runtime.observer
    handler = HANDLERS[state.type]
    spec = state.spec
    attempts: dict[int, int] = {}  # by retrier: the retries it allowed so far
    while True:
        try:
            return handler(run)
        except ExprEvaluationError as exc:
            error = to_states_error(exc, run)
        except StatesError as exc:
            error = exc
        if state.type not in ERROR_HANDLING_TYPES or error.terminal:
            if observer is not None:
                observer.failed(run, error, caught=False)
            raise error
        run.assigned = None
        retry = _retry_delay(spec.get("Retry"), error, attempts)
        if retry is not None:
            retrier, delay = retry
            if observer is not None:
                observer.retried(run, retrier, error)
            run.frame.sleep(delay)
            run.retry_count += 1
            run.reset_context()
            continue
        caught = _catch(run, error)
        if observer is not None:
            observer.failed(run, error, caught=caught is not None)
        if caught is None:
            raise error
        catcher, outcome = caught
        if observer is not None:
            observer.caught(run, catcher, error)
        return outcome


def _retry_delay(
    retriers: Any, error: StatesError, attempts: dict[int, int]
) -> tuple[int, float] | None:
    """The retrier that takes ``error`` and the seconds to wait, or None when none allows one."""
    if not isinstance(retriers, list):
        return None
    for index, retrier in enumerate(retriers):
        if not isinstance(retrier, dict):
            continue
        patterns = retrier.get("ErrorEquals") or []
        if not any(isinstance(p, str) and error_matches(p, error) for p in patterns):
            continue
        done = attempts.get(index, 0)
        max_attempts = retrier.get("MaxAttempts", 3)
        if not isinstance(max_attempts, int) or done >= max_attempts:
            return None
        attempts[index] = done + 1
        interval = retrier.get("IntervalSeconds", 1)
        rate = retrier.get("BackoffRate", 2.0)
        delay = float(interval) * float(rate) ** done
        max_delay = retrier.get("MaxDelaySeconds")
        if isinstance(max_delay, (int, float)) and not isinstance(max_delay, bool):
            delay = min(delay, float(max_delay))
        if retrier.get("JitterStrategy") == "FULL":
            delay = random.uniform(0.0, delay)
        return index, delay
    return None


def _catch(run: StateRun, error: StatesError) -> tuple[int, Outcome] | None:
    """The index of the catcher that takes ``error`` and where it leads, or None."""
    catchers = run.spec.get("Catch")
    if not isinstance(catchers, list):
        return None
    for index, catcher in enumerate(catchers):
        if not isinstance(catcher, dict):
            continue
        patterns = catcher.get("ErrorEquals") or []
        if not any(isinstance(p, str) and error_matches(p, error) for p in patterns):
            continue
        error_output = error.output()
        try:
            if query_language(catcher, "JSONata" if run.jsonata else "JSONPath") == "JSONata":
                states = run.states_var(error_output=error_output)
                output: JsonValue = error_output
                if "Output" in catcher:
                    output = pipeline.jsonata(catcher["Output"], states, run.variables)
                if isinstance(catcher.get("Assign"), dict):
                    run.add_assign(
                        pipeline.jsonata_assign(catcher["Assign"], states, run.variables)
                    )
            else:
                if isinstance(catcher.get("Assign"), dict):
                    run.jsonpath_assign(error_output, catcher["Assign"])
                output = pipeline.result_path(catcher, run.raw_input, error_output)
        except ExprEvaluationError as exc:
            raise to_states_error(exc, run) from None
        nxt = catcher.get("Next")
        return index, Outcome(output, nxt if isinstance(nxt, str) else None)
    return None
