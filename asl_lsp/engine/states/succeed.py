"""Succeed: ends the branch (or the execution) successfully."""

from __future__ import annotations

from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states.common import effective_input, output_of


def execute(run: StateRun) -> Outcome:
    if run.jsonata:
        return Outcome(run.jsonata_finish(run.raw_input), None)
    return Outcome(output_of(run, effective_input(run)), None)
