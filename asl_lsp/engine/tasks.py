"""Task dispatch: registered handlers, mocked responses and task tokens — never guesses.

A Task runs, in this order: the test case's mocked response for the state, a registered Python
Lambda handler (``functions``) for ``lambda:invoke`` or a Lambda ARN, a registered callable
(``tasks``) for any other resource; otherwise it fails with ``States.TaskFailed`` and a cause
naming what to register. Events follow the resource kind as AWS records them (Task*,
LambdaFunction*, Activity*).
"""

from __future__ import annotations

import base64
import functools
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from asl_lsp.engine.errors import HEARTBEAT_TIMEOUT, TASK_FAILED, TIMEOUT, StatesError, TaskFailure
from asl_lsp.engine.events import compact, from_compact
from asl_lsp.engine.lambda_shape import (
    FunctionTable,
    LambdaContext,
    error_cause,
    function_arn,
    invoke_response,
    split_function_name,
)
from asl_lsp.engine.mocks import Mocks
from asl_lsp.engine.runtime import BranchCancelled
from asl_lsp.expr.errors import JsonValue

if TYPE_CHECKING:
    from asl_lsp.engine.state_run import StateRun

LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
_PATTERNS = (".waitForTaskToken", ".sync:2", ".sync")


class UnknownTaskToken(KeyError):
    """``send_task_*`` named a token no running task is waiting for."""


@dataclass
class TokenWaiter:
    done: threading.Event = field(default_factory=threading.Event)
    output: JsonValue = None
    error: tuple[str, str] | None = None
    heartbeat: float = field(default_factory=time.monotonic)


class TokenRegistry:
    """Task tokens of ``.waitForTaskToken`` tasks, shared by every execution of a backend."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: dict[str, TokenWaiter] = {}

    def new(self) -> tuple[str, TokenWaiter]:
        token = base64.urlsafe_b64encode(secrets.token_bytes(48)).decode("ascii")
        waiter = TokenWaiter()
        with self._lock:
            self._waiters[token] = waiter
        return token, waiter

    def discard(self, token: str) -> None:
        with self._lock:
            self._waiters.pop(token, None)

    def _get(self, token: str) -> TokenWaiter:
        with self._lock:
            waiter = self._waiters.get(token)
        if waiter is None or waiter.done.is_set():
            raise UnknownTaskToken(token)
        return waiter

    def send_success(self, token: str, output: JsonValue) -> None:
        waiter = self._get(token)
        waiter.output = output
        waiter.done.set()

    def send_failure(self, token: str, error: str | None, cause: str | None) -> None:
        waiter = self._get(token)
        waiter.error = (error or "", cause or "")
        waiter.done.set()

    def send_heartbeat(self, token: str) -> None:
        self._get(token).heartbeat = time.monotonic()

    def tokens(self) -> list[str]:
        with self._lock:
            return list(self._waiters)


@dataclass(frozen=True)
class ResourceKind:
    """How history names a resource: event prefix and the Task* ``resourceType``/``resource``."""

    events: str  # "Task", "LambdaFunction" or "Activity"
    resource_type: str
    resource: str
    base: str  # the ARN without .sync / .waitForTaskToken
    pattern: str  # "", ".sync", ".sync:2" or ".waitForTaskToken"

    @functools.cached_property
    def succeeded(self) -> str:
        """The type of the event that records the resource's result, e.g. "TaskSucceeded"."""
        return f"{self.events}Succeeded"

    @functools.cached_property
    def succeeded_key(self) -> str:
        """The details key of that event, e.g. "taskSucceededEventDetails"."""
        return self.events[0].lower() + self.events[1:] + "SucceededEventDetails"


@functools.lru_cache(maxsize=1024)
def classify(arn: str) -> ResourceKind:
    """How history names ``arn`` (a pure function of the text: cached for Map iterations)."""
    base, pattern = arn, ""
    for suffix in _PATTERNS:
        if arn.endswith(suffix):
            base, pattern = arn[: -len(suffix)], suffix
            break
    parts = arn.split(":")
    if (
        arn.startswith("arn:")
        and len(parts) >= 6
        and parts[2] == "lambda"
        and parts[5] == "function"
    ):
        return ResourceKind("LambdaFunction", "lambda", arn, base, pattern)
    if (
        arn.startswith("arn:")
        and len(parts) >= 6
        and parts[2] == "states"
        and parts[5] == "activity"
    ):
        return ResourceKind("Activity", "activity", arn, base, pattern)
    if arn.startswith("arn:aws:states:::") or (len(parts) > 5 and parts[2] == "states"):
        rest = arn.split(":::", 1)[1] if ":::" in arn else ":".join(parts[5:])
        if rest.startswith("aws-sdk:"):
            bits = rest.split(":")
            return ResourceKind("Task", ":".join(bits[:2]), ":".join(bits[2:]), base, pattern)
        service, _, action = rest.partition(":")
        return ResourceKind("Task", service, action, base, pattern)
    return ResourceKind("Task", "unknown", arn, base, pattern)


