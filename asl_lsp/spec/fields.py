"""The field table: every field of every state type and sub-object, with its documentation.

Completion, hover and the schema checks read this one table. Names, descriptions, value shapes,
enums and required-ness come from ``schemas/asl.schema.json``; what the schema cannot say (which
query language a field belongs to, what replaces a deprecated field, where AWS documents it) is
added here.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal, NamedTuple

from asl_lsp.spec.choice_operators import OPERATOR_NAMES
from asl_lsp.spec.schema import SchemaDict, definition, ref_name, resolve
from asl_lsp.spec.states import DOCS_BASE, STATE_TYPES, docs_url, schema_def_name

QueryLanguageScope = Literal["both", "JSONPath", "JSONata"]

# Sub-object contexts and the ``$defs`` entry that describes each ("" is the root schema).
CONTEXT_DEFS: dict[str, str] = {
    "root": "",
    "branch": "branch",
    "item_processor": "itemProcessor",
    "processor_config": "processorConfig",
    "retrier": "retrier",
    "catcher": "catcher",
    "choice_rule": "choiceRule",
    "item_reader": "itemReader",
    "reader_config": "readerConfig",
    "item_batcher": "itemBatcher",
    "result_writer": "resultWriter",
    "writer_config": "writerConfig",
    "credentials": "credentials",
}

# How messages name each context ("'X' is not allowed in a retrier").
CONTEXT_NOUNS: dict[str, str] = {
    "root": "a state machine",
    "branch": "a Parallel branch",
    "item_processor": "an ItemProcessor",
    "processor_config": "a ProcessorConfig",
    "retrier": "a retrier",
    "catcher": "a catcher",
    "choice_rule": "a Choice rule",
    "item_reader": "an ItemReader",
    "reader_config": "a ReaderConfig",
    "item_batcher": "an ItemBatcher",
    "result_writer": "a ResultWriter",
    "writer_config": "a WriterConfig",
    "credentials": "a Credentials object",
}

CONTEXT_DOCS: dict[str, str] = {
    "root": DOCS_BASE + "statemachine-structure.html",
    "branch": DOCS_BASE + "state-parallel.html",
    "item_processor": DOCS_BASE + "state-map.html",
    "processor_config": DOCS_BASE + "state-map.html",
    "retrier": DOCS_BASE + "concepts-error-handling.html#error-handling-retrying-after-an-error",
    "catcher": DOCS_BASE + "concepts-error-handling.html#error-handling-fallback-states",
    "choice_rule": DOCS_BASE + "state-choice.html",
    "item_reader": DOCS_BASE + "input-output-itemreader.html",
    "reader_config": DOCS_BASE + "input-output-itemreader.html",
    "item_batcher": DOCS_BASE + "input-output-itembatcher.html",
    "result_writer": DOCS_BASE + "input-output-resultwriter.html",
    "writer_config": DOCS_BASE + "input-output-resultwriter.html",
    "credentials": DOCS_BASE + "state-task.html",
}

# Fields documented on their own page, whatever state they appear in.
FIELD_DOCS: dict[str, str] = {
    "InputPath": DOCS_BASE + "input-output-inputpath-params.html",
    "Parameters": DOCS_BASE + "input-output-inputpath-params.html",
    "ResultSelector": DOCS_BASE + "input-output-inputpath-params.html",
    "OutputPath": DOCS_BASE + "input-output-example.html",
    "ResultPath": DOCS_BASE + "input-output-resultpath.html",
    "ItemsPath": DOCS_BASE + "input-output-itemspath.html",
    "ItemSelector": DOCS_BASE + "input-output-itemselector.html",
    "ItemReader": DOCS_BASE + "input-output-itemreader.html",
    "ItemBatcher": DOCS_BASE + "input-output-itembatcher.html",
    "ResultWriter": DOCS_BASE + "input-output-resultwriter.html",
    "Assign": DOCS_BASE + "workflow-variables.html",
    "Arguments": DOCS_BASE + "transforming-data.html",
    "Output": DOCS_BASE + "transforming-data.html",
    "Items": DOCS_BASE + "transforming-data.html",
    "Condition": DOCS_BASE + "transforming-data.html",
    "QueryLanguage": DOCS_BASE + "transforming-data.html",
    "Retry": DOCS_BASE + "concepts-error-handling.html",
    "Catch": DOCS_BASE + "concepts-error-handling.html",
    "Label": DOCS_BASE + "state-map-distributed.html",
    "ToleratedFailurePercentage": DOCS_BASE + "state-map-distributed.html",
    "ToleratedFailureCount": DOCS_BASE + "state-map-distributed.html",
}

# Fields that only the JSONata query language accepts.
JSONATA_ONLY = frozenset({"Arguments", "Output", "Items", "Condition"})
# Fields that only JSONPath accepts besides every ``...Path`` field (which includes the
# ``...Path`` comparison operators). Comparison operators and And/Or/Not are JSONPath rules.
_JSONPATH_ONLY_NAMES = frozenset(
    {
        "Parameters",
        "ResultSelector",
        "Result",
        "Variable",
        "And",
        "Or",
        "Not",
        "RoleArn.$",
    }
)

DEPRECATED: dict[tuple[str, str], str] = {
    ("Map", "Iterator"): "Iterator is deprecated: use ItemProcessor.",
    ("Map", "Parameters"): "Parameters in a Map state is deprecated: use ItemSelector.",
}

ValueKind = Literal[
    "state-name",
    "path",
    "reference-path",
    "payload-template",
    "assign",
    "resource",
    "error-names",
    "states",
    "enum",
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "any",
]

_REF_KINDS: dict[str, ValueKind] = {
    "stateName": "state-name",
    "path": "path",
    "referencePath": "reference-path",
    "resultPath": "reference-path",
    "payloadTemplate": "payload-template",
    "assign": "assign",
    "errorEquals": "error-names",
    "states": "states",
    "comment": "string",
    "queryLanguage": "enum",
    "stateType": "enum",
}
# Fields whose schema type is a plain string but whose value has a richer meaning.
_NAME_KINDS: dict[str, ValueKind] = {
    "Resource": "resource",
    "ErrorPath": "path",
    "CausePath": "path",
    "RoleArn.$": "path",
    "Variable": "path",
}


class FieldSpec(NamedTuple):
    """One field of one context (a state type or a sub-object)."""

    name: str
    doc: str
    value_kind: ValueKind
    enum: tuple[str, ...] | None
    query_language: QueryLanguageScope
    required: bool
    deprecated: str | None
    markdown: str
    # The field also takes a JSONata "{% ... %}" string in place of its usual value.
    accepts_jsonata: bool = False
    # "root", "choice_rule", ... or "state:Task" for the field of a state type.
    context: str = ""
    # The sub-object context its value opens, e.g. "retrier" for Retry items.
    opens: str | None = None


def query_language_of(name: str) -> QueryLanguageScope:
    """Which query language accepts a field (by name: ASL spells the split in the names)."""
    if name in JSONATA_ONLY:
        return "JSONata"
    if name in _JSONPATH_ONLY_NAMES or name.endswith("Path") or _is_operator(name):
        return "JSONPath"
    return "both"


def _is_operator(name: str) -> bool:
    return name in OPERATOR_NAMES


def comparison_operators() -> frozenset[str]:
    """The 39 comparison operators of JSONPath Choice rules."""
    return OPERATOR_NAMES


_OPENS: dict[str, str] = {
    "branch": "branch",
    "itemProcessor": "item_processor",
    "processorConfig": "processor_config",
    "retrier": "retrier",
    "catcher": "catcher",
    "choiceRule": "choice_rule",
    "itemReader": "item_reader",
    "readerConfig": "reader_config",
    "itemBatcher": "item_batcher",
    "resultWriter": "result_writer",
    "writerConfig": "writer_config",
    "credentials": "credentials",
}


def _shape(prop: SchemaDict) -> tuple[ValueKind, tuple[str, ...] | None, bool, str | None]:
    """(value kind, enum, accepts JSONata, context opened) of one property schema."""
    name = ref_name(prop)
    if name is not None:
        target = resolve(prop)
        enum = target.get("enum")
        opens = _OPENS.get(name)
        kind = _REF_KINDS.get(name) or ("object" if opens else _type_kind(target))
        return kind, tuple(enum) if enum else None, False, opens
    if "enum" in prop:
        return "enum", tuple(prop["enum"]), False, None
    if "anyOf" in prop:
        branches: list[SchemaDict] = prop["anyOf"]
        jsonata = any(ref_name(b) == "jsonata" for b in branches)
        others = [b for b in branches if ref_name(b) != "jsonata"]
        kind = _type_kind(others[0]) if others else "string"
        return kind, None, jsonata, None
    if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
        items_ref = ref_name(prop["items"])
        if items_ref is not None:
            return "array", None, False, _OPENS.get(items_ref)
    return _type_kind(prop), None, False, None


def _type_kind(schema: SchemaDict) -> ValueKind:
    typ: Any = schema.get("type")
    if isinstance(typ, list):
        typ = next((t for t in typ if t != "null"), None)
    if typ in ("string", "integer", "number", "boolean", "object", "array"):
        return typ  # type: ignore[no-any-return]
    return "any"


def _markdown(spec_name: str, doc: str, details: list[str], url: str) -> str:
    lines = [f"**{spec_name}**", "", doc]
    if details:
        lines += ["", *details]
    lines += ["", f"[AWS documentation]({url})"]
    return "\n".join(lines)


def _build(context: str, state_type: str | None, schema: SchemaDict) -> dict[str, FieldSpec]:
    props: dict[str, SchemaDict] = schema.get("properties", {})
    required = set(schema.get("required", ()))
    if state_type is not None:
        required.add("Type")  # required by the generic state schema that dispatches on it
    fields: dict[str, FieldSpec] = {}
    page = docs_url(state_type) if state_type else CONTEXT_DOCS.get(context, DOCS_BASE)
    for name, prop in props.items():
        doc = str(prop.get("description") or resolve(prop).get("description") or "")
        kind, enum, jsonata, opens = _shape(prop)
        kind = _NAME_KINDS.get(name, kind)
        language = query_language_of(name)
        deprecated = DEPRECATED.get((state_type or context, name))
        if deprecated is None and prop.get("deprecated") is True:
            deprecated = f"{name} is deprecated."
        details: list[str] = []
        if name in required:
            details.append("Required.")
        if language != "both":
            details.append(f"{language} only.")
        if enum:
            details.append("One of: " + ", ".join(f"`{v}`" for v in enum) + ".")
        if jsonata:
            details.append("Also accepts a JSONata expression `{% ... %}`.")
        if deprecated:
            details.append(f"*Deprecated:* {deprecated}")
        url = FIELD_DOCS.get(name, page)
        fields[name] = FieldSpec(
            name=name,
            doc=doc,
            value_kind=kind,
            enum=enum,
            query_language=language,
            required=name in required,
            deprecated=deprecated,
            markdown=_markdown(name, doc, details, url),
            accepts_jsonata=jsonata,
            context=f"state:{state_type}" if state_type else context,
            opens=opens,
        )
    return fields


@cache
def _state_fields(type_name: str) -> dict[str, FieldSpec]:
    if type_name in STATE_TYPES:
        return _build(f"state:{type_name}", type_name, definition(schema_def_name(type_name)))
    # Unknown or missing Type: only the fields every state has.
    common = _build("state:Pass", "Pass", definition(schema_def_name("Pass")))
    return {k: common[k] for k in ("Type", "Comment", "QueryLanguage")}


def fields_for_state(type_name: str) -> dict[str, FieldSpec]:
    """The fields a state of ``type_name`` may have (Type/Comment/QueryLanguage when unknown).

    The dict is shared: do not mutate it.
    """
    return _state_fields(type_name)


@cache
def _context_fields(context: str) -> dict[str, FieldSpec]:
    def_name = CONTEXT_DEFS.get(context)
    if def_name is None:
        return {}
    return _build(context, None, definition(def_name))


def fields_for(context: str) -> dict[str, FieldSpec]:
    """The fields of a sub-object context (see :data:`CONTEXT_DEFS`), or ``state:<Type>``.

    Unknown contexts give an empty dict. The dict is shared: do not mutate it.
    """
    if context.startswith("state:"):
        return _state_fields(context[len("state:") :])
    return _context_fields(context)


def all_contexts() -> tuple[str, ...]:
    """Every context name :func:`fields_for` knows, state types included."""
    return (*CONTEXT_DEFS, *(f"state:{t}" for t in STATE_TYPES))


def context_noun(context: str, state_type: str | None = None) -> str:
    """How a message names a context: "a Task state", "a retrier", "a state machine"."""
    if context.startswith("state"):
        type_name = state_type or context.partition(":")[2]
        return f"a {type_name} state" if type_name in STATE_TYPES else "a state"
    return CONTEXT_NOUNS.get(context, "an object")
