"""The syntax layer's API: text in, one immutable :class:`SourceDocument` out.

It picks the front end (JSON or YAML), decides what the document is (a plain ASL definition, a
CloudFormation/SAM template holding state machines, or something else) and lists each state machine
as a :class:`DefinitionSource` whose spans are in the document's own coordinates.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Final, Literal

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.records import Frozen, set_field
from asl_lsp.syntax.fast_json import read_json
from asl_lsp.syntax.nodes import JsonValue, Node, ObjectNode, Span, to_value
from asl_lsp.syntax.positions import LineIndex
from asl_lsp.syntax.result import ParseResult, StateEdit

NOT_A_STATE_MACHINE: Final = ("ASL004", "not-a-state-machine")
MAX_FILE_BYTES: Final = 16 * 1024 * 1024
_MB: Final = 1024 * 1024

_JSON_LANGUAGES: Final = {"asl", "json", "jsonc", "asl-json"}
_YAML_LANGUAGES: Final = {"asl-yaml", "yaml", "yml"}
_JSON_SUFFIXES: Final = {".json"}
_YAML_SUFFIXES: Final = {".yaml", ".yml"}


# These classes are written out rather than made by ``dataclasses`` (see ``asl_lsp.records``).
class DefinitionSource(Frozen):
    """One state machine definition inside a document.

    ``pointer`` is where the definition sits in the document root (``()`` for a plain ASL file;
    for a ``DefinitionString`` it is the string's location, the parsed object lives inside it).
    ``external_path`` is set for a SAM ``DefinitionUri`` that names a local file: that file is
    linted in its own right, and ``root`` is then an empty object at the URI's span.
    """

    _fields = ("root", "pointer", "name", "placeholders", "external_path", "substitutions")
    __slots__ = (*_fields, "_value")
    root: ObjectNode
    pointer: tuple[str | int, ...]
    name: str | None
    placeholders: bool
    external_path: str | None
    substitutions: tuple[str, ...]  # DefinitionSubstitutions / Fn::Sub variable names
    _value: list[JsonValue]  # the memo of ``value()``: empty, or the value

    def __init__(
        self,
        root: ObjectNode,
        pointer: tuple[str | int, ...],
        name: str | None,
        placeholders: bool,
        external_path: str | None = None,
        substitutions: tuple[str, ...] = (),
        _value: list[JsonValue] | None = None,
    ) -> None:
        set_field(self, "root", root)
        set_field(self, "pointer", pointer)
        set_field(self, "name", name)
        set_field(self, "placeholders", placeholders)
        set_field(self, "external_path", external_path)
        set_field(self, "substitutions", substitutions)
        set_field(self, "_value", [] if _value is None else _value)

    def value(self) -> JsonValue:
        """The definition as plain data (computed once)."""
        if not self._value:
            self._value.append(to_value(self.root))
        return self._value[0]


class SourceDocument(Frozen):
    _fields = (
        "text",
        "path",
        "format",
        "kind",
        "root",
        "definitions",
        "diagnostics",
        "lines",
        "edit",
    )
    __slots__ = _fields
    text: str
    path: str | None
    format: Literal["json", "yaml"]
    kind: Literal["asl", "template", "other"]
    root: Node | None
    definitions: tuple[DefinitionSource, ...]
    diagnostics: tuple[Diagnostic, ...]
    lines: LineIndex
    # Set when the text was re-read from the previous version's tree (see syntax/reparse.py).
    edit: StateEdit | None

    def __init__(
        self,
        text: str,
        path: str | None,
        format: Literal["json", "yaml"],
        kind: Literal["asl", "template", "other"],
        root: Node | None,
        definitions: tuple[DefinitionSource, ...],
        diagnostics: tuple[Diagnostic, ...],
        lines: LineIndex,
        edit: StateEdit | None = None,
    ) -> None:
        set_field(self, "text", text)
        set_field(self, "path", path)
        set_field(self, "format", format)
        set_field(self, "kind", kind)
        set_field(self, "root", root)
        set_field(self, "definitions", definitions)
        set_field(self, "diagnostics", diagnostics)
        set_field(self, "lines", lines)
        set_field(self, "edit", edit)

    @property
    def local_definitions(self) -> tuple[DefinitionSource, ...]:
        """The definitions whose text is in this document (no SAM ``DefinitionUri`` references)."""
        return tuple(d for d in self.definitions if d.external_path is None)


class SourceReadError(Exception):
    """A file could not be read as text; the message is one line, fit for ``path: message``."""


def detect_format(
    text: str, path: str | None = None, language_id: str | None = None
) -> Literal["json", "yaml"]:
    """JSON or YAML: from the file extension, else the editor's language id, else the content.

    The extension comes first because some clients send one language id for every file a server
    handles (eglot before 1.15 sends ``asl-json`` for an ``*.asl.yaml`` buffer too).
    """
    if path:
        suffix = Path(path).suffix.lower()
        if suffix in _JSON_SUFFIXES:
            return "json"
        if suffix in _YAML_SUFFIXES:
            return "yaml"
    if language_id:
        lang = language_id.lower()
        if lang in _JSON_LANGUAGES:
            return "json"
        if lang in _YAML_LANGUAGES:
            return "yaml"
    stripped = text.lstrip(" \t\r\n\ufeff")
    if not stripped or stripped[0] in "{[":
        return "json"
    return "yaml"


def _strict(path: str | None, language_id: str | None) -> bool:
    """Files that say they are ASL (``*.asl.json``, an ``asl`` editor buffer, stdin) must be."""
    if language_id and language_id.lower().startswith("asl"):
        return True
    if path is None:
        return True
    return ".asl." in os.path.basename(path).lower()


def _is_template(root: ObjectNode) -> bool:
    if "AWSTemplateFormatVersion" in root or "Transform" in root or "Resources" in root:
        # Imported here: template support loads only for CloudFormation/SAM documents.
        from asl_lsp.syntax.templates import is_template

        return is_template(root)
    return False


def parse_source(
    text: str,
    path: str | None = None,
    language_id: str | None = None,
    lines: LineIndex | None = None,
) -> SourceDocument:
    """Parse ``text`` (JSON, YAML, or a CloudFormation/SAM template in either); never raises.
    ``lines``, the line index of ``text``, is kept when the caller has one."""
    return _parse(text, path, language_id, _line_index(text, lines, lambda: LineIndex(text)))


def reparse_source(
    previous: SourceDocument,
    text: str,
    path: str | None = None,
    language_id: str | None = None,
    lines: LineIndex | None = None,
) -> SourceDocument:
    """``parse_source(text, ...)`` for an edit of ``previous``: a plain definition that parsed
    cleanly is re-read only where the edit changed it, when the edit stays inside one
    state (see :mod:`asl_lsp.syntax.reparse`); the line index is ``lines`` when the caller has
    it, else carried over from ``previous``."""
    # Imported here: re-reading an edit is for editors; a one-shot parse never needs it.
    from asl_lsp.syntax.reparse import changed_region, reparse_state

    region = changed_region(previous.text, text)
    lines = _line_index(text, lines, lambda: previous.lines.edited(text, *region))
    root = previous.root
    fmt = previous.format
    if (
        previous.kind == "asl"
        and not previous.diagnostics
        and isinstance(root, ObjectNode)
        and previous.path == path
        and detect_format(text, path, language_id) == fmt
    ):
        reparsed = reparse_state(root, previous.text, text, fmt, region)
        if reparsed is not None:
            result = ParseResult(reparsed.root, ())
            placeholders = _placeholders_after_edit(previous, text, region)
            return _source_document(
                text, path, language_id, fmt, result, False, lines, reparsed.edit, placeholders
            )
    return _parse(text, path, language_id, lines)


def _placeholders_after_edit(
    previous: SourceDocument, text: str, region: tuple[int, int, int]
) -> bool:
    """Whether ``text``, an edit of a plain definition, holds a ``${``: the previous text's
    answer, unless the edit wrote or removed one. Searching 10 MB of JSONPath, where ``$`` is
    everywhere, for it took 8 ms of every edit."""
    start, old_end, new_end = region
    before = max(0, start - 1)  # a "$" just before the edit and a "{" typed after it
    had = any(definition.placeholders for definition in previous.definitions)
    if not had:
        return "${" in text[before : new_end + 1]
    return "${" not in previous.text[before : old_end + 1] or "${" in text


def _line_index(text: str, lines: LineIndex | None, derive: Callable[[], LineIndex]) -> LineIndex:
    """``lines`` when it indexes ``text`` itself, else the index ``derive`` makes: a caller's
    index of some other text is never taken."""
    return lines if lines is not None and lines.text is text else derive()


def _parse(
    text: str, path: str | None, language_id: str | None, lines: LineIndex
) -> SourceDocument:
    fmt = detect_format(text, path, language_id)
    blank = not text.strip(" \t\r\n\ufeff")
    result: ParseResult = ParseResult(None, ())
    if not blank and fmt == "json":
        result = read_json(text)
    elif not blank:
        # Imported here: the YAML front end (and PyYAML) loads only when a YAML text is read.
        from asl_lsp.syntax.yaml_loader import parse_yaml

        result = parse_yaml(text)
    return _source_document(text, path, language_id, fmt, result, blank, lines)


def _source_document(
    text: str,
    path: str | None,
    language_id: str | None,
    fmt: Literal["json", "yaml"],
    result: ParseResult,
    blank: bool,
    lines: LineIndex,
    edit: StateEdit | None = None,
    placeholders: bool | None = None,
) -> SourceDocument:
    """What the parsed ``text`` is: a definition, a template holding definitions, or neither;
    ``placeholders`` says whether ``text`` holds a ``${`` when the caller knows."""
    root = result.root
    diagnostics = list(result.diagnostics)
    definitions: list[DefinitionSource] = []
    kind: Literal["asl", "template", "other"] = "other"
    if placeholders is None:
        placeholders = "${" in text

    if isinstance(root, ObjectNode) and ("StartAt" in root or "States" in root):
        kind = "asl"
        definitions.append(DefinitionSource(root, (), None, placeholders))
    elif isinstance(root, ObjectNode) and _is_template(root):
        # Templates are rare next to plain definitions: their module loads on first sight of one.
        from asl_lsp.syntax.templates import extract_definitions

        kind = "template"
        scan = extract_definitions(text, root, fmt == "json", path)
        diagnostics.extend(scan.diagnostics)
        definitions.extend(
            DefinitionSource(d.root, d.pointer, d.name, True, d.external_path, d.substitutions)
            for d in scan.definitions
        )
    elif blank or root is not None or not diagnostics:
        what = "JSON object" if fmt == "json" else "YAML mapping"
        span = Span(0, 0)
        if root is not None:
            span = Span(root.span.start, min(root.span.start + 1, root.span.end))
        detail = " (the file is empty)" if blank or root is None else ""
        diagnostics.append(
            Diagnostic(
                NOT_A_STATE_MACHINE[0],
                NOT_A_STATE_MACHINE[1],
                Severity.ERROR if _strict(path, language_id) else Severity.WARNING,
                f"expected a {what} with StartAt and States{detail}",
                span,
            )
        )
    return SourceDocument(
        text, path, fmt, kind, root, tuple(definitions), tuple(diagnostics), lines, edit
    )


def read_source_file(path: str | os.PathLike[str], max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a regular file as UTF-8 text (a leading BOM is dropped).

    Raises :class:`SourceReadError` with a one-line message for missing, unreadable, binary,
    non-UTF-8 or oversized files, and for anything that is not a regular file: a FIFO or a device
    would block ``open()`` or never end, so it is opened without blocking and refused.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SourceReadError("No such file") from None
    except IsADirectoryError:
        raise SourceReadError("is a directory") from None
    except PermissionError:
        raise SourceReadError("Permission denied") from None
    except OSError as exc:
        raise SourceReadError(exc.strerror or str(exc)) from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise SourceReadError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise SourceReadError("not a regular file (a FIFO, socket or device is not read)")
        if info.st_size > max_bytes:
            raise SourceReadError(
                f"file too large ({info.st_size / _MB:.1f} MB; "
                f"the limit is {max_bytes / _MB:.0f} MB)"
            )
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            # Sized from fstat: reading max_bytes + 1 at once would allocate 16 MB for every file.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # the file grew since fstat: read on, to the limit
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise SourceReadError(exc.strerror or str(exc)) from None
    finally:
        os.close(descriptor)
    if len(data) > max_bytes:
        raise SourceReadError(
            f"file too large (over {max_bytes / _MB:.0f} MB; the limit is {max_bytes / _MB:.0f} MB)"
        )
    if b"\x00" in data:
        raise SourceReadError("binary file (contains NUL bytes)")
    skipped = 0
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        skipped = 3
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        offset = exc.start + skipped
        raise SourceReadError(f"not UTF-8 (invalid byte 0x{bad:02x} at offset {offset})") from None
