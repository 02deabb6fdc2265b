"""The comparison operators of JSONPath Choice rules: one record per operator.

The linter (which operators exist, what operand each takes), the engine (how each compares), the
SDK (one factory per operator) and graph labels (``$.x >= 5``) all read this table, so a new
operator is added here and in ``schemas/asl.schema.json`` only; a test keeps the two equal.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

# What a comparison reads its two sides as.
ValueType = Literal["String", "Numeric", "Boolean", "Timestamp", "Null"]
# How two values compare (the middle of the operator's name).
Comparison = Literal["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"]
# What the operand (the value next to the operator) must be.
OperandType = Literal["string", "number", "boolean", "timestamp", "pattern", "path", "test"]
# Operators that are not comparisons: "Matches" (wildcards), type tests, presence.
Kind = Literal["compare", "matches", "type-test", "presence"]

BOOLEAN_OPERATORS = ("And", "Or", "Not")

# The symbol a one-line rule uses for each comparison.
COMPARISON_SYMBOLS: dict[str, str] = {
    "Equals": "==",
    "LessThan": "<",
    "GreaterThan": ">",
    "LessThanEquals": "<=",
    "GreaterThanEquals": ">=",
}

_OPERAND_OF_VALUE_TYPE: dict[str, OperandType] = {
    "String": "string",
    "Numeric": "number",
    "Boolean": "boolean",
    "Timestamp": "timestamp",
}


class ChoiceOperator(NamedTuple):
    """One operator: ``NumericGreaterThanEqualsPath`` is a Numeric ``>=`` against a path."""

    name: str
    kind: Kind
    operand: OperandType
    # For comparisons: the type both sides must have, and how they compare; for type tests, the
    # type tested for.
    value_type: ValueType | None = None
    comparison: Comparison | None = None
    # The operand is a reference path to the value to compare against.
    is_path: bool = False
    # How a one-line rule reads: "==" for comparisons, "a string" for IsString.
    label: str = ""


def _comparisons() -> list[ChoiceOperator]:
    out: list[ChoiceOperator] = []
    value_types: tuple[ValueType, ...] = ("String", "Numeric", "Boolean", "Timestamp")
    comparisons: tuple[Comparison, ...] = (
        "Equals",
        "LessThan",
        "GreaterThan",
        "LessThanEquals",
        "GreaterThanEquals",
    )
    for value_type in value_types:
        for comparison in comparisons:
            if value_type == "Boolean" and comparison != "Equals":
                continue  # ASL orders no booleans
            for is_path in (False, True):
                out.append(
                    ChoiceOperator(
                        name=f"{value_type}{comparison}{'Path' if is_path else ''}",
                        kind="compare",
                        operand="path" if is_path else _OPERAND_OF_VALUE_TYPE[value_type],
                        value_type=value_type,
                        comparison=comparison,
                        is_path=is_path,
                        label=COMPARISON_SYMBOLS[comparison],
                    )
                )
    return out


_TYPE_TESTS: tuple[tuple[str, ValueType, str], ...] = (
    ("IsNull", "Null", "null"),
    ("IsNumeric", "Numeric", "numeric"),
    ("IsString", "String", "a string"),
    ("IsBoolean", "Boolean", "a boolean"),
    ("IsTimestamp", "Timestamp", "a timestamp"),
)

CHOICE_OPERATORS: dict[str, ChoiceOperator] = {
    op.name: op
    for op in (
        *_comparisons(),
        ChoiceOperator("StringMatches", "matches", "pattern", "String", label="matches"),
        *(
            ChoiceOperator(name, "type-test", "test", tested, label=noun)
            for name, tested, noun in _TYPE_TESTS
        ),
        ChoiceOperator("IsPresent", "presence", "test", label="present"),
    )
}
"""Every comparison operator by name, in the order the ASL specification lists them by type."""

OPERATOR_NAMES: frozenset[str] = frozenset(CHOICE_OPERATORS)
# Operators whose operand is a path: the linter checks it, the engine reads it.
PATH_OPERATORS: frozenset[str] = frozenset(o.name for o in CHOICE_OPERATORS.values() if o.is_path)
# Type tests by name (IsNull, IsNumeric, ...); IsPresent is apart: it never reads a value.
TYPE_TEST_OPERATORS: frozenset[str] = frozenset(
    o.name for o in CHOICE_OPERATORS.values() if o.kind == "type-test"
)


def choice_operator(name: str) -> ChoiceOperator | None:
    return CHOICE_OPERATORS.get(name)
