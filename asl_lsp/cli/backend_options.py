"""Options and helpers shared by ``asl deploy``, ``asl executions`` and ``asl events``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from asl_lsp.sdk.backends.base import Backend, BackendError


def add_target_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("target")
    group.add_argument(
        "--target",
        choices=("local", "aws"),
        default="local",
        help="where the state machine lives: the local engine (default) or AWS Step Functions",
    )
    group.add_argument("--region", help="AWS region (default: the AWS configuration's)")
    group.add_argument("--profile", help="AWS named profile")
    group.add_argument(
        "--endpoint-url",
        dest="endpoint_url",
        help="Step Functions endpoint (LocalStack, moto, Step Functions Local)",
    )


def make_backend(args: argparse.Namespace, definition_path: Path | None = None) -> Backend:
    """The backend the options name; raises BackendError with a one-line reason.

    On the local engine, tasks run the Python handlers configured for the definition (the
    ``[run]`` table of ``.asl-lsp.toml``), exactly as ``asl run`` does.
    """
    if args.target == "aws" or args.endpoint_url:
        # Imported here: boto3 loads only when AWS is the target.
        from asl_lsp.sdk.backends.aws import AwsBackend

        return AwsBackend(region=args.region, profile=args.profile, endpoint_url=args.endpoint_url)
    if definition_path is not None:
        # Imported here: the engine loads only when something runs.
        from asl_lsp.engine.loading import LoadError, handlers_for
        from asl_lsp.sdk.backends.local import LocalBackend

        try:
            functions, tasks = handlers_for(definition_path)
        except LoadError as error:
            raise BackendError(str(error)) from None
        return LocalBackend(functions=functions, tasks=tasks)
    # Imported here: the SDK loads only when a deploy is asked for.
    from asl_lsp.sdk.workflow import default_backend

    return default_backend()


def fail(message: str) -> int:
    """Print one ``asl: ...`` line on stderr; exit code 2."""
    print(f"asl: {message}", file=sys.stderr)
    return 2


__all__ = ["BackendError", "add_target_options", "fail", "make_backend"]
