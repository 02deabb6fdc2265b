"""ASL403 payload-template: ``.$`` keys in Parameters, ResultSelector, ItemSelector, Assign, ...
that AWS would refuse or evaluate differently from what the author meant."""

from __future__ import annotations

from collections.abc import Iterable

from asl_lsp.diagnostic import Diagnostic, Fix, Related, Severity
from asl_lsp.expr.intrinsics import is_intrinsic_like
from asl_lsp.expr.jsonpath import is_path_like
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.edits import rename_key
from asl_lsp.lint.fields import TemplateObject, field_index
from asl_lsp.lint.locate import pointer_of
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Rule, RuleDoc
from asl_lsp.lint.values import has_placeholder, is_substituted
from asl_lsp.syntax.nodes import Member, StringNode

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


@register
class PayloadTemplate(Rule):
    code = "ASL403"
    name = "payload-template"
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
            "be a path or an intrinsic call. A value like \"$.order.id\" under a plain key is "
            "passed on as that literal text (AWS warns with NO_DOLLAR). 'id' and 'id.$' in one "
            "object would both produce 'id', which AWS refuses."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec="https://states-language.net/spec.html#parameters",
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for template in field_index(ctx).template_objects:
            seen: dict[str, Member] = {}
            for member in template.node.members:
                key = member.key.value
                dollar = key.endswith(".$")
                name = key[:-2] if dollar else key
                earlier = seen.get(name)
                if earlier is not None and earlier.key.value != key:
                    yield self.report(
                        ctx,
                        member.key.span,
                        pointer_of(template.state, member.key),
                        related=(Related(earlier.key.span, f"'{earlier.key.value}' is here"),),
                        detail=(
                            f"'{key}' and '{earlier.key.value}' both produce the field "
                            f"'{name}'"
                        ),
                    )
                seen.setdefault(name, member)
                if dollar:
                    yield from self._dollar_value(ctx, template, member)
                else:
                    yield from self._no_dollar(ctx, template, member)

    def _dollar_value(
        self, ctx: LintContext, template: TemplateObject, member: Member
    ) -> Iterable[Diagnostic]:
        value = member.value
        if value is None or is_substituted(value):
            return
        if isinstance(value, StringNode):
            text = value.value.lstrip()
            if text.startswith("$") or is_intrinsic_like(text):
                return
        node = value
        yield self.report(
            ctx,
            node.span,
            pointer_of(template.state, node),
            detail=(
                f"The value of '{member.key.value}' must be a path ('$.x', '$$.x', '$var') or "
                "an intrinsic function call; remove '.$' from the key for a literal value"
            ),
        )

    def _no_dollar(
        self, ctx: LintContext, template: TemplateObject, member: Member
    ) -> Iterable[Diagnostic]:
        value = member.value
        if not isinstance(value, StringNode) or has_placeholder(value.value):
            return
        text = value.value
        if not (is_path_like(text) or is_intrinsic_like(text)):
            return
        key = member.key.value
        what = "an intrinsic function call" if is_intrinsic_like(text) else "a path"
        fix = None
        if f"{key}.$" not in template.node:
            edit = rename_key(ctx.text, member, f"{key}.$")
            if edit is not None:
                fix = Fix(f"Add '.$' to key {key!r}", (edit,))
        yield self.report(
            ctx,
            value.span,
            pointer_of(template.state, value),
            fix=fix,
            severity=Severity.WARNING,
            detail=(
                f"The value of '{key}' looks like {what} but is passed on as literal text; "
                f"name the key '{key}.$' to evaluate it"
            ),
        )
