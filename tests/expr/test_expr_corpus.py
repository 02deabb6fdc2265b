"""Every expression in the shared corpus: no finding in valid files, findings where expected.

Walks each definition, checks path fields with their kind, ``.$`` values, and ``{% %}`` strings,
so a parser bug that would flood real definitions with false errors shows up here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from asl_lsp.expr.errors import ExprError
from asl_lsp.expr.jsonata import check_jsonata_template, looks_like_jsonata
from asl_lsp.expr.jsonpath import PathKind, check_path
from asl_lsp.expr.payload import check_payload_value
from tests.shared_path import shared_dir

PATH_FIELDS = {
    "InputPath": PathKind.PATH,
    "OutputPath": PathKind.PATH,
    "Variable": PathKind.PATH,
    "ResultPath": PathKind.RESULT_PATH,
    "ItemsPath": PathKind.REFERENCE_WITH_CONTEXT,
    "TimeoutSecondsPath": PathKind.REFERENCE,
    "HeartbeatSecondsPath": PathKind.REFERENCE,
    "SecondsPath": PathKind.REFERENCE,
    "TimestampPath": PathKind.REFERENCE,
}
COMPARATOR_PREFIXES = ("String", "Numeric", "Boolean", "Timestamp")

# Labelled valid by the AWS language service's tests, which never check intrinsic syntax; the
# YAML copies lost the commas between arguments ("States.Format($.template $.firstName ...)"),
# which AWS rejects (the JSON copies of the same fixtures have them and pass here).
KNOWN_LABEL_EXCEPTIONS = {
    "asls/yaml-documentValidParametersIntrinsicFunction.asl.yaml",
    "asls/yaml-documentValidResultSelectorIntrinsicFunction.asl.yaml",
}


def _findings(node: Any, key: str | None = None) -> Iterator[tuple[str, Any, list[ExprError]]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if not isinstance(k, str) or k == "Comment":
                continue
            if k.endswith(".$") and isinstance(v, str):
                yield k, v, check_payload_value(v)
            elif k in PATH_FIELDS and isinstance(v, str):
                yield k, v, check_path(v, PATH_FIELDS[k])
            elif k.endswith("Path") and k.startswith(COMPARATOR_PREFIXES) and isinstance(v, str):
                yield k, v, check_path(v, PathKind.REFERENCE)
            else:
                yield from _findings(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from _findings(item, key)
    elif isinstance(node, str) and looks_like_jsonata(node):
        yield key or "", node, check_jsonata_template(node)


def _corpus() -> list[tuple[str, str, Any]]:
    root = shared_dir() / "corpus"
    out: list[tuple[str, str, Any]] = []
    for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        expected = entry["expected"]
        if expected not in ("valid", "presumed-valid", "invalid"):
            continue
        text = (Path(root) / entry["path"]).read_text(encoding="utf-8", errors="replace")
        try:
            doc = json.loads(text) if entry["format"] == "json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError):
            continue
        out.append((entry["path"], expected, doc))
    return out


def test_no_findings_in_valid_definitions() -> None:
    problems = []
    checked = 0
    for path, expected, doc in _corpus():
        if expected == "invalid" or path in KNOWN_LABEL_EXCEPTIONS:
            continue
        for key, value, errors in _findings(doc):
            checked += 1
            if errors:
                problems.append((path, key, value, [e.message for e in errors]))
    assert checked > 1000
    assert problems == []


@pytest.mark.parametrize(
    ("suffix", "key"),
    [
        ("invalid-json-path.json", "ResultPath"),
        ("invalid-math-add.json", "foo.$"),
        ("invalid-payload-template.asl.json", "lorem.$"),
        ("invalid-variable-result-path.json", "ResultPath"),
        ("invalid-jsonata-syntax-arithmetic.json", "Output"),
        ("invalid-jsonata-syntax-jsonpath-in-jsonata-surround.json", "Output"),
        ("invalid-assign.asl.json", "child-1"),
        ("invalid-function-invocation.json", "abc.$"),
    ],
)
def test_findings_in_invalid_definitions(suffix: str, key: str) -> None:
    matches = [doc for path, _, doc in _corpus() if path.endswith(suffix)]
    assert matches, suffix
    assert any(k == key and errors for k, _, errors in _findings(matches[0]))
