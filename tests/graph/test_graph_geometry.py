"""Geometry of the built-in layout: boxes never overlap, edges never cross an unrelated box."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from asl_lsp.graph.layout import Box
from asl_lsp.graph.model import build_model
from asl_lsp.graph.scene import Scene, SceneNode, build_scene

HERE = Path(__file__).parent
FIXTURES = sorted((HERE / "fixtures").glob("*.asl.json"))
sys.path.insert(0, str(HERE.parents[1] / "benchmarks"))
from bench_graph import generate  # noqa: E402


def _contains(outer: Box, inner: Box) -> bool:
    return (
        outer.x <= inner.x + 0.5
        and outer.y <= inner.y + 0.5
        and inner.x + inner.w <= outer.x + outer.w + 0.5
        and inner.y + inner.h <= outer.y + outer.h + 0.5
    )


def _overlap(a: Box, b: Box) -> bool:
    return (
        a.x < b.x + b.w - 0.5
        and b.x < a.x + a.w - 0.5
        and a.y < b.y + b.h - 0.5
        and (b.y < a.y + a.h - 0.5)
    )


def _segment_hits(p: tuple[float, float], q: tuple[float, float], box: Box) -> bool:
    """Does the segment pass through the box interior (shrunk by 1 px)?"""
    x0, y0, x1, y1 = box.x + 1, box.y + 1, box.x + box.w - 1, box.y + box.h - 1
    if x1 <= x0 or y1 <= y0:
        return False
    (px, py), (qx, qy) = p, q
    t0, t1 = 0.0, 1.0
    dx, dy = qx - px, qy - py
    for edge_p, edge_q in ((-dx, px - x0), (dx, x1 - px), (-dy, py - y0), (dy, y1 - py)):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-9


def check_scene(scene: Scene) -> None:
    nodes = scene.nodes
    ancestors: dict[str, set[str]] = {n.node.id: set() for n in nodes}
    for a in nodes:
        for b in nodes:
            if a is not b and a.node.is_container and _contains(a.box, b.box):
                ancestors[b.node.id].add(a.node.id)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            nested = a.node.id in ancestors[b.node.id] or b.node.id in ancestors[a.node.id]
            assert nested or not _overlap(a.box, b.box), f"{a.node.name} overlaps {b.node.name}"
    by_id: dict[str, SceneNode] = {n.node.id: n for n in nodes}
    for se in scene.edges:
        ends = {se.edge.src, se.edge.dst} - {""}
        related = set(ends)
        for end in ends:
            related |= ancestors.get(end, set())
        if se.trunk:  # a shared stretch lies inside the scope of its target
            related |= ancestors.get(se.edge.dst, set())
        for sn in nodes:
            if sn.node.id in related:
                continue
            for p, q in zip(se.points, se.points[1:], strict=False):
                assert not _segment_hits(p, q, sn.box), (
                    f"edge {se.edge.src}->{se.edge.dst} crosses {sn.node.name!r}"
                )
        for end in ends:
            assert end in by_id
    for se in scene.edges:
        if se.label_box is None:
            continue
        for sn in nodes:
            if not sn.node.is_container:
                assert not _overlap(se.label_box, sn.box), f"label over {sn.node.name}"


@pytest.mark.parametrize("direction", ["TB", "LR"])
@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_fixture_geometry(fixture: Path, direction: str) -> None:
    definition = json.loads(fixture.read_text(encoding="utf-8"))
    scene = build_scene(build_model(definition), direction)
    check_scene(scene)
    states = [n for n in scene.nodes if n.node.kind not in ("Start", "End")]
    assert states, "every fixture has states"


def test_parallel_in_map_is_nested() -> None:
    definition = json.loads((HERE / "fixtures" / "parallel_in_map.asl.json").read_text())
    scene = build_scene(build_model(definition))
    by_name = {n.node.name: n for n in scene.nodes}
    assert _contains(by_name["Process items"].box, by_name["Fan out"].box)
    assert _contains(by_name["Fan out"].box, by_name["Resize"].box)
    assert _contains(by_name["Fan out"].box, by_name["Tag"].box)
    assert not _contains(by_name["Fan out"].box, by_name["Validate"].box)
    assert by_name["Nothing"].node.kind == "Missing"  # StartAt of an empty branch
    assert _contains(by_name["Fan out"].box, by_name["Nothing"].box)


def test_loop_edges_go_back_up() -> None:
    definition = json.loads((HERE / "fixtures" / "loop_poll.asl.json").read_text())
    scene = build_scene(build_model(definition))
    names = {n.node.id: n.node.name for n in scene.nodes}
    back = [e for e in scene.edges if e.edge.kind == "default"]
    assert len(back) == 1 and names[back[0].edge.dst] == "Wait 30 s"
    assert back[0].points[-1][1] < back[0].points[0][1], "the loop edge ends above its start"
    self_loop = [e for e in scene.edges if e.edge.src == e.edge.dst]
    assert len(self_loop) == 1


@pytest.mark.parametrize("size", [60, 250])
def test_generated_geometry(size: int) -> None:
    check_scene(build_scene(build_model(generate(size))))


def _corpus_definitions() -> list[tuple[str, Any]]:
    from tests.shared_path import shared_dir

    root = shared_dir() / "corpus"
    found: list[tuple[str, Any]] = []
    for line in (root / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("format") != "json":
            continue
        try:
            value = json.loads((root / entry["path"]).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found.append((entry["path"], value))
    return found


def test_corpus_renders_with_clean_geometry() -> None:
    definitions = _corpus_definitions()
    assert definitions
    for path, value in definitions:
        if isinstance(value, dict) and "States" not in value:
            continue  # a template: the syntax layer extracts those
        try:
            scene = build_scene(build_model(value))
            check_scene(scene)
        except AssertionError as error:
            raise AssertionError(f"{path}: {error}") from None
