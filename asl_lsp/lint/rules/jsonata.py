"""ASL501 jsonata: JSONata expressions that do not parse, fields of the other query language,
and ``$states`` fields read where they do not exist."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.expr.jsonata import (
    check_jsonata_template,
    jsonata_body,
    surround_problem,
    unknown_function_calls,
)
from asl_lsp.lint.context import LintContext
from asl_lsp.lint.fields import STATE_PATH_FIELDS, JsonataString, field_index
from asl_lsp.lint.locate import pointer_of, value_offset_to_span
from asl_lsp.lint.registry import register
from asl_lsp.lint.rule import Example, Finding, Rule, RuleDoc
from asl_lsp.model.machine import JSONATA, JSONPATH, ScopeKind, State
from asl_lsp.spec.jsonata import JSONATA_VERSION, LATER_OPERATORS
from asl_lsp.spec.states import ERROR_HANDLING_TYPES
from asl_lsp.syntax.nodes import ArrayNode, Member, ObjectNode, StringNode

BAD = """{
  "QueryLanguage": "JSONata",
  "StartAt": "Total",
  "States": {
    "Total": {
      "Type": "Pass",
      "Output": "{% $sum($states.input.prices %}",
      "End": true
    }
  }
}
"""

GOOD = BAD.replace("$states.input.prices %}", "$states.input.prices) %}")

JSONPATH_ONLY = frozenset({*STATE_PATH_FIELDS, "Parameters", "ResultSelector"})
JSONATA_ONLY = frozenset({"Arguments", "Output", "Items"})
# Nested objects whose fields also depend on the query language.
NESTED_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # holder: (JSONPath-only fields, JSONata-only fields)
    "ItemReader": (frozenset({"Parameters"}), frozenset({"Arguments"})),
    "ResultWriter": (frozenset({"Parameters"}), frozenset({"Arguments"})),
    "ItemBatcher": (frozenset({"MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"}), frozenset()),
    "Catch": (frozenset({"ResultPath"}), frozenset({"Output"})),
    "Choices": (frozenset({"Variable"}), frozenset({"Condition", "Output"})),
}
_STATES_FIELD = re.compile(r"\$states\s*\.\s*(result|errorOutput)\b")
_CATCH_FIELDS = ("Catch.Output", "Catch.Assign")


TRANSFORMING_DATA = "https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html"

INVALID_EXPRESSION = Finding(
    "a '{% %}' expression that does not parse, or reads '$', '$$' or a bare field name at the "
    "top level",
    Severity.ERROR,
    "refuses the definition (INVALID_JSONATA_EXPRESSION, UNSUPPORTED_JSONATA_EXPRESSION)",
)
OTHER_LANGUAGE = Finding(
    "a field of the other query language, a JSONPath state in a JSONata machine, or "
    "QueryLanguage on an ItemProcessor",
    Severity.ERROR,
    "refuses the definition (SCHEMA_VALIDATION_FAILED: 'field ... is only supported for the "
    "... QueryLanguage')",
)
STATES_FIELD = Finding(
    "$states.result or $states.errorOutput where it does not exist",
    Severity.ERROR,
    "refuses the definition: these fields exist only in the Output and Assign of Task, Map "
    "and Parallel states and of Catchers",
)
UNKNOWN_FUNCTION = Finding(
    "a call of a function that neither JSONata, Step Functions nor the expression defines "
    "(including $eval)",
    Severity.WARNING,
    "creates the state machine; the execution fails with States.QueryEvaluationError when it "
    "evaluates the call",
)
LITERAL_STRING = Finding(
    "a string that looks like a '{% %}' expression but has spaces around the delimiters or "
    "lacks one of them",
    Severity.HINT,
    "treats the string as a literal (only a string that starts with '{%' and ends with '%}' is "
    "an expression) and passes it on as text",
)


def _mixed_message(language: str, field: str) -> str:
    other = JSONATA if language == JSONPATH else JSONPATH
    return (
        f"The QueryLanguage is set to '{language}', but field '{field}' is only supported for "
        f"the '{other}' QueryLanguage"
    )


@register
class Jsonata(Rule):
    code = "ASL501"
    name = "jsonata"
    per_state = True
    severity = Severity.ERROR
    message = "{detail}"
    doc = RuleDoc(
        summary=(
            "A '{% %}' expression that does not parse or calls an unknown function, a field of "
            "the other query language, $states.result / $states.errorOutput where they do not "
            "exist, or a literal string that looks like an expression"
        ),
        why=(
            "AWS parses every JSONata expression when the definition is created "
            f"(INVALID_JSONATA_EXPRESSION), with the grammar of JSONata {JSONATA_VERSION}: "
            f"the {' and '.join(LATER_OPERATORS)} operators of later versions do not parse "
            "there. JSONata states replace InputPath, Parameters, "
            "ResultSelector, ResultPath, OutputPath and the *Path fields with Arguments, Output "
            "and Items, and AWS refuses a field of the other language. $states.result exists "
            "only in the Output and Assign of Task, Map and Parallel states, "
            "$states.errorOutput only in a Catcher."
        ),
        bad=Example(BAD, line=7),
        good=Example(GOOD),
        spec=TRANSFORMING_DATA,
        findings=(
            INVALID_EXPRESSION,
            OTHER_LANGUAGE,
            STATES_FIELD,
            UNKNOWN_FUNCTION,
            LITERAL_STRING,
        ),
    )

    def check(self, ctx: LintContext) -> Iterable[Diagnostic]:
        for item in field_index(ctx).jsonata_strings:
            yield from self._expression(ctx, item)
        machine_language = ctx.machine.query_language
        for scope in ctx.scopes():
            if scope.kind is ScopeKind.PROCESSOR:
                member = scope.node.member("QueryLanguage")
                if member is not None:
                    yield self.report(
                        ctx,
                        member.key.span,
                        (*scope.pointer, "QueryLanguage"),
                        finding=OTHER_LANGUAGE,
                        detail=(
                            f"QueryLanguage is not allowed in {scope.pointer[-1]}; set it on the "
                            "Map state or on the states inside"
                        ),
                    )
        index = field_index(ctx)
        # A state's language is the machine's unless its own QueryLanguage sets another: with
        # no JSONata state, no JSONPath-only field can be out of place.
        jsonata_states = machine_language == JSONATA
        for state, _kind, _body, member in index.named("QueryLanguage"):
            jsonata_states = jsonata_states or state.query_language == JSONATA
            chosen = member.value
            if (
                machine_language == JSONATA
                and isinstance(chosen, StringNode)
                and chosen.value == JSONPATH
                and not _in_distributed_map(state)
            ):
                yield self.report(
                    ctx,
                    chosen.span,
                    (*state.pointer, "QueryLanguage"),
                    finding=OTHER_LANGUAGE,
                    detail=(
                        "A state cannot use the 'JSONPath' QueryLanguage when the state machine "
                        "uses 'JSONata'"
                    ),
                )
        for key in sorted((JSONPATH_ONLY | JSONATA_ONLY) if jsonata_states else JSONATA_ONLY):
            foreign_to = JSONATA if key in JSONPATH_ONLY else JSONPATH
            for state, _kind, _body, member in index.named(key):
                if state.query_language == foreign_to:
                    yield self._mixed(ctx, state, member, foreign_to)
        for key in NESTED_FIELDS:
            for state, _kind, _body, member in index.named(key):
                yield from self._nested_fields(ctx, state, member)

    def _nested_fields(
        self, ctx: LintContext, state: State, member: Member
    ) -> Iterator[Diagnostic]:
        language = state.query_language
        holder = NESTED_FIELDS[member.key.value]
        nested_foreign = holder[0] if language == JSONATA else holder[1]
        containers: list[ObjectNode] = []
        value = member.value
        if isinstance(value, ObjectNode):
            containers.append(value)
        elif isinstance(value, ArrayNode):
            containers.extend(i for i in value.items if isinstance(i, ObjectNode))
        for container in containers:
            for inner in container.members:
                if inner.key.value in nested_foreign:
                    yield self._mixed(ctx, state, inner, language)
        if language == JSONATA and member.key.value == "ItemReader":
            reader = value.get("ReaderConfig") if isinstance(value, ObjectNode) else None
            max_items = reader.member("MaxItemsPath") if isinstance(reader, ObjectNode) else None
            if max_items is not None:
                yield self._mixed(ctx, state, max_items, language)

    def _mixed(self, ctx: LintContext, state: State, member: Member, language: str) -> Diagnostic:
        return self.report(
            ctx,
            member.key.span,
            pointer_of(state, member.key),
            finding=OTHER_LANGUAGE,
            detail=_mixed_message(language, member.key.value),
        )

    def _expression(self, ctx: LintContext, item: JsonataString) -> Iterator[Diagnostic]:
        node = item.node
        value = node.value
        literal = surround_problem(value)
        if literal is not None:
            yield self.report(
                ctx,
                value_offset_to_span(node, ctx.text, literal.start, literal.end),
                pointer_of(item.state, node),
                finding=LITERAL_STRING,
                detail=literal.message[0].upper() + literal.message[1:],
            )
            return
        for error in check_jsonata_template(value):
            yield self.report(
                ctx,
                value_offset_to_span(node, ctx.text, error.start, error.end),
                pointer_of(item.state, node),
                finding=INVALID_EXPRESSION,
                detail=f"Invalid JSONata expression: {error.message}",
            )
        body = jsonata_body(value)
        if body is None:
            return
        expression, base = body
        for error in unknown_function_calls(expression):
            yield self.report(
                ctx,
                value_offset_to_span(node, ctx.text, base + error.start, base + error.end),
                pointer_of(item.state, node),
                finding=UNKNOWN_FUNCTION,
                detail=error.message,
            )
        if "$states" not in expression:
            return
        for match in _STATES_FIELD.finditer(expression):
            field = match.group(1)
            if field == "result":
                # AWS's language service accepts $states.result in a Catcher too.
                allowed = item.state.type in ERROR_HANDLING_TYPES and (
                    item.label in ("Output", "Assign") or item.label in _CATCH_FIELDS
                )
                where = "the Output and Assign of Task, Map and Parallel states"
            else:
                allowed = item.label in _CATCH_FIELDS
                where = "the Output and Assign of a Catcher"
            if allowed:
                continue
            yield self.report(
                ctx,
                value_offset_to_span(node, ctx.text, base + match.start(), base + match.end()),
                pointer_of(item.state, node),
                finding=STATES_FIELD,
                detail=f"$states.{field} does not exist here; it is available only in {where}",
            )


def _in_distributed_map(state: State) -> bool:
    """States of a Distributed Map run as child executions, which choose their own language."""
    scope = state.owner
    while scope is not None:
        config = scope.node.get("ProcessorConfig")
        mode = config.get("Mode") if isinstance(config, ObjectNode) else None
        if isinstance(mode, StringNode) and mode.value == "DISTRIBUTED":
            return True
        parent = scope.parent
        scope = parent.owner if parent is not None else None
    return False
