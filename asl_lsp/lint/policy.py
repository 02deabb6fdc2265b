"""The severity policy every rule follows: a finding's severity says what AWS does with the
definition, so that an error is never reported on a definition AWS deploys.

Each rule documents its kinds of finding (:class:`asl_lsp.lint.rule.Finding`) with the severity
this policy gives them and the AWS behaviour behind it; ``docs/rules.md`` and ``asl rules CODE``
show both.
"""

from __future__ import annotations

from asl_lsp.diagnostic import Severity

POLICY: tuple[tuple[Severity, str], ...] = (
    (
        Severity.ERROR,
        "AWS refuses the definition: CreateStateMachine, UpdateStateMachine and "
        "ValidateStateMachineDefinition fail (or a template deployment does).",
    ),
    (
        Severity.WARNING,
        "AWS accepts the definition, but an execution will or may fail at run time (a variable no "
        "Assign sets, an unknown JSONata function, a value AWS passes on as literal text).",
    ),
    (
        Severity.INFO,
        "AWS accepts the definition and runs it as written; the finding is about deprecated "
        "fields or a definition the linter could not check.",
    ),
    (
        Severity.HINT,
        "AWS accepts the definition and runs it as written; the finding is a matter of style or "
        "a likely slip that changes nothing at run time.",
    ),
)


def policy_markdown() -> str:
    """The policy as a Markdown section for ``docs/rules.md``."""
    lines = [
        "## Severity policy",
        "",
        "A finding's severity says what AWS does with the definition. A placeholder that a "
        "template resolves (`${...}`, `Fn::Sub`, `Fn::GetAtt`) is never an error.",
        "",
        "| Severity | Meaning |",
        "| --- | --- |",
    ]
    lines += [f"| {severity.value} | {meaning} |" for severity, meaning in POLICY]
    lines += [
        "",
        "A rule may report findings of several severities; each rule's **Findings** table lists "
        "them with the AWS behaviour behind each. `--severity CODE=LEVEL` or the `severity` "
        "table of the configuration overrides a rule's severities.",
        "",
    ]
    return "\n".join(lines)
