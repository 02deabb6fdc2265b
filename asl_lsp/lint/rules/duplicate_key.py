"""ASL002 duplicate-key: one object names the same key twice (reported by the parser)."""

from __future__ import annotations

from asl_lsp.diagnostic import Severity
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import DocumentedRule, Example, Finding, RuleDoc

BAD = """{
  "StartAt": "Done",
  "States": {
    "Done": {
      "Type": "Pass",
      "Type": "Succeed"
    }
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
class DuplicateKey(DocumentedRule):
    code = "ASL002"
    name = "duplicate-key"
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="The same key twice in one object, such as two states with one name",
        why=(
            "JSON parsers silently keep the last value of a repeated key, so the first is lost "
            "without a word; in a States object it hides a whole state. AWS refuses duplicate "
            "state names."
        ),
        bad=Example(BAD, line=6),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#states-fields",
        findings=(
            Finding(
                "a key repeated in one object",
                Severity.ERROR,
                (
                    "refuses the definition: its JSON parser rejects duplicate fields, and a "
                    "repeated state name is DUPLICATE_STATE_NAME"
                ),
            ),
        ),
    )
