"""Every valid plain ASL definition of the shared corpus parses into steps and serialises back to
the same document (same values, same key order); invalid ones parse without raising."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from shared_path import shared_dir

from asl_lsp.sdk.steps import Choice, Graph, Map, Parallel, State


def _entries() -> list[dict[str, Any]]:
    corpus = shared_dir() / "corpus"
    with (corpus / "manifest.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


def _count_states(graph: Graph) -> int:
    total = 0
    for state in graph.states():
        total += 1
        nested: list[Any] = []
        if isinstance(state, Parallel):
            nested = state.branches
        elif isinstance(state, Map) and state.iterator is not None:
            nested = [state.iterator]
        total += sum(_count_states(g) for g in nested if isinstance(g, Graph))
    return total


def test_valid_corpus_round_trips() -> None:
    corpus = shared_dir() / "corpus"
    checked = 0
    failures = []
    parsed_types: set[str] = set()
    for entry in _entries():
        if entry["expected"] not in ("valid", "presumed-valid") or entry["format"] != "json":
            continue
        document = _load(corpus / entry["path"])
        if not isinstance(document, dict) or "StartAt" not in document:
            continue
        checked += 1
        text = json.dumps(document, ensure_ascii=False)
        graph = Graph.from_dict(document)
        assert all(isinstance(s, State) for s in graph.states())
        parsed_types.update(type(s).__name__ for s in graph.states())
        assert _count_states(graph) >= 1
        if graph.to_json() != text:
            failures.append(entry["path"])
        # pretty output parses back to the same text as well
        pretty = graph.to_json(pretty=True)
        assert Graph.from_json(pretty).to_json(pretty=True) == pretty
    assert checked >= 200, checked
    assert failures == []
    assert {"Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"} <= parsed_types


def test_parsed_choice_rules_are_objects() -> None:
    corpus = shared_dir() / "corpus"
    rules = 0
    for entry in _entries():
        document = _load(corpus / entry["path"]) if entry["format"] == "json" else None
        if not isinstance(document, dict) or entry["expected"] != "valid":
            continue
        for state in Graph.from_dict(document).states():
            if isinstance(state, Choice):
                rules += len(state.choices)
                for branch in state.choices:
                    assert type(branch.rule).__name__ in (
                        "Rule",
                        "CompoundRule",
                        "NotRule",
                        "ConditionRule",
                    )
    assert rules > 20


def test_every_json_file_parses_without_raising() -> None:
    corpus = shared_dir() / "corpus"
    for entry in _entries():
        document = _load(corpus / entry["path"]) if entry["format"] == "json" else None
        if not isinstance(document, dict):
            continue
        graph = Graph.from_dict(document)
        try:
            out = graph.to_dict()
        except ValueError as exc:  # only duplicate names are refused on output
            assert "duplicate state id" in str(exc), entry["path"]
            continue
        assert json.dumps(out) == json.dumps(document), entry["path"]


def test_from_json_refuses_non_json() -> None:
    with pytest.raises(ValueError, match="not a JSON state machine definition"):
        Graph.from_json("{nope")
    with pytest.raises(ValueError, match="JSON object"):
        Graph.from_dict([])  # type: ignore[arg-type]
