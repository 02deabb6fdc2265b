"""Full execution histories reduced to what must not change when the engine changes inside:
every event's type, id, previous id and details, with what differs between any two runs
(timestamps, generated names) replaced by placeholders.

``history_golden.json`` holds the digests of the examples below; regenerate it only for an
intended change of history, with ``python tests/engine/engine_history.py`` (then review the diff).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
for _path in (HERE, HERE.parents[1]):  # run as a script too (to regenerate the golden file)
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from engine_differential_cases import CORPUS, OWN  # noqa: E402
from engine_peer import has_concurrency, load, normalise  # noqa: E402

from tests.shared_path import shared_dir  # noqa: E402

GOLDEN = HERE / "history_golden.json"
TASK = "arn:aws:states:::local:double"
_BRANCH_FAILED = ("MapIterationFailed", "ParallelStateFailed")


def double(value: Any) -> Any:
    return {"double": value["n"] * 2}


def _task_examples() -> dict[str, tuple[dict[str, Any], Any]]:
    """Task states, which the differential cases leave out (moto cannot run a Python handler)."""
    task = {"Type": "Task", "Resource": TASK}
    return {
        "task-chain": (
            {
                "StartAt": "A",
                "States": {
                    "A": {**task, "ResultPath": "$.a", "Next": "B"},
                    "B": {
                        **task,
                        "InputPath": "$.a",
                        "Parameters": {"n.$": "$.double"},
                        "Next": "C",
                    },
                    "C": {"Type": "Pass", "Next": "D"},
                    "D": {
                        **task,
                        "Parameters": {"n.$": "$.double"},
                        "ResultSelector": {"twice.$": "$.double"},
                        "End": True,
                    },
                },
            },
            {"n": 3},
        ),
        "task-retry-catch": (
            {
                "StartAt": "T",
                "States": {
                    "T": {
                        **task,
                        "Retry": [{"ErrorEquals": ["KeyError"], "MaxAttempts": 2}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
                        "End": True,
                    },
                    "Handled": {"Type": "Pass", "End": True},
                },
            },
            {"m": 1},
        ),
        "task-map-sequential": (
            {
                "StartAt": "M",
                "States": {
                    "M": {
                        "Type": "Map",
                        "MaxConcurrency": 1,
                        "ItemsPath": "$.items",
                        "ItemProcessor": {
                            "StartAt": "W",
                            "States": {
                                "W": {**task, "Next": "P"},
                                "P": {"Type": "Pass", "End": True},
                            },
                        },
                        "End": True,
                    }
                },
            },
            {"items": [{"n": 1}, {"n": 2}, {"n": 3}]},
        ),
        "jsonata-pass-chain": (
            {
                "QueryLanguage": "JSONata",
                "StartAt": "A",
                "States": {
                    "A": {"Type": "Pass", "Next": "B"},
                    "B": {"Type": "Pass", "Output": "{% $states.input.n + 1 %}", "Next": "C"},
                    "C": {"Type": "Pass", "Assign": {"seen": "{% $states.input %}"}, "End": True},
                },
            },
            {"n": 1},
        ),
    }


def examples() -> dict[str, tuple[dict[str, Any], Any]]:
    """Every example by name: the differential cases (shared corpus and own) and task cases."""
    out: dict[str, tuple[dict[str, Any], Any]] = {}
    for path, input_ in CORPUS.items():
        out[f"corpus:{path}"] = (load(shared_dir() / "corpus" / path), input_)
    for key, case in OWN.items():
        out[f"own:{key}"] = case
    for key, case in _task_examples().items():
        out[f"task:{key}"] = case
    return out


def digest(definition: dict[str, Any], events: list[dict[str, Any]]) -> Any:
    """The history without what differs between runs.

    Where branches run concurrently their events interleave in no fixed order: such histories
    are compared as a multiset of events without ids; and where a branch failed, its siblings
    stop at no fixed point: then only the execution's and the top-level states' events count.
    """
    reduced = []
    for event in events:
        body = {k: v for k, v in event.items() if k != "timestamp"}
        reduced.append(normalise(body))
    if not has_concurrency(definition):
        return reduced
    if any(e["type"] in _BRANCH_FAILED for e in reduced):
        top = set(definition.get("States", {}))
        return [
            e["type"] if "StateEntered" not in e["type"] else [e["type"], _state_name(e)]
            for e in reduced
            if e["type"].startswith("Execution") or _state_name(e) in top
        ]
    unordered = [
        json.dumps(
            {k: v for k, v in e.items() if k not in ("id", "previousEventId")}, sort_keys=True
        )
        for e in reduced
    ]
    return sorted([text, count] for text, count in Counter(unordered).items())


def _state_name(event: dict[str, Any]) -> Any:
    details = event.get("stateEnteredEventDetails") or event.get("stateExitedEventDetails") or {}
    return details.get("name")


def run_example(definition: dict[str, Any], input_: Any, **options: Any) -> Any:
    """Run one example on the local engine (virtual clock, fixed execution name): its digest."""
    from asl_lsp.engine import run_definition

    result = run_definition(
        definition,
        input_,
        tasks={TASK: double},
        clock="virtual",
        execution_name="golden",
        **options,
    )
    return {"status": result.status, "events": digest(definition, result.events)}


def main() -> None:
    golden = {name: run_example(*case) for name, case in examples().items()}
    GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(golden)} histories to {GOLDEN}")


if __name__ == "__main__":
    main()
