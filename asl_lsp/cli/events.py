"""``asl events EXECUTION_ARN``: an execution's history, as a table."""

from __future__ import annotations

import argparse

from asl_lsp.cli.backend_options import add_target_options, fail, make_backend
from asl_lsp.sdk.backends.base import BackendError
from asl_lsp.sdk.tables import events_table


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arn", metavar="EXECUTION_ARN", help="the execution's ARN")
    parser.add_argument("--reverse", action="store_true", help="newest event first")
    parser.add_argument(
        "--max-items", dest="max_items", type=int, default=None, help="at most this many events"
    )
    add_target_options(parser)


def run(args: argparse.Namespace) -> int:
    try:
        backend = make_backend(args)
        events = backend.get_execution_history(
            args.arn, reverse_order=args.reverse, max_items=args.max_items
        )
    except BackendError as exc:
        return fail(str(exc))
    print(events_table(events).to_text())
    return 0
