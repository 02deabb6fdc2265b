"""The parsed arguments of ``asl graph PATH -o OUT``, for tests that call the command in-process."""

from __future__ import annotations

import argparse
from pathlib import Path

from asl_lsp.cli import graph as graph_cli


def graph_args(path: Path, out: Path) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    graph_cli.configure(parser)
    return parser.parse_args([str(path), "-o", str(out)])
