"""The local engine as an SDK backend: AWS-shaped answers, executions on worker threads, SQLite.

``Workflow`` uses this backend by default, so a notebook runs without an AWS account; the
answers (ARNs, ``describe_*`` dicts, history events) have the shapes boto3 gives, so the same
code runs unchanged on :class:`~asl_lsp.sdk.backends.AwsBackend`.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from asl_lsp.engine.clock import make_timeline
from asl_lsp.engine.errors import RUNTIME, ExecutionStopped
from asl_lsp.engine.events import EventLog, compact
from asl_lsp.engine.loading import blocking_errors, refusal
from asl_lsp.engine.mocks import MockConfigError, Mocks, load_mock_config
from asl_lsp.engine.observer import ExecutionObserver
from asl_lsp.engine.runner import (
    ACCOUNT,
    REGION,
    ExecutionResult,
    execute,
    execution_arn,
    state_machine_arn,
)
from asl_lsp.engine.runtime import ExecutionInfo, Runtime
from asl_lsp.engine.store import Store
from asl_lsp.engine.tasks import TaskDispatcher, TaskFn, TokenRegistry, UnknownTaskToken
from asl_lsp.sdk.backends.base import (
    Backend,
    BackendError,
    InvalidDefinition,
    ResourceNotFound,
    StateMachineAlreadyExists,
)
from asl_lsp.syntax.document import parse_source

_NAME = re.compile(r"^[^\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]{1,80}$")


def _check_name(kind: str, name: str) -> None:
    if not isinstance(name, str) or not _NAME.match(name):
        raise BackendError(
            f"invalid {kind} name {name!r}: 1-80 characters without blanks, brackets, wildcards "
            'or any of " # % \\ ^ | ~ ` $ & , ; : /'
        )


def _parse_definition(definition: str) -> dict[str, Any]:
    try:
        value = json.loads(definition)
    except (TypeError, json.JSONDecodeError) as exc:
        raise InvalidDefinition(f"the definition is not valid JSON: {exc}") from None
    # json.loads keeps the last of duplicated keys and has no nesting bound: the syntax layer
    # decides, as for ``asl run``.
    blocking = blocking_errors(parse_source(definition, "definition.asl.json"))
    if blocking:
        raise InvalidDefinition(refusal(blocking, "accepted"))
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("States"), dict)
        or not isinstance(value.get("StartAt"), str)
    ):
        raise InvalidDefinition("the definition needs StartAt (a string) and States (an object)")
    if value["StartAt"] not in value["States"]:
        raise InvalidDefinition(
            f"StartAt names {value['StartAt']!r}, which is not a state of this machine"
        )
    return value


class LocalBackend(Backend):
    """Run state machines on this machine with the local engine.

    ``functions`` serve ``arn:aws:states:::lambda:invoke`` and Lambda ARNs (name or ARN, with or
    without a qualifier → ``handler(event, context)``); ``tasks`` serve any other resource
    (ARN → ``fn(input)``); ``mocks``/``test_case`` read an AWS Step Functions Local
    MockConfigFile (a test case can also be chosen per execution as ``arn#TestCase``).
    ``clock="virtual"`` makes waits and retry back-offs instant. ``store`` is the SQLite file
    (default ``$ASL_LSP_HOME/store.db`` or ``~/.asl-lsp/store.db``). ``observe`` is called with
    the definition and state machine name of each execution and may return an
    :class:`~asl_lsp.engine.observer.ExecutionObserver` for it (coverage, a debugger).
    """

    name = "local"

    def __init__(
        self,
        functions: Mapping[str, Callable[..., Any]] | None = None,
        tasks: Mapping[str, TaskFn] | None = None,
        mocks: str | Path | Mapping[str, Any] | None = None,
        test_case: str | None = None,
        clock: str = "real",
        store: str | Path | None = None,
        region: str = REGION,
        account: str = ACCOUNT,
        observe: Callable[[dict[str, Any], str], ExecutionObserver | None] | None = None,
    ) -> None:
        make_timeline(clock)  # validates the clock name
        self.functions = dict(functions or {})
        self.tasks = dict(tasks or {})
        try:
            self._mock_config = load_mock_config(mocks) if mocks is not None else None
        except MockConfigError as exc:
            raise BackendError(str(exc)) from None
        self.test_case = test_case
        self.clock = clock
        self.region = region
        self.account = account
        self.observe = observe
        try:
            self.store = Store(store)
        except Exception as exc:
            raise BackendError(f"cannot open the local store: {exc}") from None
        self.tokens = TokenRegistry()
        self._lock = threading.Lock()
        self._running: dict[str, tuple[threading.Thread, Runtime]] = {}

    def __repr__(self) -> str:
        return f"LocalBackend(store={str(self.store.path)!r}, clock={self.clock!r})"

    def close(self) -> None:
        for arn in list(self._running):
            self.stop_execution(arn, "LocalBackend.close", "the backend was closed")
        self.store.close()

    # ------------------------------------------------------------------ state machines

    def create_state_machine(
        self,
        name: str,
        definition: str,
        role_arn: str,
        type: str = "STANDARD",
        tags: dict[str, str] | None = None,
    ) -> str:
        _check_name("state machine", name)
        _parse_definition(definition)
        if type not in ("STANDARD", "EXPRESS"):
            raise BackendError(f"type must be STANDARD or EXPRESS, not {type!r}")
        arn = state_machine_arn(name, self.region, self.account)
        if self.store.state_machine(arn) is not None:
            raise StateMachineAlreadyExists(
                f"a state machine named {name!r} already exists ({arn}); use update() to change it",
                arn,
            )
        self.store.add_state_machine(
            arn, name, definition, role_arn, type, dict(tags or {}), datetime.now(timezone.utc)
        )
        return arn

    def _machine(self, arn: str) -> dict[str, Any]:
        found = self.store.state_machine(arn)
        if found is None:
            raise ResourceNotFound(f"state machine does not exist: {arn}")
        return found

    def update_state_machine(
        self, arn: str, definition: str | None = None, role_arn: str | None = None
    ) -> None:
        self._machine(arn)
        if definition is not None:
            _parse_definition(definition)
        self.store.update_state_machine(arn, definition, role_arn, datetime.now(timezone.utc))

    def delete_state_machine(self, arn: str) -> None:
        self._machine(arn)
        self.store.delete_state_machine(arn)

    def describe_state_machine(self, arn: str) -> dict[str, Any]:
        sm = self._machine(arn)
        return {
            "stateMachineArn": sm["arn"],
            "name": sm["name"],
            "status": "ACTIVE",
            "definition": sm["definition"],
            "roleArn": sm["role_arn"],
            "type": sm["type"],
            "creationDate": sm["created"],
            "revisionId": str(sm["version"]),
        }

    def list_state_machines(self, max_items: int = 100) -> list[dict[str, Any]]:
        return self.store.state_machines(max_items)

    # ------------------------------------------------------------------ executions

    def start_execution(
        self, arn: str, name: str | None = None, input: str | None = None
    ) -> dict[str, Any]:
        machine_arn, _, case = arn.partition("#")
        sm = self._machine(machine_arn)
        exec_name = name or str(uuid.uuid4())
        _check_name("execution", exec_name)
        try:
            value = json.loads(input) if input not in (None, "") else {}
        except (TypeError, json.JSONDecodeError) as exc:
            raise BackendError(f"the execution input is not valid JSON: {exc}") from None
        ex_arn = execution_arn(sm["name"], exec_name, self.region, self.account)
        if self.store.execution(ex_arn) is not None:
            raise BackendError(f"an execution named {exec_name!r} already exists: {ex_arn}")
        definition = json.loads(sm["definition"])
        mocks = None
        test_case = case or self.test_case
        if self._mock_config is not None and test_case:
            try:
                mocks = Mocks(self._mock_config, test_case, sm["name"])
            except MockConfigError as exc:
                raise BackendError(str(exc)) from None
        dispatcher = TaskDispatcher(
            functions=self.functions,
            tasks=self.tasks,
            mocks=mocks,
            tokens=self.tokens,
            region=self.region,
            account=self.account,
        )
        timeline = make_timeline(self.clock)
        start = timeline.now()
        info = ExecutionInfo(
            ex_arn, exec_name, machine_arn, sm["name"], sm["role_arn"], value, start
        )
        store = self.store
        log = EventLog(lambda event: store.add_event(ex_arn, event))
        observer = self.observe(definition, sm["name"]) if self.observe is not None else None
        runtime = Runtime(info, log, dispatcher, observer=observer)
        store.add_execution(
            ex_arn, machine_arn, exec_name, sm["version"], start, input if input else "{}"
        )

        def work() -> None:
            try:
                result = execute(definition, runtime, timeline)
            except Exception as exc:
                result = ExecutionResult("FAILED", None, RUNTIME, f"internal error: {exc}")
            self._finish(ex_arn, result, timeline.now())

        thread = threading.Thread(target=work, daemon=True, name=f"execution {exec_name}")
        with self._lock:
            self._running[ex_arn] = (thread, runtime)
        thread.start()
        return {"executionArn": ex_arn, "startDate": start}

    def _finish(self, arn: str, result: ExecutionResult, when: datetime) -> None:
        output = compact(result.output) if result.succeeded else None
        self.store.finish_execution(arn, result.status, when, output, result.error, result.cause)
        with self._lock:
            self._running.pop(arn, None)

    def _execution(self, execution_arn: str) -> dict[str, Any]:
        found = self.store.execution(execution_arn)
        if found is None:
            raise ResourceNotFound(f"execution does not exist: {execution_arn}")
        return found

    def describe_execution(self, execution_arn: str) -> dict[str, Any]:
        ex = self._execution(execution_arn)
        out: dict[str, Any] = {
            "executionArn": ex["arn"],
            "stateMachineArn": ex["state_machine_arn"],
            "name": ex["name"],
            "status": ex["status"],
            "startDate": ex["start"],
            "input": ex["input"],
            "inputDetails": {"included": True},
        }
        if ex["stop"] is not None:
            out["stopDate"] = ex["stop"]
        if ex["output"] is not None:
            out["output"] = ex["output"]
            out["outputDetails"] = {"included": True}
        if ex["error"] is not None:
            out["error"] = ex["error"]
        if ex["cause"] is not None:
            out["cause"] = ex["cause"]
        return out

    def wait(self, execution_arn: str, timeout: float | None = None) -> dict[str, Any]:
        """Block until the execution ends (or ``timeout`` seconds); return its description."""
        with self._lock:
            running = self._running.get(execution_arn)
        if running is not None:
            running[0].join(timeout)
        return self.describe_execution(execution_arn)

    def stop_execution(
        self, execution_arn: str, error: str | None = None, cause: str | None = None
    ) -> None:
        ex = self._execution(execution_arn)
        if ex["status"] != "RUNNING":
            return
        with self._lock:
            running = self._running.get(execution_arn)
        if running is None:
            self.store.abort(execution_arn, error, cause)
            return
        thread, runtime = running
        runtime.stop(ExecutionStopped("ABORTED", error, cause))
        thread.join(10.0)

    def list_executions(
        self, arn: str, status_filter: str | None = None, max_items: int = 100
    ) -> list[dict[str, Any]]:
        self._machine(arn)
        out = []
        for ex in self.store.executions(arn, status_filter, max_items):
            item = {
                "executionArn": ex["arn"],
                "stateMachineArn": ex["state_machine_arn"],
                "name": ex["name"],
                "status": ex["status"],
                "startDate": ex["start"],
            }
            if ex["stop"] is not None:
                item["stopDate"] = ex["stop"]
            out.append(item)
        return out

    def get_execution_history(
        self, execution_arn: str, reverse_order: bool = False, max_items: int | None = None
    ) -> list[dict[str, Any]]:
        self._execution(execution_arn)
        events = self.store.events(execution_arn)
        if reverse_order:
            events.reverse()
        return events[:max_items] if max_items is not None else events

    # ------------------------------------------------------------------ task tokens

    def send_task_success(self, task_token: str, output: Any) -> None:
        """Complete a ``.waitForTaskToken`` task; ``output`` is JSON text (as boto3) or a value."""
        if isinstance(output, str):
            try:
                output = json.loads(output)
            except json.JSONDecodeError as exc:
                raise BackendError(f"the task output is not valid JSON: {exc}") from None
        try:
            self.tokens.send_success(task_token, output)
        except UnknownTaskToken:
            raise ResourceNotFound("TaskDoesNotExist: no running task has this token") from None

    def send_task_failure(
        self, task_token: str, error: str | None = None, cause: str | None = None
    ) -> None:
        try:
            self.tokens.send_failure(task_token, error, cause)
        except UnknownTaskToken:
            raise ResourceNotFound("TaskDoesNotExist: no running task has this token") from None

    def send_task_heartbeat(self, task_token: str) -> None:
        try:
            self.tokens.send_heartbeat(task_token)
        except UnknownTaskToken:
            raise ResourceNotFound("TaskDoesNotExist: no running task has this token") from None

    def pending_task_tokens(self) -> list[str]:
        """Tokens of the ``.waitForTaskToken`` tasks now waiting (handy in tests and notebooks)."""
        return self.tokens.tokens()
