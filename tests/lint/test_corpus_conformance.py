"""The shared corpus of public definitions: no error on valid files, at least one on invalid ones.

Deliberate disagreements are listed, with reasons, in ``corpus_exceptions.toml``; an entry that is
no longer needed fails the test so the list only ever shrinks. Labels that follow another tool's
convention where AWS answers otherwise are corrected there too (``[[relabel]]``, with the AWS
document that says so): the severity policy makes "error" mean "AWS refuses the definition".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from asl_lsp.diagnostic import Severity
from asl_lsp.lint.api import lint_text
from tests.shared_path import REPO_ROOT, shared_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPUS = (REPO_ROOT / ".." / "shared" / "corpus").resolve()
EXCEPTIONS_FILE = Path(__file__).with_name("corpus_exceptions.toml")


def _entries() -> list[dict[str, Any]]:
    manifest = CORPUS / "manifest.jsonl"
    if not manifest.is_file():
        return []
    return [json.loads(line) for line in manifest.read_text("utf-8").splitlines() if line.strip()]


def _exceptions() -> dict[str, str]:
    data = tomllib.loads(EXCEPTIONS_FILE.read_text("utf-8"))
    return {item["path"]: item["reason"] for item in data.get("exception", [])}


def _relabels() -> dict[str, tuple[str, str]]:
    data = tomllib.loads(EXCEPTIONS_FILE.read_text("utf-8"))
    return {item["path"]: (item["expected"], item["reason"]) for item in data.get("relabel", [])}


ENTRIES = _entries()
EXCEPTIONS = _exceptions()
RELABELS = _relabels()


def _conforms(entry: dict[str, Any]) -> tuple[bool, list[str]]:
    path = CORPUS / entry["path"]
    text = path.read_text("utf-8")
    diagnostics = lint_text(text, str(path))
    errors = [
        f"{d.code} {d.message} ({d.path})" for d in diagnostics if d.severity is Severity.ERROR
    ]
    expected = RELABELS.get(entry["path"], (entry["expected"], ""))[0]
    if expected in ("valid", "presumed-valid"):
        return not errors, errors
    if expected == "invalid":
        return bool(errors), errors
    return True, errors  # unknown: only "no crash"


def test_corpus_is_present() -> None:
    corpus = shared_dir() / "corpus"
    assert (corpus / "manifest.jsonl").is_file()
    assert len(ENTRIES) > 100


def test_exceptions_have_reasons_and_exist() -> None:
    shared_dir()
    known = {entry["path"] for entry in ENTRIES}
    for path, reason in EXCEPTIONS.items():
        assert path in known, f"{path} is not in the manifest"
        assert len(reason) > 40, f"{path} needs a real reason"


def test_relabels_cite_aws_and_change_the_verdict() -> None:
    shared_dir()
    labels = {entry["path"]: entry["expected"] for entry in ENTRIES}
    for path, (expected, reason) in RELABELS.items():
        assert path in labels, f"{path} is not in the manifest"
        assert path not in EXCEPTIONS, f"{path} is both relabelled and an exception"
        assert expected in ("valid", "invalid") and expected != labels[path], path
        assert "https://docs.aws.amazon.com/" in reason, f"{path} needs the AWS document"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["path"] for e in ENTRIES])
def test_corpus_file(entry: dict[str, Any]) -> None:
    conforms, errors = _conforms(entry)
    if entry["path"] in EXCEPTIONS:
        assert not conforms, f"{entry['path']} now conforms: remove it from corpus_exceptions.toml"
        return
    expected = RELABELS.get(entry["path"], (entry["expected"], ""))[0]
    assert conforms, f"expected {expected}, errors: {errors}"
