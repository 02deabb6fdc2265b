"""Language-server latency on generated definitions, measured from a real client over stdio.

For a 100-state and a 5,000-state (~2.4 MB) definition: the time from a one-character
``didChange`` to the ``publishDiagnostics`` of that version (debounce 0), completion and hover
latency, and the server's resident memory. Medians of repeated runs.

    .venv/bin/python benchmarks/bench_server.py [--runs 9]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import dump, generate  # noqa: E402

URI = "file:///bench/machine.asl.json"


class Bench:
    def __init__(self) -> None:
        self.client = LanguageClient("asl-bench", "1")
        self.published: dict[int, asyncio.Event] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            if params.version is not None:
                self.published.setdefault(params.version, asyncio.Event()).set()

    async def start(self) -> None:
        await self.client.start_io(sys.executable, "-m", "asl_lsp", "serve")
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                initialization_options={"debounceMs": 0},
            )
        )
        self.client.initialized(types.InitializedParams())

    async def wait_version(self, version: int) -> None:
        event = self.published.setdefault(version, asyncio.Event())
        await asyncio.wait_for(event.wait(), 120)

    def pid(self) -> int:
        server = self.client._server  # the subprocess pygls started
        assert server is not None
        return int(server.pid)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def _position(text: str, offset: int) -> types.Position:
    line = text.count("\n", 0, offset)
    return types.Position(line=line, character=offset - (text.rfind("\n", 0, offset) + 1))


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def measure(states: int, runs: int) -> dict[str, float]:
    text = dump(generate(states), as_yaml=False)
    bench = Bench()
    await bench.start()
    doc = types.TextDocumentIdentifier(uri=URI)
    bench.client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=URI, language_id="asl", version=1, text=text)
        )
    )
    await bench.wait_version(1)
    # Edit inside a Comment in the middle of the file: insert a character, then remove it.
    middle = text.index('"Comment": "', len(text) // 2) + len('"Comment": "')
    where = _position(text, middle)
    diagnostics: list[float] = []
    version = 1
    for run in range(runs):
        version += 1
        insert = run % 2 == 0
        change = types.TextDocumentContentChangePartial(
            range=types.Range(
                start=where,
                end=where if insert else types.Position(line=where.line, character=where.character + 1),
            ),
            text="x" if insert else "",
        )
        started = time.perf_counter()
        bench.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=version),
                content_changes=[change],
            )
        )
        await bench.wait_version(version)
        diagnostics.append(time.perf_counter() - started)
    if runs % 2:  # leave the text as generated, so offsets below still hold
        version += 1
        bench.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=URI, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=where,
                            end=types.Position(line=where.line, character=where.character + 1),
                        ),
                        text="",
                    )
                ],
            )
        )
        await bench.wait_version(version)
    # A top-level Next: completion lists every state of the machine's largest scope.
    block = (states // 12) // 2
    next_value = text.index(f'"Next": "B{block} choice"') + len('"Next": "') + 1
    completion: list[float] = []
    hover: list[float] = []
    items = 0
    for _ in range(max(runs, 15)):
        started = time.perf_counter()
        result = await bench.client.text_document_completion_async(
            types.CompletionParams(text_document=doc, position=_position(text, next_value))
        )
        completion.append(time.perf_counter() - started)
        items = len(result.items) if isinstance(result, types.CompletionList) else 0
        started = time.perf_counter()
        await bench.client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=_position(text, next_value))
        )
        hover.append(time.perf_counter() - started)
    rss = _rss_mb(bench.pid())
    await bench.stop()
    return {
        "bytes": len(text.encode()),
        "diagnostics": statistics.median(diagnostics),
        "completion": statistics.median(completion),
        "hover": statistics.median(hover),
        "items": items,
        "rss": rss,
    }


async def main_async(runs: int) -> None:
    rows = [(n, await measure(n, runs)) for n in (100, 5000)]
    print(f"{'states':>7} {'size MB':>8} {'edit→diagnostics':>17} {'completion':>11} "
          f"{'hover':>8} {'items':>6} {'RSS MB':>7}")
    for states, r in rows:
        print(
            f"{states:>7} {r['bytes'] / 1e6:>8.2f} {r['diagnostics'] * 1000:>14.0f} ms "
            f"{r['completion'] * 1000:>8.1f} ms {r['hover'] * 1000:>5.1f} ms "
            f"{int(r['items']):>6} {r['rss']:>7.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="edits per size (median reported)")
    args = parser.parse_args()
    asyncio.run(main_async(args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
