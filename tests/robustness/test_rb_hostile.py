"""Hostile input through the real CLI and the library: bounded time and memory, a clear message,
never a traceback.

CLI runs get an address-space limit (a runaway allocation fails fast instead of swapping) and a
generous wall-clock timeout that only guards against hangs; nothing here is a speed test.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from asl_lsp.lint.api import lint_text
from tests.robustness.rb_support import check_everything

HANG_GUARD = 60
MEMORY_LIMIT = 3 * 1024**3
DEPTH = 10_000


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def asl(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "asl_lsp", *args],
        input=stdin,
        capture_output=True,
        timeout=HANG_GUARD,
        preexec_fn=_limit_memory,
        check=False,
    )
    result = subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stdout, result.stdout[-2000:]
    return result


def lint_json(path: Path) -> dict[str, object]:
    done = asl("lint", "--format", "json", "--no-config", str(path))
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


def codes(report: dict[str, object]) -> list[str]:
    files = report["files"]
    assert isinstance(files, list)
    return [d["code"] for f in files for d in f["diagnostics"]]


def messages(report: dict[str, object]) -> list[str]:
    files = report["files"]
    assert isinstance(files, list)
    return [d["message"] for f in files for d in f["diagnostics"]]


DEEP_JSON = {
    "arrays": "[" * DEPTH + "]" * DEPTH,
    "objects-in-a-state": '{"StartAt": "A", "States": {"A": '
    + '{"a": ' * DEPTH
    + "1"
    + "}" * DEPTH
    + "}}",
    "unclosed": '{"StartAt": "A", "States": {"A": ' + "[" * DEPTH,
}
DEEP_YAML = {
    "flow": "StartAt: A\nStates:\n  A: " + "[" * DEPTH + "]" * DEPTH + "\n",
    "flow-unclosed": "StartAt: A\nStates:\n  A: " + "{a: " * DEPTH + "\n",
    "block": "StartAt: A\nStates:\n"
    + "".join(" " * (2 * i + 2) + f"k{i}:\n" for i in range(1000))
    + " " * 2002
    + "v: 1\n",
}


@pytest.mark.parametrize("name", sorted(DEEP_JSON))
def test_deep_json_nesting(tmp_path: Path, name: str) -> None:
    text = DEEP_JSON[name]
    path = tmp_path / f"deep-{name}.asl.json"
    path.write_text(text, encoding="utf-8")
    report = lint_json(path)
    assert "ASL001" in codes(report)  # a syntax diagnostic says why, no crash
    assert any("nest" in m or "not closed" in m for m in messages(report)), messages(report)
    check_everything(text, path.name)  # and in-process: every feature copes


@pytest.mark.parametrize("name", sorted(DEEP_YAML))
def test_deep_yaml_nesting(tmp_path: Path, name: str) -> None:
    text = DEEP_YAML[name]
    path = tmp_path / f"deep-{name}.asl.yaml"
    path.write_text(text, encoding="utf-8")
    report = lint_json(path)
    assert codes(report), "a 10,000-deep YAML document must get a diagnostic"
    check_everything(text, path.name)


def test_fifty_megabyte_file_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.asl.json"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Comment": "')
        handle.write("x" * (50 * 1024 * 1024))
        handle.write('"}}}')
    done = asl("lint", str(path))
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and "too large" in errors[0] and "16 MB" in errors[0], done.stderr


def test_fifty_megabyte_stdin_is_refused_like_a_file() -> None:
    """Standard input (editors' format-on-save hooks, pre-commit) gets the same bound as files."""
    body = (
        '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Comment": "'
        + "x" * (50 * 1024 * 1024)
        + '"}}}'
    )
    done = asl("lint", "-", "--stdin-filename", "huge.asl.json", stdin=body.encode())
    assert done.returncode == 2, (done.returncode, done.stdout[-300:])
    assert "too large" in done.stderr


def test_yaml_alias_bomb(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for letter in "bcdefghij":
        previous = chr(ord(letter) - 1)
        lines.append(f"{letter}: &{letter} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append(
        "StartAt: A\nStates:\n  A:\n    Type: Pass\n    End: true\n    Parameters:\n      x: *j"
    )
    text = "\n".join(lines) + "\n"
    path = tmp_path / "bomb.asl.yaml"
    path.write_text(text, encoding="utf-8")
    report = lint_json(path)
    assert any("alias" in m.lower() for m in messages(report)), messages(report)
    check_everything(text, path.name)


def test_invalid_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.asl.json"
    path.write_bytes(b'{"StartAt": "Caf\xe9", "States": {}}')
    done = asl("lint", str(path))
    assert done.returncode == 2
    assert "not UTF-8" in done.stderr and "0xe9" in done.stderr


def test_unreadable_file_is_not_reported_as_passing(tmp_path: Path) -> None:
    path = tmp_path / "binary.asl.json"
    path.write_bytes(b'{"StartAt": "A\x00", "States": {}}')
    done = asl("lint", str(path))
    assert done.returncode == 2
    assert "binary file" in done.stderr
    assert "All checks passed" not in done.stdout, "a file that was not read did not pass"


def test_nul_bytes_in_editor_text() -> None:
    """The server gets text, not files: NUL bytes there must give diagnostics, not crashes."""
    for text in (
        '{"StartAt": "A\x00", "States": {"A\x00": {"Type": "Pass", "End": true}}}',
        "\x00" * 1000,
        '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}\x00',
        "StartAt: A\x00\nStates: {}\n",
    ):
        for name in ("nul.asl.json", "nul.asl.yaml"):
            diagnostics = lint_text(text, name)
            assert diagnostics, (name, text[:40])
            check_everything(text, name)


def test_megabyte_state_name(tmp_path: Path) -> None:
    name = "n" * (1024 * 1024)
    text = json.dumps({"StartAt": name, "States": {name: {"Type": "Pass", "End": True}}})
    path = tmp_path / "long-name.asl.json"
    path.write_text(text, encoding="utf-8")
    report = lint_json(path)
    assert "ASL207" in codes(report)
    assert all(len(m) < 2000 for m in messages(report)), "messages must not echo a 1 MB name"
    diagnostics = lint_text(text, path.name)
    assert any(d.code == "ASL207" for d in diagnostics)


def test_hundred_thousand_states(tmp_path: Path) -> None:
    states: dict[str, object] = {
        f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(100_000)
    }
    states["S100000"] = {"Type": "Succeed"}
    states["Orphan"] = {"Type": "Pass", "End": True}
    path = tmp_path / "many.asl.json"
    path.write_text(json.dumps({"StartAt": "S0", "States": states}), encoding="utf-8")
    report = lint_json(path)
    assert codes(report) == ["ASL203"]  # exactly the one unreachable state, found at that size
