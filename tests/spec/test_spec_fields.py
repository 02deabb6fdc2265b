"""The field table covers the schema, and knows what the schema cannot say."""

from __future__ import annotations

import pytest

from asl_lsp.spec import errors, states
from asl_lsp.spec.contexts import context_at
from asl_lsp.spec.fields import (
    CONTEXT_DEFS,
    all_contexts,
    comparison_operators,
    context_noun,
    fields_for,
    fields_for_state,
    query_language_of,
)
from asl_lsp.spec.schema import definition
from asl_lsp.spec.states import schema_def_name
from asl_lsp.syntax.json_parser import parse_json
from asl_lsp.syntax.nodes import ObjectNode


def _schema_properties(def_name: str) -> set[str]:
    return set(definition(def_name).get("properties", {}))


@pytest.mark.parametrize("type_name", states.STATE_TYPES)
def test_state_fields_cover_every_schema_property(type_name: str) -> None:
    fields = fields_for_state(type_name)
    assert set(fields) == _schema_properties(schema_def_name(type_name))
    for spec in fields.values():
        assert spec.doc and "\n" not in spec.doc
        assert spec.markdown.startswith(f"**{spec.name}**")
        assert "(https://docs.aws.amazon.com/step-functions/" in spec.markdown
        assert spec.context == f"state:{type_name}"
    assert fields["Type"].required
    assert fields["Type"].enum == states.STATE_TYPES


@pytest.mark.parametrize("context", sorted(CONTEXT_DEFS))
def test_context_fields_cover_every_schema_property(context: str) -> None:
    fields = fields_for(context)
    assert set(fields) == _schema_properties(CONTEXT_DEFS[context])
    assert all(spec.doc and "docs.aws.amazon.com" in spec.markdown for spec in fields.values())


def test_every_schema_definition_with_properties_has_a_context() -> None:
    covered = set(CONTEXT_DEFS.values()) | {schema_def_name(t) for t in states.STATE_TYPES}
    with_props = {
        name for name, schema in definition("")["$defs"].items() if "properties" in schema
    }
    with_props -= {"state"}  # the dispatcher: its only property is Type
    assert with_props <= covered
    assert len(all_contexts()) == len(CONTEXT_DEFS) + len(states.STATE_TYPES)


def test_required_fields() -> None:
    assert fields_for_state("Task")["Resource"].required
    assert fields_for_state("Choice")["Choices"].required
    assert fields_for_state("Parallel")["Branches"].required
    assert not fields_for_state("Task")["Next"].required
    assert fields_for("root")["StartAt"].required and fields_for("root")["States"].required
    assert fields_for("retrier")["ErrorEquals"].required
    assert fields_for("catcher")["Next"].required
    assert fields_for("item_reader")["Resource"].required


def test_query_language_of_fields() -> None:
    task = fields_for_state("Task")
    assert task["Arguments"].query_language == "JSONata"
    assert task["Output"].query_language == "JSONata"
    assert task["Parameters"].query_language == "JSONPath"
    assert task["ResultSelector"].query_language == "JSONPath"
    assert task["TimeoutSecondsPath"].query_language == "JSONPath"
    assert task["TimeoutSeconds"].query_language == "both"
    assert task["Assign"].query_language == "both"
    assert fields_for_state("Map")["Items"].query_language == "JSONata"
    assert fields_for_state("Map")["ItemsPath"].query_language == "JSONPath"
    assert fields_for_state("Fail")["ErrorPath"].query_language == "JSONPath"
    rule = fields_for("choice_rule")
    assert rule["Condition"].query_language == "JSONata"
    assert rule["Variable"].query_language == "JSONPath"
    assert rule["And"].query_language == "JSONPath"
    assert all(rule[op].query_language == "JSONPath" for op in comparison_operators())
    assert rule["Next"].query_language == "both"
    assert fields_for("catcher")["ResultPath"].query_language == "JSONPath"
    assert fields_for("catcher")["Output"].query_language == "JSONata"
    assert query_language_of("Comment") == "both"


def test_value_kinds_enums_and_jsonata() -> None:
    task = fields_for_state("Task")
    assert task["Next"].value_kind == "state-name"
    assert task["Resource"].value_kind == "resource"
    assert task["InputPath"].value_kind == "path"
    assert task["ResultPath"].value_kind == "reference-path"
    assert task["Parameters"].value_kind == "payload-template"
    assert task["TimeoutSeconds"].value_kind == "integer" and task["TimeoutSeconds"].accepts_jsonata
    assert task["Retry"].opens == "retrier" and task["Catch"].opens == "catcher"
    assert task["Credentials"].opens == "credentials"
    assert fields_for_state("Choice")["Default"].value_kind == "state-name"
    assert fields_for_state("Choice")["Choices"].opens == "choice_rule"
    assert fields_for_state("Parallel")["Branches"].opens == "branch"
    assert fields_for("retrier")["JitterStrategy"].enum == ("FULL", "NONE")
    assert fields_for("retrier")["ErrorEquals"].value_kind == "error-names"
    assert fields_for("retrier")["BackoffRate"].value_kind == "number"
    assert fields_for("processor_config")["Mode"].enum == ("INLINE", "DISTRIBUTED")
    assert fields_for("reader_config")["InputType"].enum == (
        "CSV",
        "JSON",
        "JSONL",
        "PARQUET",
        "MANIFEST",
    )
    assert fields_for("writer_config")["Transformation"].value_kind == "enum"
    assert fields_for("root")["QueryLanguage"].enum == ("JSONPath", "JSONata")
    assert len(comparison_operators()) == 39


