"""Property-based tests: arbitrary text, schema-shaped JSON/YAML and mutated real definitions.

Every generated text goes through the parser, the linter (with each fix applied), every editor
feature at a spread of offsets and the graph renderer (see ``rb_support.check_everything``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.rb_support import EXAMPLES, check_everything, tokens
from tests.shared_path import shared_dir

FAST = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

STATE_TYPES = ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map", "Bogus"]
NAMES = st.sampled_from(["A", "B", "Start", "Done", "Ünïcödé 🚀", "", "x" * 90, "a\tb"])
KEYS = st.sampled_from(
    [
        "Type",
        "Next",
        "End",
        "Comment",
        "Parameters",
        "ResultPath",
        "InputPath",
        "OutputPath",
        "Resource",
        "Retry",
        "Catch",
        "ErrorEquals",
        "Choices",
        "Default",
        "Variable",
        "StringEquals",
        "NumericGreaterThan",
        "And",
        "Not",
        "Seconds",
        "Branches",
        "ItemProcessor",
        "Iterator",
        "ItemsPath",
        "Output",
        "Arguments",
        "Assign",
        "QueryLanguage",
        "States",
        "StartAt",
        "Condition",
        "Items",
        "value.$",
        "TimeoutSeconds",
        "HeartbeatSeconds",
        "MaxAttempts",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    NAMES,
    st.sampled_from(STATE_TYPES),
    st.sampled_from(
        [
            "$",
            "$.a.b",
            "$$.Execution.Id",
            "$[0]",
            "$..x",
            "{% $states.input %}",
            "{% $sum([1, 2 %}",
            "States.Format('{}', $.a)",
            "States.Bogus(",
            "arn:aws:states:::lambda:invoke",
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "${Sub}",
            "States.ALL",
        ]
    ),
    st.text(max_size=12),
)


def _json_values(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(KEYS, NAMES), inner, max_size=5),
        ),
        max_leaves=25,
    )


@st.composite
def state(draw: st.DrawFn, names: list[str], depth: int = 0) -> dict[str, Any]:
    kind = draw(st.sampled_from(STATE_TYPES))
    body: dict[str, Any] = {"Type": kind}
    if draw(st.booleans()):
        body["Next"] = draw(st.sampled_from([*names, "Nowhere"]))
    else:
        body["End"] = draw(st.sampled_from([True, False, "yes"]))
    if kind == "Choice":
        body["Choices"] = [
            {"Variable": "$.x", "StringEquals": "a", "Next": draw(st.sampled_from(names))},
            {"Not": {"Variable": "$.y", "IsPresent": True}, "Next": draw(st.sampled_from(names))},
        ]
    if kind in ("Parallel", "Map") and depth < 2:
        inner = draw(machine(depth + 1))
        if kind == "Parallel":
            body["Branches"] = [inner]
        else:
            body["ItemProcessor"] = inner
    if draw(st.booleans()):
        body.update(draw(st.dictionaries(KEYS, SCALARS, max_size=3)))
    return body


@st.composite
def machine(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    names = draw(st.lists(NAMES, min_size=1, max_size=5, unique=True))
    states = {name: draw(state(names, depth)) for name in names}
    start = draw(st.sampled_from([*names, "Missing"]))
    result: dict[str, Any] = {"StartAt": start, "States": states}
    if draw(st.booleans()):
        result["QueryLanguage"] = draw(st.sampled_from(["JSONata", "JSONPath", "SQL"]))
    if draw(st.booleans()):
        result.update(draw(st.dictionaries(KEYS, SCALARS, max_size=2)))
    return result


def dump(value: Any, as_yaml: bool) -> str:
    if as_yaml:
        return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
    return json.dumps(value, indent=2, ensure_ascii=False)


@FAST
@given(st.text(max_size=300))
def test_arbitrary_text_json_and_yaml(text: str) -> None:
    check_everything(text, "doc.asl.json")
    check_everything(text, "doc.asl.yaml")


@FAST
@given(st.text(alphabet="{}[]:,\"\\ \n\t-#&*!|>?'aS0.e$", max_size=200))
def test_punctuation_soup(text: str) -> None:
    check_everything(text, "soup.asl.json")
    check_everything(text, "soup.asl.yaml")


@FAST
@given(machine(), st.booleans())
def test_schema_shaped_definitions(definition: dict[str, Any], as_yaml: bool) -> None:
    text = dump(definition, as_yaml)
    check_everything(text, "machine.asl.yaml" if as_yaml else "machine.asl.json")


@FAST
@given(_json_values(SCALARS), st.booleans())
def test_arbitrary_json_values(value: Any, as_yaml: bool) -> None:
    text = dump(value, as_yaml)
    check_everything(text, "value.asl.yaml" if as_yaml else "value.asl.json")


def _corpus_texts() -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in EXAMPLES]
    corpus = shared_dir() / "corpus"
    manifest = (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    picked = [json.loads(line)["path"] for line in manifest if line.strip()][::20]
    for relative in picked:
        path: Path = corpus / relative
        texts.append((path.name, path.read_text(encoding="utf-8")))
    return texts


@st.composite
def mutated(draw: st.DrawFn, texts: list[tuple[str, str]]) -> tuple[str, str]:
    name, text = draw(st.sampled_from(texts))
    parts = tokens(text)
    for _ in range(draw(st.integers(1, 4))):
        if len(parts) < 2:
            break
        i = draw(st.integers(0, len(parts) - 1))
        j = draw(st.integers(0, len(parts) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap"]))
        if action == "delete":
            del parts[i]
        elif action == "duplicate":
            parts.insert(j, parts[i])
        else:
            parts[i], parts[j] = parts[j], parts[i]
    return name, "".join(parts)


def test_mutated_real_definitions() -> None:
    texts = _corpus_texts()

    @settings(
        max_examples=200,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutated(texts))
    def run(case: tuple[str, str]) -> None:
        name, text = case
        check_everything(text, name)

    run()


def test_every_example_and_sampled_corpus_file_unmutated() -> None:
    for name, text in _corpus_texts():
        check_everything(text, name)
