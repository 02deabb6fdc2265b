"""``asl test --format json``: one object with every case and, with ``--cov``, the coverage."""

from __future__ import annotations

import json
from typing import Any

from asl_lsp.testing.runner import RunOutcome

FORMAT_VERSION = 1


def results_json(outcome: RunOutcome) -> str:
    payload: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "cases": [r.to_json() for r in outcome.results],
        "errors": list(outcome.errors),
        "summary": {
            "passed": outcome.count("passed"),
            "failed": outcome.count("failed"),
            "errors": outcome.count("error") + len(outcome.errors),
            "deselected": outcome.deselected,
            "duration": round(outcome.duration, 6),
        },
    }
    if outcome.coverage is not None:
        payload["coverage"] = outcome.coverage.to_json()
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str)
