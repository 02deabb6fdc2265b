"""Lint configuration: which rules run and at what severity.

Read from the project's config file (see :mod:`asl_lsp.project_config`: ``.asl-lsp.toml`` or
``[tool.asl-lsp]`` of ``pyproject.toml``, the nearest one walking up from the linted path), then
overridden by command-line flags or editor settings.
Selectors are rule codes, code prefixes (``ASL2``), rule names, or ``ALL``.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

from asl_lsp.diagnostic import Severity
from asl_lsp.project_config import ConfigError, find_config_file, read_config_table
from asl_lsp.records import Frozen, replace, set_field

OFF = "off"


class _Selectable(Protocol):
    """What a selector is matched against: a rule's code and name."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


_Rule = TypeVar("_Rule", bound=_Selectable)


class LintConfig(Frozen):
    """Written out rather than made by ``dataclasses`` (see ``asl_lsp.records``)."""

    _fields = (
        "select",
        "ignore",
        "severity",
        "per_file_ignores",
        "exclude",
        "include",
        "source",
    )
    __slots__ = (*_fields, "_enabled", "_enabled_rules")
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    severity: Mapping[str, str]  # selector -> severity or "off"
    per_file_ignores: Mapping[str, tuple[str, ...]]
    exclude: tuple[str, ...]
    # Globs of files to lint that folder discovery would not pick (a definition named
    # ``crud-asl.json``); ``exclude`` still wins.
    include: tuple[str, ...]
    source: str | None  # the file it was read from
    # Answers of ``is_enabled`` (rule x file): linting a folder asks the same few questions once
    # per rule per file. Not a field, so ``replace`` starts a fresh, empty memo.
    _enabled: dict[tuple[str, str, str | None], bool]
    # Answers of ``enabled_rules``, by file only when per-file ignores make the file matter.
    _enabled_rules: dict[tuple[tuple[Any, ...], str | None], tuple[Any, ...]]

    def __init__(
        self,
        select: tuple[str, ...] = ("ALL",),
        ignore: tuple[str, ...] = (),
        severity: Mapping[str, str] | None = None,
        per_file_ignores: Mapping[str, tuple[str, ...]] | None = None,
        exclude: tuple[str, ...] = (),
        include: tuple[str, ...] = (),
        source: str | None = None,
    ) -> None:
        set_field(self, "select", select)
        set_field(self, "ignore", ignore)
        set_field(self, "severity", {} if severity is None else severity)
        set_field(self, "per_file_ignores", {} if per_file_ignores is None else per_file_ignores)
        set_field(self, "exclude", exclude)
        set_field(self, "include", include)
        set_field(self, "source", source)
        set_field(self, "_enabled", {})
        set_field(self, "_enabled_rules", {})

    def merged(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        extend_select: Iterable[str] | None = None,
        severity: Mapping[str, str] | None = None,
    ) -> LintConfig:
        """This config overridden by flags or settings (``select`` replaces, ``ignore`` adds)."""
        config = self
        if select:
            config = replace(config, select=tuple(select))
        if extend_select:
            config = replace(config, select=(*config.select, *extend_select))
        if ignore:
            config = replace(config, ignore=(*config.ignore, *ignore))
        if severity:
            config = replace(config, severity={**config.severity, **severity})
        return config

    def is_enabled(self, code: str, name: str, path: str | None = None) -> bool:
        key = (code, name, path if self.per_file_ignores else None)
        known = self._enabled.get(key)
        if known is None:
            known = self._enabled[key] = self._is_enabled(code, name, path)
        return known

    def enabled_rules(self, rules: tuple[_Rule, ...], path: str | None = None) -> tuple[_Rule, ...]:
        """The ``rules`` that run on the file ``path``, worked out once per file (once in all
        when no per-file ignores are configured) rather than rule by rule for every file."""
        key = (rules, path if self.per_file_ignores else None)
        known = self._enabled_rules.get(key)
        if known is None:
            known = tuple(r for r in rules if self.is_enabled(r.code, r.name, path))
            self._enabled_rules[key] = known
        return known

    def _is_enabled(self, code: str, name: str, path: str | None) -> bool:
        selected = any(_matches(s, code, name) for s in self.select)
        ignored = any(_matches(s, code, name) for s in self.ignore)
        if path is not None:
            for pattern, selectors in self.per_file_ignores.items():
                if _path_matches(path, pattern) and any(_matches(s, code, name) for s in selectors):
                    ignored = True
        return selected and not ignored and self.severity_for(code, name) != OFF

    def severity_for(self, code: str, name: str) -> str | None:
        """The configured severity (or "off"); the most specific selector wins."""
        best: tuple[int, str] | None = None
        for selector, value in self.severity.items():
            if _matches(selector, code, name):
                specificity = len(selector) if selector != "ALL" else 0
                if best is None or specificity >= best[0]:
                    best = (specificity, value)
        return best[1] if best else None

    def is_excluded(self, path: str) -> bool:
        return any(_path_matches(path, pattern) for pattern in self.exclude)

    def is_included(self, path: str) -> bool:
        return any(_path_matches(path, pattern) for pattern in self.include)


