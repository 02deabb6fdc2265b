"""``asl debug``: the Debug Adapter Protocol server, over stdio or on a local TCP port."""

from __future__ import annotations

import argparse
import socket
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        type=int,
        metavar="PORT",
        help="listen on 127.0.0.1:PORT instead of stdio (0 picks a free port); serves one "
        "client at a time until interrupted",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on with --port (default 127.0.0.1)"
    )


def run(args: argparse.Namespace) -> int:
    # Imported here: `--help` and usage errors answer without loading the engine.
    from asl_lsp.debug.adapter import DebugAdapter

    if args.port is None:
        adapter = DebugAdapter(sys.stdout.buffer)
        adapter.serve(sys.stdin.buffer)
        return 0
    if not 0 <= args.port <= 65535:
        print("asl debug: --port must be 0-65535", file=sys.stderr)
        return 2
    try:
        server = socket.create_server((args.host, args.port))
    except OSError as exc:
        print(
            f"asl debug: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr
        )
        return 2
    with server:
        host, port = server.getsockname()[:2]
        print(f"asl debug: listening on {host}:{port}", file=sys.stderr, flush=True)
        while True:
            connection, _ = server.accept()
            with (
                connection,
                connection.makefile("rb") as reader,
                connection.makefile("wb") as writer,
            ):
                DebugAdapter(writer).serve(reader)
