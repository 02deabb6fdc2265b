"""Editing features: quick fixes, fix-all, code lenses, folding, selection ranges, formatting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from asl_lsp.diagnostic import Diagnostic, Fix
from asl_lsp.lint.fixing import fix_text
from asl_lsp.lint.linter import lint_document
from asl_lsp.lsp.convert import minimal_edit, to_lsp_diagnostic, to_lsp_edits
from asl_lsp.lsp.handlers_testing import lenses as testing_lenses
from asl_lsp.lsp.positions import PositionMapper
from asl_lsp.lsp.safety import safe
from asl_lsp.model.document import parse_document
from asl_lsp.service.formatting import format_json
from asl_lsp.service.structure import folding_ranges, selection_chain
from asl_lsp.service.yaml_formatting import format_yaml
from asl_lsp.syntax.nodes import Span

if TYPE_CHECKING:  # the server imports this module to register its handlers
    from asl_lsp.lsp.server import AslLanguageServer

FIX_ALL_KIND = "source.fixAll.asl"
LENS_COMMANDS = (
    ("Render graph", "asl.renderGraph"),
    ("Run locally", "asl.runLocal"),
    ("Deploy", "asl.deploy"),
)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start <= b.end and b.start <= a.end


def register(server: AslLanguageServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[
                types.CodeActionKind.QuickFix,
                types.CodeActionKind.SourceFixAll,
                FIX_ALL_KIND,
            ],
            resolve_provider=False,
        ),
    )
    @safe(default=None)
    def code_actions(
        ls: AslLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        document, diagnostics, mapper = ls.diagnostics_for(uri)
        wanted = params.context.only
        actions: list[types.CodeAction] = []
        if not wanted or any(k == types.CodeActionKind.QuickFix for k in wanted):
            requested = mapper.span(params.range)
            for diagnostic in diagnostics:
                if diagnostic.fix is None or not _overlaps(diagnostic.span, requested):
                    continue
                fix = diagnostic.resolve_fix()  # deferred fixes are built only when asked for
                if fix is not None:
                    actions.append(_quick_fix(uri, diagnostic, fix, mapper))
        if not wanted or any(str(k).startswith("source.fixAll") for k in wanted):
            config = ls.lint_config(uri)
            fixed, applied, _ = fix_text(
                document.text,
                lambda text: lint_document(parse_document(text, document.path), config),
            )
            edit = minimal_edit(document.text, fixed)
            if applied and edit is not None:
                actions.append(
                    types.CodeAction(
                        title=f"Fix all auto-fixable ASL problems ({applied})",
                        kind=FIX_ALL_KIND,
                        edit=types.WorkspaceEdit(changes={uri: to_lsp_edits([edit], mapper)}),
                    )
                )
        return actions or None

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    @safe(default=None)
    def code_lens(
        ls: AslLanguageServer, params: types.CodeLensParams
    ) -> list[types.CodeLens] | None:
        uri = params.text_document.uri
        document, mapper, _ = ls.snapshot(uri)
        available = set(ls.protocol.fm.commands)
        lenses: list[types.CodeLens] = []
        for definition in document.definitions:
            anchor = mapper.range(
                Span(definition.source.root.span.start, definition.source.root.span.start)
            )
            for title, command in LENS_COMMANDS:
                if command in available:
                    lenses.append(
                        types.CodeLens(
                            range=anchor,
                            command=types.Command(title=title, command=command, arguments=[uri]),
                        )
                    )
        lenses.extend(testing_lenses(ls, uri, document, mapper))
        return lenses or None

    @server.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    @safe(default=None)
    def folding(
        ls: AslLanguageServer, params: types.FoldingRangeParams
    ) -> list[types.FoldingRange] | None:
        document, _, _ = ls.snapshot(params.text_document.uri)
        return [
            types.FoldingRange(start_line=f.start_line, end_line=f.end_line)
            for f in folding_ranges(document)
        ] or None

    @server.feature(types.TEXT_DOCUMENT_SELECTION_RANGE)
    @safe(default=None)
    def selection(
        ls: AslLanguageServer, params: types.SelectionRangeParams
    ) -> list[types.SelectionRange] | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        result: list[types.SelectionRange] = []
        for position in params.positions:
            offset = mapper.offset(position)
            chain = selection_chain(document, offset) or [Span(offset, offset)]
            parent: types.SelectionRange | None = None
            for span in reversed(chain):
                parent = types.SelectionRange(range=mapper.range(span), parent=parent)
            assert parent is not None
            result.append(parent)
        return result

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    @safe(default=None)
    def formatting(
        ls: AslLanguageServer, params: types.DocumentFormattingParams
    ) -> list[types.TextEdit] | None:
        document, mapper, _ = ls.snapshot(params.text_document.uri)
        if document.source.format == "yaml":
            # YAML indents with spaces only, whatever the editor's tab setting.
            formatted = format_yaml(document, params.options.tab_size)
        else:
            indent = " " * params.options.tab_size if params.options.insert_spaces else "\t"
            formatted = format_json(document, indent)
        if formatted is None:
            return None
        edit = minimal_edit(document.text, formatted)
        return to_lsp_edits([edit], mapper) if edit is not None else []


def _quick_fix(
    uri: str, diagnostic: Diagnostic, fix: Fix, mapper: PositionMapper
) -> types.CodeAction:
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[to_lsp_diagnostic(diagnostic, mapper, uri)],
        is_preferred=fix.safe,
        edit=types.WorkspaceEdit(changes={uri: to_lsp_edits(fix.edits, mapper)}),
    )
