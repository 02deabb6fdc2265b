"""The YAML re-indent on real files: same data, stable, and a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from asl_lsp.model.document import parse_document
from asl_lsp.service.yaml_formatting import format_yaml, same_data
from tests.shared_path import REPO_ROOT, shared_dir

EXAMPLES = sorted((REPO_ROOT / "examples").glob("*.y*ml"))


def _check(path: Path, width: int) -> bool:
    text = path.read_text(encoding="utf-8")
    formatted = format_yaml(parse_document(text, str(path)), width)
    if formatted is None:
        return False
    assert same_data(text, formatted), path
    assert format_yaml(parse_document(formatted, str(path)), width) == formatted, path
    return True


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
@pytest.mark.parametrize("width", [2, 4])
def test_examples_format_stably(path: Path, width: int) -> None:
    assert _check(path, width)


def test_corpus_yaml_formats_stably_or_is_left_alone() -> None:
    files = sorted(shared_dir().joinpath("corpus").rglob("*.asl.y*ml"))[:200]
    formatted = [path for path in files if _check(path, 2)]
    assert len(formatted) >= len(files) * 0.9, (len(formatted), len(files))
