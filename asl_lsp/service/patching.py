"""A parse of half-typed text: the document with the token under the cursor cut out.

PyYAML gives no tree at all for a YAML document with one bad line, and the line being typed is
usually that line (``Ty`` with no colon yet, ``Next: "Pro`` with no closing quote). Cutting the
token out of a copy of the text gives a document that parses whenever that token was the only
problem; everything before the token keeps its offsets, so the structure read from the copy applies
to the real text. Chosen over keeping the last good tree per document because it needs no server
state, works for the first keystroke in a new file, and always matches the lines above the cursor.
"""

from __future__ import annotations

from asl_lsp.model.document import AslDocument, parse_document
from asl_lsp.syntax.nodes import Span

SYNTAX_ERROR = "ASL001"


def _errors(document: AslDocument) -> int:
    return sum(1 for d in document.source.diagnostics if d.code == SYNTAX_ERROR)


def structure_document(document: AslDocument, token: Span, whole_line: bool) -> AslDocument:
    """``document`` itself when it parsed cleanly, else the patched copy when that parses better.

    ``whole_line``: also drop the rest of the line after the token (a key typed without colon).
    """
    if document.source.root is not None and _errors(document) == 0:
        return document
    text = document.text
    end = token.end
    if whole_line:
        newline = text.find("\n", end)
        end = len(text) if newline < 0 else newline
        if end > token.start and text[end - 1 : end] == "\r":
            end -= 1
    patched_text = text[: token.start] + text[end:]
    if patched_text == text:
        return document
    patched = parse_document(patched_text, document.path, _language(document))
    if patched.source.root is None:
        return document
    if (
        document.source.root is not None
        and _errors(patched) >= _errors(document)
        and (len(patched.definitions) <= len(document.definitions))
    ):
        return document
    return patched


def _language(document: AslDocument) -> str:
    return "asl-yaml" if document.source.format == "yaml" else "asl"
