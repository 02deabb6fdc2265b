"""ASL001 syntax-error: the text is not valid JSON or YAML (reported by the parser)."""

from __future__ import annotations

from asl_lsp.diagnostic import Severity
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import DocumentedRule, Example, Finding, RuleDoc

BAD = """{
  "StartAt": "Done",
  "States": {
    "Done": {
      "Type": "Succeed"
    },
  }
}
"""

GOOD = """{
  "StartAt": "Done",
  "States": {
    "Done": {
      "Type": "Succeed"
    }
  }
}
"""


@register
class SyntaxError_(DocumentedRule):
    code = "ASL001"
    name = "syntax-error"
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="Text that is not valid JSON or YAML (comments and trailing commas included)",
        why=(
            "AWS parses definitions as strict JSON: comments and trailing commas are refused "
            "(INVALID_JSON_DESCRIPTION). The parser reports every problem it can recover from, "
            "so the rest of the document is still checked."
        ),
        bad=Example(BAD, line=6),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#structure-of-a-state-machine",
        findings=(
            Finding(
                "text that is not strict JSON (comments, trailing commas) or not YAML",
                Severity.ERROR,
                "refuses the definition (INVALID_JSON_DESCRIPTION)",
            ),
        ),
    )
