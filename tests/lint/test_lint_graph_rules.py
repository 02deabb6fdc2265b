"""Graph rules on nested scopes, data that looks like transitions, loops and YAML."""

from __future__ import annotations

import json

from asl_lsp.diagnostic import Severity
from tests.lint.lint_helpers import apply_fix, codes, findings, lint, spanned, syntax_errors


def machine(states: dict[str, object], start: str = "A", **top: object) -> str:
    return json.dumps({**top, "StartAt": start, "States": states}, indent=2)


def test_transitions_cannot_leave_or_enter_a_branch() -> None:
    text = machine(
        {
            "A": {
                "Type": "Parallel",
                "Branches": [{"StartAt": "In", "States": {"In": {"Type": "Pass", "Next": "Out"}}}],
                "Next": "In",
            },
            "Out": {"Type": "Succeed"},
        }
    )
    found = findings(text, "ASL201")
    assert sorted(spanned(text, d) for d in found) == ['"In"', '"Out"']
    inner = next(d for d in found if spanned(text, d) == '"Out"')
    assert inner.path == "/States/A/Branches/0/States/In/Next"


def test_next_inside_parameters_result_and_arguments_is_data() -> None:
    text = machine(
        {
            "A": {
                "Type": "Pass",
                "Parameters": {"Next": "Nowhere", "StartAt": "Nope"},
                "Result": {"Next": "Elsewhere"},
                "Next": "B",
            },
            "B": {"Type": "Succeed"},
        }
    )
    assert codes(text) == []


def test_undefined_state_suggests_and_creates() -> None:
    text = machine({"A": {"Type": "Pass", "Next": "Finish"}, "Done": {"Type": "Succeed"}})
    [finding] = findings(text, "ASL201")
    assert finding.fix is not None and finding.fix.title == "Create state 'Finish'"
    assert not finding.fix.safe
    fixed = apply_fix(text, finding)
    _, after = lint(fixed)
    assert not [d for d in after if d.code in ("ASL201", "ASL001")]
    assert json.loads(fixed)["States"]["Finish"] == {"Type": "Pass", "End": True}
    text = machine({"A": {"Type": "Pass", "Next": "don"}, "Done": {"Type": "Succeed"}})
    [finding] = findings(text, "ASL201")
    assert "did you mean 'Done'?" in finding.message
    assert ("suggestion", "Done") in finding.data


def test_loop_with_exit_is_fine_and_without_exit_is_reported() -> None:
    with_exit = machine(
        {
            "A": {"Type": "Wait", "Seconds": 1, "Next": "B"},
            "B": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.done", "BooleanEquals": True, "Next": "C"}],
                "Default": "A",
            },
            "C": {"Type": "Succeed"},
        }
    )
    assert codes(with_exit) == []
    endless = machine(
        {
            "A": {"Type": "Wait", "Seconds": 1, "Next": "B"},
            "B": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.done", "BooleanEquals": True, "Next": "A"}],
                "Default": "A",
            },
        }
    )
    found = findings(endless, "ASL206")
    assert sorted(spanned(endless, d) for d in found) == ['"A"', '"B"']
    # A broken state in the loop is reported by its own rule only.
    broken = machine(
        {
            "A": {"Type": "Pass", "Next": "B"},
            "B": {"Type": "Pass"},
        }
    )
    assert "ASL206" not in codes(broken) and "ASL202" in codes(broken)


def test_catch_edge_counts_as_an_exit_path() -> None:
    text = machine(
        {
            "A": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Next": "A",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Stop"}],
            },
            "Stop": {"Type": "Fail", "Error": "Boom"},
        }
    )
    assert "ASL206" not in codes(text)


def test_duplicate_state_names_across_branches_relate_to_the_first() -> None:
    text = machine(
        {
            "A": {
                "Type": "Parallel",
                "Branches": [
                    {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}},
                ],
                "Next": "B",
            },
            "B": {"Type": "Succeed"},
        }
    )
    [finding] = findings(text, "ASL205")
    assert finding.path == "/States/B"
    assert finding.related and text[finding.related[0].span.start :].startswith('"B": {\n')
    assert finding.related[0].span.start < finding.span.start


