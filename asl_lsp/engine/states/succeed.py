"""Succeed: ends the branch (or the execution) successfully."""

from __future__ import annotations

from asl_lsp.engine import pipeline
from asl_lsp.engine.state_run import Outcome, StateRun


def execute(run: StateRun) -> Outcome:
    spec = run.spec
    if run.jsonata:
        return Outcome(run.jsonata_finish(run.raw_input), None)
    ctx, variables = run.context(), run.variables
    effective = pipeline.input_path(spec, run.raw_input, ctx, variables)
    return Outcome(pipeline.output_path(spec, effective, ctx, variables), None)
