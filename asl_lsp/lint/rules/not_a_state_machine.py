"""ASL004 not-a-state-machine: a file linted as ASL that holds no state machine."""

from __future__ import annotations

from asl_lsp.diagnostic import Severity
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import DocumentedRule, Example, Finding, RuleDoc

BAD = """{
  "Comment": "an order workflow",
  "Steps": ["validate", "charge"]
}
"""

GOOD = """{
  "Comment": "an order workflow",
  "StartAt": "Done",
  "States": {
    "Done": {
      "Type": "Succeed"
    }
  }
}
"""


@register
class NotAStateMachine(DocumentedRule):
    code = "ASL004"
    name = "not-a-state-machine"
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary="A file linted as ASL that is not an object with StartAt and States",
        why=(
            "A state machine definition is an object with StartAt and States. Files named "
            "*.asl.json or *.asl.yaml (or opened as ASL) must be one; other JSON or YAML files "
            "without a state machine are reported as a warning only."
        ),
        bad=Example(BAD, line=1),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#toplevelfields",
        findings=(
            Finding(
                "a definition that is not an object with StartAt and States",
                Severity.ERROR,
                "refuses the definition (MISSING_DESCRIPTION or SCHEMA_VALIDATION_FAILED)",
            ),
        ),
    )
