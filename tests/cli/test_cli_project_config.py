"""Lint and run settings come from the same file: the nearest project config walking up."""

from __future__ import annotations

from pathlib import Path

import pytest

from asl_lsp import project_config
from asl_lsp.engine.loading import find_run_config
from asl_lsp.lint.config import load_config
from asl_lsp.project_config import find_config_file


def test_lint_and_run_read_the_same_nearest_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.asl-lsp]\nignore = ["ASL101"]\n[tool.asl-lsp.run]\nfunctions = "outer:F"\n',
        encoding="utf-8",
    )
    inner = tmp_path / "service"
    inner.mkdir()
    (inner / ".asl-lsp.toml").write_text(
        'ignore = ["ASL202"]\n[run]\nfunctions = "inner:F"\n', encoding="utf-8"
    )
    deeper = inner / "machines"
    deeper.mkdir()

    assert find_config_file(deeper) == (inner / ".asl-lsp.toml").resolve()
    assert load_config(deeper).ignore == ("ASL202",)
    run = find_run_config(deeper)
    assert run is not None
    assert run == ({"functions": "inner:F"}, inner.resolve())

    assert load_config(tmp_path).ignore == ("ASL101",)
    assert find_run_config(tmp_path) == ({"functions": "outer:F"}, tmp_path.resolve())


def test_a_nearer_file_without_run_settings_has_none(tmp_path: Path) -> None:
    (tmp_path / ".asl-lsp.toml").write_text('[run]\nfunctions = "outer:F"\n', encoding="utf-8")
    inner = tmp_path / "service"
    inner.mkdir()
    (inner / ".asl-lsp.toml").write_text('select = ["ALL"]\n', encoding="utf-8")
    assert find_run_config(inner) is None
    assert find_run_config(tmp_path) == ({"functions": "outer:F"}, tmp_path.resolve())


def test_a_resolved_folder_finds_the_same_file(tmp_path: Path) -> None:
    (tmp_path / ".asl-lsp.toml").write_text('ignore = ["ASL202"]\n', encoding="utf-8")
    deeper = (tmp_path / "a" / "b").resolve()
    deeper.mkdir(parents=True)
    memo: dict[str, Path | None] = {}
    found = find_config_file(deeper, memo, resolved=True)
    assert found == (tmp_path / ".asl-lsp.toml").resolve() == find_config_file(deeper)
    assert memo[str(deeper)] == memo[str(deeper.parent)] == found
    assert load_config(deeper, resolved=True).ignore == ("ASL202",)


@pytest.mark.parametrize(
    "text",
    [
        '[tool.asl-lsp]\nselect = ["ALL"]\n',
        '[tool.asl-lsp.severity]\nASL101 = "off"\n',
        "[tool]\nasl-lsp = { select = [] }\n",
        "[tool]\nasl-lsp.select = []\n",
        "tool = { asl-lsp = { select = [] } }\n",
        "tool.asl-lsp.select = []\n",
        "[ \"tool\" . 'asl-lsp' ]\nselect = []\n",
        '[tool."asl\\u002dlsp"]\nselect = []\n',
    ],
)
def test_every_spelling_of_the_table_is_read(tmp_path: Path, text: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert find_config_file(tmp_path) == (tmp_path / "pyproject.toml").resolve()


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "asl-lsp"\ndependencies = ["asl-lsp>=0.1"]\n',
        '[project.scripts]\nasl-lsp = "asl_lsp.cli:serve_main"\n[tool.ruff]\nline-length = 100\n',
    ],
)
def test_a_pyproject_without_the_table_is_not_parsed(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(project_config, "_toml", _no_toml)
    assert find_config_file(tmp_path) is None


def _no_toml() -> object:
    raise AssertionError("TOML was parsed")
