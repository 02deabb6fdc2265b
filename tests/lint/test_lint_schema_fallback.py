"""Without the jsonschema-rs wheel the linter validates with jsonschema and says the same.

The fallback runs in a subprocess where importing ``jsonschema_rs`` fails, as on a platform with
no wheel; its diagnostics for every corpus definition and every rule example must equal those of
the Rust validator in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys

from asl_lsp.lint.api import lint_text
from asl_lsp.lint.registry import all_rules
from asl_lsp.lint.schema_fallback import PythonValidator
from asl_lsp.lint.schema_validator import load_validator
from asl_lsp.spec.schema import load_schema
from tests.shared_path import REPO_ROOT, shared_dir

_CHILD = r"""
import json, sys
sys.modules["jsonschema_rs"] = None  # the wheel is missing: "import jsonschema_rs" fails
from asl_lsp.lint.api import lint_text
from asl_lsp.lint.schema_fallback import PythonValidator
from asl_lsp.lint.schema_validator import load_validator
assert isinstance(load_validator(), PythonValidator)
out = []
for path, text in json.load(sys.stdin):
    out.append([[d.code, d.message, d.span.start, d.span.end] for d in lint_text(text, path)])
json.dump(out, sys.stdout)
"""


def _texts() -> list[tuple[str, str]]:
    corpus = shared_dir() / "corpus"
    texts = [
        (str(p.relative_to(corpus)), p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted(corpus.rglob("*.json"))
    ]
    for rule in all_rules():
        for n, example in enumerate((rule.doc.bad, rule.doc.good)):
            texts.append((f"{rule.name}-{n}.asl.json", example.text))
    return texts


def test_the_rust_validator_is_used_when_installed() -> None:
    assert not isinstance(load_validator(), PythonValidator)


def test_fallback_gives_the_same_diagnostics() -> None:
    texts = _texts()
    assert len(texts) > 100
    child = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=600,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    fallback = json.loads(child.stdout)
    mismatched = []
    for (path, text), theirs in zip(texts, fallback, strict=True):
        ours = [[d.code, d.message, d.span.start, d.span.end] for d in lint_text(text, path)]
        if ours != theirs:
            mismatched.append((path, ours, theirs))
    assert not mismatched, mismatched[:3]
    assert any(theirs for theirs in fallback), "no diagnostics at all: the corpus was not linted"


def test_fallback_reports_schema_errors() -> None:
    validator = PythonValidator(load_schema())
    bad = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Bogus": 1, "End": True}}}
    errors = list(validator.iter_errors(bad))
    assert [e.kind.name for e in errors] == ["additionalProperties"]
    assert errors[0].kind.unexpected == ["Bogus"]
    assert errors[0].instance_path == ["States", "A"]
