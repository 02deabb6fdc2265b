"""``asl lint`` resolves each linted file from its resolved folder, looking at every folder once;
the answer must be exactly ``Path.resolve()``, symbolic links and ``..`` included."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from asl_lsp.cli.lint import LintRun


def _run() -> LintRun:
    return LintRun(argparse.Namespace(no_config=True))


def test_resolve_matches_path_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real" / "deep"
    real.mkdir(parents=True)
    (real / "m.asl.json").write_text("{}", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (real / "file-link.asl.json").symlink_to(real / "m.asl.json")
    monkeypatch.chdir(tmp_path)
    session = _run()
    paths = [
        Path("real/deep/m.asl.json"),
        Path("linked/deep/m.asl.json"),
        Path("linked/deep/../deep/m.asl.json"),
        Path("real/deep/file-link.asl.json"),
        Path("real/deep/missing.asl.json"),
        tmp_path / "linked" / "deep" / "m.asl.json",
        Path(os.path.relpath(real / "m.asl.json", real)),
    ]
    for path in paths:
        assert session.resolve(path) == path.resolve(), path
    # Asked again (now from the memo of folders), the answers are the same.
    assert [session.resolve(p) for p in paths] == [p.resolve() for p in paths]
