"""One file of an ``asl lint`` run: read it, lint it (fixing it with ``--fix``), and say what
came of it in a form that can cross from a worker process back to the command.

The command decides which files to lint and what to do with each outcome (write fixes, follow
``DefinitionUri`` references, report); this module is the part that can run anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from asl_lsp.cli.burst import keep_until_exit
from asl_lsp.diagnostic import DeferredFix, Diagnostic
from asl_lsp.lint.config import LintConfig
from asl_lsp.lint.linter import lint_document
from asl_lsp.model.document import build_document
from asl_lsp.report.definition_uri import DefinitionReference, references
from asl_lsp.report.results import FileResult
from asl_lsp.syntax.document import SourceReadError, parse_source, read_source_file
from asl_lsp.syntax.positions import LineIndex


class LintJob(NamedTuple):
    """A file to lint, as the report names it, with the configuration in force for it, and its
    size in bytes when it is known already (-1 when not)."""

    path: Path
    display: str
    config: LintConfig
    size: int = -1


class FixOptions(NamedTuple):
    fix: bool = False
    unsafe: bool = False


class Outcome(NamedTuple):
    """What linting one file gave: its findings, its final text (fixed when ``--fix`` changed
    it), the fixed text to write back or None, the ``DefinitionUri`` files it refers to, and a
    one-line reason when the file could not be read."""

    display: str
    diagnostics: list[Diagnostic]
    text: str
    fixed_text: str | None = None
    fixes_applied: int = 0
    externals: tuple[DefinitionReference, ...] = ()
    error: str | None = None

    def file_result(self) -> FileResult:
        return FileResult(
            self.display,
            self.diagnostics,
            LineIndex(self.text),
            self.text,
            error=self.error,
            fixed=self.fixes_applied,
        )

    def portable(self, keep_unsafe_fixes: bool) -> Outcome:
        """This outcome with every deferred fix built, so it can be pickled.

        A deferred fix holds a function over this process's tree. The reports need a safe fix
        (to count and mark it) and, in the JSON report only, an unsafe one, so an unsafe fix
        that no report shows is dropped rather than built.
        """
        diagnostics = [
            _built(d, keep_unsafe_fixes) if isinstance(d.fix, DeferredFix) else d
            for d in self.diagnostics
        ]
        return self._replace(diagnostics=diagnostics)


def _built(diagnostic: Diagnostic, keep_unsafe_fixes: bool) -> Diagnostic:
    fix = diagnostic.fix
    assert isinstance(fix, DeferredFix)
    built = fix.build() if fix.safe or keep_unsafe_fixes else None
    return Diagnostic(
        diagnostic.code,
        diagnostic.rule,
        diagnostic.severity,
        diagnostic.message,
        diagnostic.span,
        diagnostic.path,
        diagnostic.related,
        built,
        diagnostic.tags,
        diagnostic.data,
    )


def lint_text(
    text: str,
    display: str,
    config: LintConfig,
    options: FixOptions,
    keep_unsafe_fixes: bool = True,
) -> Outcome:
    """Lint one text, fixing it first when ``options`` ask for it.

    ``keep_unsafe_fixes`` says whether the report shows unsafe fixes; when it does not and
    ``--fix`` does not apply them either, rules may leave them out.
    """
    externals: list[DefinitionReference] = []
    unsafe_fixes = keep_unsafe_fixes or (options.fix and options.unsafe)

    def lint(current: str) -> list[Diagnostic]:
        source = parse_source(current, display)
        externals[:] = references(source)
        document = build_document(source)
        keep_until_exit(document, len(current))
        return lint_document(document, config, unsafe_fixes=unsafe_fixes, once=not options.fix)

    if options.fix:
        # Imported here: fixes load only with --fix.
        from asl_lsp.lint.fixing import fix_text

        new_text, applied, diagnostics = fix_text(text, lint, safe_only=not options.unsafe)
        changed = new_text if new_text != text else None
        return Outcome(display, diagnostics, new_text, changed, applied, tuple(externals))
    diagnostics = lint(text)
    return Outcome(display, diagnostics, text, externals=tuple(externals))


def lint_file(job: LintJob, options: FixOptions, keep_unsafe_fixes: bool = True) -> Outcome:
    """Read and lint the file of ``job`` (as :func:`lint_text`); an unreadable file gives an
    outcome with its reason."""
    try:
        text = read_source_file(job.path)
    except SourceReadError as error:
        return Outcome(job.display, [], "", error=str(error))
    return lint_text(text, job.display, job.config, options, keep_unsafe_fixes)
