"""Completion without a server: a "|" marks the cursor in fixture text (JSON and YAML)."""

from __future__ import annotations

import json

import pytest
import yaml

from asl_lsp.model.document import parse_document
from asl_lsp.service.completion import Completion, complete
from asl_lsp.service.cursor import Role
from asl_lsp.service.spelling import snippet_to_plain, yaml_scalar


def _complete(marked: str, fmt: str = "json") -> tuple[str, Completion]:
    offset = marked.index("|")
    text = marked.replace("|", "", 1)
    result = complete(parse_document(text, f"flow.asl.{fmt}"), offset)
    assert result is not None
    return text, result


def _accept(text: str, result: Completion, label: str) -> str:
    entry = next(e for e in result.entries if e.label == label)
    span = entry.span or result.cursor.replace
    return text[: span.start] + snippet_to_plain(entry.new_text) + text[span.end :]


JSON = """{
  "StartAt": "A",
  "States": {
    "A": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      %s
    },
    "B": {"Type": "Succeed"},
    "C": {"Type": "Fail", "Error": "Custom.Broken"}
  }
}"""
YAML = """StartAt: A
States:
  A:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
%s
  B:
    Type: Succeed
  C:
    Type: Fail
    Error: Custom.Broken
"""


@pytest.mark.parametrize(
    ("marked", "fmt"),
    [
        (JSON % '"Next": "|"', "json"),
        (JSON % '"Next": "|', "json"),  # no closing quote yet
        (JSON % '"Next": |', "json"),
        (YAML % "    Next: |", "yaml"),
        (YAML % '    Next: "|', "yaml"),
        (YAML % "    Next:|", "yaml"),  # no space after the colon yet
    ],
)
def test_next_offers_other_states_and_the_result_parses(marked: str, fmt: str) -> None:
    text, result = _complete(marked, fmt)
    assert result.cursor.role is Role.VALUE and result.cursor.key == "Next"
    assert {e.label for e in result.entries} == {"B", "C"}
    accepted = _accept(text, result, "B")
    if fmt == "json":
        accepted = accepted.replace('"B"\n', '"B",\n', 1) if accepted.count('"B"') > 1 else accepted
        loaded = json.loads(accepted.replace('"B",\n    },', '"B"\n    },'))
    else:
        loaded = yaml.safe_load(accepted)
    assert loaded["States"]["A"]["Next"] == "B"


@pytest.mark.parametrize(
    ("marked", "fmt"),
    [
        (JSON % '"Ti|', "json"),
        (JSON % "|", "json"),
        (YAML % "    Ti|", "yaml"),
        (YAML % "    |", "yaml"),
    ],
)
def test_keys_of_a_task_state_without_present_ones(marked: str, fmt: str) -> None:
    _, result = _complete(marked, fmt)
    labels = {e.label for e in result.entries}
    assert {"TimeoutSeconds", "Retry", "Catch", "Next", "End", "Parameters"} <= labels
    assert "Type" not in labels and "Resource" not in labels
    assert "Arguments" not in labels  # a JSONata field in a JSONPath machine
    assert {"Retry block", "Catch block"} <= labels
    timeout = next(e for e in result.entries if e.label == "TimeoutSeconds")
    assert timeout.documentation and "TimeoutSeconds" in timeout.documentation


def test_key_completion_keeps_an_existing_colon() -> None:
    text, result = _complete(JSON % '"Ti|": 5')
    accepted = _accept(text, result, "TimeoutSeconds")
    assert '"TimeoutSeconds": 5' in accepted


def test_yaml_snippets_are_valid_yaml_at_the_cursor_indentation() -> None:
    text, result = _complete(YAML % "    |", "yaml")
    for label in ("Retry block", "Catch block", "Parameters", "Retry"):
        accepted = _accept(text, result, label)
        assert isinstance(yaml.safe_load(accepted)["States"]["A"], dict), label
    retry = yaml.safe_load(_accept(text, result, "Retry block"))["States"]["A"]["Retry"]
    assert retry[0]["ErrorEquals"] == ["States.TaskFailed"] and retry[0]["MaxAttempts"] == 3


def test_state_snippets_in_yaml_and_json() -> None:
    marked = (YAML % "    End: true").replace("  B:\n", "  |\n  B:\n")
    text, result = _complete(marked, "yaml")
    labels = {e.label for e in result.entries}
    assert {f"{t} state" for t in ("Pass", "Task", "Choice", "Wait", "Succeed", "Fail")} <= labels
    for entry in result.entries:
        loaded = yaml.safe_load(_accept(text, result, entry.label))
        assert isinstance(
            loaded["States"][entry.label.replace(" state", "").join(["New ", ""])], dict
        )


