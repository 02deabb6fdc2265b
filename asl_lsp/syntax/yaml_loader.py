"""YAML into the same node tree as JSON, from PyYAML's event stream (libyaml when available).

Choices, all so that a state machine written in YAML means what its author sees:

* Keys are always strings exactly as written: a state named ``Yes``, ``No``, ``On``, ``Off``,
  ``1`` or ``null`` keeps that name.
* Plain scalar *values* follow the YAML 1.2 core schema, not YAML 1.1: only ``true``/``false``
  (any case spelling of those two) are booleans, only ``null``/``~``/empty are null, numbers are
  decimal/octal ``0o``/hex ``0x`` integers and decimal floats. So ``Next: Yes`` is the string
  ``"Yes"``, ``Timestamp: 2024-01-01T00:00:00Z`` stays a string, ``0777`` is 777.
* Any tag is accepted. CloudFormation short forms (``!Ref X``, ``!GetAtt A.B``, ``!Sub ...``) become
  the long-form objects (``{"Ref": "X"}``, ``{"Fn::GetAtt": ["A", "B"]}``, ``{"Fn::Sub": ...}``) so
  template code sees one shape; the tag is kept on the node.
* Aliases are shared, and the size they expand to is bounded (an alias bomb gives one diagnostic).
* Broken YAML gives one diagnostic at PyYAML's mark and no tree: PyYAML stops at the first error.
  Editor features keep the last good tree of the document while the text is broken.

The parser is only ever asked for events (no constructor runs, so no Python object can be made
from the text); :mod:`asl_lsp.syntax.yaml_events` builds the nodes from them.
"""

from __future__ import annotations

from typing import Any, Protocol

import yaml

from asl_lsp.diagnostic import Diagnostic
from asl_lsp.gcpause import gc_paused
from asl_lsp.syntax.nodes import Span
from asl_lsp.syntax.result import ParseResult, syntax_error
from asl_lsp.syntax.yaml_events import (
    MAX_ALIAS_EXPANSION,
    Built,
    ComposeError,
    Refused,
    build_tree,
)
from asl_lsp.syntax.yaml_tags import CFN_TAGS

__all__ = ["CFN_TAGS", "MAX_ALIAS_EXPANSION", "EventReader", "event_reader", "parse_yaml"]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that resolves no implicit types (only its parser's events are used)."""


class _PyLoader(yaml.SafeLoader):
    """The same on the pure-Python parser (used where libyaml is missing)."""


_Loader.yaml_implicit_resolvers = {}
_PyLoader.yaml_implicit_resolvers = {}


class EventReader(Protocol):
    """PyYAML's parser seen as a stream of events."""

    def get_event(self) -> Any: ...

    def dispose(self) -> None: ...


def event_reader(text: str) -> EventReader:
    """The safe parser's events of ``text`` (no constructor runs, no implicit types); may raise
    :class:`yaml.YAMLError` at once for characters YAML does not allow."""
    reader: EventReader = _Loader(text)
    return reader


def _mark_span(text: str, mark: Any) -> Span:
    if mark is None:
        return Span(0, 0)
    index = min(max(int(mark.index), 0), len(text))
    return Span(index, min(index + 1, len(text)))


def _composer_message(error: ComposeError) -> str:
    """PyYAML's composer's words for the problem (libyaml's binding leaves out the name)."""
    if not error.undefined_alias:
        return "second occurrence"
    if issubclass(_Loader, yaml.parser.Parser):
        return f"found undefined alias {error.name!r}"
    return "found undefined alias"


def parse_yaml(text: str) -> ParseResult:
    """Parse YAML ``text`` into nodes with spans; never raises.

    On a YAML error the result has no root and one diagnostic at the error's mark.
    """
    # The burst of node allocations would otherwise trigger full collections again and again.
    with gc_paused():
        return _parse(text)


def _build(text: str) -> Built:
    reader = event_reader(text)
    try:
        return build_tree(reader.get_event, text)
    finally:
        reader.dispose()


def _parse(text: str) -> ParseResult:
    try:
        built = _build(text)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        return ParseResult(None, (syntax_error(str(problem), _mark_span(text, mark)),))
    except yaml.YAMLError as exc:
        return ParseResult(None, (syntax_error(str(exc).splitlines()[0], Span(0, 0)),))
    except ComposeError as exc:
        at = min(max(exc.at, 0), len(text))
        message = _composer_message(exc)
        return ParseResult(None, (syntax_error(message, Span(at, min(at + 1, len(text)))),))
    except Refused as exc:
        return ParseResult(None, (syntax_error(str(exc), Span(0, 0)),))
    except RecursionError:
        return ParseResult(None, (syntax_error("YAML nested too deeply", Span(0, 0)),))
    except (ValueError, TypeError) as exc:  # e.g. unacceptable characters reported oddly
        return ParseResult(None, (syntax_error(str(exc).splitlines()[0], Span(0, 0)),))
    if not built.documents:
        return ParseResult(None, ())
    diagnostics: list[Diagnostic] = []
    if built.documents > 1:
        at = built.second_document_at
        diagnostics.append(
            syntax_error("only one YAML document is allowed (found '---' and more)", Span(at, at))
        )
    diagnostics.extend(built.diagnostics)
    return ParseResult(built.root, tuple(diagnostics))
