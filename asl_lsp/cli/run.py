"""``asl run``: run a state machine file on the local engine and print its output."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
from pathlib import Path
from typing import Any

from asl_lsp.engine.events import Event, EventSink
from asl_lsp.expr.errors import JsonValue
from asl_lsp.liveview import ExecutionView, LiveLine, parallel_end_states


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="ASL definition (JSON, YAML or a template)")
    parser.add_argument("--input", metavar="JSON|@FILE", help="execution input (default {})")
    parser.add_argument(
        "--functions",
        metavar="MODULE:DICT",
        help="dict of Lambda function name -> handler(event, context), from a module or a .py file "
        "(default: [run] functions in .asl-lsp.toml or pyproject.toml)",
    )
    parser.add_argument(
        "--tasks", metavar="MODULE:DICT", help="dict of resource ARN -> fn(input) for other tasks"
    )
    parser.add_argument("--mocks", metavar="FILE", help="Step Functions Local MockConfigFile")
    parser.add_argument("--test-case", metavar="NAME", help="test case of the mock file")
    parser.add_argument("--name", metavar="NAME", help="state machine name (selects the mocks)")
    parser.add_argument(
        "--virtual-clock", action="store_true", help="make Wait states and retry back-offs instant"
    )
    parser.add_argument("--events", action="store_true", help="print the history events to stderr")
    parser.add_argument(
        "--watch",
        action="store_true",
        help="show where the execution is: one live status line on a terminal (state, elapsed "
        "time, Map/Parallel progress, retries), else a line per state and retry",
    )
    parser.add_argument(
        "--no-store",
        action="store_true",
        help="do not keep the execution in the local store (~/.asl-lsp, or $ASL_LSP_HOME)",
    )
    parser.add_argument(
        "--cov",
        action="store_true",
        help="add this run's state and branch coverage to .asl-coverage.json (as asl test --cov)",
    )


def _fail(message: str) -> int:
    print(f"asl run: {message}", file=sys.stderr)
    return 2


def _read_input(text: str | None) -> JsonValue:
    if text is None:
        return {}
    if text.startswith("@"):
        text = Path(text[1:]).read_text(encoding="utf-8")
    return json.loads(text)


def _event_line(event: dict[str, Any]) -> str:
    details = next((v for k, v in event.items() if k.endswith("EventDetails")), None)
    extra = ""
    if isinstance(details, dict):
        if "name" in details:
            extra = f" {details['name']}"
        if "error" in details:
            extra += f" error={details['error']}"
    stamp = event["timestamp"].strftime("%H:%M:%S.%f")[:-3]
    return f"{event['id']:>4} {stamp} {event['type']}{extra}"


def _both(first: EventSink | None, second: EventSink | None) -> EventSink | None:
    """One event sink feeding both (the store and the live view), or the one that is given."""
    if first is None or second is None:
        return first or second

    def feed(event: Event) -> None:
        first(event)
        second(event)

    return feed


def _aborted(cause: str) -> Any:
    # Imported here: `--help` and usage errors answer without loading the engine.
    from asl_lsp.engine.runner import ExecutionResult

    return ExecutionResult("ABORTED", None, None, cause)


def run(args: argparse.Namespace) -> int:
    # Imported here: the engine loads only when something runs.
    from asl_lsp.engine.loading import LoadError, handlers_for, read_definition
    from asl_lsp.engine.mocks import MockConfigError
    from asl_lsp.engine.runner import run_definition

    path = Path(args.file)
    try:
        definition = read_definition(path)
        value = _read_input(args.input)
    except LoadError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot read input file: {exc.strerror}")
    except json.JSONDecodeError as exc:
        return _fail(f"--input is not valid JSON: {exc.msg} (column {exc.colno})")
    if (args.mocks is None) != (args.test_case is None):
        return _fail("--mocks and --test-case go together")
    try:
        functions, tasks = handlers_for(path, args.functions, args.tasks)
    except LoadError as exc:
        return _fail(str(exc))

    view = ExecutionView(parallel_end_states(definition))
    live = LiveLine(view, sys.stderr) if args.watch and sys.stderr.isatty() else None
    lock = threading.Lock()

    def watch(event: Event) -> None:
        if live is not None:
            live.feed(event)
            return
        with lock:  # Map iterations report from worker threads
            line = view.feed(event)
        if line is not None:
            print(line, file=sys.stderr, flush=True)

    machine_name = args.name or "LocalStateMachine"
    recording = None
    if not args.no_store:
        # Imported here: the store loads only when the run is kept (not with --no-store).
        from asl_lsp.engine.recording import RecordingError, start_recording

        try:
            recording = start_recording(machine_name, definition, value)
        except RecordingError as exc:
            print(f"asl run: {exc}; running without storing", file=sys.stderr)

    session = observer = None
    if args.cov:
        # Imported here: coverage loads only with --cov.
        from asl_lsp.testing.coverage import COVERAGE_FILE, display_path
        from asl_lsp.testing.recorder import CoverageSession

        session = CoverageSession.continuing(COVERAGE_FILE)
        observer = session.recorder(session.definition(definition, path=display_path(path)))

    try:
        with live if live is not None else contextlib.nullcontext():
            result = run_definition(
                definition,
                value,
                functions=functions,
                tasks=tasks,
                mocks=args.mocks,
                test_case=args.test_case,
                clock="virtual" if args.virtual_clock else "real",
                name=machine_name,
                execution_name=recording.execution_name if recording else None,
                on_event=_both(
                    recording.add_event if recording else None, watch if args.watch else None
                ),
                observer=observer,
            )
    except MockConfigError as exc:
        if recording is not None:
            recording.finish(_aborted(str(exc)))
        return _fail(str(exc))
    if recording is not None:
        recording.finish(result)
        print(f"asl run: execution {recording.execution_arn} (stored)", file=sys.stderr)
    if session is not None:
        try:
            session.save(COVERAGE_FILE)
        except OSError as exc:
            return _fail(f"cannot write {COVERAGE_FILE}: {exc.strerror}")
        total = session.data.percent
        print(f"coverage: {total:.0f}% of states and branches, in {COVERAGE_FILE}", file=sys.stderr)
    if args.events:
        for event in result.events:
            print(_event_line(event), file=sys.stderr)
    if result.succeeded:
        print(json.dumps(result.output, indent=2, ensure_ascii=False))
        return 0
    print(f"execution {result.status}: {result.error or ''}", file=sys.stderr)
    if result.cause:
        print(f"cause: {result.cause}", file=sys.stderr)
    return 1
