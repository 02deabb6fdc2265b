"""``asl graph`` counts the states of a YAML definition from its events and refuses early."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NoReturn

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from asl_lsp.cli import graph as graph_cli
from asl_lsp.graph.render import MAX_GRAPH_STATES, count_states
from asl_lsp.graph.yaml_size import count_yaml_states
from asl_lsp.syntax import document
from tests.graph.graph_cli_args import graph_args
from tests.shared_path import shared_dir


def _chain(states: int) -> dict[str, object]:
    body: dict[str, object] = {
        f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(states)
    }
    body[f"S{states}"] = {"Type": "Succeed"}
    return {"StartAt": "S0", "States": body}


def _tree_count(text: str, path: str = "x.asl.yaml") -> int:
    """The count the graph makes on the parsed nodes."""
    source = document.parse_source(text, path)
    assert source.kind == "asl"
    return graph_cli._state_count(source.definitions[0].root)


def test_oversized_yaml_is_refused_before_the_tree_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    half = MAX_GRAPH_STATES // 2
    outer = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "Branches": [_chain(half), _chain(half)], "Next": "M"},
            "M": {"Type": "Map", "ItemProcessor": _chain(half), "End": True},
        },
    }
    path = tmp_path / "big.asl.yaml"
    path.write_text(yaml.safe_dump(outer), "utf-8")

    def no_parse(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("the node tree was built for a definition refused by size")

    monkeypatch.setattr(document, "parse_source", no_parse)
    assert graph_cli.run(graph_args(path, tmp_path / "g.svg")) == 2
    assert capsys.readouterr().err.strip() == (
        f"asl graph: the definition has {count_states(outer):,} states; graphs are drawn for "
        f"up to {MAX_GRAPH_STATES:,} (lint it, or graph a smaller part)"
    )
    assert not (tmp_path / "g.svg").exists()


def test_yaml_with_aliases_is_refused_after_the_usual_parse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inner = _chain(MAX_GRAPH_STATES // 2)
    outer = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [inner, inner]}}}
    text = yaml.safe_dump(outer)
    assert "*id001" in text and count_yaml_states(text) is None
    path = tmp_path / "aliased.asl.yaml"
    path.write_text(text, "utf-8")
    assert graph_cli.run(graph_args(path, tmp_path / "g.svg")) == 2
    assert f"has {count_states(outer):,} states" in capsys.readouterr().err


def test_small_yaml_is_still_drawn(tmp_path: Path) -> None:
    path = tmp_path / "small.asl.yaml"
    path.write_text(yaml.safe_dump(_chain(3)), "utf-8")
    out = tmp_path / "g.svg"
    assert graph_cli.run(graph_args(path, out)) == 0
    assert "S3" in out.read_text(encoding="utf-8")


_NESTED = """\
StartAt: P
States:
  P:
    Type: Parallel
    Branches:
      - {StartAt: A, States: {A: {Type: Pass, End: true}, B: {Type: Pass, End: true}}}
      - 5
      - StartAt: C
        States:
          C: {Type: Succeed}
    Branches: [{States: {Only: {Type: Succeed}}}]
    Next: M
  M:
    Type: Map
    Iterator: {States: {I1: {}, I2: {}}}
    ItemProcessor:
      States:
        J: {Type: Map, ItemProcessor: {States: {K: {}}}}
    End: true
  M: {Type: Pass, Iterator: {States: {Z: {}}}, End: true}
  ? [complex, key]
  : {Type: Parallel, Branches: [{States: {Hidden: {}}}]}
  Scalar: 7
  Other: {Parameters: {States: {NotAState: 1}, Branches: [{States: {N: 1}}]}}
Comment: {States: {NotAState: 1}}
"""


@pytest.mark.parametrize(
    "text",
    [
        _NESTED,
        "StartAt: A\nStates: {A: {Type: Pass}}\nStates: {B: {}, C: {}}\n",
        "StartAt: A\nStates: {A: {}}\nStates: null\n",
        "StartAt: A\nStates: [A, B]\n",
        "StartAt: A\n",
        "States: {A: {Type: Succeed}}\n---\nStates: {B: {}, C: {}}\n",
        json.dumps(_chain(5), indent=2),
    ],
)
def test_the_event_count_is_the_tree_count(text: str) -> None:
    assert count_yaml_states(text) == _tree_count(text)


@pytest.mark.parametrize(
    "text",
    [
        "- a\n- b\n",
        "just text\n",
        "States: {A: {}}\nbroken: [1, 2\n",
        "States: {A: {}}\n---\nb: *undefined\n",
        "retry: &r {States: {X: {}}}\nStates: {A: *r}\nB: {Branches: [*r]}\n",
        "States: !Ref Machine\n",
        "States:\n  P: {Type: Parallel, Branches: !If [C, [], []]}\n",
        "States:\n  P: !If {Type: Parallel, Branches: [{States: {A: {}}}]}\n",
        "!Custom {States: {A: {}}}\n",
        "a: &x 1\nb: &x 2\nStates: {A: {}}\n",
    ],
)
def test_no_count_where_only_the_tree_can_tell(text: str) -> None:
    assert count_yaml_states(text) is None


def test_the_event_count_agrees_on_every_corpus_definition() -> None:
    corpus = shared_dir() / "corpus"
    entries = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    counted = 0
    for entry in entries:
        path = corpus / entry["path"]
        text = path.read_text(encoding="utf-8")
        count = count_yaml_states(text)
        source = document.parse_source(text, str(path.with_suffix(".yaml")))
        if count is None or source.kind != "asl" or (source.diagnostics and not source.definitions):
            continue
        assert count == graph_cli._state_count(source.definitions[0].root), path
        counted += 1
    assert counted >= 300


_names = st.sampled_from(["A", "B", "States", "Branches", "Iterator", "ItemProcessor", "1"])
_machines = st.recursive(
    st.fixed_dictionaries({"States": st.dictionaries(_names, st.just({"Type": "Pass"}))}),
    lambda inner: st.fixed_dictionaries(
        {
            "States": st.dictionaries(
                _names,
                st.one_of(
                    st.fixed_dictionaries(
                        {"Type": st.just("Parallel"), "Branches": st.lists(inner)}
                    ),
                    st.fixed_dictionaries({"Type": st.just("Map"), "ItemProcessor": inner}),
                    st.fixed_dictionaries({"Iterator": inner, "Branches": st.just(None)}),
                    st.just("scalar"),
                ),
            )
        },
        optional={"Branches": st.lists(inner), "Comment": inner},
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(_machines, st.sampled_from([None, True, False]), st.booleans())
def test_the_event_count_is_the_tree_count_on_generated_definitions(
    machine: dict[str, object], flow: bool | None, duplicate: bool
) -> None:
    text = yaml.dump(machine, Dumper=_NoAliasDumper, default_flow_style=flow)
    if duplicate:  # a key written twice: the last one wins in the tree
        text += "States: {Again: {Type: Pass}}\n" if flow is not True else ""
    assert count_yaml_states(text) == _tree_count(text)


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a value shared by two places twice, as a person would, not as an alias."""

    def ignore_aliases(self, data: object) -> bool:
        return True
