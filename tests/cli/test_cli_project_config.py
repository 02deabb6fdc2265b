"""Lint and run settings come from the same file: the nearest project config walking up."""

from __future__ import annotations

from pathlib import Path

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
