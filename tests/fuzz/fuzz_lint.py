"""Coverage-guided fuzzing of the parser and linter (JSON, YAML and template paths) with atheris.

    python tests/fuzz/fuzz_lint.py -atheris_runs=2000        # a short run, as CI does
    python tests/fuzz/fuzz_lint.py -max_total_time=600       # a longer hunt

Seeds come from ``examples/`` and, when it is there, the shared corpus
(``<repo>/../shared/corpus``); they are copied into a temporary folder that libFuzzer may grow,
so the repository is never written.
A crash is any exception escaping ``parse_source``/``lint_text``, a span outside the text, or a fix
whose edits overlap or fall outside the text; libFuzzer saves the input as ``crash-*``.

The first byte also picks a hostile shape the fuzzer would rarely find alone: integer literals past
Python's 4,300-digit conversion bound, lone surrogates in keys and strings (an LSP client can send
them), and JSONata expressions nested hundreds of brackets deep.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

try:
    import atheris
except ImportError:  # pragma: no cover - the test extra installs it
    print("fuzz_lint: atheris is not installed (pip install atheris)", file=sys.stderr)
    raise SystemExit(2) from None

REPO = Path(__file__).resolve().parents[2]

with atheris.instrument_imports(include=["asl_lsp"]):
    from asl_lsp.lint.api import lint_text
    from asl_lsp.syntax.document import parse_source

# The first byte picks how the text presents itself, the way an editor or the CLI would name it.
NAMES = (
    "fuzz.asl.json",
    "fuzz.asl.yaml",
    "template.yaml",
    "template.json",
    None,
    "fuzz.asl.yml",
)


def _check(text: str, name: str | None) -> None:
    size = len(text)
    source = parse_source(text, name)
    for diagnostic in source.diagnostics:
        if not 0 <= diagnostic.span.start <= diagnostic.span.end <= size:
            raise AssertionError(f"syntax diagnostic span {diagnostic.span} outside 0..{size}")
    for diagnostic in lint_text(text, name):
        span = diagnostic.span
        if not 0 <= span.start <= span.end <= size:
            raise AssertionError(f"{diagnostic.code} span {span} outside 0..{size}")
        fix = diagnostic.resolve_fix()
        if fix is None:
            continue
        edits = sorted(fix.edits, key=lambda e: (e.span.start, e.span.end))
        for edit in edits:
            if not 0 <= edit.span.start <= edit.span.end <= size:
                raise AssertionError(f"{diagnostic.code} fix edit {edit.span} outside 0..{size}")
        for first, second in itertools.pairwise(edits):
            if first.span.end > second.span.start:
                raise AssertionError(f"{diagnostic.code} fix edits overlap")


def _huge_numbers(text: str, size: int) -> str:
    """Every digit run becomes one of thousands of digits (size picks how many)."""
    digits = "9" * (4_000 + 100 * size)
    return re.sub(r"[0-9]+", lambda _: digits, text, count=3) if text else digits


def _lone_surrogates(text: str, size: int) -> str:
    """A lone high or low surrogate inside the first few strings."""
    surrogate = chr(0xD800 + size * 8)
    return text.replace('"', '"' + surrogate, 1 + size % 5)


def _deep_jsonata(text: str, size: int) -> str:
    """An Output expression nested ``depth`` brackets deep on the first state."""
    depth = 40 + size * 4
    opener, closer = ("(", ")") if size % 2 else ("[", "]")
    expression = opener * depth + "$states.input" + closer * depth
    field = f'"QueryLanguage": "JSONata", "Output": "{{% {expression} %}}", "Type"'
    return text.replace('"Type"', field, 1)


SHAPES = (None, _huge_numbers, _lone_surrogates, _deep_jsonata)


def test_one_input(data: bytes) -> None:
    if len(data) < 2:
        return
    name = NAMES[data[0] % len(NAMES)]
    shape = SHAPES[(data[0] // len(NAMES)) % len(SHAPES)]
    text = data[2:].decode("utf-8", "surrogateescape" if shape is _lone_surrogates else "replace")
    if shape is not None:
        text = shape(text, data[1])
    _check(text, name)


def _seed_dir() -> Path:
    seeds = Path(tempfile.mkdtemp(prefix="asl-fuzz-"))
    sources = [p for p in (REPO / "examples").iterdir() if p.suffix in (".json", ".yaml", ".yml")]
    corpus = (REPO / ".." / "shared" / "corpus").resolve()
    if (corpus / "manifest.jsonl").is_file():
        for line in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                sources.append(corpus / json.loads(line)["path"])
    for index, source in enumerate(sources):
        name = source.name.lower()
        prefix = 1 if name.endswith((".yaml", ".yml")) else 0
        if "template" in name:
            prefix = 2 if prefix else 3
        for shape in range(len(SHAPES)):
            head = bytes([prefix + shape * len(NAMES), index % 256])
            (seeds / f"seed-{index:04d}-{shape}").write_bytes(head + source.read_bytes())
    return seeds


def main() -> int:
    argv = list(sys.argv)
    seeds = None
    if not any(not arg.startswith("-") for arg in argv[1:]):
        seeds = _seed_dir()
        argv.append(str(seeds))
    try:
        atheris.Setup(argv, test_one_input)
        atheris.Fuzz()
    finally:
        if seeds is not None:
            shutil.rmtree(seeds, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
