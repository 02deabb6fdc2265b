"""Where a project's asl-lsp settings live, and reading them: one rule for lint and run alike.

Settings are the top level of ``.asl-lsp.toml`` or the ``[tool.asl-lsp]`` table of
``pyproject.toml``. The file in force for a path is the nearest one walking up from it: in each
folder ``.asl-lsp.toml`` first, then a ``pyproject.toml`` that has the table. ``asl lint``
reads its keys (``select``, ``ignore``...), ``asl run`` and the language server its ``[run]``
table, so both always agree on which file configures a definition.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

CONFIG_FILE = ".asl-lsp.toml"
PYPROJECT = "pyproject.toml"


class ConfigError(Exception):
    """A configuration file or value that cannot be used; the message names the file and key."""


def _toml() -> Any:
    """The TOML reader, imported on first use: most runs meet no configuration file."""
    if sys.version_info >= (3, 11):
        # Imported here: TOML loads only when a config file exists.
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        # Imported here: TOML loads only when a config file exists.
        import tomli as tomllib
    return tomllib


def find_config_file(
    start: Path | str, memo: dict[str, Path | None] | None = None, *, resolved: bool = False
) -> Path | None:
    """The nearest ``.asl-lsp.toml``, or ``pyproject.toml`` with a ``[tool.asl-lsp]`` table.

    ``memo`` (folder, as a string -> answer) lets one run over many sibling folders look at
    each shared ancestor once instead of once per folder. ``resolved`` says ``start`` is a
    folder whose symbolic links are already resolved (a ``Path`` or its string), so it is not
    looked at or resolved again.
    The walk goes up the folder's string with ``os.path``: ``asl lint`` of a corpus asks it of
    a hundred folders, and pathlib made each step cost several times its system call.
    """
    if resolved:
        folder = str(start)
    else:
        path = Path(start)
        folder = str((path if path.is_dir() else path.parent).resolve())
    visited: list[str] = []
    found: Path | None = None
    while True:
        if memo is not None and folder in memo:
            found = memo[folder]
            break
        visited.append(folder)
        candidate = os.path.join(folder, CONFIG_FILE)
        if os.path.isfile(candidate):
            found = Path(candidate)
            break
        pyproject = os.path.join(folder, PYPROJECT)
        if os.path.isfile(pyproject) and _pyproject_table(Path(pyproject)) is not None:
            found = Path(pyproject)
            break
        parent = os.path.dirname(folder)
        if parent == folder:  # the root
            break
        folder = parent
    if memo is not None:
        for seen in visited:
            memo[seen] = found
    return found


def _pyproject_table(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not _may_name_table(text):
        return None  # most projects' pyproject.toml: neither TOML nor its parse is loaded
    toml = _toml()
    try:
        data = toml.loads(text)
    except toml.TOMLDecodeError:
        return None
    table = data.get("tool", {}).get("asl-lsp")
    return table if isinstance(table, dict) else None


def _may_name_table(text: str) -> bool:
    """Whether a TOML text can give ``tool`` an ``asl-lsp`` table; most projects'
    pyproject.toml cannot (one that depends on asl-lsp, or this project's own, names it
    elsewhere), and then neither TOML nor the text's parse is loaded.

    A TOML key is on one line. The table is made by a header or a dotted key that names
    ``tool``, a dot and ``asl-lsp`` (either name quoted or not, spaces around the dot), or by an
    ``asl-lsp`` key inside a ``[tool]`` table or a ``tool = {...}`` inline table; a quoted key
    could also spell the names with ``\\u`` or ``\\U`` escapes.
    """
    if "\\u" in text or "\\U" in text:
        return True
    return "asl-lsp" in text and _TOOL_TABLE.search(text) is not None


_TOOL_TABLE = re.compile(
    r"""["']?tool["']?[ \t]*\.[ \t]*["']?asl-lsp"""  # [tool.asl-lsp], tool.asl-lsp.select = ...
    r"""|\[[ \t]*["']?tool["']?[ \t]*\]"""  # [tool]
    r"""|(?:^|[{,\s])["']?tool["']?[ \t]*="""  # tool = { asl-lsp = {...} }
)


def read_config_table(path: Path) -> dict[str, Any]:
    """The asl-lsp table of a config file (top level of .asl-lsp.toml, [tool.asl-lsp] of
    pyproject)."""
    toml = _toml()
    try:
        data = toml.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from None
    except toml.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("asl-lsp", {})
        return table if isinstance(table, dict) else {}
    return dict(data)


def find_run_table(start: Path) -> tuple[dict[str, Any], Path] | None:
    """The ``[run]`` table of the config file in force for ``start``, with that file's folder."""
    path = find_config_file(start)
    if path is None:
        return None
    table = read_config_table(path).get("run")
    return (table, path.parent) if isinstance(table, dict) else None
