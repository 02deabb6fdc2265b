"""A template must not make ``asl lint`` read, quote or rewrite files outside what it was asked to
lint: SAM ``DefinitionUri`` is followed only to regular files inside the template's folder tree or
a linted folder, discovery follows no symbolic link out of the folder it walks, and FIFOs are
never opened for a blocking read."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.asl_cli import run_asl as asl

SECRET = "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
# A definition with a safe fix (a Parameters key that needs '.$'), so --fix would rewrite it.
FIXABLE = {
    "StartAt": "A",
    "States": {"A": {"Type": "Pass", "Parameters": {"id": "$.orderId"}, "End": True}},
}


def template(uri: str) -> str:
    return (
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Flow:\n"
        "    Type: AWS::Serverless::StateMachine\n"
        "    Properties:\n"
        f"      DefinitionUri: {json.dumps(uri)}\n"
    )


@pytest.fixture()
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """``<tmp>/outside/credentials`` (a secret) and ``<tmp>/outside/fixable.asl.json`` beside
    an empty ``<tmp>/repo`` that will hold the template."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "credentials").write_text(f"[default]\n{SECRET}\n", "utf-8")
    (outside / "fixable.asl.json").write_text(json.dumps(FIXABLE, indent=2), "utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    return repo, outside


def _assert_refused(result: subprocess.CompletedProcess[str], reason: str) -> None:
    assert "wJalrXUtnFEMI" not in result.stdout + result.stderr
    assert result.returncode == 1, result.stderr
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["path"] == "template.yaml"
    (finding,) = entry["diagnostics"]
    assert finding["code"] == "ASL003" and finding["severity"] == "error"
    assert reason in finding["message"]


@pytest.mark.parametrize("form", ["absolute", "climbing"])
def test_definition_uri_outside_the_repository_is_refused_and_not_quoted(
    layout: tuple[Path, Path], form: str
) -> None:
    repo, outside = layout
    uri = str(outside / "credentials") if form == "absolute" else "../outside/credentials"
    (repo / "template.yaml").write_text(template(uri), "utf-8")
    for args in (("--format", "json", "."), ("--format", "json", "template.yaml")):
        _assert_refused(asl("lint", *args, cwd=repo), "is outside the template's folder")
    text = asl("lint", ".", cwd=repo)
    assert "wJalrXUtnFEMI" not in text.stdout + text.stderr


def test_symlink_inside_the_repository_to_a_file_outside_is_refused(
    layout: tuple[Path, Path],
) -> None:
    repo, outside = layout
    (repo / "statemachine").mkdir()
    (repo / "statemachine" / "flow.asl.json").symlink_to(outside / "credentials")
    (repo / "template.yaml").write_text(template("statemachine/flow.asl.json"), "utf-8")
    result = asl("lint", "--format", "json", ".", cwd=repo)
    # Discovery does not follow the link out of the folder either.
    _assert_refused(result, "is outside the template's folder")


@pytest.mark.parametrize("form", ["absolute", "climbing"])
def test_fix_never_rewrites_a_file_outside_the_linted_paths(
    layout: tuple[Path, Path], form: str
) -> None:
    repo, outside = layout
    target = outside / "fixable.asl.json"
    before = target.read_bytes()
    uri = str(target) if form == "absolute" else "../outside/fixable.asl.json"
    (repo / "template.yaml").write_text(template(uri), "utf-8")
    result = asl("lint", "--fix", "--format", "json", ".", cwd=repo)
    assert target.read_bytes() == before
    assert "is outside the template's folder" in result.stdout


def test_fix_leaves_a_definition_reached_only_through_a_named_template(tmp_path: Path) -> None:
    """The user named the template, not its definition: the definition is linted, not rewritten;
    naming its folder makes it a file of the run and --fix applies."""
    (tmp_path / "statemachine").mkdir()
    definition = tmp_path / "statemachine" / "flow.asl.json"
    definition.write_text(json.dumps(FIXABLE, indent=2), "utf-8")
    (tmp_path / "template.yaml").write_text(template("statemachine/flow.asl.json"), "utf-8")
    before = definition.read_bytes()
    result = asl("lint", "--fix", "template.yaml", cwd=tmp_path)
    assert definition.read_bytes() == before
    assert "fixes not written (reached through a DefinitionUri only" in result.stderr
    asl("lint", "--fix", ".", cwd=tmp_path)
    assert '"id.$"' in definition.read_text("utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs os.mkfifo (POSIX)")
def test_fifos_are_never_opened_for_a_blocking_read(tmp_path: Path) -> None:
    (tmp_path / "statemachine").mkdir()
    os.mkfifo(tmp_path / "statemachine" / "flow.asl.json")
    os.mkfifo(tmp_path / "sniffed.json")  # discovery sniffs .json files for StartAt/States
    (tmp_path / "template.yaml").write_text(template("statemachine/flow.asl.json"), "utf-8")
    result = asl("lint", "--format", "json", "template.yaml", cwd=tmp_path, timeout=30)
    (entry,) = json.loads(result.stdout)["files"]
    assert "is not a regular file" in entry["diagnostics"][0]["message"]
    folder = asl("lint", "--format", "json", ".", cwd=tmp_path, timeout=30)
    assert "Traceback" not in folder.stderr
    assert "not a regular file" in folder.stderr  # the FIFO named *.asl.json, reported in a line
    named = asl("lint", "sniffed.json", cwd=tmp_path, timeout=30)
    assert named.returncode == 2
    assert named.stderr.strip() == (
        "asl lint: sniffed.json: not a regular file (a FIFO, socket or device is not read)"
    )


def test_discovery_does_not_follow_a_symlink_out_of_the_folder(layout: tuple[Path, Path]) -> None:
    repo, outside = layout
    (outside / "secret.asl.json").write_text(json.dumps({"StartAt": SECRET, "States": {}}), "utf-8")
    (repo / "leak.asl.json").symlink_to(outside / "secret.asl.json")
    (repo / "inside.asl.json").write_text(json.dumps(FIXABLE), "utf-8")
    (repo / "alias.asl.json").symlink_to(repo / "inside.asl.json")
    result = asl("lint", "--format", "json", ".", cwd=repo)
    assert "wJalrXUtnFEMI" not in result.stdout + result.stderr
    linted = {entry["path"] for entry in json.loads(result.stdout)["files"]}
    assert linted == {"alias.asl.json"} or linted == {"inside.asl.json"}
