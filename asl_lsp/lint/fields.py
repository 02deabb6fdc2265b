"""Which fields of a state hold paths, payload templates or JSONata, collected once per lint run.

Several rules read the same places (paths are checked by ``invalid-path``, scanned for variables by
``undefined-variable``; ``.$`` values feed three rules), so one walk of each state gathers them into
an index kept in ``LintContext.cache``. The walk never enters nested scopes (their states are
states of their own) and never treats ``Result`` or plain ``Parameters`` keys as anything but data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from asl_lsp.expr.jsonpath import PathKind
from asl_lsp.lint.context import LintContext
from asl_lsp.model.machine import JSONATA, JSONPATH, State
from asl_lsp.syntax.nodes import ArrayNode, Member, Node, ObjectNode, StringNode

# State-level fields whose value is a path, with the flavour of path each takes.
STATE_PATH_FIELDS: dict[str, PathKind] = {
    "InputPath": PathKind.PATH,
    "OutputPath": PathKind.PATH,
    "ResultPath": PathKind.RESULT_PATH,
    "ItemsPath": PathKind.REFERENCE_WITH_CONTEXT,
    "TimeoutSecondsPath": PathKind.REFERENCE,
    "HeartbeatSecondsPath": PathKind.REFERENCE,
    "SecondsPath": PathKind.REFERENCE,
    "TimestampPath": PathKind.REFERENCE,
    "MaxConcurrencyPath": PathKind.REFERENCE,
    "ToleratedFailureCountPath": PathKind.REFERENCE,
    "ToleratedFailurePercentagePath": PathKind.REFERENCE,
    # AWS's language service accepts the context object here ("$$.State.Name").
    "ErrorPath": PathKind.REFERENCE_WITH_CONTEXT,
    "CausePath": PathKind.REFERENCE_WITH_CONTEXT,
}
# Fields that may hold a string-returning intrinsic instead of a reference path.
INTRINSIC_PATH_FIELDS = frozenset({"ErrorPath", "CausePath"})

# Payload templates: keys ending in ".$" are evaluated, everything else is data.
TEMPLATE_FIELDS = ("Parameters", "ResultSelector", "ItemSelector", "Credentials", "Assign")
NESTED_TEMPLATE_FIELDS = (
    ("ItemReader", "Parameters"),
    ("ResultWriter", "Parameters"),
    ("ItemBatcher", "BatchInput"),
)
NESTED_PATH_FIELDS = (
    (("ItemReader", "ReaderConfig"), "MaxItemsPath"),
    (("ItemBatcher",), "MaxItemsPerBatchPath"),
    (("ItemBatcher",), "MaxInputBytesPerBatchPath"),
)

COMPARISON_OPERATORS = frozenset(
    {
        *(
            f"{kind}{op}{suffix}"
            for kind in ("String", "Numeric", "Timestamp")
            for op in ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
            for suffix in ("", "Path")
        ),
        "BooleanEquals",
        "BooleanEqualsPath",
        "StringMatches",
        "IsNull",
        "IsPresent",
        "IsNumeric",
        "IsString",
        "IsBoolean",
        "IsTimestamp",
    }
)
BOOLEAN_OPERATORS = ("And", "Or", "Not")

# Fields that hold nested scopes: their states are analysed as states of their own.
SCOPE_FIELDS = frozenset({"Branches", "ItemProcessor", "Iterator"})
# Fields never evaluated as JSONata.
NOT_EVALUATED = frozenset({"Type", "Comment", "QueryLanguage", "Next", "End", "Default"})


@dataclass(frozen=True, slots=True)
class PathField:
    state: State
    label: str  # the field name ("ResultPath", "Catch.ResultPath", "Variable", ...)
    node: StringNode
    kind: PathKind


@dataclass(frozen=True, slots=True)
class TemplateObject:
    """An object inside a payload template; its ``.$`` members are evaluated."""

    state: State
    label: str  # the template field ("Parameters", "Catch.Assign", ...)
    node: ObjectNode


@dataclass(frozen=True, slots=True)
class JsonataString:
    state: State
    label: str  # "Output", "Arguments", "Catch.Output", "Choices.Condition", ...
    node: StringNode


@dataclass
class FieldIndex:
    path_fields: list[PathField] = field(default_factory=list)
    template_objects: list[TemplateObject] = field(default_factory=list)
    jsonata_strings: list[JsonataString] = field(default_factory=list)
    choice_rules: list[tuple[State, ObjectNode, bool]] = field(default_factory=list)

    def dollar_members(self) -> Iterator[tuple[TemplateObject, Member]]:
        """Every ``"key.$": value`` member of every payload template."""
        for template in self.template_objects:
            for member in template.node.members:
                if member.key.value.endswith(".$"):
                    yield template, member


def field_index(ctx: LintContext) -> FieldIndex:
    """The index of the current state machine, built on first use."""
    cached = ctx.cache.get("fields")
    if isinstance(cached, FieldIndex):
        return cached
    index = FieldIndex()
    for state in ctx.machine.all_states():
        if state.node is not None:
            _index_state(state, state.node, index)
    ctx.cache["fields"] = index
    return index


def iter_choice_rules(state: State) -> Iterator[tuple[ObjectNode, bool]]:
    """Every rule of a Choice state, nested ones included, with ``True`` for top-level rules."""
    choices = state.field("Choices")
    if not isinstance(choices, ArrayNode):
        return
    stack: list[tuple[ObjectNode, bool]] = [
        (rule, True) for rule in reversed(choices.items) if isinstance(rule, ObjectNode)
    ]
    while stack:
        rule, top = stack.pop()
        yield rule, top
        nested: list[ObjectNode] = []
        for name in ("And", "Or"):
            value = rule.get(name)
            if isinstance(value, ArrayNode):
                nested.extend(item for item in value.items if isinstance(item, ObjectNode))
        not_rule = rule.get("Not")
        if isinstance(not_rule, ObjectNode):
            nested.append(not_rule)
        stack.extend((item, False) for item in reversed(nested))


def _index_state(state: State, body: ObjectNode, index: FieldIndex) -> None:
    language = state.query_language
    if state.type == "Choice":
        index.choice_rules.extend((state, rule, top) for rule, top in iter_choice_rules(state))
    if language == JSONATA:
        _index_jsonata(state, body, index)
    elif language == JSONPATH:
        _index_jsonpath(state, body, index)


def _add_path(
    index: FieldIndex, state: State, label: str, node: Node | None, kind: PathKind
) -> None:
    if isinstance(node, StringNode):
        index.path_fields.append(PathField(state, label, node, kind))


def _index_jsonpath(state: State, body: ObjectNode, index: FieldIndex) -> None:
    for name, kind in STATE_PATH_FIELDS.items():
        if name in body:
            _add_path(index, state, name, body.get(name), kind)
    for name in TEMPLATE_FIELDS:
        if name in body:
            _add_template(index, state, name, body.get(name))
    for outer, inner in NESTED_TEMPLATE_FIELDS:
        holder = body.get(outer)
        if isinstance(holder, ObjectNode) and inner in holder:
            _add_template(index, state, f"{outer}.{inner}", holder.get(inner))
    for steps, name in NESTED_PATH_FIELDS:
        nested: Node | None = body
        for step in steps:
            nested = nested.get(step) if isinstance(nested, ObjectNode) else None
        if isinstance(nested, ObjectNode) and name in nested:
            _add_path(index, state, name, nested.get(name), PathKind.REFERENCE)
    catchers = body.get("Catch")
    if isinstance(catchers, ArrayNode):
        for catcher in catchers.items:
            if isinstance(catcher, ObjectNode):
                if "ResultPath" in catcher:
                    _add_path(
                        index, state, "Catch.ResultPath", catcher.get("ResultPath"),
                        PathKind.RESULT_PATH,
                    )
                if "Assign" in catcher:
                    _add_template(index, state, "Catch.Assign", catcher.get("Assign"))
    if state.type == "Choice":
        for rule, top in iter_choice_rules(state):
            for member in rule.members:
                key = member.key.value
                if key == "Variable":
                    _add_path(index, state, key, member.value, PathKind.PATH)
                elif key.endswith("Path") and key in COMPARISON_OPERATORS:
                    _add_path(index, state, key, member.value, PathKind.REFERENCE_WITH_CONTEXT)
                elif key == "Assign" and top:
                    _add_template(index, state, "Choices.Assign", member.value)


def _add_template(index: FieldIndex, state: State, label: str, node: Node | None) -> None:
    """Record every object of a payload template (iteratively: templates may be deep)."""
    stack: list[Node] = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, ObjectNode):
            index.template_objects.append(TemplateObject(state, label, current))
            for member in current.members:
                value = member.value
                if isinstance(value, (ObjectNode, ArrayNode)) and not member.key.value.endswith(
                    ".$"
                ):
                    stack.append(value)
        elif isinstance(current, ArrayNode):
            stack.extend(i for i in current.items if isinstance(i, (ObjectNode, ArrayNode)))


def _index_jsonata(state: State, body: ObjectNode, index: FieldIndex) -> None:
    for member in body.members:
        name = member.key.value
        if name in SCOPE_FIELDS or name in NOT_EVALUATED or member.value is None:
            continue
        if name in ("Catch", "Choices") and isinstance(member.value, ArrayNode):
            for item in member.value.items:
                if isinstance(item, ObjectNode):
                    for inner in item.members:
                        if inner.value is not None and inner.key.value not in NOT_EVALUATED:
                            _add_jsonata(index, state, f"{name}.{inner.key.value}", inner.value)
            continue
        _add_jsonata(index, state, name, member.value)


def _add_jsonata(index: FieldIndex, state: State, label: str, node: Node) -> None:
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, StringNode):
            value = current.value
            if "{%" in value or "%}" in value:
                index.jsonata_strings.append(JsonataString(state, label, current))
        elif isinstance(current, ObjectNode):
            stack.extend(m.value for m in current.members if m.value is not None)
        elif isinstance(current, ArrayNode):
            stack.extend(current.items)
