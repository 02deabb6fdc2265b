"""The ASL JSON Schema itself: a valid 2020-12 schema, documented, and right on the corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from asl_lsp.lint.schema_incremental import schema_findings
from asl_lsp.spec import enums
from asl_lsp.spec.schema import SCHEMA_ID, definition, load_schema
from asl_lsp.syntax.json_parser import parse_json
from asl_lsp.syntax.nodes import ObjectNode
from asl_lsp.syntax.yaml_loader import parse_yaml
from tests.shared_path import REPO_ROOT, shared_dir

SCHEMA_FILE = REPO_ROOT / "schemas" / "asl.schema.json"

# Corpus files whose label we believe is wrong; the schema is kept strict for them.
LABEL_WRONG = {
    # asl-validator treats Credentials as a free payload template; AWS documents only RoleArn
    # (and RoleArn.$) inside Credentials and rejects other fields.
    "asl-validator/src/__tests__/definitions/valid-task-credentials.json",
}


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID


def test_packaged_schema_is_the_repository_file() -> None:
    assert load_schema() == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _properties(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            if isinstance(prop, dict) and "const" not in prop:
                yield f"{where}/properties/{name}", prop
        for key, value in node.items():
            if key != "properties" or not isinstance(value, dict):
                yield from _properties(value, f"{where}/{key}")
            else:
                for name, prop in value.items():
                    yield from _properties(prop, f"{where}/properties/{name}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _properties(item, f"{where}/{index}")


def test_every_property_has_a_one_line_description() -> None:
    missing = []
    for where, prop in _properties(load_schema()):
        if "/if/" in where:
            continue  # the Type discriminators of if/then carry no user-facing text
        text = prop.get("description")
        if not isinstance(text, str) or not text or "\n" in text:
            missing.append(where)
    assert missing == []


def test_states_are_discriminated_with_if_then_not_one_of() -> None:
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    assert '"oneOf"' not in text
    branches = definition("state")["allOf"]
    assert [b["if"]["properties"]["Type"]["const"] for b in branches] == list(enums.STATE_TYPE)


@pytest.mark.parametrize(
    ("constant", "def_name", "field"),
    [
        (enums.STATE_TYPE, "stateType", None),
        (enums.QUERY_LANGUAGE, "queryLanguage", None),
        (enums.JITTER_STRATEGY, "retrier", "JitterStrategy"),
        (enums.MODE, "processorConfig", "Mode"),
        (enums.EXECUTION_TYPE, "processorConfig", "ExecutionType"),
        (enums.INPUT_TYPE, "readerConfig", "InputType"),
        (enums.MANIFEST_TYPE, "readerConfig", "ManifestType"),
        (enums.CSV_HEADER_LOCATION, "readerConfig", "CSVHeaderLocation"),
        (enums.CSV_DELIMITER, "readerConfig", "CSVDelimiter"),
        (enums.OUTPUT_TYPE, "writerConfig", "OutputType"),
        (enums.TRANSFORMATION, "writerConfig", "Transformation"),
        (enums.VERSION, "", "Version"),
    ],
)
def test_enum_constants_match_the_schema(
    constant: tuple[str, ...], def_name: str, field: str | None
) -> None:
    schema = definition(def_name)
    if field is not None:
        schema = schema["properties"][field]
    assert tuple(schema["enum"]) == constant


def test_choice_rules_know_all_39_operators_with_operand_types() -> None:
    props = definition("choiceRule")["properties"]
    operators = {
        k: v
        for k, v in props.items()
        if k
        not in {"Variable", "And", "Or", "Not", "Condition", "Next", "Assign", "Output", "Comment"}
    }
    assert len(operators) == 39
    assert operators["NumericEquals"]["type"] == "number"
    assert operators["BooleanEquals"]["type"] == "boolean"
    assert operators["StringMatches"]["type"] == "string"
    assert operators["TimestampLessThan"]["type"] == "string"
    assert operators["IsPresent"]["type"] == "boolean"
    assert operators["NumericEqualsPath"]["$ref"] == "#/$defs/referencePath"
    assert "StringMatchesPath" not in operators


# ---------------------------------------------------------------------------- corpus


def _corpus_definitions() -> list[tuple[str, str, bool]]:
    corpus = shared_dir() / "corpus"
    out = []
    with (corpus / "manifest.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            if entry["expected"] not in ("valid", "presumed-valid"):
                continue
            if entry["format"] not in ("json", "yaml"):
                continue
            out.append((entry["path"], entry["format"], bool(entry["placeholders"])))
    return out


def _nodes(path: Path, fmt: str) -> ObjectNode | None:
    """The definition's node tree, or None for files that are not a plain ASL definition."""
    text = path.read_text(encoding="utf-8")
    result = parse_yaml(text) if fmt == "yaml" else parse_json(text)
    root = result.root
    if not isinstance(root, ObjectNode) or "StartAt" not in root or result.diagnostics:
        return None
    return root


def test_corpus_valid_definitions_have_no_schema_findings() -> None:
    corpus = shared_dir() / "corpus"
    checked = 0
    failures: dict[str, list[str]] = {}
    for rel, fmt, placeholders in _corpus_definitions():
        root = _nodes(corpus / rel, fmt)
        if root is None:
            continue
        checked += 1
        findings = schema_findings(root, placeholders=placeholders)
        if rel in LABEL_WRONG:
            assert findings, f"{rel} is listed as mislabelled but the schema accepts it"
            continue
        if findings:
            failures[rel] = [f"{f.path}: {f.message}" for f in findings]
    assert checked >= 250
    assert failures == {}
