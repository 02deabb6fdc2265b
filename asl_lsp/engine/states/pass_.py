"""Pass: passes its input on, or a fixed ``Result``, or a ``Parameters``/``Output`` payload."""

from __future__ import annotations

from asl_lsp.engine import pipeline
from asl_lsp.engine.state_run import Outcome, StateRun
from asl_lsp.engine.states.common import effective_input, next_of, output_of


def execute(run: StateRun) -> Outcome:
    spec = run.spec
    if run.jsonata:
        output = run.jsonata_finish(run.raw_input)
        return Outcome(output, next_of(spec))
    effective = effective_input(run)
    if "Result" in spec:
        result = run.step("Result", spec["Result"])
    elif "Parameters" in spec:
        params = pipeline.payload(spec["Parameters"], effective, run.context(), run.variables)
        result = run.step("Parameters", params)
    else:
        result = effective
    run.jsonpath_assign(result)
    combined = pipeline.result_path(spec, run.raw_input, result)
    if "ResultPath" in spec:
        run.step("ResultPath", combined)
    return Outcome(output_of(run, combined), next_of(spec))