def test_deprecated_fields_say_what_replaces_them() -> None:
    assert (
        fields_for_state("Map")["Iterator"].deprecated
        == "Iterator is deprecated: use ItemProcessor."
    )
    assert "ItemSelector" in (fields_for_state("Map")["Parameters"].deprecated or "")
    assert fields_for_state("Task")["Parameters"].deprecated is None
    assert "*Deprecated:*" in fields_for_state("Map")["Iterator"].markdown


def test_unknown_type_offers_the_common_fields() -> None:
    assert set(fields_for_state("Bogus")) == {"Type", "Comment", "QueryLanguage"}
    assert fields_for("nonsense") == {}


def test_context_at_paths() -> None:
    text = """{"StartAt": "A", "States": {
      "A": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {
         "B": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {}, "StartAt": "C",
            "States": {"C": {"Type": "Task", "Retry": [{}], "Catch": [{}], "Credentials": {},
                             "Parameters": {"Retry": [{}]}}}},
               "ItemReader": {"ReaderConfig": {}}, "ResultWriter": {"WriterConfig": {}},
               "ItemBatcher": {}}}}]},
      "D": {"Type": "Choice", "Choices": [{"And": [{"Not": {}}]}]}}}"""
    root = parse_json(text).root
    assert isinstance(root, ObjectNode)
    c = ("States", "A", "Branches", 0, "States", "B", "ItemProcessor", "States", "C")
    b = ("States", "A", "Branches", 0, "States", "B")
    cases = {
        (): ("root", None),
        ("States",): ("states", None),
        ("States", "A"): ("state", "Parallel"),
        ("States", "A", "Branches", 0): ("branch", "Parallel"),
        b: ("state", "Map"),
        (*b, "ItemProcessor"): ("item_processor", "Map"),
        (*b, "ItemProcessor", "ProcessorConfig"): ("processor_config", "Map"),
        (*b, "ItemReader"): ("item_reader", "Map"),
        (*b, "ItemReader", "ReaderConfig"): ("reader_config", "Map"),
        (*b, "ResultWriter", "WriterConfig"): ("writer_config", "Map"),
        (*b, "ItemBatcher"): ("item_batcher", "Map"),
        c: ("state", "Task"),
        (*c, "Retry", 0): ("retrier", "Task"),
        (*c, "Catch", 0): ("catcher", "Task"),
        (*c, "Credentials"): ("credentials", "Task"),
        (*c, "Parameters", "Retry", 0): ("value", "Task"),
        ("States", "D", "Choices", 0): ("choice_rule", "Choice"),
    }
    for path, (kind, state_type) in cases.items():
        ctx = context_at(root, path)
        assert (ctx.kind, ctx.state_type) == (kind, state_type), path
    top = context_at(root, ("States", "D", "Choices", 0))
    nested = context_at(root, ("States", "D", "Choices", 0, "And", 0))
    deeper = context_at(root, ("States", "D", "Choices", 0, "And", 0, "Not"))
    assert not top.nested and nested.nested and deeper.nested
    assert nested.field_context == "choice_rule"
    assert context_at(root, c).field_context == "state:Task"


def test_context_nouns() -> None:
    assert context_noun("state", "Task") == "a Task state"
    assert context_noun("state:Map") == "a Map state"
    assert context_noun("state", "Bogus") == "a state"
    assert context_noun("retrier") == "a retrier"
    assert context_noun("root") == "a state machine"


def test_state_type_specs() -> None:
    specs = states.state_type_specs()
    assert list(specs) == list(states.STATE_TYPES)
    assert specs["Task"].takes_next_end and not specs["Task"].terminal
    assert specs["Fail"].terminal and not specs["Fail"].takes_next_end
    assert not specs["Choice"].takes_next_end and not specs["Choice"].terminal
    assert specs["Map"].docs_url.endswith("state-map.html")
    assert specs["Wait"].doc.startswith("A Wait state")
    assert {"Pass", "Task", "Wait", "Parallel", "Map"} == states.NEXT_END_TYPES


def test_predefined_error_names() -> None:
    assert len(errors.STATES_ERRORS) == 16
    assert errors.STATES_ALL in errors.STATES_ERRORS
    assert errors.is_predefined("States.QueryEvaluationError")
    assert not errors.is_predefined("States.Bogus")
    assert all(e.name.startswith("States.") and e.doc for e in errors.STATES_ERRORS.values())
    assert "concepts-error-handling" in errors.STATES_ERRORS["States.Timeout"].markdown
