"""Language-server latency on generated definitions, measured from a real client over stdio.

For 100, 5,000 (~2.4 MB) and 20,000 (~10 MB) states in JSON and 5,000 states in YAML: the time
from a one-character ``didChange`` to the ``publishDiagnostics`` of that version (debounce 0),
completion and hover latency, and the server's resident memory. Medians of repeated runs. In the
same run, the AWS language service (amazon-states-language-service) validates each 5,000-state file
after the same kind of edit, in-process in Node: the peer of the edit figures.

    .venv/bin/python benchmarks/bench_server.py [--runs 9]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, Figures, Table, run_peer
from generate import dump, generate

# (states, format) measured, and the sizes the AWS language service is measured on.
CASES = ((100, "json"), (5000, "json"), (20000, "json"), (5000, "yaml"))
PEER_CASES = ((5000, "json"), (5000, "yaml"))


def _uri(fmt: str) -> str:
    return f"file:///bench/machine.asl.{fmt}"


class Bench:
    """A minimal JSON-RPC client: messages parsed with ``json.loads`` as an editor would, so the
    figures are the server's latency plus transport, not a Python client's object mapping."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self.published: dict[int, asyncio.Event] = {}
        self.waiting: dict[int, asyncio.Future[Any]] = {}
        self.next_id = 0
        self.reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "asl_lsp",
            "serve",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=64 * 1024 * 1024,
        )
        self.reader = asyncio.create_task(self._read())
        await self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": None,
                "capabilities": {},
                "initializationOptions": {"debounceMs": 0},
            },
        )
        self.notify("initialized", {})

    async def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stdout = self.process.stdout
        while True:
            length = 0
            while True:
                line = (await stdout.readline()).strip()
                if not line:
                    if length:
                        break
                    if stdout.at_eof():
                        return
                    continue
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            message = json.loads(await stdout.readexactly(length))
            if "id" in message and "method" not in message:
                future = self.waiting.pop(message["id"], None)
                if future is not None and not future.done():
                    future.set_result(message.get("result"))
            elif message.get("method") == "textDocument/publishDiagnostics":
                version = message["params"].get("version")
                if version is not None:
                    self.published.setdefault(version, asyncio.Event()).set()
            elif "id" in message:  # a request from the server (workspace/configuration)
                self._send({"jsonrpc": "2.0", "id": message["id"], "result": [None]})

    def _send(self, message: dict[str, Any]) -> None:
        assert self.process is not None and self.process.stdin is not None
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.waiting[self.next_id] = future
        self._send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return await asyncio.wait_for(future, 120)

    async def wait_version(self, version: int) -> None:
        event = self.published.setdefault(version, asyncio.Event())
        await asyncio.wait_for(event.wait(), 120)

    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def stop(self) -> None:
        await self.request("shutdown", None)
        self.notify("exit", None)
        assert self.process is not None
        await self.process.wait()
        if self.reader is not None:
            self.reader.cancel()


def _position(text: str, offset: int) -> dict[str, int]:
    line = text.count("\n", 0, offset)
    return {"line": line, "character": offset - (text.rfind("\n", 0, offset) + 1)}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(states: int, runs: int, fmt: str = "json") -> dict[str, float]:
    yaml = fmt == "yaml"
    text = dump(generate(states), as_yaml=yaml)
    uri = _uri(fmt)
    bench = Bench()
    await bench.start()
    doc = {"uri": uri}
    language = "asl-yaml" if yaml else "asl"
    bench.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}},
    )
    await bench.wait_version(1)
    # Edit inside a Comment in the middle of the file: insert a character, then remove it.
    comment = "Comment: " if yaml else '"Comment": "'
    middle = text.index(comment, len(text) // 2) + len(comment)
    if yaml and text[middle] in "'\"":
        middle += 1  # inside a quoted scalar: the edit must keep the document valid
    where = _position(text, middle)
    diagnostics: list[float] = []
    first_completion: list[float] = []
    first_hover: list[float] = []
    block = (states // 12) // 2
    next_key = f"Next: B{block} choice" if yaml else f'"Next": "B{block} choice"'
    next_value = text.index(next_key) + len(next_key) - len(f"B{block} choice") + 1
    version = 1
    for run in range(runs):
        version += 1
        insert = run % 2 == 0
        end = where if insert else {**where, "character": where["character"] + 1}
        change = {"range": {"start": where, "end": end}, "text": "x" if insert else ""}
        started = time.perf_counter()
        bench.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        await bench.wait_version(version)
        diagnostics.append(time.perf_counter() - started)
        # The first request after the edit (the edited text's offsets): completion after
        # even edits, hover after odd ones, so each pays whatever a new version costs.
        current = text[:middle] + "x" + text[middle:] if insert else text
        at = _position(current, next_value + (1 if insert and next_value > middle else 0))
        method, sample = (
            ("textDocument/completion", first_completion)
            if run % 2 == 0
            else ("textDocument/hover", first_hover)
        )
        started = time.perf_counter()
        await bench.request(method, {"textDocument": doc, "position": at})
        sample.append(time.perf_counter() - started)
    if runs % 2:  # leave the text as generated, so offsets below still hold
        version += 1
        end = {**where, "character": where["character"] + 1}
        bench.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": where, "end": end}, "text": ""}],
            },
        )
        await bench.wait_version(version)
    # A top-level Next: completion lists every state of the machine's largest scope.
    completion: list[float] = []
    hover: list[float] = []
    items = 0
    for _ in range(max(runs, 15)):
        started = time.perf_counter()
        params = {"textDocument": doc, "position": _position(text, next_value)}
        result = await bench.request("textDocument/completion", params)
        completion.append(time.perf_counter() - started)
        items = len(result["items"]) if isinstance(result, dict) else 0
        started = time.perf_counter()
        await bench.request("textDocument/hover", params)
        hover.append(time.perf_counter() - started)
    rss = _rss_mb(bench.pid())
    await bench.stop()
    return {
        "bytes": len(text.encode()),
        "diagnostics": statistics.median(diagnostics),
        "completion": statistics.median(completion),
        "hover": statistics.median(hover),
        "first_completion": statistics.median(first_completion),
        "first_hover": statistics.median(first_hover or [float("nan")]),
        "items": items,
        "rss": rss,
    }