def _matches(selector: str, code: str, name: str) -> bool:
    selector = selector.strip()
    if selector.upper() == "ALL":
        return True
    if selector.lower() == name:
        return True
    return code.upper().startswith(selector.upper()) and selector[:3].upper() == "ASL"


def _path_matches(path: str, pattern: str) -> bool:
    posix = Path(path).as_posix()
    return fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(posix, f"*/{pattern}")


def parse_severity(value: str) -> str:
    value = value.strip().lower()
    if value == OFF:
        return OFF
    try:
        return Severity(value).value
    except ValueError:
        raise ConfigError(
            f"unknown severity {value!r}: use error, warning, info, hint or off"
        ) from None


def config_from_mapping(data: Mapping[str, Any], source: str | None = None) -> LintConfig:
    """Build a config from the TOML table (or editor settings), checking every value."""
    where = f" in {source}" if source else ""

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"'{key}'{where} must be a list of strings")
        return tuple(value)

    severity_table = data.get("severity", {})
    if not isinstance(severity_table, Mapping):
        raise ConfigError(f"'severity'{where} must be a table of selector = severity")
    severity = {str(k): parse_severity(str(v)) for k, v in severity_table.items()}
    pfi_table = data.get("per-file-ignores", {})
    if not isinstance(pfi_table, Mapping):
        raise ConfigError(f"'per-file-ignores'{where} must be a table of glob = [codes]")
    per_file = {
        str(k): tuple(v) if isinstance(v, list) else (str(v),) for k, v in pfi_table.items()
    }
    known = {
        "select",
        "ignore",
        "severity",
        "per-file-ignores",
        "exclude",
        "include",
        "extend-select",
        "run",
    }
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"unknown setting {unknown[0]!r}{where}")
    select = strings("select") or ("ALL",)
    return LintConfig(
        select=(*select, *strings("extend-select")),
        ignore=strings("ignore"),
        severity=severity,
        per_file_ignores=per_file,
        exclude=strings("exclude"),
        include=strings("include"),
        source=source,
    )


def load_config(
    start: Path,
    explicit: Path | None = None,
    memo: dict[str, Path | None] | None = None,
    *,
    resolved: bool = False,
) -> LintConfig:
    """The configuration in force for ``start`` (a file or folder); defaults when there is none.

    ``memo`` and ``resolved`` are passed to :func:`find_config_file`."""
    path = explicit or find_config_file(start, memo, resolved=resolved)
    if path is None:
        return LintConfig()
    return config_from_mapping(read_config_table(path), str(path))


__all__ = [
    "OFF",
    "ConfigError",
    "LintConfig",
    "config_from_mapping",
    "find_config_file",
    "load_config",
    "parse_severity",
]
