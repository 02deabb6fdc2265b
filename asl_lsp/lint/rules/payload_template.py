"""ASL403 payload-template: ``.$`` keys in Parameters, ResultSelector, ItemSelector, Assign, ...
that AWS would refuse or evaluate differently from what the author meant."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Fix, Related, Severity
from asl_lsp.expr.intrinsics import is_intrinsic_like
from asl_lsp.expr.jsonpath import is_path_like
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import rename_key
from asl_lsp.lint.fields import TemplateMember, field_index
from asl_lsp.lint.locate import pointer_of
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.lint.values import has_placeholder, is_cfn_intrinsic
from asl_lsp.syntax.nodes import StringNode

BAD = """{
  "StartAt": "Lookup",
  "States": {
    "Lookup": {
      "Type": "Pass",
      "Parameters": {
        "id": "$.order.id"
      },
      "End": true
    }
  }
}
"""

GOOD = BAD.replace('"id": "$.order.id"', '"id.$": "$.order.id"')

NOT_A_PATH = Finding(
    "a '.$' key whose value is not a path or an intrinsic function call",
    Severity.ERROR,
    "refuses the definition (SCHEMA_VALIDATION_FAILED: the value of a '.$' field must be a "
    "valid path or intrinsic function)",
)
COLLISION = Finding(
    "'x' and 'x.$' in one object",
    Severity.ERROR,
    "refuses the definition: both keys produce the field 'x'",
)
NO_DOLLAR = Finding(
    "a path- or intrinsic-looking value under a key without '.$'",
    Severity.WARNING,
    "creates the state machine with the warning NO_DOLLAR and passes the value on as literal "
    "text, which the task then receives instead of the data",
)


@register
class PayloadTemplate(Rule):
    code = "ASL403"
    name = "payload-template"
    per_state = True
    severity = Severity.ERROR
    message = "{detail}"
    fixable = True
    doc = RuleDoc(
        summary=(
            "A '.$' key whose value is not a path or intrinsic, a path-looking value without "
            "'.$', or keys that collide once '.$' is stripped"
        ),
        why=(
            "In payload templates only keys ending in '.$' are evaluated; the value must then "
            'be a path or an intrinsic call. A value like "$.order.id" under a plain key is '
            "passed on as that literal text (AWS warns with NO_DOLLAR). 'id' and 'id.$' in one "
            "object would both produce 'id', which AWS refuses."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#parameters",
        findings=(NOT_A_PATH, COLLISION, NO_DOLLAR),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        index = field_index(ctx)
        for item in index.colliding_members:
            key = item.member.key.value
            name = key[:-2]
            plain = item.container.member(name)
            if plain is None:
                continue
            first, second = sorted((plain, item.member), key=lambda m: m.key.start)
            yield self.report(
                ctx,
                second.key.span,
                pointer_of(item.state, second.key),
                related=(Related(first.key.span, f"'{first.key.value}' is here"),),
                finding=COLLISION,
                detail=f"'{second.key.value}' and '{first.key.value}' both produce the field "
                f"'{name}'",
            )
        for item in index.dollar_members:
            yield from self._dollar_value(ctx, item)
        for item in index.suspect_members:
            yield from self._no_dollar(ctx, item)

    def _dollar_value(self, ctx: LintContext, item: TemplateMember) -> Iterable[Diagnostic]:
        value = item.member.value
        if value is None:
            return
        if isinstance(value, StringNode):
            text = value.value.lstrip()
            if text.startswith("$") or is_intrinsic_like(text) or has_placeholder(text):
                return
        elif is_cfn_intrinsic(value):
            return
        yield self.report(
            ctx,
            value.span,
            pointer_of(item.state, value),
            detail=(
                f"The value of '{item.member.key.value}' must be a path ('$.x', '$$.x', '$var') "
                "or an intrinsic function call; remove '.$' from the key for a literal value"
            ),
        )

    def _no_dollar(self, ctx: LintContext, item: TemplateMember) -> Iterable[Diagnostic]:
        value = item.member.value
        if not isinstance(value, StringNode) or has_placeholder(value.value):
            return
        text = value.value
        intrinsic = is_intrinsic_like(text)
        if not (intrinsic or is_path_like(text)):
            return
        key = item.member.key.value
        what = "an intrinsic function call" if intrinsic else "a path"
        fix = None
        if f"{key}.$" not in item.container:
            edit = rename_key(ctx.text, item.member, f"{key}.$")
            if edit is not None:
                fix = Fix(f"Add '.$' to key {key!r}", (edit,))
        yield self.report(
            ctx,
            value.span,
            pointer_of(item.state, value),
            fix=fix,
            finding=NO_DOLLAR,
            detail=(
                f"The value of '{key}' looks like {what} but is passed on as literal text; "
                f"name the key '{key}.$' to evaluate it"
            ),
        )
