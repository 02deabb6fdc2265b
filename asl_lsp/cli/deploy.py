"""``asl deploy FILE --name NAME --role ARN``: lint, then create or update a state machine.

With ``--execute`` it also starts an execution, shows where it is while it runs (one live status
line on a terminal: state, elapsed time, Map/Parallel progress and retries; plain lines
otherwise), and prints the final status and output.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

import yaml

from asl_lsp.cli.backend_options import add_target_options, fail, make_backend
from asl_lsp.engine.loading import blocking_errors, refusal
from asl_lsp.liveview import ExecutionView, LiveLine, parallel_end_states
from asl_lsp.sdk.backends.base import (
    Backend,
    BackendError,
    InvalidDefinition,
    StateMachineAlreadyExists,
)
from asl_lsp.syntax.document import parse_source

POLL_SECONDS = 0.3


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the ASL definition (JSON or YAML)")
    parser.add_argument("--name", required=True, help="the state machine's name")
    parser.add_argument("--role", required=True, help="the execution role ARN")
    parser.add_argument(
        "--type",
        choices=("STANDARD", "EXPRESS"),
        default="STANDARD",
        help="state machine type (default STANDARD)",
    )
    parser.add_argument(
        "--execute",
        action="store_true",
        help="start an execution after deploying and wait for its end",
    )
    parser.add_argument(
        "--input", default=None, help="execution input: JSON text, or @FILE to read it from a file"
    )
    parser.add_argument(
        "--force", action="store_true", help="deploy even when the linter reports errors"
    )
    add_target_options(parser)


def _load_definition(path: Path) -> tuple[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        return text, json.loads(text)
    except ValueError as json_error:
        if path.suffix.lower() not in (".yaml", ".yml"):
            raise ValueError(f"{path} is not valid JSON: {json_error}") from None
    try:
        return text, yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path} is not valid YAML: {exc}".replace("\n", " ")) from None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _lint_errors(path: Path, text: str) -> list[str] | None:
    """Error-severity findings as ``file:line:col: CODE message`` lines; None without a linter."""
    try:
        # Imported here: loaded with the parser, only when a definition is read.
        from asl_lsp.diagnostic import Severity
        from asl_lsp.lint.api import lint_text
    except ImportError:
        return None
    lines = []
    for diag in lint_text(text, str(path)):
        if diag.severity is Severity.ERROR:
            line, col = _line_col(text, diag.span.start)
            lines.append(f"{path}:{line}:{col}: {diag.code} {diag.message}")
    return lines


def _read_input(value: str | None) -> str:
    if value is None:
        return "{}"
    text = Path(value[1:]).read_text(encoding="utf-8") if value.startswith("@") else value
    try:
        json.loads(text)
    except ValueError as exc:
        raise ValueError(f"--input is not valid JSON: {exc}") from None
    return text


def _deploy(backend: Backend, args: argparse.Namespace, definition: str) -> tuple[str, str]:
    try:
        arn = backend.create_state_machine(args.name, definition, args.role, type=args.type)
        return arn, "created"
    except StateMachineAlreadyExists as exc:
        arn = exc.arn or backend.find_state_machine(args.name) or ""
        if not arn:
            raise
        backend.update_state_machine(arn, definition=definition, role_arn=args.role)
        return arn, "updated"


def _watch(backend: Backend, execution_arn: str, out: TextIO, definition: Any) -> dict[str, Any]:
    """Follows the execution's history until it ends: a live status line on a terminal (state,
    elapsed time, Map/Parallel progress, retries), else a line per state entered and retry."""
    view = ExecutionView(parallel_end_states(definition))
    live = LiveLine(view, out, prefix="running: ") if out.isatty() else None
    seen = 0
    with live if live is not None else contextlib.nullcontext():
        while True:
            info = backend.describe_execution(execution_arn)
            events = backend.get_execution_history(execution_arn)
            for event in events[seen:]:
                if live is not None:
                    live.feed(event)
                    continue
                line = view.feed(event)
                if line is not None:
                    print(line, file=out, flush=True)
            seen = max(seen, len(events))
            if info.get("status") != "RUNNING":
                return info
            time.sleep(POLL_SECONDS)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        text, document = _load_definition(path)
        execution_input = _read_input(args.input) if args.execute else "{}"
    except OSError as exc:
        return fail(f"cannot read {exc.filename}: {exc.strerror}")
    except ValueError as exc:
        return fail(str(exc))
    if not isinstance(document, dict):
        return fail(f"{path} does not hold a state machine definition (a JSON object)")

    blocking = blocking_errors(parse_source(text, str(path)))
    if blocking:
        # Not even --force: json.loads/yaml.safe_load keep the last of duplicated keys, so the
        # machine deployed would not be the one written.
        return fail(f"{path}: {refusal(blocking, 'deployed')}")
    errors = _lint_errors(path, text)
    if errors is None:
        print("asl: the linter is not available; deploying unchecked", file=sys.stderr)
    elif errors:
        for line in errors:
            print(line, file=sys.stderr)
        if not args.force:
            print(
                f"asl: not deployed: {len(errors)} error(s); fix them or pass --force",
                file=sys.stderr,
            )
            return 1
    definition = json.dumps(document, ensure_ascii=False)

    try:
        backend = make_backend(args, path)
        arn, action = _deploy(backend, args, definition)
        print(f"asl: {action} state machine '{args.name}'", file=sys.stderr)
        print(arn, flush=True)
        if not args.execute:
            return 0
        started = backend.start_execution(arn, input=execution_input)
        execution_arn = started["executionArn"]
        print(f"asl: started {execution_arn}", file=sys.stderr)
        info = _watch(backend, execution_arn, sys.stdout, document)
    except InvalidDefinition as exc:
        for diag in exc.diagnostics:
            where = f" at {diag['location']}" if diag.get("location") else ""
            print(
                f"{path}: {diag.get('code', '')} {diag.get('message', '')}{where}", file=sys.stderr
            )
        return fail(str(exc).replace("\n", " "))
    except BackendError as exc:
        return fail(str(exc).replace("\n", " "))

    status = info.get("status")
    print(f"status: {status}")
    if status == "SUCCEEDED":
        print(info.get("output", "null"))
        return 0
    error, cause = info.get("error"), info.get("cause")
    if error or cause:
        print(f"error: {error or ''}" + (f": {cause}" if cause else ""))
    return 1
