"""The severity policy is shown where users look: ``docs/rules.md`` and ``asl rules CODE``.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinition.html
"""

from __future__ import annotations

import json
import subprocess
import sys

from asl_lsp.lint.docs import table_cell
from asl_lsp.lint.registry import all_rules
from tests.shared_path import REPO_ROOT


def _asl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asl_lsp", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )


def test_rules_md_states_the_policy_and_every_finding() -> None:
    text = (REPO_ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "## Severity policy" in text
    assert "AWS refuses the definition" in text
    for rule in all_rules():
        for finding in rule.doc.findings:
            kind, aws = table_cell(finding.kind), table_cell(finding.aws)
            assert f"| {kind} | {finding.severity.value} | {aws} |" in text


def test_rules_command_prints_the_findings_of_one_rule() -> None:
    result = _asl("rules", "ASL501")
    assert result.returncode == 0
    assert "**Findings:**" in result.stdout
    assert "| warning |" in result.stdout and "| hint |" in result.stdout
    assert "States.QueryEvaluationError" in result.stdout


def test_rules_command_json_carries_findings_and_listing_shows_severities() -> None:
    result = _asl("rules", "invalid-resource", "--format", "json")
    payload = json.loads(result.stdout)
    assert {f["severity"] for f in payload["findings"]} == {"error"}
    assert any("aws-sdk" in f["aws"] for f in payload["findings"])
    listing = _asl("rules").stdout
    line = next(row for row in listing.splitlines() if row.startswith("ASL502"))
    assert "warning" in line and "error" not in line
    line = next(row for row in listing.splitlines() if row.startswith("ASL501"))
    assert "error, warning, hint" in line
