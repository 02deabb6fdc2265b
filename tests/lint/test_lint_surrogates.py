"""A raw lone surrogate (legal in a Python str, sent by LSP clients as UTF-16 halves) in a key
must not hide the schema findings of the object that holds it."""

from __future__ import annotations

import json

import pytest

from asl_lsp.lint.api import lint_text


def _codes_and_messages(text: str) -> set[tuple[str, str]]:
    return {(d.code, d.message) for d in lint_text(text, path="x.asl.json")}


@pytest.mark.parametrize("surrogate", ["\ud800", "\udfff", "\udc00x"])
def test_unknown_field_with_a_lone_surrogate_is_still_reported(surrogate: str) -> None:
    state = {"Type": "Pass", f"X{surrogate}": 1, "Bogus": 2, "ResultPath": 5, "End": True}
    text = json.dumps({"StartAt": "A", "States": {"A": state}}, ensure_ascii=False)
    found = _codes_and_messages(text)
    assert ("ASL101", f"'X{surrogate}' is not allowed in a Pass state") in found
    assert ("ASL101", "'Bogus' is not allowed in a Pass state") in found
    assert ("ASL103", "'ResultPath' must be a string or null") in found


def test_state_named_with_a_lone_surrogate_keeps_its_findings() -> None:
    state = {"Type": "Pass", "Bogus": 1, "End": True}
    text = json.dumps({"StartAt": "A\ud800", "States": {"A\ud800": state}}, ensure_ascii=False)
    assert ("ASL101", "'Bogus' is not allowed in a Pass state") in _codes_and_messages(text)


@pytest.mark.parametrize(
    "states",
    [
        # The validator fails on StartAt first, and meets the surrogate only while listing errors.
        {"A": {"Type": "Pass", "Comment": "\udf58", "Bogus": 1, "End": True}},
        {"A": {"Type": "Pass", "Bogus": 1, "End": True}, "B\udf58": {"Type": "Succeed"}},
    ],
)
def test_a_surrogate_met_only_while_listing_errors_hides_nothing(states: dict[str, object]) -> None:
    text = json.dumps({"StartAt": 1, "States": states}, ensure_ascii=False)
    found = _codes_and_messages(text)
    assert not [finding for finding in found if finding[0] == "ASL000"]
    assert ("ASL101", "'Bogus' is not allowed in a Pass state") in found
    assert ("ASL103", "'StartAt' must be a string") in found
