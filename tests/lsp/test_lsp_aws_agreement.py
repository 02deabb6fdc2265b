"""The language server reports the severity policy's findings exactly as ``asl lint`` does: the
same codes, severities, messages and ranges, from the real server over stdio.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html
"""

from __future__ import annotations

from lsprotocol import types

from asl_lsp.diagnostic import Severity
from asl_lsp.lint.api import lint_text
from tests.lint.aws_agreement_cases import AGREEMENT, EXPECTED
from tests.lsp.conftest import Session, offset_of

URI = "file:///work/agreement.asl.json"
LSP_SEVERITY = {
    types.DiagnosticSeverity.Error: Severity.ERROR,
    types.DiagnosticSeverity.Warning: Severity.WARNING,
    types.DiagnosticSeverity.Information: Severity.INFO,
    types.DiagnosticSeverity.Hint: Severity.HINT,
}


async def test_server_and_linter_agree_on_findings_and_severities(session: Session) -> None:
    session.open(URI, AGREEMENT)
    published = await session.diagnostics(URI)
    served = sorted(
        (
            offset_of(AGREEMENT, d.range.start, session.encoding),
            offset_of(AGREEMENT, d.range.end, session.encoding),
            str(d.code),
            LSP_SEVERITY[d.severity or types.DiagnosticSeverity.Error],
            d.message,
        )
        for d in published
    )
    linted = sorted(
        (d.span.start, d.span.end, d.code, d.severity, d.message) for d in lint_text(AGREEMENT)
    )
    assert served == linted
    assert [(code, severity, AGREEMENT[start:end]) for start, end, code, severity, _ in served] == (
        EXPECTED
    )
