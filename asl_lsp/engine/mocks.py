"""AWS Step Functions Local's MockConfigFile format, so users bring their existing files.

``StateMachines.{machine}.TestCases.{case}.{state}`` names a mocked response;
``MockedResponses.{name}`` maps invocation numbers ("0", "1-2", ...) to ``{"Return": value}`` or
``{"Throw": {"Error", "Cause"}}``. The n-th call of a state (counting retries and Map items) uses
the entry whose range holds n; past the last range the last entry repeats.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asl_lsp.engine.errors import StatesError


class MockConfigError(ValueError):
    """The mock file is unreadable or not in the MockConfigFile format (message is one line)."""


@dataclass(frozen=True)
class MockedStep:
    start: int
    end: int
    returns: Any
    throws: tuple[str, str] | None


def load_mock_config(source: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(source, Mapping):
        data: Any = dict(source)
    else:
        try:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        except OSError as exc:
            raise MockConfigError(f"cannot read mock file {source}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise MockConfigError(
                f"mock file {source} is not JSON: {exc.msg} (line {exc.lineno})"
            ) from None
    if not isinstance(data, dict) or not isinstance(data.get("MockedResponses", {}), dict):
        raise MockConfigError("a mock file is an object with StateMachines and MockedResponses")
    return data


def _steps(name: str, entries: Any) -> list[MockedStep]:
    if not isinstance(entries, dict) or not entries:
        raise MockConfigError(f"mocked response {name!r} must map invocation numbers to responses")
    steps: list[MockedStep] = []
    for key, body in entries.items():
        try:
            lo_s, _, hi_s = str(key).partition("-")
            lo, hi = int(lo_s), int(hi_s or lo_s)
        except ValueError:
            raise MockConfigError(
                f"mocked response {name!r}: {key!r} is not an invocation number or range like '1-2'"
            ) from None
        if not isinstance(body, dict) or ("Return" in body) == ("Throw" in body):
            raise MockConfigError(
                f"mocked response {name!r}[{key}] needs exactly one of Return, Throw"
            )
        throws = None
        if "Throw" in body:
            t = body["Throw"] if isinstance(body["Throw"], dict) else {}
            throws = (str(t.get("Error", "")), str(t.get("Cause", "")))
        steps.append(MockedStep(lo, hi, body.get("Return"), throws))
    return sorted(steps, key=lambda s: s.start)


class Mocks:
    """The mocked responses of one test case, with per-state invocation counters."""

    def __init__(
        self, config: Mapping[str, Any], test_case: str | None, machine_name: str | None
    ) -> None:
        machines = config.get("StateMachines") or {}
        machine: Any = machines.get(machine_name) if machine_name else None
        if machine is None:
            having = [
                m for m in machines.values() if test_case in ((m or {}).get("TestCases") or {})
            ]
            if len(having) == 1:
                machine = having[0]
        cases = (machine or {}).get("TestCases") or {}
        if test_case is not None and test_case not in cases:
            known = ", ".join(sorted(cases)) or "none"
            where = f" of state machine {machine_name!r}" if machine_name else ""
            raise MockConfigError(
                f"no test case {test_case!r}{where} in the mock file (known: {known})"
            )
        self.case: dict[str, str] = dict(cases.get(test_case) or {}) if test_case else {}
        responses = config.get("MockedResponses") or {}
        self.responses: dict[str, list[MockedStep]] = {}
        for state, response in self.case.items():
            if response not in responses:
                raise MockConfigError(
                    f"test case {test_case!r} maps state {state!r} to unknown response {response!r}"
                )
            self.responses[state] = _steps(response, responses[response])
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def has(self, state: str) -> bool:
        return state in self.responses

    def respond(self, state: str) -> Any:
        """The mocked result of the state's next invocation (raises StatesError for Throw)."""
        with self._lock:
            n = self._counts.get(state, 0)
            self._counts[state] = n + 1
        steps = self.responses[state]
        step = next((s for s in steps if s.start <= n <= s.end), steps[-1])
        if step.throws is not None:
            raise StatesError(*step.throws)
        return step.returns
