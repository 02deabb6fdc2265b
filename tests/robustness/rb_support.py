"""The invariants every robustness test checks, in one place.

For any text: parsing and linting never raise, every span lies inside the text, every fix applies
and leaves the text parsing no worse (no more ASL001 syntax errors), and every editor feature and
the renderer accept the document without raising.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from typing import Any

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.graph.render import GraphError, render_graph
from asl_lsp.lint.api import lint_text
from asl_lsp.lint.fixing import apply_edits
from asl_lsp.model.document import AslDocument, parse_document
from asl_lsp.service import navigation, outline, structure
from asl_lsp.service.completion import complete
from asl_lsp.service.formatting import format_json
from asl_lsp.service.rename import RenameError, rename_state
from asl_lsp.syntax.document import parse_source
from asl_lsp.syntax.nodes import ArrayNode, Node, ObjectNode, Span

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(
    p for p in (REPO / "examples").iterdir() if p.suffix in (".json", ".yaml", ".yml")
)
SYNTAX = "ASL001"


def _hover() -> Any:
    try:
        return getattr(import_module("asl_lsp.service.hover"), "hover", None)
    except ImportError:
        return None


HOVER = _hover()


def span_inside(span: Span, text: str, what: str) -> None:
    assert 0 <= span.start <= span.end <= len(text), f"{what}: {span} outside 0..{len(text)}"


def _walk(node: Node | None) -> Iterable[Node]:
    stack: list[Node | None] = [node]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        yield current
        if isinstance(current, ObjectNode):
            for member in current.members:
                stack.append(member.key)
                stack.append(member.value)
        elif isinstance(current, ArrayNode):
            stack.extend(current.items)


def check_parse(text: str, path: str | None = None) -> None:
    source = parse_source(text, path)
    for node in _walk(source.root):
        span_inside(node.span, text, f"node {type(node).__name__}")
    for diagnostic in source.diagnostics:
        span_inside(diagnostic.span, text, f"syntax diagnostic {diagnostic.code}")


def syntax_errors(diagnostics: Iterable[Diagnostic]) -> int:
    return sum(1 for d in diagnostics if d.code == SYNTAX)


def check_lint(text: str, path: str | None = None) -> list[Diagnostic]:
    """Lint never raises, spans stay inside the text, each fix applies and parses no worse."""
    diagnostics = lint_text(text, path)
    problems = worsening_fixes(text, path, diagnostics)
    assert not problems, problems[0]
    return diagnostics


def worsening_fixes(
    text: str, path: str | None = None, diagnostics: list[Diagnostic] | None = None
) -> list[str]:
    """Check spans and apply every fix; return one line per fix that adds syntax errors."""
    if diagnostics is None:
        diagnostics = lint_text(text, path)
    before = syntax_errors(diagnostics)
    problems: list[str] = []
    for diagnostic in diagnostics:
        span_inside(diagnostic.span, text, f"{diagnostic.code} {diagnostic.message!r}")
        for related in diagnostic.related:
            span_inside(related.span, text, f"{diagnostic.code} related")
        fix = diagnostic.resolve_fix()
        if fix is None:
            continue
        edits = fix.edits
        for edit in edits:
            span_inside(edit.span, text, f"{diagnostic.code} fix edit")
        ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
        for first, second in itertools.pairwise(ordered):
            assert first.span.end <= second.span.start, f"{diagnostic.code}: fix edits overlap"
        fixed = apply_edits(text, edits)
        after = syntax_errors(lint_text(fixed, path))
        if after > before:
            problems.append(
                f"{path}: fix {fix.title!r} of {diagnostic.code} ({diagnostic.rule}) "
                f"made parsing worse ({before} -> {after} syntax errors) on text ending "
                f"{text[-60:]!r}"
            )
    return problems


def offsets_of(text: str, extra: Iterable[int] = ()) -> list[int]:
    """A handful of interesting cursor offsets: ends, quotes, colons, and the given ones."""
    picks = {0, len(text), len(text) // 2, max(0, len(text) - 1)}
    for match in re.finditer(r'["\':\[{]', text):
        picks.add(match.start())
        picks.add(match.end())
        if len(picks) > 40:
            break
    picks.update(o for o in extra if 0 <= o <= len(text))
    return sorted(picks)


def check_services(document: AslDocument, offsets: Iterable[int]) -> None:
    text = document.text
    for fold in structure.folding_ranges(document):
        assert fold is not None
    for item in outline.outline(document):
        assert item is not None
    formatted = format_json(document)
    if formatted is not None:
        assert isinstance(formatted, str)
    for offset in offsets:
        result = complete(document, offset)
        if result is not None:
            for entry in result.entries:
                assert isinstance(entry.new_text, str)
        for location in (
            navigation.definition(document, offset)
            + navigation.references(document, offset)
            + navigation.highlights(document, offset)
        ):
            span_inside(location.span, text, "navigation location")
        for span in structure.selection_chain(document, offset):
            span_inside(span, text, "selection range")
        try:
            edits = rename_state(document, offset, "Renamed state")
        except RenameError:
            edits = []
        for edit in edits:
            span_inside(edit.span, text, "rename edit")
        if HOVER is not None:
            HOVER(document, offset)


def check_render(document: AslDocument) -> None:
    for definition in document.definitions:
        try:
            image = render_graph(definition.source.value())
            assert image.svg.lstrip().startswith("<svg")
        except GraphError:
            pass  # a clear, typed refusal is fine; anything else is a bug


def check_everything(text: str, path: str | None = None, offsets: Iterable[int] = ()) -> None:
    """Every invariant on one text."""
    check_parse(text, path)
    check_lint(text, path)
    document = parse_document(text, path)
    check_services(document, offsets_of(text, offsets))
    check_render(document)


TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?|[{}\[\]:,]|[A-Za-z_]+|\n[ \t]*|\S')


def tokens(text: str) -> list[str]:
    """Cut text into JSON/YAML-ish tokens; joining them gives the text back, minus plain spaces."""
    out: list[str] = []
    last = 0
    for match in TOKEN.finditer(text):
        if match.start() > last:
            out.append(text[last : match.start()])
        out.append(match.group())
        last = match.end()
    out.append(text[last:])
    return out


def big_definition(states: int = 5000) -> str:
    """The benchmarks' generated definition (Choice, Parallel, Map, Retry/Catch) as JSON text."""
    import importlib.util

    generator = REPO / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("asl_bench_generate", generator)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.dump(module.generate(states), False))
