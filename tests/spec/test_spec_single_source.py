"""The spec tables are the package's one copy of each ASL fact, and they agree with the schema."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from asl_lsp.spec import choice_operators, errors, exclusive_fields, intrinsics, states
from asl_lsp.spec.schema import definition, load_schema

PACKAGE = Path(__file__).resolve().parents[2] / "asl_lsp"

# Names that must only be spelled in spec/: Choice operators, predefined errors, intrinsics.
GUARDED = (
    frozenset(choice_operators.OPERATOR_NAMES)
    | frozenset(errors.STATES_ERRORS)
    | frozenset(intrinsics.INTRINSICS)
)
STATE_TYPES = frozenset(states.STATE_TYPES)


def _modules_outside_spec() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "spec" not in p.relative_to(PACKAGE).parts]


def _string_constants(tree: ast.AST) -> list[ast.Constant]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_guard_sees_the_modules() -> None:
    assert len(_modules_outside_spec()) > 100


def _copied_names(tree: ast.AST) -> list[str]:
    """Guarded names a module spells as whole strings, when they look like a copied table.

    Prose (docstrings, rule examples, messages) may mention names; a string that is exactly a
    name is a table entry. One plain name (a snippet's ``StringEquals``) is a use; two or more, or
    any ``...Path`` operator (only ever written in a list of them), are a copy.
    """
    names = sorted({c.value for c in _string_constants(tree) if c.value in GUARDED})
    rare = [n for n in names if n in choice_operators.PATH_OPERATORS or n in intrinsics.INTRINSICS]
    return names if len(names) > 1 or rare else []


@pytest.mark.parametrize("path", _modules_outside_spec(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_asl_name_list_outside_spec(path: Path) -> None:
    copies = _copied_names(ast.parse(path.read_text(encoding="utf-8")))
    assert not copies, f"{path.name} spells {copies}: read them from asl_lsp.spec"


@pytest.mark.parametrize("path", _modules_outside_spec(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_state_type_grouping_outside_spec(path: Path) -> None:
    """A literal tuple/set/list of three or more state type names is a grouping spec/ owns."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Tuple, ast.Set, ast.List)):
            names = [
                e.value
                for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
            grouped = [n for n in names if n in STATE_TYPES]
            assert len(grouped) < 3 or len(grouped) != len(node.elts), (
                f"{path.name}:{node.lineno} lists state types {grouped}: use asl_lsp.spec.states"
            )


def test_guard_catches_a_copy(tmp_path: Path) -> None:
    copy = tmp_path / "copy.py"
    copy.write_text('OPS = ("NumericGreaterThanEqualsPath", "IsNull")\n', encoding="utf-8")
    assert _copied_names(ast.parse('F = "States.ArrayPartition"')) == ["States.ArrayPartition"]
    assert _copied_names(ast.parse(copy.read_text())) == ["IsNull", "NumericGreaterThanEqualsPath"]
    assert _copied_names(ast.parse('X = "NumericGreaterThanEqualsPath"')) != []
    assert _copied_names(ast.parse('X = {"StringEquals": 1}')) == []


# --- every table against schemas/asl.schema.json -----------------------------------------------

_NOT_OPERATORS = {
    "Variable",
    "And",
    "Or",
    "Not",
    "Condition",
    "Next",
    "Assign",
    "Output",
    "Comment",
}


def test_choice_operators_are_the_schema_operators() -> None:
    props = set(definition("choiceRule")["properties"])
    assert props - _NOT_OPERATORS == choice_operators.OPERATOR_NAMES
    assert set(choice_operators.BOOLEAN_OPERATORS) <= props


@pytest.mark.parametrize("name", sorted(choice_operators.OPERATOR_NAMES))
def test_choice_operand_type_matches_the_schema(name: str) -> None:
    op = choice_operators.CHOICE_OPERATORS[name]
    prop = definition("choiceRule")["properties"][name]
    schema_type = prop.get("type")
    if op.is_path:
        assert name.endswith("Path") and op.operand == "path"
        assert "$ref" in prop or schema_type == "string"
    elif op.operand in ("number",):
        assert schema_type == "number"
    elif op.operand in ("boolean", "test"):
        assert schema_type == "boolean"
    else:
        assert schema_type == "string"
    if op.kind == "compare":
        assert name == f"{op.value_type}{op.comparison}{'Path' if op.is_path else ''}"


def test_state_types_are_the_schema_enum() -> None:
    assert tuple(definition("stateType")["enum"]) == states.STATE_TYPES


def _state_props(type_name: str) -> set[str]:
    return set(definition(states.schema_def_name(type_name))["properties"])


def test_state_groupings_follow_the_schema() -> None:
    types = states.STATE_TYPES
    assert {t for t in types if "Next" in _state_props(t)} == states.NEXT_END_TYPES
    assert {t for t in types if "Retry" in _state_props(t)} == states.ERROR_HANDLING_TYPES
    nested = {"Branches", "ItemProcessor"}
    assert {t for t in types if nested & _state_props(t)} == states.CONTAINER_TYPES
    no_exit = {t for t in types if not {"Next", "Choices"} & _state_props(t)}
    assert no_exit == states.TERMINAL_TYPES


def test_exclusive_pairs_name_schema_fields() -> None:
    for a, b in exclusive_fields.STATE_PAIRS:
        owners = [t for t in states.STATE_TYPES if {a, b} <= _state_props(t)]
        assert owners, f"no state type has both {a} and {b}"
    for a, b in exclusive_fields.MAP_PAIRS:
        assert {a, b} <= _state_props("Map")
    defs = {
        "ItemReader": "itemReader",
        "ReaderConfig": "readerConfig",
        "ItemBatcher": "itemBatcher",
    }
    for steps, (a, b) in exclusive_fields.NESTED_PAIRS:
        assert {a, b} <= set(definition(defs[steps[-1]])["properties"])
    assert set(exclusive_fields.WAIT_DURATION_FIELDS) <= _state_props("Wait")


def test_every_intrinsic_record_is_complete() -> None:
    assert len(intrinsics.INTRINSICS) == 18
    for name, record in intrinsics.INTRINSICS.items():
        assert record.signature.startswith(name + "(")
        assert record.doc and callable(record.evaluate)
        assert record.max_args is None or record.min_args <= record.max_args


def test_predefined_errors_are_in_the_schema_vocabulary() -> None:
    text = str(load_schema())
    assert errors.ALL in errors.STATES_ERRORS
    assert {errors.RUNTIME, errors.DATA_LIMIT_EXCEEDED} == errors.TERMINAL_ERRORS
    assert all(name.startswith("States.") for name in errors.STATES_ERRORS)
    assert "States." in text
