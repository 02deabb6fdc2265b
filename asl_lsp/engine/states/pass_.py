"""Pass: passes its input on, or a fixed ``Result``, or a ``Parameters``/``Output`` payload."""

from __future__ import annotations

from asl_lsp.engine import pipeline
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states.common import next_of


def execute(run: StateRun) -> Outcome:
    spec = run.spec
    if run.jsonata:
        output = run.jsonata_finish(run.raw_input)
        return Outcome(output, next_of(spec))
    ctx, variables = run.context(), run.variables
    effective = pipeline.input_path(spec, run.raw_input, ctx, variables)
    if "Result" in spec:
        result = spec["Result"]
    elif "Parameters" in spec:
        result = pipeline.payload(spec["Parameters"], effective, ctx, variables)
    else:
        result = effective
    run.jsonpath_assign(result)
    combined = pipeline.result_path(spec, run.raw_input, result)
    return Outcome(pipeline.output_path(spec, combined, ctx, variables), next_of(spec))
