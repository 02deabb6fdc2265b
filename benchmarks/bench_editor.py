"""Editor latencies without the protocol: our service layer vs amazon-states-language-service.

The AWS language service is a library (the VS Code extension hosts it), so the fair comparison is
in-process on both sides, on the same file and the same cursor offsets:

- after an edit: re-parse + validate the text with one character typed into a Comment
  (ours: ``lint_text``; ASLS: ``parseJSONDocument`` + ``doValidation``);
- completion inside a ``Next`` value in the middle of the file (ours: ``complete``; ASLS:
  ``doComplete``), on an already parsed document as an editor keeps it;
- hover on a ``Resource`` key (ours: ``asl_lsp.service.hover.hover`` when the module exists);
- resident memory of the process after all of that.

Each side runs in its own fresh process. ``bench_server.py`` measures the real server over JSON-RPC.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, Figures, Table, fmt_s, log, median, ratio, run_peer

SIZES = (100, 5000)


def offsets(text: str) -> tuple[int, int]:
    """Completion inside the ``Next`` value nearest the middle; hover on the next ``Resource``."""
    middle = len(text) // 2
    complete_at = text.find('"Next": "', middle) + len('"Next": "')
    hover_at = text.find('"Resource"', middle) + 3
    return complete_at, hover_at


def _hover_function() -> Any:
    try:
        module = import_module("asl_lsp.service.hover")
    except ImportError:
        return None
    return getattr(module, "hover", None)


def ours(path: Path, repeat: int) -> dict[str, Any]:
    """Our side, meant to run in a fresh process (``--ours``) so the memory figure is its own."""
    from asl_lsp.lint.api import lint_text
    from asl_lsp.model.document import parse_document
    from asl_lsp.service.completion import complete

    original = path.read_text(encoding="utf-8")
    at = original.index("Comment") + 12
    complete_at, hover_at = offsets(original)
    hover = _hover_function()
    validate, completion, hovering, completion_again, hovering_again = [], [], [], [], []
    entries = 0
    for i in range(repeat + 2):
        text = original[:at] + ("x" if i % 2 else "y") + original[at:]
        start = time.perf_counter()
        lint_text(text, str(path))
        v = time.perf_counter() - start
        document = parse_document(original, str(path))
        start = time.perf_counter()
        result = complete(document, complete_at)
        c = time.perf_counter() - start
        entries = len(result.entries) if result else 0
        start = time.perf_counter()
        complete(document, complete_at)
        c2 = time.perf_counter() - start
        h = h2 = float("nan")
        if hover is not None:
            start = time.perf_counter()
            hover(document, hover_at)
            h = time.perf_counter() - start
            start = time.perf_counter()
            hover(document, hover_at)
            h2 = time.perf_counter() - start
        if i >= 2:
            validate.append(v)
            completion.append(c)
            hovering.append(h)
            completion_again.append(c2)
            hovering_again.append(h2)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "validate_ms": [t * 1000 for t in validate],
        "complete_ms": [t * 1000 for t in completion],
        "hover_ms": [t * 1000 for t in hovering],
        "complete_again_ms": [t * 1000 for t in completion_again],
        "hover_again_ms": [t * 1000 for t in hovering_again],
        "completions": entries,
        "rss_mb": round(rss_mb, 1),
    }


def run(repeat: int = 10) -> tuple[list[Table], Figures]:
    figures: Figures = {}
    table = Table(
        f"Editor features in-process: asl-lsp service layer vs amazon-states-language-service "
        f"(median of {repeat})",
        ["states", "operation", "asl-lsp", "ASLS 1.16.1", "ratio"],
    )
    memory = Table(
        "Editor process memory after those operations (peak RSS, MB)",
        ["states", "asl-lsp (Python process)", "ASLS (Node process)"],
    )
    for size in SIZES:
        path = CACHE / "defs" / f"gen-{size}.asl.json"
        log(f"  editor {size}")
        complete_at, hover_at = offsets(path.read_text(encoding="utf-8"))
        done = subprocess.run(
            [sys.executable, __file__, "--ours", str(path), str(repeat)],
            capture_output=True,
            check=True,
        )
        mine = json.loads(done.stdout)
        theirs = run_peer("asls", f"server:{repeat}:{complete_at}:{hover_at}", [path])
        for op, label in (
            ("validate", "edit → diagnostics"),
            ("complete", "completion"),
            ("hover", "hover"),
        ):
            a = median(mine[f"{op}_ms"]) / 1000
            b = median(theirs[f"{op}_ms"]) / 1000
            table.rows.append([str(size), label, fmt_s(a), fmt_s(b), ratio(a, b)])
            figures[f"editor.{op}.{size}.asl"] = a
            figures[f"editor.{op}.{size}.asls"] = b
            if f"{op}_again_ms" in mine:
                again = median(mine[f"{op}_again_ms"]) / 1000
                table.rows.append(
                    [
                        str(size),
                        f"{label}, same request again",
                        fmt_s(again),
                        fmt_s(b),
                        ratio(again, b),
                    ]
                )
                figures[f"editor.{op}_again.{size}.asl"] = again
        memory.rows.append([str(size), f"{mine['rss_mb']:.0f}", f"{theirs['rss_mb']:.0f}"])
        figures[f"editor.rss.{size}.asl"] = mine["rss_mb"]
        figures[f"editor.rss.{size}.asls"] = theirs["rss_mb"]
    table.notes.append(
        "Same file, same offsets (completion inside a `Next` value in the middle of the file, "
        "hover on a `Resource` key). Completion and hover run first on a freshly parsed document "
        "(the first request after an edit: per-document indexes are built then), then again. "
        "'edit → diagnostics' re-parses and validates the text after "
        "one character typed into a Comment; no JSON-RPC, no debounce. n/a: the feature is not "
        "there."
    )
    return [table, memory], figures


def main(argv: list[str]) -> int:
    if argv[:1] == ["--ours"]:
        print(json.dumps(ours(Path(argv[1]), int(argv[2]))))
        return 0
    tables, _ = run()
    for table in tables:
        print(table.text() + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
