"""The registry imports the rule modules ``asl_lsp.lint.rules`` lists: the list must name every
module of the folder, each once, so that no rule is left out."""

from __future__ import annotations

import pkgutil

from asl_lsp.lint import rules
from asl_lsp.lint.registry import all_rules


def test_the_list_names_every_rule_module_once() -> None:
    in_folder = sorted(module.name for module in pkgutil.iter_modules(rules.__path__))
    assert sorted(rules.RULE_MODULES) == in_folder


def test_every_listed_module_registers_one_rule() -> None:
    modules = sorted(type(rule).__module__.rsplit(".", 1)[-1] for rule in all_rules())
    assert modules == sorted(rules.RULE_MODULES)
