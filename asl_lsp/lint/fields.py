"""Which fields of a state hold paths, payload templates or JSONata, collected once per lint run.

Several rules read the same places (paths are checked by ``invalid-path``, scanned for variables by
``undefined-variable``; ``.$`` values feed three rules), so one walk of each state gathers them into
an index kept in ``LintContext.cache``. The walk never enters nested scopes (their states are
states of their own) and never treats ``Result`` or plain ``Parameters`` keys as anything but data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from asl_lsp.expr.jsonpath import PathKind
from asl_lsp.lint.context import LintContext
from asl_lsp.model.machine import JSONATA, JSONPATH, State
from asl_lsp.records import Record
from asl_lsp.spec.choice_operators import PATH_OPERATORS
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

# Fields that hold nested scopes: their states are analysed as states of their own.
SCOPE_FIELDS = frozenset({"Branches", "ItemProcessor", "Iterator"})
# Fields never evaluated as JSONata.
NOT_EVALUATED = frozenset({"Type", "Comment", "QueryLanguage", "Next", "End", "Default"})


# Named tuples rather than dataclasses: tens of thousands are built per large definition.
class PathField(NamedTuple):
    state: State
    label: str  # the field name ("ResultPath", "Catch.ResultPath", "Variable", ...)
    node: StringNode
    kind: PathKind


class TemplateMember(NamedTuple):
    """A member of an object inside a payload template (``.$`` keys are evaluated)."""

    state: State
    label: str  # the template field ("Parameters", "Catch.Assign", ...)
    container: ObjectNode
    member: Member


class JsonataString(NamedTuple):
    state: State
    label: str  # "Output", "Arguments", "Catch.Output", "Choices.Condition", ...
    node: StringNode


Entry = tuple[State, str, ObjectNode, Member]
"""A watched state-level member: (state, its Type, its body, the member)."""


class FieldIndex(Record):
    """Written out rather than made by ``dataclasses`` (see ``asl_lsp.records``)."""

    _fields = (
        "by_type",
        "members",
        "path_fields",
        "dollar_members",
        "suspect_members",
        "colliding_members",
        "jsonata_strings",
        "choice_rules",
        "clean",
    )
    __slots__ = _fields
    # The states with an object body, by Type ("" when absent or not a string).
    by_type: dict[str, list[State]]
    # State-level members of the keys in WATCHED, by key, in document order per scope.
    members: dict[str, list[Entry]]
    path_fields: list[PathField]
    # Every "key.$" member of a payload template.
    dollar_members: list[TemplateMember]
    # Plain members whose string value starts like a path or an intrinsic ("$", "States.").
    suspect_members: list[TemplateMember]
    # Template members "x.$" whose object also has "x".
    colliding_members: list[TemplateMember]
    jsonata_strings: list[JsonataString]
    choice_rules: list[tuple[State, ObjectNode, bool]]
    # Expressions already found clean in this run, by check ("path", "reference", ...):
    # definitions repeat the same paths many times.
    clean: dict[str, set[str]]

    def __init__(
        self,
        by_type: dict[str, list[State]] | None = None,
        members: dict[str, list[Entry]] | None = None,
        path_fields: list[PathField] | None = None,
        dollar_members: list[TemplateMember] | None = None,
        suspect_members: list[TemplateMember] | None = None,
        colliding_members: list[TemplateMember] | None = None,
        jsonata_strings: list[JsonataString] | None = None,
        choice_rules: list[tuple[State, ObjectNode, bool]] | None = None,
        clean: dict[str, set[str]] | None = None,
    ) -> None:
        self.by_type = {} if by_type is None else by_type
        self.members = {} if members is None else members
        self.path_fields = [] if path_fields is None else path_fields
        self.dollar_members = [] if dollar_members is None else dollar_members
        self.suspect_members = [] if suspect_members is None else suspect_members
        self.colliding_members = [] if colliding_members is None else colliding_members
        self.jsonata_strings = [] if jsonata_strings is None else jsonata_strings
        self.choice_rules = [] if choice_rules is None else choice_rules
        self.clean = {} if clean is None else clean

    def clean_set(self, check: str) -> set[str]:
        found = self.clean.get(check)
        if found is None:
            found = self.clean[check] = set()
        return found

    def of_type(self, *types: str) -> Iterator[tuple[State, ObjectNode]]:
        for kind in types:
            for state in self.by_type.get(kind, ()):
                assert state.node is not None  # only states with a body are indexed
                yield state, state.node

    def named(self, key: str) -> list[Entry]:
        """The state-level members named ``key`` (which must be in WATCHED)."""
        return self.members.get(key, [])


def field_index(ctx: LintContext) -> FieldIndex:
    """The index of the current state machine, built on first use by one pass over the members
    of every state the context selects (the rules then read lists instead of scanning thousands
    of states again)."""
    cached = ctx.cache.get("fields")
    if isinstance(cached, FieldIndex):
        return cached
    index = FieldIndex()
    by_type = index.by_type
    for state in ctx.states():
        body = state.node
        if body is None:
            continue
        kind = state.type or ""
        same = by_type.get(kind)
        if same is None:
            same = by_type[kind] = []
        same.append(state)
        _index_state(state, kind, body, index)
    ctx.cache["fields"] = index
    return index


def _index_state(state: State, kind: str, body: ObjectNode, index: FieldIndex) -> None:
    language = state.query_language
    jsonpath = language == JSONPATH
    jsonata = language == JSONATA
    members = index.members
    # One pass over the members with one lookup each: this runs for every state.
    for member in body.members:
        key = member.key.value
        role = _ROLES.get(key, 0)
        if jsonata and key not in SCOPE_FIELDS and key not in NOT_EVALUATED:
            _index_jsonata_member(state, member, index)
        if not role:
            continue
        if role & _WATCH:
            bucket = members.get(key)
            if bucket is None:
                bucket = members[key] = []
            bucket.append((state, kind, body, member))
        if jsonpath and role & _EXPR:
            _index_jsonpath_member(state, member, role, index)
    if kind == "Choice":
        choices = body.get("Choices")
        if isinstance(choices, ArrayNode):
            _index_choice_rules(state, choices, jsonpath, index)


def _add_path(
    index: FieldIndex, state: State, label: str, node: Node | None, kind: PathKind
) -> None:
    if isinstance(node, StringNode):
        index.path_fields.append(PathField(state, label, node, kind))


_NESTED_TEMPLATES = dict(NESTED_TEMPLATE_FIELDS)
_WATCH, _PATH, _TEMPLATE, _NESTED = 1, 2, 4, 8
_EXPR = _PATH | _TEMPLATE | _NESTED
# State-level keys some rule looks up by name (query-language fields, exclusive pairs, ...).
WATCHED = frozenset(
    {
        *STATE_PATH_FIELDS,
        *TEMPLATE_FIELDS,
        *_NESTED_TEMPLATES,
        "Arguments",
        "Output",
        "Items",
        "Catch",
        "Retry",
        "Choices",
        "QueryLanguage",
        "End",
        "Resource",
        "TimeoutSeconds",
        "HeartbeatSeconds",
        "Error",
        "Cause",
        "MaxConcurrency",
        "ToleratedFailureCount",
        "ToleratedFailurePercentage",
        "ItemProcessor",
        "Iterator",
    }
)
_ROLES: dict[str, int] = dict.fromkeys(WATCHED, _WATCH)
for _key in STATE_PATH_FIELDS:
    _ROLES[_key] |= _PATH
for _key in TEMPLATE_FIELDS:
    _ROLES[_key] |= _TEMPLATE
for _key in ("Catch", *_NESTED_TEMPLATES):
    _ROLES[_key] |= _NESTED


def _index_jsonpath_member(state: State, member: Member, role: int, index: FieldIndex) -> None:
    key = member.key.value
    value = member.value
    if role & _PATH:
        if isinstance(value, StringNode):
            index.path_fields.append(PathField(state, key, value, STATE_PATH_FIELDS[key]))
    elif role & _TEMPLATE:
        _add_template(index, state, key, value)
    elif key == "Catch":
        if isinstance(value, ArrayNode):
            _index_catchers(state, value, index)
    elif isinstance(value, ObjectNode):
        inner = _NESTED_TEMPLATES[key]
        if inner in value:
            _add_template(index, state, f"{key}.{inner}", value.get(inner))
        if key == "ItemBatcher":
            for name in ("MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"):
                if name in value:
                    _add_path(index, state, name, value.get(name), PathKind.REFERENCE)
        elif key == "ItemReader":
            config = value.get("ReaderConfig")
            if isinstance(config, ObjectNode) and "MaxItemsPath" in config:
                _add_path(
                    index, state, "MaxItemsPath", config.get("MaxItemsPath"), PathKind.REFERENCE
                )


def _index_choice_rules(
    state: State, choices: ArrayNode, jsonpath: bool, index: FieldIndex
) -> None:
    """Every rule of a Choice state, nested ones included, in the order of a depth-first walk
    (``True`` for top-level rules), with the paths of each rule of a JSONPath state: one pass
    over the members of a rule finds both its paths and the rules nested in it (the last And,
    Or and Not, as JSON keeps the last duplicate)."""
    found = index.choice_rules
    stack: list[tuple[ObjectNode, bool]] = [
        (rule, True) for rule in reversed(choices.items) if isinstance(rule, ObjectNode)
    ]
    while stack:
        rule, top = stack.pop()
        found.append((state, rule, top))
        all_of = any_of = negated = None
        for member in rule.members:
            key = member.key.value
            if key == "And":
                all_of = member.value
            elif key == "Or":
                any_of = member.value
            elif key == "Not":
                negated = member.value
            elif not jsonpath:
                continue
            elif key == "Variable":
                _add_path(index, state, key, member.value, PathKind.PATH)
            elif key in PATH_OPERATORS:
                _add_path(index, state, key, member.value, PathKind.REFERENCE_WITH_CONTEXT)
            elif key == "Assign" and top:
                _add_template(index, state, "Choices.Assign", member.value)
        nested: list[ObjectNode] = []
        for group in (all_of, any_of):
            if isinstance(group, ArrayNode):
                nested.extend(item for item in group.items if isinstance(item, ObjectNode))
        if isinstance(negated, ObjectNode):
            nested.append(negated)
        stack.extend((item, False) for item in reversed(nested))


def _index_catchers(state: State, catchers: ArrayNode, index: FieldIndex) -> None:
    for catcher in catchers.items:
        if isinstance(catcher, ObjectNode):
            if "ResultPath" in catcher:
                _add_path(
                    index,
                    state,
                    "Catch.ResultPath",
                    catcher.get("ResultPath"),
                    PathKind.RESULT_PATH,
                )
            if "Assign" in catcher:
                _add_template(index, state, "Catch.Assign", catcher.get("Assign"))


def _add_template(index: FieldIndex, state: State, label: str, node: Node | None) -> None:
    """Record the members of every object of a payload template (iteratively: templates may be
    deep); literal data under a ``.$`` key is not a template."""
    if not isinstance(node, (ObjectNode, ArrayNode)):
        return
    stack: list[Node] = [node]
    dollar = index.dollar_members.append
    suspects = index.suspect_members.append
    while stack:
        current = stack.pop()
        if isinstance(current, ObjectNode):
            for member in current.members:
                key = member.key.value
                value = member.value
                if key[-2:] == ".$":
                    entry = TemplateMember(state, label, current, member)
                    dollar(entry)
                    if key[:-2] in current:
                        index.colliding_members.append(entry)
                    continue
                if isinstance(value, StringNode):
                    text = value.value
                    if text[:1] == "$" or text[:7] == "States.":
                        suspects(TemplateMember(state, label, current, member))
                elif isinstance(value, (ObjectNode, ArrayNode)):
                    stack.append(value)
        elif isinstance(current, ArrayNode):
            stack.extend(i for i in current.items if isinstance(i, (ObjectNode, ArrayNode)))


def _index_jsonata_member(state: State, member: Member, index: FieldIndex) -> None:
    name = member.key.value
    value = member.value
    if value is None:
        return
    if name in ("Catch", "Choices") and isinstance(value, ArrayNode):
        for item in value.items:
            if isinstance(item, ObjectNode):
                for inner in item.members:
                    if inner.value is not None and inner.key.value not in NOT_EVALUATED:
                        _add_jsonata(index, state, f"{name}.{inner.key.value}", inner.value)
        return
    _add_jsonata(index, state, name, value)


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
