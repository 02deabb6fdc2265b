"""SAM ``DefinitionUri`` from the CLI: resolved against the template's folder wherever ``asl lint``
runs, and definitions discovery would not pick added through ``include``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.asl_cli import run_asl as asl

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/flow.asl.json
"""

# Two findings a clean run would not have: an unknown field and an unreachable state.
DEFINITION = {
    "StartAt": "A",
    "States": {"A": {"Type": "Pass", "Bogus": 1, "End": True}, "Orphan": {"Type": "Succeed"}},
}


@pytest.fixture()
def repository(tmp_path: Path) -> Path:
    """The usual SAM patterns layout: ``<repo>/pattern/template.yaml`` and its state machine in
    ``<repo>/pattern/statemachine/`` (named so that discovery alone would not find it)."""
    pattern = tmp_path / "repo" / "pattern"
    (pattern / "statemachine").mkdir(parents=True)
    (pattern / "template.yaml").write_text(TEMPLATE, encoding="utf-8")
    (pattern / "statemachine" / "flow.asl.json").write_text(json.dumps(DEFINITION), "utf-8")
    return tmp_path / "repo"


def _linted(result: subprocess.CompletedProcess[str]) -> dict[str, set[str]]:
    payload = json.loads(result.stdout)
    return {
        Path(entry["path"]).name: {d["code"] for d in entry["diagnostics"]}
        for entry in payload["files"]
    }


@pytest.mark.parametrize("where", ["template folder", "parent", "repository root", "absolute"])
def test_definition_uri_resolves_against_the_template_folder(repository: Path, where: str) -> None:
    pattern = repository / "pattern"
    cwd, target = {
        "template folder": (pattern, "template.yaml"),
        "parent": (repository, "pattern/template.yaml"),
        "repository root": (repository, "."),
        "absolute": (repository.parent, str(pattern / "template.yaml")),
    }[where]
    result = asl("lint", "--format", "json", target, cwd=cwd)
    assert "does not exist" not in result.stderr
    assert result.returncode == 1, result.stderr
    linted = _linted(result)
    assert set(linted) == {"template.yaml", "flow.asl.json"}
    assert {"ASL101", "ASL203"} <= linted["flow.asl.json"]


def test_missing_definition_uri_is_a_finding_on_the_template(repository: Path) -> None:
    (repository / "pattern" / "statemachine" / "flow.asl.json").unlink()
    result = asl("lint", "--format", "json", ".", cwd=repository)
    assert result.returncode == 1, result.stderr
    (entry,) = json.loads(result.stdout)["files"]
    (finding,) = entry["diagnostics"]
    assert finding["code"] == "ASL003" and finding["severity"] == "error"
    assert "pattern/statemachine/flow.asl.json' does not exist" in finding["message"]
    assert finding["range"]["start"]["line"] == 7


def _pattern_with_unusual_names(repository: Path) -> None:
    """A definition under a name discovery ignores outright (neither JSON nor YAML suffix)."""
    folder = repository / "other" / "StepFunction"
    folder.mkdir(parents=True)
    (folder / "definition.asljson").write_text(json.dumps(DEFINITION), "utf-8")


def test_include_globs_add_files_discovery_would_skip(repository: Path) -> None:
    _pattern_with_unusual_names(repository)
    without = asl("lint", "--format", "json", ".", cwd=repository)
    assert "definition.asljson" not in _linted(without)
    (repository / ".asl-lsp.toml").write_text('include = ["StepFunction/*.asljson"]\n', "utf-8")
    with_include = asl("lint", "--format", "json", ".", cwd=repository)
    linted = _linted(with_include)
    assert {"ASL101", "ASL203"} <= linted["definition.asljson"]
    (repository / ".asl-lsp.toml").write_text(
        'include = ["StepFunction/*.asljson"]\nexclude = ["other/*"]\n', "utf-8"
    )
    assert "definition.asljson" not in _linted(asl("lint", "--format", "json", ".", cwd=repository))


def test_include_must_be_a_list_of_strings(repository: Path) -> None:
    (repository / ".asl-lsp.toml").write_text("include = 3\n", "utf-8")
    result = asl("lint", ".", cwd=repository)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"asl lint: 'include' in {(repository / '.asl-lsp.toml')} must be a list of strings"
    ]
