"""``asl executions STATE_MACHINE_ARN``: the executions of a state machine, as a table."""

from __future__ import annotations

import argparse

from asl_lsp.cli.backend_options import add_target_options, fail, make_backend
from asl_lsp.sdk.backends.base import BackendError
from asl_lsp.sdk.tables import executions_table

STATUSES = ("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arn", metavar="STATE_MACHINE_ARN", help="the state machine's ARN")
    parser.add_argument("--status", choices=STATUSES, help="only executions with this status")
    parser.add_argument(
        "--max-items",
        dest="max_items",
        type=int,
        default=100,
        help="at most this many executions (default 100)",
    )
    add_target_options(parser)


def run(args: argparse.Namespace) -> int:
    try:
        backend = make_backend(args)
        items = backend.list_executions(
            args.arn, status_filter=args.status, max_items=args.max_items
        )
    except BackendError as exc:
        return fail(str(exc))
    if not items:
        print("no executions")
        return 0
    print(executions_table(items).to_text(max_cell=120))
    return 0
