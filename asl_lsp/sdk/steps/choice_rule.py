"""Choice rules: the 39 comparison operators, And/Or/Not, and JSONata ``Condition``.

``ChoiceRule.BooleanEquals(variable=step.output()["Flag"], value=True)`` is the Data Science SDK's
spelling; every operator of the current ASL is available the same way. Factory methods check the
operand type early (a ``NumericEquals`` against a string is a bug you want at build time, not when
AWS rejects the definition); parsed rules are kept as written.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from asl_lsp.sdk.inputs import Placeholder
from asl_lsp.sdk.steps.fields import RULE_ORDER, arrange, render
from asl_lsp.spec.choice_operators import CHOICE_OPERATORS

# operator -> operand kind ("number", "path", "test", ...), from the spec's operator table.
OPERATORS: dict[str, str] = {name: op.operand for name, op in CHOICE_OPERATORS.items()}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_path(what: str, value: Any) -> None:
    if isinstance(value, Placeholder):
        return
    if not isinstance(value, str) or not value.startswith("$"):
        raise ValueError(
            f"{what} must be a JSONPath starting with '$' or a placeholder, not {value!r}"
        )


_EXPECTED = {
    "string": "a string",
    "pattern": "a string pattern",
    "timestamp": "an RFC 3339 timestamp string",
    "number": "a number",
    "boolean": "true or false",
    "test": "true or false",
}


def _check_operand(operator: str, value: Any) -> None:
    kind = OPERATORS[operator]
    if kind == "path":
        _check_path(f"the value of {operator}", value)
        return
    if kind == "number":
        ok = _is_number(value)
    elif kind in ("boolean", "test"):
        ok = isinstance(value, bool)
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ValueError(f"{operator} compares against {_EXPECTED[kind]}, not {value!r}")


class BaseRule:
    """A Choice rule. ``extra`` holds fields the SDK does not model (kept verbatim)."""

    def __init__(self) -> None:
        self.extra: dict[str, Any] = {}
        self._order: list[str] | None = None

    def _fields(self) -> dict[str, Any]:
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        data = self._fields()
        for key, value in self.extra.items():
            data.setdefault(key, render(value))
        return arrange(data, RULE_ORDER, self._order)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_dict()!r})"


class Rule(BaseRule):
    """``Variable`` compared by one operator."""

    def __init__(self, variable: Placeholder | str, operator: str, value: Any) -> None:
        super().__init__()
        if operator not in OPERATORS:
            raise ValueError(f"unknown Choice operator {operator!r}")
        _check_path("variable", variable)
        _check_operand(operator, value)
        self.variable = variable
        self.operator = operator
        self.value = value

    def _fields(self) -> dict[str, Any]:
        return {"Variable": render(self.variable), self.operator: render(self.value)}


class CompoundRule(BaseRule):
    """``And`` / ``Or`` over a non-empty list of rules."""

    def __init__(self, operator: str, rules: list[BaseRule]) -> None:
        super().__init__()
        if operator not in ("And", "Or"):
            raise ValueError(f"a compound rule is And or Or, not {operator!r}")
        if not rules:
            raise ValueError(f"{operator} needs at least one rule")
        for rule in rules:
            if not isinstance(rule, BaseRule):
                raise TypeError(f"{operator} takes Choice rules, not {rule!r}")
        self.operator = operator
        self.rules = list(rules)

    def _fields(self) -> dict[str, Any]:
        return {self.operator: [rule.to_dict() for rule in self.rules]}


class NotRule(BaseRule):
    """``Not`` of one rule."""

    def __init__(self, rule: BaseRule) -> None:
        super().__init__()
        if not isinstance(rule, BaseRule):
            raise TypeError(f"Not takes a Choice rule, not {rule!r}")
        self.rule = rule

    def _fields(self) -> dict[str, Any]:
        return {"Not": self.rule.to_dict()}


class ConditionRule(BaseRule):
    """A JSONata ``Condition`` (``"{% $states.input.n > 1 %}"`` or a boolean)."""

    def __init__(self, condition: str | bool) -> None:
        super().__init__()
        self.condition = condition

    def _fields(self) -> dict[str, Any]:
        return {"Condition": self.condition}


class RawRule(BaseRule):
    """A rule the parser could not classify; emitted exactly as read."""

    def _fields(self) -> dict[str, Any]:
        return {}


class _OperatorFactories(type):
    """Gives ``ChoiceRule`` one factory per comparison operator of the spec's table.

    ``ChoiceRule.NumericEquals(variable, value)`` builds ``Rule(variable, "NumericEquals",
    value)``; the operator names are not repeated here, so a new ASL operator needs no SDK edit.
    """

    def __getattr__(cls, name: str) -> Callable[[Placeholder | str, Any], Rule]:
        if name not in CHOICE_OPERATORS:
            raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")

        def factory(variable: Placeholder | str, value: Any) -> Rule:
            return Rule(variable, name, value)

        factory.__name__ = factory.__qualname__ = name
        factory.__doc__ = f"A rule: ``Variable`` {name} ``value``."
        return factory

    def __dir__(cls) -> list[str]:
        return sorted({*super().__dir__(), *CHOICE_OPERATORS})


class ChoiceRule(metaclass=_OperatorFactories):
    """Factories for Choice rules (the Data Science SDK's class name and method names)."""

    @classmethod
    def And(cls, rules: list[BaseRule]) -> CompoundRule:
        return CompoundRule("And", rules)

    @classmethod
    def Or(cls, rules: list[BaseRule]) -> CompoundRule:
        return CompoundRule("Or", rules)

    @classmethod
    def Not(cls, rule: BaseRule) -> NotRule:
        return NotRule(rule)

    @classmethod
    def Condition(cls, condition: str | bool) -> ConditionRule:
        return ConditionRule(condition)


def rule_from_dict(data: dict[str, Any]) -> BaseRule:
    """Rebuild a rule from its JSON; unknown or extra keys stay in ``extra`` verbatim."""
    rule: BaseRule
    used: set[str] = set()
    compound = next(
        (
            k
            for k in ("And", "Or")
            if isinstance(data.get(k), list)
            and data[k]
            and all(isinstance(r, dict) for r in data[k])
        ),
        None,
    )
    operator = next((k for k in data if k in OPERATORS), None)
    if compound is not None:
        compound_rule: CompoundRule = _blank(CompoundRule)
        compound_rule.operator = compound
        compound_rule.rules = [rule_from_dict(r) for r in data[compound]]
        rule = compound_rule
        used.add(compound)
    elif isinstance(data.get("Not"), dict):
        not_rule: NotRule = _blank(NotRule)
        not_rule.rule = rule_from_dict(data["Not"])
        rule = not_rule
        used.add("Not")
    elif "Condition" in data:
        condition: ConditionRule = _blank(ConditionRule)
        condition.condition = data["Condition"]
        rule = condition
        used.add("Condition")
    elif "Variable" in data and operator is not None:
        plain: Rule = _blank(Rule)
        plain.variable = data["Variable"]
        plain.operator = operator
        plain.value = copy.deepcopy(data[operator])
        rule = plain
        used.update(("Variable", operator))
    else:
        rule = _blank(RawRule)
    rule.extra = {k: copy.deepcopy(v) for k, v in data.items() if k not in used}
    rule._order = list(data)
    return rule


def _blank(cls: type[BaseRule]) -> Any:
    obj = object.__new__(cls)
    BaseRule.__init__(obj)
    return obj


__all__ = [
    "OPERATORS",
    "BaseRule",
    "ChoiceRule",
    "CompoundRule",
    "ConditionRule",
    "NotRule",
    "RawRule",
    "Rule",
    "rule_from_dict",
]
