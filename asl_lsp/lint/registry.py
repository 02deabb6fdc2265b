"""All lint rules: the modules ``asl_lsp.lint.rules`` lists (one rule per module)."""

from __future__ import annotations

import importlib
from functools import cache

from asl_lsp.lint.rule import Rule

_REGISTERED: list[type[Rule]] = []


def register(rule: type[Rule]) -> type[Rule]:
    """Class decorator that adds a rule to the registry."""
    _REGISTERED.append(rule)
    return rule


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code. Codes and names are checked to be unique."""
    # Imported here: rule modules load on first use, after the registry exists.
    from asl_lsp.lint import rules as package

    for module in package.RULE_MODULES:
        importlib.import_module(f"{package.__name__}.{module}")
    instances = tuple(sorted((cls() for cls in _REGISTERED), key=lambda r: r.code))
    codes = [r.code for r in instances]
    names = [r.name for r in instances]
    if len(set(codes)) != len(codes) or len(set(names)) != len(names):
        raise RuntimeError("lint rule codes and names must be unique")
    return instances


def find_rule(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    for rule in all_rules():
        if rule.code.lower() == key.lower() or rule.name == key.lower():
            return rule
    return None
