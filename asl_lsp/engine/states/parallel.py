"""Parallel: every branch gets the same input, runs concurrently; the result is the list of
branch outputs in branch order. A failing branch fails the state with that branch's error."""

from __future__ import annotations

from asl_lsp.engine.branches import run_jobs
from asl_lsp.engine.errors import BRANCH_FAILED, RUNTIME, StatesError
from asl_lsp.engine.runtime import Frame
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states.common import next_of, result_flow, state_input
from asl_lsp.expr.errors import JsonValue


def execute(run: StateRun) -> Outcome:
    spec = run.spec
    branches = spec.get("Branches")
    if not isinstance(branches, list) or not branches:
        raise run.fail(RUNTIME, "a Parallel state needs a non-empty Branches list")
    branch_input, _ = state_input(run)
    ql = "JSONata" if run.jsonata else "JSONPath"
    run.emit("ParallelStateStarted")

    def branch(index: int, frame: Frame) -> JsonValue:
        return run.in_branch(
            frame, index, lambda: run.run_machine(branches[index], branch_input, frame, ql)
        )

    results = run_jobs(
        run.frame,
        len(branches),
        branch,
        max_concurrency=0,
        make_frame=lambda parent: parent.child(),
    )
    error = results.first_error()
    if error is not None or not results.all_ok:
        run.emit("ParallelStateFailed")
        if error is None:
            error = StatesError(BRANCH_FAILED, "a branch was cancelled")
        raise (
            StatesError(error.error, error.cause, from_branch=True) if not error.terminal else error
        )
    output = results.values
    run.emit("ParallelStateSucceeded")
    run.step("Result", output)
    if run.jsonata:
        return Outcome(run.jsonata_finish(output, result=output), next_of(spec))
    run.jsonpath_assign(output)
    return Outcome(result_flow(run, output), next_of(spec))
