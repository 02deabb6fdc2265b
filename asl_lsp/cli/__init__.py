"""The ``asl`` command: a thin dispatcher over subcommand modules.

Each subcommand is one module of this package, named after it; only the chosen one is imported,
so ``asl lint`` never pays for the language server, boto3 or the engine. Each subcommand module
exposes ``configure(parser)`` and ``run(args) -> int``.
Exit codes: 0 success, 1 findings or a failed execution, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Protocol, cast

from asl_lsp import __version__

# name -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "lint": ("asl_lsp.cli.lint", "lint ASL files, folders and CloudFormation/SAM templates"),
    "rules": (
        "asl_lsp.cli.rules",
        "list the lint rules or print one rule's documentation",
    ),
    "graph": ("asl_lsp.cli.graph", "render a state graph as SVG, HTML, DOT or Mermaid"),
    "run": ("asl_lsp.cli.run", "run a state machine on the local engine"),
    "test": ("asl_lsp.cli.test", "run state machine tests (*.asl-test.yaml|json), with coverage"),
    "deploy": ("asl_lsp.cli.deploy", "create or update a state machine (local or AWS)"),
    "executions": ("asl_lsp.cli.executions", "list the executions of a state machine"),
    "events": ("asl_lsp.cli.events", "print the event history of an execution"),
    "debug": (
        "asl_lsp.cli.debug",
        "debug a state machine on the local engine (Debug Adapter Protocol, stdio or --port)",
    ),
    "serve": ("asl_lsp.cli.serve", "start the language server (stdio, or --tcp HOST:PORT)"),
}


class SubcommandModule(Protocol):
    def configure(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _load(name: str) -> SubcommandModule:
    module_name, _ = SUBCOMMANDS[name]
    return cast(SubcommandModule, importlib.import_module(module_name))


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asl",
        description="Editor tooling for the Amazon States Language (AWS Step Functions).",
        epilog="Run 'asl COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"asl-lsp {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in args_list if not a.startswith("-")), None)
    if command not in SUBCOMMANDS:
        parser = _top_parser()
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for name, (_, help_text) in SUBCOMMANDS.items():
            sub.add_parser(name, help=help_text)
        if command is None and not args_list:
            parser.print_help()
            return 2
        try:
            parser.parse_args(args_list)
        except SystemExit as exit_:
            return int(exit_.code or 0)
        return 2
    assert command is not None
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    module = _load(command)
    _, help_text = SUBCOMMANDS[command]
    command_parser = sub.add_parser(command, help=help_text, description=help_text)
    module.configure(command_parser)
    try:
        args, unknown = parser.parse_known_args(args_list)
        if unknown:
            # The command's own usage, not the top-level one ("usage: asl lint ...").
            command_parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as exit_:
        return int(exit_.code or 0) if exit_.code in (0, None) else 2
    try:
        return module.run(args)
    except KeyboardInterrupt:
        print("asl: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def serve_main() -> int:
    """The ``asl-lsp`` console script: ``asl serve`` with the same flags."""
    return main(["serve", *sys.argv[1:]])


if __name__ == "__main__":
    raise SystemExit(main())
