"""Reading definitions and run settings from files: the one place ``asl run`` touches the disk.

Definitions go through the syntax layer (JSON, YAML, CloudFormation/SAM templates); handler
modules named in ``--functions`` or in ``.asl-lsp.toml`` / ``pyproject.toml`` are imported from
a module name or a ``path.py`` file.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asl_lsp.project_config import ConfigError, find_run_table

if TYPE_CHECKING:
    from asl_lsp.syntax.document import SourceDocument

# Syntax errors and duplicate keys: the parser recovers a tree for the editor, but running it
# would run something the text does not say (the second copy of a duplicated state, a Parallel
# cut at the nesting limit), so no run, deploy or SDK call accepts such text.
BLOCKING_CODES = frozenset({"ASL001", "ASL002"})
SHOWN_ERRORS = 5


class LoadError(Exception):
    """A user-facing reason a file or handler module could not be loaded: one line, or a
    summary line followed by one line per syntax error."""


def blocking_errors(source: SourceDocument) -> list[str]:
    """``line:col: CODE message`` for every syntax error and duplicate key of ``source``."""
    found = []
    for diagnostic in source.diagnostics:
        if diagnostic.code in BLOCKING_CODES:
            line, column = source.lines.one_based(diagnostic.span.start)
            found.append(f"{line}:{column}: {diagnostic.code} {diagnostic.message}")
    return found


def refusal(errors: list[str], action: str = "run") -> str:
    """The message that refuses to run (or deploy) a definition with these syntax errors."""
    shown = errors[:SHOWN_ERRORS]
    more = len(errors) - len(shown)
    lines = [f"the definition has {len(errors)} syntax error(s) and is not {action}:"]
    lines.extend(f"  {error}" for error in shown)
    if more:
        lines.append(f"  ... and {more} more ('asl lint' lists them all)")
    return "\n".join(lines)


def parse_definition_text(text: str, path: str | None = None) -> dict[str, Any]:
    # Imported here: loaded with the parser, only when a definition is read.
    from asl_lsp.diagnostic import Severity
    from asl_lsp.syntax.document import parse_source

    doc = parse_source(text, path)
    blocking = blocking_errors(doc)
    if blocking:
        raise LoadError(refusal(blocking))
    errors = [d for d in doc.diagnostics if d.severity == Severity.ERROR]
    if errors and not doc.local_definitions:
        raise LoadError(errors[0].message)
    if not doc.local_definitions:
        raise LoadError("no state machine definition found (expected StartAt and States)")
    value = doc.local_definitions[0].value()
    if not isinstance(value, dict):
        raise LoadError("the definition is not an object")
    return value


def read_definition(path: str | Path) -> dict[str, Any]:
    # Imported here: the parser loads only when a definition is read.
    from asl_lsp.syntax.document import SourceReadError, read_source_file

    try:
        text = read_source_file(path)
    except SourceReadError as exc:
        raise LoadError(f"{path}: {exc}") from None
    try:
        return parse_definition_text(text, str(path))
    except LoadError as exc:
        raise LoadError(f"{path}: {exc}") from None


def load_object(spec: str, base: Path | None = None) -> Any:
    """``module:NAME`` or ``path/to/file.py:NAME`` → the named object."""
    target, sep, attr = spec.rpartition(":")
    if not sep or not target or not attr:
        raise LoadError(f"expected MODULE:NAME or FILE.py:NAME, got {spec!r}")
    if target.endswith(".py"):
        file = Path(target)
        if not file.is_absolute() and base is not None:
            file = base / file
        if not file.is_file():
            raise LoadError(f"handler file not found: {file}")
        mod_name = f"_asl_handlers_{abs(hash(str(file.resolve())))}"
        loader_spec = importlib.util.spec_from_file_location(mod_name, file)
        if loader_spec is None or loader_spec.loader is None:
            raise LoadError(f"cannot import {file}")
        module = importlib.util.module_from_spec(loader_spec)
        sys.modules[mod_name] = module
        folder = str(file.resolve().parent)
        added = folder not in sys.path
        if added:
            sys.path.insert(0, folder)
        try:
            loader_spec.loader.exec_module(module)
        except Exception as exc:
            raise LoadError(f"importing {file} failed: {type(exc).__name__}: {exc}") from None
        finally:
            if added:
                sys.path.remove(folder)
    else:
        if base is not None and str(base) not in sys.path:
            sys.path.insert(0, str(base))
        try:
            module = importlib.import_module(target)
        except Exception as exc:
            raise LoadError(f"importing {target} failed: {type(exc).__name__}: {exc}") from None
    if not hasattr(module, attr):
        raise LoadError(f"{target} has no attribute {attr!r}")
    return getattr(module, attr)


def load_handlers(spec: str, base: Path | None = None) -> dict[str, Any]:
    value = load_object(spec, base)
    if not isinstance(value, Mapping) or not all(callable(v) for v in value.values()):
        raise LoadError(f"{spec} must be a dict of name -> callable")
    return dict(value)


def find_run_config(start: Path) -> tuple[dict[str, Any], Path] | None:
    """The ``[run]`` table in force for ``start``, with the folder of its file (the same file
    ``asl lint`` reads its settings from)."""
    try:
        return find_run_table(start.resolve())
    except ConfigError as exc:
        raise LoadError(str(exc)) from None


def handlers_for(
    definition_path: Path | None,
    functions: str | None = None,
    tasks: str | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Python handlers a run of the definition at ``definition_path`` uses.

    An explicit ``module:NAME`` / ``file.py:NAME`` spec (relative to the working folder) wins;
    otherwise the ``functions`` and ``tasks`` keys of the nearest ``[run]`` table (relative to the
    folder of the config file). ``asl run``, ``asl deploy --target local`` and the language server
    all resolve handlers here, so a definition runs the same way from each of them.
    """
    start = definition_path.parent if definition_path is not None else Path.cwd()
    config = find_run_config(start if str(start) else Path("."))
    loaded: list[dict[str, Any]] = []
    for spec, key in ((functions, "functions"), (tasks, "tasks")):
        if spec:
            loaded.append(load_handlers(spec, Path.cwd()))
        elif config is not None and isinstance(config[0].get(key), str):
            loaded.append(load_handlers(config[0][key], config[1]))
        else:
            loaded.append({})
    return loaded[0], loaded[1]