TaskFn = Callable[[JsonValue], JsonValue]


class TaskDispatcher:
    def __init__(
        self,
        *,
        functions: Mapping[str, Callable[..., Any]] | None = None,
        tasks: Mapping[str, TaskFn] | None = None,
        mocks: Mocks | None = None,
        tokens: TokenRegistry | None = None,
        region: str = "us-east-1",
        account: str = "123456789012",
    ) -> None:
        self.functions = FunctionTable(functions)
        self.tasks = dict(tasks or {})
        self.mocks = mocks
        self.tokens = tokens or TokenRegistry()
        self.region = region
        self.account = account

    # ------------------------------------------------------------------ entry point

    def invoke(
        self,
        run: StateRun,
        kind: ResourceKind,
        args: JsonValue,
        *,
        timeout: float | None,
        heartbeat: float | None,
        waiter: TokenWaiter | None,
    ) -> JsonValue:
        """Call the resource of ``kind`` (see :func:`classify`) with ``args``, recording its
        events; its result, or the StatesError it failed with."""
        frame = run.frame
        args_text = run.json_text(args)
        self._scheduled(run, kind, args_text, timeout, heartbeat)
        try:
            if kind.events == "LambdaFunction":
                frame.emit("LambdaFunctionStarted")
            elif kind.events == "Activity":
                frame.emit(
                    "ActivityStarted", "activityStartedEventDetails", {"workerName": "local"}
                )
            else:
                frame.emit(
                    "TaskStarted",
                    "taskStartedEventDetails",
                    {"resourceType": kind.resource_type, "resource": kind.resource},
                )
            started = time.monotonic()
            call = self._call_for(run, kind, args, args_text)
            result = self._with_timeout(run, call, timeout)
            if waiter is not None:
                frame.emit(
                    "TaskSubmitted",
                    "taskSubmittedEventDetails",
                    {
                        "resourceType": kind.resource_type,
                        "resource": kind.resource,
                        "output": run.json_text(result),
                        "outputDetails": {"truncated": False},
                    },
                )
                if not (self.mocks is not None and self.mocks.has(run.name)):
                    left = (
                        None
                        if timeout is None
                        else max(0.0, timeout - (time.monotonic() - started))
                    )
                    result = self._wait_token(run, waiter, left, heartbeat)
        except StatesError as exc:
            self._failed(run, kind, exc)
            raise
        self._succeeded(run, kind, result)
        return result

    # ------------------------------------------------------------------ events

    def _scheduled(
        self,
        run: StateRun,
        kind: ResourceKind,
        args_text: str,
        timeout: float | None,
        heartbeat: float | None,
    ) -> None:
        if kind.events == "Task":
            details: dict[str, Any] = {
                "resourceType": kind.resource_type,
                "resource": kind.resource,
                "region": self.region,
                "parameters": args_text,
            }
            if timeout is not None:
                details["timeoutInSeconds"] = int(timeout)
            if heartbeat is not None:
                details["heartbeatInSeconds"] = int(heartbeat)
            run.frame.emit("TaskScheduled", "taskScheduledEventDetails", details)
            return
        key = (
            "lambdaFunctionScheduledEventDetails"
            if kind.events == "LambdaFunction"
            else ("activityScheduledEventDetails")
        )
        details = {
            "resource": kind.resource,
            "input": args_text,
            "inputDetails": {"truncated": False},
        }
        if timeout is not None:
            details["timeoutInSeconds"] = int(timeout)
        if heartbeat is not None and kind.events == "Activity":
            details["heartbeatInSeconds"] = int(heartbeat)
        run.frame.emit(f"{kind.events}Scheduled", key, details)

    def _succeeded(self, run: StateRun, kind: ResourceKind, result: JsonValue) -> None:
        text = run.json_text(result)
        out: dict[str, Any]
        if kind.events == "Task":
            out = {
                "resourceType": kind.resource_type,
                "resource": kind.resource,
                "output": text,
                "outputDetails": {"truncated": False},
            }
        else:
            out = {"output": text, "outputDetails": {"truncated": False}}
        run.frame.emit(kind.succeeded, kind.succeeded_key, out)

    def _failed(self, run: StateRun, kind: ResourceKind, exc: StatesError) -> None:
        timed_out = exc.error in (TIMEOUT, HEARTBEAT_TIMEOUT)
        what = "TimedOut" if timed_out else "Failed"
        details: dict[str, Any] = {"error": exc.error, "cause": exc.cause}
        if kind.events == "Task":
            details = {"resourceType": kind.resource_type, "resource": kind.resource, **details}
        key = kind.events[0].lower() + kind.events[1:] + what + "EventDetails"
        run.frame.emit(f"{kind.events}{what}", key, details)

    # ------------------------------------------------------------------ handlers

    def _call_for(
        self, run: StateRun, kind: ResourceKind, args: JsonValue, args_text: str
    ) -> Callable[[], JsonValue]:
        if self.mocks is not None and self.mocks.has(run.name):
            mocks, name = self.mocks, run.name
            return lambda: mocks.respond(name)
        if kind.base == LAMBDA_INVOKE:
            return self._lambda_invoke(args, args_text, kind)
        if kind.events == "LambdaFunction":
            found = self.functions.find(kind.base)
            if found is not None:
                return self._lambda_call(found, args_text, payload_only=True)
            fn = self._task_fn(kind)
            if fn is None:
                raise self._missing(
                    f"no handler for Lambda function {kind.base}: pass "
                    f"functions={{'{split_function_name(kind.base)[0]}': handler}} to LocalBackend "
                    "or --functions module:dict to asl run"
                )
        else:
            fn = self._task_fn(kind)
            if fn is None:
                raise self._missing(
                    f"no handler for {kind.base}: pass tasks={{'{kind.base}': fn}} to "
                    "LocalBackend (fn receives the task input and returns its result)"
                )
        task_fn = fn

        def call() -> JsonValue:
            try:
                return task_fn(from_compact(args_text))
            except StatesError:
                raise
            except Exception as exc:
                raise StatesError(type(exc).__name__, str(exc)) from None

        return call

    def _task_fn(self, kind: ResourceKind) -> TaskFn | None:
        for key in (kind.base + kind.pattern, kind.base):
            fn = self.tasks.get(key)
            if fn is not None:
                return fn
        return None

    def _missing(self, cause: str) -> StatesError:
        return StatesError(TASK_FAILED, cause)

    def _lambda_invoke(
        self, args: JsonValue, args_text: str, kind: ResourceKind
    ) -> Callable[[], JsonValue]:
        if not isinstance(args, dict) or not isinstance(args.get("FunctionName"), str):
            raise StatesError(
                TASK_FAILED,
                "arn:aws:states:::lambda:invoke needs a string FunctionName in its Parameters",
            )
        function = args["FunctionName"]
        found = self.functions.find(function)
        if found is None:
            name = split_function_name(function)[0]
            raise self._missing(
                f"no handler for arn:aws:states:::lambda:invoke FunctionName '{function}': pass "
                f"functions={{'{name}': handler}} to LocalBackend or --functions module:dict "
                "to asl run"
            )
        payload_text = compact(args["Payload"]) if "Payload" in args else "{}"
        return self._lambda_call(found, payload_text, payload_only=False)

    def _lambda_call(
        self,
        found: tuple[str, str | None, Callable[..., Any]],
        event_text: str,
        *,
        payload_only: bool,
    ) -> Callable[[], JsonValue]:
        name, qualifier, handler = found
        version = qualifier if qualifier and qualifier.isdigit() else "$LATEST"
        arn = function_arn(name, self.region, self.account, qualifier)

        def call() -> JsonValue:
            context = LambdaContext(name, version, arn)
            try:
                payload = handler(from_compact(event_text), context)
            except TaskFailure:
                raise
            except Exception as exc:
                raise StatesError(type(exc).__name__, error_cause(exc)) from None
            try:
                text = compact(payload)
            except (TypeError, ValueError) as exc:
                raise StatesError(
                    "Runtime.MarshalError",
                    json.dumps(
                        {
                            "errorMessage": f"Unable to marshal response: {exc}",
                            "errorType": "Runtime.MarshalError",
                            "stackTrace": [],
                        }
                    ),
                ) from None
            value = from_compact(text)
            if payload_only:
                return value
            return invoke_response(value, version, len(text.encode()))

        return call

    # ------------------------------------------------------------------ time limits

    def _with_timeout(
        self, run: StateRun, call: Callable[[], JsonValue], timeout: float | None
    ) -> JsonValue:
        remaining = run.frame.remaining()
        if timeout is None and remaining is None:
            return call()
        box: dict[str, Any] = {}
        done = threading.Event()

        def target() -> None:
            try:
                box["value"] = call()
            except BaseException as exc:
                box["error"] = exc
            done.set()

        threading.Thread(target=target, daemon=True, name=f"task {run.name}").start()
        limit = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while not done.wait(0.05):
            run.frame.check()
            if time.monotonic() >= limit:
                raise StatesError(TIMEOUT, "")
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def _wait_token(
        self, run: StateRun, waiter: TokenWaiter, timeout: float | None, heartbeat: float | None
    ) -> JsonValue:
        limit = None if timeout is None else time.monotonic() + timeout
        while not waiter.done.wait(0.05):
            try:
                run.frame.check()
            except BranchCancelled:
                raise
            now = time.monotonic()
            if limit is not None and now >= limit:
                raise StatesError(TIMEOUT, "")
            if heartbeat is not None and now - waiter.heartbeat >= heartbeat:
                raise StatesError(HEARTBEAT_TIMEOUT, "")
        if waiter.error is not None:
            raise StatesError(*waiter.error)
        return waiter.output
