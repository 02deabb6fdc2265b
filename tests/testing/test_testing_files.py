"""Test-file loading and discovery, and ``-k`` expressions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asl_lsp.testing.files import TestFileError, discover, load_test_file, schema_for_test_files
from asl_lsp.testing.selection import SelectionError, compile_expression

REPO = Path(__file__).resolve().parents[2]


def test_schema_file_is_the_shipped_one() -> None:
    on_disk = json.loads((REPO / "schemas" / "asl-test.schema.json").read_text(encoding="utf-8"))
    assert schema_for_test_files() == on_disk


def test_yaml_file_loads_with_resolved_paths(tmp_path: Path) -> None:
    file = tmp_path / "a.asl-test.yaml"
    file.write_text(
        "definition: sub/flow.asl.json\nstate_machine: Flow\n"
        "mocks: {file: m.json, test_case: T}\n"
        "cases:\n  - name: one\n    input: {a: 1}\n    expect: {error: E}\n"
        "  - name: two\n    expect: {output: null, path: {in_order: [A]}}\n",
        encoding="utf-8",
    )
    loaded = load_test_file(file)
    assert loaded.definition == tmp_path / "sub" / "flow.asl.json"
    assert loaded.mock_file == tmp_path / "m.json" and loaded.mock_test_case == "T"
    one, two = loaded.cases
    assert one.input == {"a": 1} and one.expect.status == "FAILED"  # implied by error
    assert two.input == {} and two.expect.status == "SUCCEEDED"
    assert two.expect.output == (None,) and two.expect.path == ("A",)
    assert two.expect.path_in_order
    assert loaded.clock == "virtual"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases: [{name: a}]\n", '"definition" is a required property'),
        (
            "definition: f.json\ncases: [{name: a, expect: {statsu: 1}}]\n",
            "'statsu' was unexpected",
        ),
        ("definition: f.json\ncases: [{name: a}, {name: a}]\n", "two cases are named 'a'"),
        (
            "definition: f.json\ncases: [{name: a, mocks: {T: {Return: 1, Throw: {}}}}]\n",
            "at /cases/0/mocks/T",
        ),
        ("definition: !!python/object:os.system x\n", "not valid YAML"),
        ("[1, 2\n", "not valid YAML"),
    ],
)
def test_bad_files_give_one_line(tmp_path: Path, text: str, message: str) -> None:
    file = tmp_path / "bad.asl-test.yaml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(TestFileError) as raised:
        load_test_file(file)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_discovery_skips_hidden_and_virtual_env_folders(tmp_path: Path) -> None:
    for name in (
        "a.asl-test.yaml",
        "sub/b.asl-test.json",
        ".venv/c.asl-test.yaml",
        "node_modules/d.asl-test.yaml",
        "e.asl.json",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.asl-test.yaml", "sub/b.asl-test.json"]
    with pytest.raises(TestFileError, match="no such file"):
        list(discover([tmp_path / "missing"]))


@pytest.mark.parametrize(
    ("expression", "matches"),
    [
        ("map", ["f::map items"]),
        ("MAP or both", ["f::map items", "f::both"]),
        ("not map", ["f::both", "f::call"]),
        ("(map or both) and not items", ["f::both"]),
        ("", ["f::map items", "f::both", "f::call"]),
    ],
)
def test_keyword_expressions(expression: str, matches: list[str]) -> None:
    ids = ["f::map items", "f::both", "f::call"]
    matcher = compile_expression(expression)
    assert [i for i in ids if matcher(i)] == matches


@pytest.mark.parametrize("expression", ["(a", "a and", "and a", "a b", ")"])
def test_malformed_keyword_expressions(expression: str) -> None:
    with pytest.raises(SelectionError):
        compile_expression(expression)