async def _measure_all(runs: int) -> list[tuple[int, str, dict[str, float]]]:
    return [(n, fmt, await measure(n, runs, fmt)) for n, fmt in CASES]


def peer_validation(states: int, fmt: str, runs: int) -> float:
    """The AWS language service's median warm validation (parse + doValidation) of the same
    generated file after a one-character edit, in seconds."""
    path = CACHE / "server" / f"gen-{states}.asl.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(generate(states), as_yaml=fmt == "yaml"), encoding="utf-8")
    theirs = run_peer("asls", f"server:{runs}:0:0", [path])
    return float(statistics.median(theirs["validate_ms"])) / 1000


def _table(rows: list[tuple[int, str, dict[str, float]]], peers: dict[str, float]) -> Table:
    table = Table(
        "Language server over stdio (median; debounce 0)",
        [
            "states",
            "format",
            "size MB",
            "edit → diagnostics",
            "completion, first after an edit",
            "hover, first after an edit",
            "completion again",
            "hover again",
            "items",
            "RSS MB",
            "ASLS validation",
            "ratio",
        ],
    )
    for states, fmt, r in rows:
        peer = peers.get(f"{states}.{fmt}")
        table.rows.append(
            [
                f"{states:,}",
                fmt,
                f"{r['bytes'] / 1e6:.2f}",
                f"{r['diagnostics'] * 1000:.1f} ms",
                f"{r['first_completion'] * 1000:.1f} ms",
                f"{r['first_hover'] * 1000:.1f} ms",
                f"{r['completion'] * 1000:.1f} ms",
                f"{r['hover'] * 1000:.1f} ms",
                f"{int(r['items'])}",
                f"{r['rss']:.0f}",
                f"{peer * 1000:.1f} ms" if peer is not None else "",
                f"{r['diagnostics'] / peer:.2f}x" if peer else "",
            ]
        )
    table.notes.append(
        "A real `asl serve` process driven over stdio by a JSON-RPC client; a one-character "
        "didChange inside a Comment in the middle of the file, then the first completion (after "
        "even edits) or hover (after odd ones) on a top-level `Next` value. ASLS validation: "
        "amazon-states-language-service's parse + doValidation of the same file after a "
        "one-character edit (median, warm, in-process in Node), measured in the same run; "
        "ratio = ours / ASLS (below 1: asl-lsp is faster)."
    )
    return table


def run(runs: int = 9) -> tuple[list[Table], Figures]:
    """For run_all.py: the table and the figures its targets read."""
    rows = asyncio.run(_measure_all(runs))
    peers = {f"{n}.{fmt}": peer_validation(n, fmt, runs) for n, fmt in PEER_CASES}
    figures: Figures = {}
    for key, seconds in peers.items():
        figures[f"server.asls.{key}"] = seconds
    for states, fmt, r in rows:
        if fmt == "yaml":
            figures[f"server.didchange.{states}.yaml"] = r["diagnostics"]
            figures[f"server.rss.{states}.yaml"] = r["rss"]
            continue
        figures[f"server.didchange.{states}"] = r["diagnostics"]
        figures[f"server.complete.{states}"] = r["first_completion"]
        figures[f"server.hover.{states}"] = r["first_hover"]
        figures[f"server.complete.again.{states}"] = r["completion"]
        figures[f"server.hover.again.{states}"] = r["hover"]
        figures[f"server.items.{states}"] = r["items"]
        figures[f"server.rss.{states}"] = r["rss"]
    return [_table(rows, peers)], figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="edits per size (median reported)")
    args = parser.parse_args()
    tables, _ = run(args.runs)
    print(tables[0].text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