def test_unreachable_state_is_tagged_and_removable() -> None:
    text = machine(
        {
            "A": {"Type": "Succeed"},
            "Orphan": {"Type": "Pass", "Next": "Child"},
            "Child": {"Type": "Pass", "End": True},
        }
    )
    [finding] = findings(text, "ASL203")  # in-degree semantics: Child has an incoming edge
    assert spanned(text, finding) == '"Orphan"'
    assert finding.tags == frozenset({"unnecessary"})
    assert finding.fix is not None and not finding.fix.safe
    fixed = apply_fix(text, finding)
    assert list(json.loads(fixed)["States"]) == ["A", "Child"]


def test_conflicting_transition_on_succeed() -> None:
    text = machine({"A": {"Type": "Succeed", "End": True}})
    [finding] = findings(text, "ASL204")
    assert spanned(text, finding) == '"End"'


def test_state_name_caution_is_info() -> None:
    """AWS accepts the name; CloudWatch Logs and metrics want 0-9, A-Z, a-z, '-' and '_'.

    https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateExitedEventDetails.html
    """
    text = machine({"A": {"Type": "Pass", "Next": "B$"}, "B$": {"Type": "Succeed"}})
    [finding] = findings(text, "ASL207")
    assert finding.severity is Severity.INFO


YAML = """StartAt: Validate
States:
  Validate:
    Type: Pass
    Next: Proces
  Process:
    Type: Map
    End: true
    Iterator:
      StartAt: Work
      States:
        Work:
          Type: Task
          Resource: arn:aws:states:::lambda:invoke
          Retry:
            - ErrorEquals: [States.ALL]
            - ErrorEquals: [States.Timeout]
          Parameters:
            id: $.id
  Orphan:
    Type: Succeed
"""


def test_yaml_findings_and_fixes() -> None:
    document, diagnostics = lint(YAML, "yaml")
    by_code = {d.code: d for d in reversed(diagnostics)}  # the first finding of each code
    assert set(by_code) >= {"ASL201", "ASL202", "ASL203", "ASL403", "ASL601", "ASL606"}
    lines = document.source.lines
    assert lines.one_based(by_code["ASL201"].span.start) == (5, 11)
    assert lines.one_based(by_code["ASL202"].span.start)[0] == 12  # "Work" has no End
    for code in ("ASL201", "ASL202", "ASL203", "ASL403", "ASL601", "ASL606"):
        fixed = apply_fix(YAML, by_code[code])
        _, after = lint(fixed, "yaml")
        assert syntax_errors(after) == [], (code, fixed)
        fixed_path = by_code[code].path
        assert (code, fixed_path) not in [(d.code, d.path) for d in after], (code, fixed)
    fixed = apply_fix(YAML, by_code["ASL202"])
    assert "          Resource: arn:aws:states:::lambda:invoke\n" in fixed
    assert "            id: $.id\n          End: true\n" in fixed


def test_structural_fixes_wait_for_a_parseable_document() -> None:
    text = machine(
        {
            "A": {"Type": "Pass", "Next": "Bb"},
            "B": {"Type": "Pass"},
        }
    )
    broken = text.replace('"Type": "Pass"\n', '"Type": "Pass",\n', 1)  # a trailing comma
    _, diagnostics = lint(broken)
    assert syntax_errors(diagnostics)
    by_code = {d.code: d for d in diagnostics}
    assert by_code["ASL202"].fix is None  # inserting a member could make things worse
    suggestion = by_code["ASL201"].fix  # replacing one string with another cannot
    assert suggestion is not None and suggestion.title == "Change Next to 'B'"


def test_unreachable_state_paths_escape_the_name_in_every_scope() -> None:
    branch = {"StartAt": "In", "States": {"In": {"Type": "Succeed"}, "x/y~z": {"Type": "Succeed"}}}
    text = machine(
        {
            "A": {"Type": "Parallel", "Branches": [branch], "End": True},
            "a/b": {"Type": "Succeed"},
            "t~1": {"Type": "Succeed"},
        }
    )
    paths = [finding.path for finding in findings(text, "ASL203")]
    assert paths == ["/States/A/Branches/0/States/x~1y~0z", "/States/a~1b", "/States/t~01"]
