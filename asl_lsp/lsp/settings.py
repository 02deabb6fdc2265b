"""Server settings from initialization options and ``workspace/configuration`` (section ``aslLsp``).

Every value is checked; a bad one is reported (the caller shows the messages) and replaced by its
default, so a typo in a client's configuration never disables the server.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from asl_lsp.lint.config import ConfigError, LintConfig, parse_severity

DEFAULT_DEBOUNCE_MS = 200


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    run_functions: str | None = None  # module:dict for asl.runLocal
    deploy_target: str = "local"
    deploy_region: str | None = None
    deploy_endpoint_url: str | None = None

    def apply(self, base: LintConfig) -> LintConfig:
        return base.merged(
            select=self.select or None,
            ignore=self.ignore or None,
            severity=self.severity or None,
        )


def merge_raw(base: Any, override: Any) -> Any:
    """``override`` laid over ``base`` key by key (both client JSON; either may be missing)."""
    base = _unwrap(base)
    override = _unwrap(override)
    if not isinstance(base, Mapping) or not isinstance(override, Mapping):
        return override if override is not None else base
    merged = dict(base)
    for key, value in override.items():
        merged[key] = merge_raw(merged.get(key), value) if key in merged else value
    return merged


def _unwrap(raw: Any) -> Any:
    if isinstance(raw, Mapping) and isinstance(raw.get("aslLsp"), Mapping):
        return raw["aslLsp"]
    return raw


def _strings(value: Any, key: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    problems.append(f"aslLsp setting '{key}' must be a list of rule codes or names; ignored")
    return ()


def parse_settings(raw: Any) -> tuple[Settings, list[str]]:
    """Settings from a client's JSON object, and the problems found (one message each)."""
    problems: list[str] = []
    if raw is None:
        return Settings(), problems
    if not isinstance(raw, Mapping):
        return Settings(), ["aslLsp settings must be an object; using defaults"]
    if "aslLsp" in raw and isinstance(raw["aslLsp"], Mapping):
        raw = raw["aslLsp"]
    lint = raw.get("lint", {})
    if not isinstance(lint, Mapping):
        problems.append("aslLsp setting 'lint' must be an object; using defaults")
        lint = {}
    severity: dict[str, str] = {}
    raw_severity = lint.get("severity", {}) or {}
    if isinstance(raw_severity, Mapping):
        for code, level in raw_severity.items():
            try:
                severity[str(code)] = parse_severity(str(level))
            except ConfigError as error:
                problems.append(f"aslLsp setting 'lint.severity.{code}': {error}; ignored")
    else:
        problems.append("aslLsp setting 'lint.severity' must be an object; ignored")
    debounce = raw.get("debounceMs", DEFAULT_DEBOUNCE_MS)
    if not isinstance(debounce, int) or isinstance(debounce, bool) or not 0 <= debounce <= 10000:
        problems.append(
            f"aslLsp setting 'debounceMs' must be an integer from 0 to 10000; using "
            f"{DEFAULT_DEBOUNCE_MS}"
        )
        debounce = DEFAULT_DEBOUNCE_MS
    run = raw.get("run", {}) if isinstance(raw.get("run", {}), Mapping) else {}
    deploy = raw.get("deploy", {}) if isinstance(raw.get("deploy", {}), Mapping) else {}
    target = deploy.get("target", "local")
    if target not in ("local", "aws"):
        problems.append("aslLsp setting 'deploy.target' must be 'local' or 'aws'; using 'local'")
        target = "local"
    return (
        Settings(
            select=_strings(lint.get("select"), "lint.select", problems),
            ignore=_strings(lint.get("ignore"), "lint.ignore", problems),
            severity=severity,
            debounce_ms=debounce,
            run_functions=run.get("functions") if isinstance(run.get("functions"), str) else None,
            deploy_target=target,
            deploy_region=deploy.get("region") if isinstance(deploy.get("region"), str) else None,
            deploy_endpoint_url=deploy.get("endpointUrl")
            if isinstance(deploy.get("endpointUrl"), str)
            else None,
        ),
        problems,
    )
