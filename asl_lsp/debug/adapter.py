"""The debug adapter: DAP requests in, controller calls out, events back.

One adapter serves one client connection. Requests are handled in order on the reader thread;
the execution runs on its own thread (and the engine's branch threads), which report stops
through the controller's listener.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

from asl_lsp.debug.controller import (
    Breakpoint,
    Controller,
    DebugThread,
    ExceptionFilter,
    Mode,
    Point,
    Stop,
)
from asl_lsp.debug.inspect import EvaluationFailed, StateView, evaluate
from asl_lsp.debug.launch import LaunchConfig, LaunchError, load_launch
from asl_lsp.debug.protocol import (
    Channel,
    ProtocolError,
    Request,
    Response,
    read_message,
    to_request,
)
from asl_lsp.debug.variables import Variables, json_type, render

EXCEPTION_FILTERS: dict[str, tuple[str, bool, bool, bool]] = {
    # id: (label, States.* errors, caught, on by default)
    "states-uncaught": ("Uncaught States.* errors", True, False, True),
    "custom-uncaught": ("Uncaught custom errors (Fail states, task errors)", False, False, True),
    "states-caught": ("Caught States.* errors", True, True, False),
    "custom-caught": ("Caught custom errors", False, True, False),
}


class _Failure(Exception):
    """A request that cannot be done: answered with success false and this message."""


# Where each scope's values are reached from in the console.
_SCOPE_PATHS = {"Input": "$", "Context object": "$$"}


class DebugAdapter:
    def __init__(self, output: BinaryIO) -> None:
        self.channel = Channel(output)
        self.config: LaunchConfig | None = None
        self.controller: Controller | None = None
        self._execution: threading.Thread | None = None
        self._breakpoints: list[Breakpoint] = []
        self._filters: list[ExceptionFilter] = [
            ExceptionFilter(states, caught)
            for _, states, caught, default in EXCEPTION_FILTERS.values()
            if default
        ]
        self._variables = Variables()
        self._frames: dict[int, StateView] = {}
        self._next_bp = 1
        self._done = threading.Event()
        self._quiet_end = False
        self._no_debug = False  # "Run Without Debugging": the same run, never stopping
        self._handlers: dict[str, Callable[[Request], dict[str, Any] | None]] = {
            "initialize": self.initialize,
            "launch": self.launch,
            "setBreakpoints": self.set_breakpoints,
            "setExceptionBreakpoints": self.set_exception_breakpoints,
            "configurationDone": self.configuration_done,
            "threads": self.threads,
            "stackTrace": self.stack_trace,
            "scopes": self.scopes,
            "variables": self.variables,
            "evaluate": self.evaluate,
            "continue": self.resume(Mode.CONTINUE),
            "next": self.resume(Mode.NEXT),
            "stepIn": self.resume(Mode.STEP_IN),
            "stepOut": self.resume(Mode.STEP_OUT),
            "pause": self.pause,
            "restart": self.restart,
            "terminate": self.terminate,
            "disconnect": self.disconnect,
            "exceptionInfo": self.exception_info,
        }

    # ---------------------------------------------------------------- the loop

    def serve(self, stream: BinaryIO) -> None:
        """Answer requests until the client disconnects or the stream ends."""
        while not self._done.is_set():
            try:
                message = read_message(stream)
            except ProtocolError as exc:
                self.channel.event("output", {"category": "stderr", "output": f"{exc}\n"})
                break
            if message is None:
                break
            try:
                request = to_request(message)
            except ProtocolError as exc:
                self.channel.event("output", {"category": "stderr", "output": f"{exc}\n"})
                continue
            if request is not None:
                self.handle(request)
        self._end_execution()

    def handle(self, request: Request) -> None:
        handler = self._handlers.get(request.command)
        if handler is None:
            message = f"the request '{request.command}' is not supported"
            self.channel.send(Response(request, success=False, message=message))
            return
        try:
            body = handler(request)
        except (_Failure, LaunchError) as exc:
            self.channel.send(Response(request, success=False, message=str(exc)))
            return
        self.channel.send(Response(request, body))
        if request.command == "launch":
            self.channel.event("initialized")

    # ---------------------------------------------------------------- session set-up

    def initialize(self, request: Request) -> dict[str, Any]:
        return {
            "supportsConfigurationDoneRequest": True,
            "supportsConditionalBreakpoints": True,
            "supportsHitConditionalBreakpoints": True,
            "supportsEvaluateForHovers": True,
            "supportsRestartRequest": True,
            "supportsTerminateRequest": True,
            "supportsExceptionInfoRequest": True,
            "supportsExceptionFilterOptions": True,
            "exceptionBreakpointFilters": [
                {
                    "filter": key,
                    "label": label,
                    "default": default,
                    "supportsCondition": True,
                    "conditionDescription": "error names, comma separated",
                }
                for key, (label, _, _, default) in EXCEPTION_FILTERS.items()
            ],
        }

    def launch(self, request: Request) -> None:
        # Imported here: the adapter answers initialize before the engine loads.
        from asl_lsp.engine.interpreter import handlers

        self.config = load_launch(request.arguments)
        self._no_debug = bool(request.arguments.get("noDebug"))
        self._new_controller()
        handlers()  # import every state handler now, not during the user's first step

    def _new_controller(self) -> None:
        assert self.config is not None
        self.controller = Controller(
            self, stop_on_entry=self.config.stop_on_entry and not self._no_debug
        )
        if not self._no_debug:
            self.controller.set_breakpoints(self._breakpoints)
            self.controller.set_exception_filters(self._filters)

    def set_breakpoints(self, request: Request) -> dict[str, Any]:
        config = self._config()
        args = request.arguments
        source = args.get("source") or {}
        path = source.get("path") if isinstance(source, dict) else None
        wanted = args.get("breakpoints")
        if not isinstance(wanted, list):
            wanted = [{"line": line} for line in args.get("lines") or []]
        same_file = isinstance(path, str) and _same_file(path, str(config.program))
        answers: list[dict[str, Any]] = []
        placed: list[Breakpoint] = []
        for item in wanted:
            line = item.get("line") if isinstance(item, dict) else None
            bp_id = self._next_bp
            self._next_bp += 1
            spot = config.source.spot(line - 1) if same_file and isinstance(line, int) else None
            if spot is None:
                answers.append(
                    {
                        "id": bp_id,
                        "verified": False,
                        "line": line,
                        "message": "no state on or below this line of the program"
                        if same_file
                        else "not the program being debugged",
                    }
                )
                continue
            placed.append(
                Breakpoint(
                    bp_id,
                    spot.location.spec_id,
                    spot.rule,
                    item.get("condition") or None,
                    item.get("hitCondition") or None,
                )
            )
            answers.append({"id": bp_id, "verified": True, "line": spot.line + 1})
        self._breakpoints = placed
        if self.controller is not None and not self._no_debug:
            self.controller.set_breakpoints(placed)
        return {"breakpoints": answers}

    def set_exception_breakpoints(self, request: Request) -> dict[str, Any]:
        args = request.arguments
        chosen: list[tuple[str, str]] = [(f, "") for f in args.get("filters") or []]
        for option in args.get("filterOptions") or []:
            if isinstance(option, dict):
                chosen.append((option.get("filterId", ""), option.get("condition") or ""))
        filters: list[ExceptionFilter] = []
        answers = []
        for key, condition in chosen:
            known = EXCEPTION_FILTERS.get(key)
            answers.append({"verified": known is not None})
            if known is None:
                continue
            names = frozenset(n.strip() for n in condition.split(",") if n.strip())
            filters.append(ExceptionFilter(known[1], known[2], names))
        self._filters = filters
        if self.controller is not None and not self._no_debug:
            self.controller.set_exception_filters(filters)
        return {"breakpoints": answers}

    def configuration_done(self, request: Request) -> None:
        self._start()

    def _start(self) -> None:
        config, controller = self._config(), self.controller
        assert controller is not None
        self._quiet_end = False
        thread = threading.Thread(
            target=self._execute, args=(config, controller), name="asl-debug", daemon=True
        )
        self._execution = thread
        self.channel.event("thread", {"reason": "started", "threadId": controller.main.id})
        thread.start()

    def _execute(self, config: LaunchConfig, controller: Controller) -> None:
        # Imported here: the adapter answers initialize before the engine loads.
        from asl_lsp.engine.mocks import MockConfigError
        from asl_lsp.engine.runner import run_definition

        try:
            result = run_definition(
                config.source.definition,
                config.input,
                functions=config.functions,
                tasks=config.tasks,
                mocks=config.mocks,
                test_case=config.test_case,
                clock=config.clock,
                name=config.name,
                observer=controller,
            )
        except MockConfigError as exc:
            self._say(f"asl debug: {exc}\n", "stderr")
            code = 2
        else:
            if result.succeeded:
                self._say(f"SUCCEEDED\n{json.dumps(result.output, indent=2)}\n", "stdout")
                code = 0
            else:
                cause = f"\ncause: {result.cause}" if result.cause else ""
                self._say(f"{result.status}: {result.error or ''}{cause}\n", "stderr")
                code = 1
        if controller is self.controller and not self._quiet_end:
            self.channel.event("exited", {"exitCode": code})
            self.channel.event("terminated")

    def _say(self, text: str, category: str) -> None:
        self.channel.event("output", {"category": category, "output": text})

    # ---------------------------------------------------------------- inspecting

    def threads(self, request: Request) -> dict[str, Any]:
        controller = self.controller
        threads = controller.threads() if controller is not None else []
        return {"threads": [{"id": t.id, "name": t.name} for t in threads]}

    def stack_trace(self, request: Request) -> dict[str, Any]:
        thread = self._thread(request.arguments.get("threadId"))
        config = self._config()
        views = thread.stack()
        frames = []
        for depth, view in enumerate(views):
            frame_id = len(self._frames) + 1
            self._frames[frame_id] = view
            location = config.source.location(view.run.spec)
            name = view.run.name
            if depth == 0 and thread.point is not None and thread.point is not Point.STATE:
                name += f" - {_point_label(thread)}"
            line = location.first_line + 1 if location is not None else 0
            if depth == 0 and location is not None and thread.point is Point.RULE:
                index = int(thread.detail or 0)
                if index < len(location.rules):
                    line = location.rules[index][0] + 1
            frames.append(
                {
                    "id": frame_id,
                    "name": name,
                    "line": line,
                    "column": 1,
                    "source": {"name": config.program.name, "path": str(config.program)},
                }
            )
        return {"stackFrames": frames, "totalFrames": len(frames)}

    def scopes(self, request: Request) -> dict[str, Any]:
        view = self._frame(request.arguments.get("frameId"))
        scopes = []
        for name, value in view.scopes():
            path = _SCOPE_PATHS.get(name)
            shown = value if isinstance(value, (dict, list)) and value else {"value": value}
            ref = self._variables.add(shown, path if shown is value else None)
            scopes.append({"name": name, "variablesReference": ref, "expensive": False})
        return {"scopes": scopes}

    def variables(self, request: Request) -> dict[str, Any]:
        ref = request.arguments.get("variablesReference")
        return {"variables": self._variables.children(ref if isinstance(ref, int) else 0)}

    def evaluate(self, request: Request) -> dict[str, Any]:
        args = request.arguments
        expression = args.get("expression")
        if not isinstance(expression, str):
            raise _Failure("no expression")
        if args.get("context") == "hover" and not expression.lstrip().startswith(("$", "States.")):
            raise _Failure("not an expression")  # a field name under the mouse, not a path
        frame_id = args.get("frameId")
        if isinstance(frame_id, int) and frame_id in self._frames:
            view = self._frames[frame_id]
        else:
            stop = self.controller.stopped if self.controller is not None else None
            if stop is None or stop.thread.view is None:
                raise _Failure("the execution is not paused at a state")
            view = stop.thread.view
        try:
            value = evaluate(expression, view)
        except EvaluationFailed as exc:
            raise _Failure(str(exc)) from None
        return {
            "result": render(value),
            "type": json_type(value),
            "variablesReference": self._variables.add(value, expression.strip()),
        }

    def exception_info(self, request: Request) -> dict[str, Any]:
        stop = self.controller.stopped if self.controller is not None else None
        if stop is None or stop.error is None:
            raise _Failure("not stopped at an error")
        return {
            "exceptionId": stop.error.error or "(no error name)",
            "description": stop.error.cause or "",
            "breakMode": "always",
        }

    # ---------------------------------------------------------------- running

    def resume(self, mode: Mode) -> Callable[[Request], dict[str, Any] | None]:
        def handler(request: Request) -> dict[str, Any] | None:
            controller = self._running_controller()
            self._forget_stop()
            thread_id = request.arguments.get("threadId")
            controller.resume(mode, thread_id if isinstance(thread_id, int) else None)
            return {"allThreadsContinued": True} if mode is Mode.CONTINUE else None

        return handler

    def pause(self, request: Request) -> None:
        self._running_controller().pause()

    def restart(self, request: Request) -> None:
        arguments = request.arguments.get("arguments")
        self._end_execution(quiet=True)
        if isinstance(arguments, dict) and (arguments.get("program") or arguments.get("test")):
            self.config = load_launch(arguments)
        self._new_controller()
        self._start()

    def terminate(self, request: Request) -> None:
        self._end_execution()

    def disconnect(self, request: Request) -> None:
        self._end_execution()
        self._done.set()

    def _end_execution(self, quiet: bool = False) -> None:
        controller, thread = self.controller, self._execution
        if controller is None or thread is None:
            return
        self._quiet_end = quiet
        self._forget_stop()
        controller.terminate()
        thread.join(timeout=10)
        self._execution = None

    # ---------------------------------------------------------------- listener (engine threads)

    def stopped(self, stop: Stop) -> None:
        body: dict[str, Any] = {
            "reason": stop.reason,
            "threadId": stop.thread.id,
            "allThreadsStopped": True,
        }
        if stop.breakpoints:
            body["hitBreakpointIds"] = list(stop.breakpoints)
        if stop.text:
            body["text"] = stop.text
        if stop.error is not None:
            body["description"] = f"{stop.error.error}: {stop.error.cause}"
        self.channel.event("stopped", body)

    def thread_started(self, thread: DebugThread) -> None:
        self.channel.event("thread", {"reason": "started", "threadId": thread.id})

    def thread_exited(self, thread: DebugThread) -> None:
        self.channel.event("thread", {"reason": "exited", "threadId": thread.id})

    def message(self, text: str) -> None:
        self._say(text, "console")

    # ---------------------------------------------------------------- helpers

    def _config(self) -> LaunchConfig:
        if self.config is None:
            raise _Failure("launch first")
        return self.config

    def _running_controller(self) -> Controller:
        if self.controller is None or self._execution is None:
            raise _Failure("the execution is not running")
        return self.controller

    def _thread(self, thread_id: Any) -> DebugThread:
        controller = self.controller
        thread = controller.thread(thread_id) if controller is not None else None
        if thread is None:
            raise _Failure(f"no thread {thread_id}")
        return thread

    def _frame(self, frame_id: Any) -> StateView:
        view = self._frames.get(frame_id) if isinstance(frame_id, int) else None
        if view is None:
            raise _Failure(f"no frame {frame_id}")
        return view

    def _forget_stop(self) -> None:
        self._frames.clear()
        self._variables.clear()


def _point_label(thread: DebugThread) -> str:
    if thread.point is Point.RULE:
        return f"Choices[{thread.detail}]"
    if thread.point is Point.ERROR:
        return f"error {thread.detail}"
    return thread.detail or ""


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))
