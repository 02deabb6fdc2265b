"""undefined-variable: a must-be-assigned data-flow analysis over scopes."""

from __future__ import annotations

import json

from asl_lsp.diagnostic import Severity
from tests.lint.lint_helpers import findings, spanned


def machine(states: dict[str, object], start: str = "A", language: str = "JSONata") -> str:
    return json.dumps({"QueryLanguage": language, "StartAt": start, "States": states}, indent=2)


def pas(next_: str | None = None, **fields: object) -> dict[str, object]:
    state: dict[str, object] = {"Type": "Pass", **fields}
    if next_ is None:
        state["End"] = True
    else:
        state["Next"] = next_
    return state


def choice(*targets: str, default: str) -> dict[str, object]:
    return {
        "Type": "Choice",
        "Choices": [{"Condition": "{% $states.input.x %}", "Next": t} for t in targets],
        "Default": default,
    }


def test_assigned_on_every_path_is_fine() -> None:
    text = machine(
        {
            "A": choice("B", default="C"),
            "B": pas("D", Assign={"v": 1}),
            "C": pas("D", Assign={"v": 2}),
            "D": pas(Output="{% $v %}"),
        }
    )
    assert findings(text, "ASL502") == []


def test_assigned_on_one_path_only_is_a_warning() -> None:
    text = machine(
        {
            "A": choice("B", default="D"),
            "B": pas("D", Assign={"v": 1}),
            "D": pas(Output="{% $v + 1 %}"),
        }
    )
    [finding] = findings(text, "ASL502")
    assert finding.severity is Severity.WARNING
    assert spanned(text, finding) == "$v"
    assert "may not be assigned on every path to state 'D'" in finding.message


def test_never_assigned_is_a_warning_with_a_suggestion() -> None:
    """AWS creates the machine; reading the variable fails the execution at run time.

    https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
    """
    text = machine({"A": pas("B", Assign={"total": 1}), "B": pas(Output="{% $totl %}")})
    [finding] = findings(text, "ASL502")
    assert finding.severity is Severity.WARNING
    assert finding.message == "Variable '$totl' is never assigned; did you mean '$total'?"


def test_loops_do_not_invent_findings() -> None:
    # Assigned before the loop: every path into "Loop" carries it.
    text = machine(
        {
            "A": pas("Loop", Assign={"n": 0}),
            "Loop": pas("Check", Assign={"n": "{% $n + 1 %}"}),
            "Check": {
                "Type": "Choice",
                "Choices": [{"Condition": "{% $n < 3 %}", "Next": "Loop"}],
                "Default": "Done",
            },
            "Done": {"Type": "Succeed", "Output": "{% $n %}"},
        }
    )
    assert findings(text, "ASL502") == []


def test_reads_see_the_state_input_not_its_own_assign() -> None:
    text = machine({"A": pas(Assign={"a": 1, "b": "{% $a %}"})})
    [finding] = findings(text, "ASL502")
    assert spanned(text, finding) == "$a"


def test_choice_rule_and_catcher_assign_flow_along_their_edge() -> None:
    text = machine(
        {
            "A": {
                "Type": "Choice",
                "Choices": [{"Condition": "{% true %}", "Assign": {"picked": "yes"}, "Next": "B"}],
                "Default": "C",
            },
            "B": pas(Output="{% $picked %}"),
            "C": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Catch": [
                    {
                        "ErrorEquals": ["States.ALL"],
                        "Assign": {"err": "{% $states.errorOutput %}"},
                        "Next": "E",
                    }
                ],
                "Next": "D",
            },
            "D": pas(Output="{% $err %}"),
            "E": pas(Output="{% $err %}"),
        }
    )
    found = findings(text, "ASL502")
    assert [f.path for f in found] == ["/States/D/Output"]


def test_nested_scopes_see_outer_variables_assigned_before() -> None:
    inner = {"StartAt": "In", "States": {"In": pas(Output="{% [$outer, $later] %}")}}
    text = machine(
        {
            "A": pas("P", Assign={"outer": 1}),
            "P": {"Type": "Parallel", "Branches": [inner], "Next": "Z"},
            "Z": pas(Assign={"later": 2}),
        }
    )
    found = findings(text, "ASL502")
    assert [spanned(text, f) for f in found] == ["$later"]


def test_branch_variables_stay_in_the_branch() -> None:
    inner = {"StartAt": "In", "States": {"In": pas(Assign={"local": 1})}}
    text = machine(
        {
            "P": {"Type": "Parallel", "Branches": [inner], "Next": "Z"},
            "Z": pas(Output="{% $local %}"),
        },
        start="P",
    )
    [finding] = findings(text, "ASL502")
    assert finding.path == "/States/Z/Output"


def test_distributed_map_children_do_not_see_outer_variables() -> None:
    def processor(mode: str) -> dict[str, object]:
        return {
            "ProcessorConfig": {"Mode": mode, "ExecutionType": "STANDARD"},
            "StartAt": "In",
            "States": {"In": pas(Output="{% $outer %}")},
        }

    for mode, expected in (("INLINE", 0), ("DISTRIBUTED", 1)):
        text = machine(
            {
                "A": pas("M", Assign={"outer": 1}),
                "M": {"Type": "Map", "ItemProcessor": processor(mode), "End": True},
            }
        )
        assert len(findings(text, "ASL502")) == expected, mode


def test_jsonpath_variables_in_paths_and_intrinsics() -> None:
    text = machine(
        {
            "A": pas("B", Assign={"id.$": "$.id"}),
            "B": pas(
                Parameters={
                    "ok.$": "$id",
                    "bad.$": "States.Format('{}-{}', $id, $missing)",
                },
                InputPath="$gone.x",
            ),
        },
        language="JSONPath",
    )
    found = findings(text, "ASL502")
    assert sorted(spanned(text, f) for f in found) == ["$gone", "$missing"]


def test_unreachable_states_are_not_analysed() -> None:
    text = machine({"A": pas(), "Orphan": pas(Output="{% $nothing %}")})
    assert findings(text, "ASL502") == []
