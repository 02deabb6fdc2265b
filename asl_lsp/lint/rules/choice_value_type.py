"""ASL302 choice-value-type: a Choice comparison operand of the wrong type or shape."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import field_index
from asl_lsp.lint.locate import pointer_of
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.values import is_substituted, is_timestamp
from asl_lsp.model.machine import JSONPATH
from asl_lsp.spec.choice_operators import CHOICE_OPERATORS
from asl_lsp.syntax.nodes import BoolNode, Node, NullNode, NumberNode, ObjectNode, StringNode

BAD = """{
  "StartAt": "Route",
  "States": {
    "Route": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.count", "NumericEquals": "5", "Next": "Done"}
      ],
      "Default": "Done"
    },
    "Done": {
      "Type": "Succeed"
    }
  }
}
"""

GOOD = BAD.replace('"NumericEquals": "5"', '"NumericEquals": 5')


def expected_type(operator: str) -> str:
    """``string``, ``number``, ``boolean``, ``timestamp``, ``pattern`` or ``path``."""
    operand = CHOICE_OPERATORS[operator].operand
    return "boolean" if operand == "test" else operand  # the Is* tests take true or false


def _kind(node: Node) -> str:
    if isinstance(node, StringNode):
        return "a string"
    if isinstance(node, BoolNode):
        return "a boolean"
    if isinstance(node, NumberNode):
        return "a number"
    if isinstance(node, NullNode):
        return "null"
    return "an object" if isinstance(node, ObjectNode) else "an array"


def pattern_problem(pattern: str) -> str | None:
    """StringMatches allows '*' wildcards; a backslash may only escape '*' or another backslash."""
    index = 0
    while index < len(pattern):
        if pattern[index] == "\\":
            following = pattern[index + 1 : index + 2]
            if following not in ("*", "\\"):
                return (
                    "in StringMatches a backslash may only escape '*' or '\\\\' "
                    f"(found '\\\\{following}')"
                    if following
                    else "a StringMatches pattern cannot end with a lone backslash"
                )
            index += 2
            continue
        index += 1
    return None


@register
class ChoiceValueType(Rule):
    code = "ASL302"
    name = "choice-value-type"
    per_state = True
    severity = Severity.ERROR
    message = "{operator} expects {expected}, but the value is {actual}"
    doc = RuleDoc(
        summary=(
            'A Choice comparison with an operand of the wrong type (NumericEquals "5"), a '
            "malformed timestamp, or a bad StringMatches pattern"
        ),
        why=(
            "AWS compares operands by type: NumericEquals needs a number, BooleanEquals and the "
            "Is* tests a boolean, Timestamp operators an RFC 3339 timestamp such as "
            '2024-01-31T12:00:00Z. A string "5" is never equal to a number, so the rule '
            "would silently never match; AWS refuses most of these outright."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#choice-state",
        findings=(
            Finding(
                (
                    "a comparison operand of the wrong type, a timestamp that is not RFC 3339, "
                    "or a bad StringMatches pattern"
                ),
                Severity.ERROR,
                "refuses the definition (SCHEMA_VALIDATION_FAILED)",
            ),
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for state, rule, _top in field_index(ctx).choice_rules:
            if state.query_language != JSONPATH:
                continue
            for member in rule.members:
                operator = member.key.value
                value = member.value
                if operator not in CHOICE_OPERATORS or value is None or is_substituted(value):
                    continue
                detail = self._problem(operator, value)
                if detail is None:
                    continue
                expected, actual = detail
                yield self.report(
                    ctx,
                    value.span,
                    pointer_of(state, value),
                    operator=operator,
                    expected=expected,
                    actual=actual,
                )

    @staticmethod
    def _problem(operator: str, value: Node) -> tuple[str, str] | None:
        kind = expected_type(operator)
        if kind in ("string", "path", "pattern", "timestamp"):
            if not isinstance(value, StringNode):
                what = "a path" if kind == "path" else "a string"
                return what, _kind(value)
            if kind == "timestamp" and not is_timestamp(value.value):
                return (
                    "an RFC 3339 timestamp such as 2024-01-31T12:00:00Z",
                    repr(value.value),
                )
            if kind == "pattern":
                problem = pattern_problem(value.value)
                if problem is not None:
                    return "a valid pattern", problem
            return None
        if kind == "number":
            if isinstance(value, NumberNode):
                return None
            return "a number", _kind(value)
        if isinstance(value, BoolNode):
            return None
        return "a boolean (true or false)", _kind(value)
