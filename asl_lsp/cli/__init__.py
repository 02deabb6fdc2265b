"""The ``asl`` command: a thin dispatcher over subcommand modules.

Each subcommand is one module of this package, named after it; only the chosen one is imported,
so ``asl lint`` never pays for the language server, boto3 or the engine. Each subcommand module
exposes ``configure(parser)`` and ``run(args) -> int``.
Exit codes: 0 success, 1 findings or a failed execution, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Protocol, cast

from asl_lsp import __version__
from asl_lsp.cli.burst import leave_heap_to_the_os, start_burst
from asl_lsp.gcpause import gc_paused

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


def _load_quietly(name: str) -> SubcommandModule:
    """:func:`_load` with the cyclic collector held off: importing a command makes tens of
    thousands of objects (functions, classes, schema tables) and no garbage, so the collections
    it would trigger (about 5 ms for ``asl lint``) could only walk them."""
    with gc_paused():
        return _load(name)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the terminal's width found without ``shutil``.

    argparse makes a formatter for every option it is given (to check its metavar), and the
    default one imports ``shutil`` (and with it ``bz2`` and ``lzma``) to ask for the width:
    some 2.5 ms of every command, for help that is rarely printed. The width is the same:
    ``shutil.get_terminal_size().columns``, less 2.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: COLUMNS when it is a positive number, else the
    width of the terminal on standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    stdout = sys.__stdout__
    try:
        if stdout is None:
            raise AttributeError("no standard output")
        size = os.get_terminal_size(stdout.fileno())
    except (AttributeError, ValueError, OSError):
        return 80
    return size.columns or 80


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        formatter_class=_HelpFormatter,
        prog="asl",
        description="Editor tooling for the Amazon States Language (AWS Step Functions).",
        epilog="Run 'asl COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"asl-lsp {__version__}")
    return parser


# Commands run as bursts (see :mod:`asl_lsp.cli.burst`) when they are the process's own command.
_BURSTS = frozenset({"lint"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command of ``argv``; None means this process's own command line (the ``asl``
    console script, ``python -m asl_lsp``), after which the process ends (for some commands,
    here: see :func:`~asl_lsp.cli.burst.leave_heap_to_the_os`)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in args_list if not a.startswith("-")), None)
    burst = argv is None and command in _BURSTS
    if burst:
        start_burst()
    code = _main(args_list, command)
    if burst:
        leave_heap_to_the_os(code)
    return code


def _main(args_list: list[str], command: str | None) -> int:
    if command not in SUBCOMMANDS:
        parser = _top_parser()
        sub = parser.add_subparsers(dest="command", metavar="COMMAND")
        for name, (_, help_text) in SUBCOMMANDS.items():
            sub.add_parser(name, help=help_text, formatter_class=_HelpFormatter)
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
    module = _load_quietly(command)
    _, help_text = SUBCOMMANDS[command]
    command_parser = sub.add_parser(
        command, help=help_text, description=help_text, formatter_class=_HelpFormatter
    )
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