def test_enum_values_in_yaml_are_quoted_only_when_needed() -> None:
    _text, result = _complete(
        YAML % "    Retry:\n      - ErrorEquals: [States.ALL]\n        JitterStrategy: |", "yaml"
    )
    assert {e.label for e in result.entries} == {"FULL", "NONE"}
    assert yaml_scalar("Yes") == '"Yes"' and yaml_scalar("On") == '"On"'
    assert yaml_scalar("null") == '"null"' and yaml_scalar("1.0") == '"1.0"'
    assert yaml_scalar("Process order") == "Process order"


@pytest.mark.parametrize(
    ("marked", "fmt"),
    [
        (JSON % '"Retry": [{"ErrorEquals": ["|"]}], "End": true', "json"),
        (YAML % "    Retry:\n      - ErrorEquals: [|]", "yaml"),
        (YAML % "    Retry:\n      - ErrorEquals:\n          - States.Ti|", "yaml"),
    ],
)
def test_error_names_in_error_equals(marked: str, fmt: str) -> None:
    _, result = _complete(marked, fmt)
    assert result.cursor.role is Role.ITEM and result.cursor.key == "ErrorEquals"
    labels = {e.label for e in result.entries}
    assert {"States.ALL", "States.Timeout", "Lambda.ServiceException", "Custom.Broken"} <= labels


def test_new_list_item_in_yaml_is_a_key_of_the_next_retrier() -> None:
    _, result = _complete(
        YAML % "    Retry:\n      - ErrorEquals: [States.ALL]\n      - Int|", "yaml"
    )
    assert result.cursor.role is Role.KEY
    assert result.cursor.container == ("States", "A", "Retry", 1)
    assert "IntervalSeconds" in {e.label for e in result.entries}


def test_resource_arns_with_variants() -> None:
    marked = JSON.replace('"arn:aws:states:::lambda:invoke"', '"|"') % '"End": true'
    offset = marked.index("|")
    result = complete(parse_document(marked.replace("|", "", 1), "flow.asl.json"), offset, 1000)
    assert result is not None and not result.incomplete
    labels = {e.label for e in result.entries}
    assert "arn:aws:states:::lambda:invoke.waitForTaskToken" in labels
    assert "arn:aws:states:::states:startExecution.sync:2" in labels
    assert "arn:aws:states:::aws-sdk:service:action" in labels


def test_long_lists_are_ranked_and_cut_with_the_typed_prefix_first() -> None:
    states = ", ".join(f'"S{i}": {{"Type": "Pass", "End": true}}' for i in range(300))
    text = '{"StartAt": "S0", "States": {"A": {"Type": "Pass", "Next": "S29"}, ' + states + "}}"
    offset = text.index('"S29"') + 3  # typed: S2
    result = complete(parse_document(text, "flow.asl.json"), offset, 10)
    assert result is not None and result.incomplete
    labels = [e.label for e in result.entries]
    assert labels == ["S2", "S20", "S21", "S22", "S23", "S24", "S25", "S26", "S27", "S28"]


def test_intrinsics_context_paths_and_variables_in_dollar_keys() -> None:
    marked = JSON % '"Assign": {"total": 1}, "Parameters": {"id.$": "|"}, "End": true'
    _, result = _complete(marked)
    labels = {e.label for e in result.entries}
    assert {"States.Format", "$$.Execution.Id", "$total", "$"} <= labels
    fmt = next(e for e in result.entries if e.label == "States.Format")
    assert fmt.detail and fmt.detail.startswith("States.Format(")


def test_jsonata_replaces_only_the_word_and_respects_the_field() -> None:
    text = (
        "QueryLanguage: JSONata\nStartAt: A\nStates:\n  A:\n    Type: Task\n"
        "    Resource: arn:aws:states:::lambda:invoke\n    Assign:\n      n: 1\n"
        "    Output: '{% $sta| %}'\n    End: true\n"
    )
    text, result = _complete(text, "yaml")
    labels = {e.label for e in result.entries}
    assert {"$states.input", "$states.result", "$n", "$uppercase"} <= labels
    assert "$states.errorOutput" not in labels
    accepted = _accept(text, result, "$states.result")
    assert yaml.safe_load(accepted)["States"]["A"]["Output"] == "{% $states.result %}"


def test_start_at_in_a_branch_offers_only_that_branch() -> None:
    text = json.dumps(
        {
            "StartAt": "P",
            "States": {
                "P": {
                    "Type": "Parallel",
                    "Branches": [{"StartAt": "MARK", "States": {"X": {"Type": "Succeed"}}}],
                    "End": True,
                }
            },
        },
        indent=2,
    ).replace('"MARK"', '"|"')
    _, result = _complete(text)
    assert {e.label for e in result.entries} == {"X"}


def test_outside_any_state_machine_there_is_nothing() -> None:
    assert complete(parse_document('{"name": "x"}', "package.json"), 3) is None
