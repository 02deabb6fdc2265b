"""Positions for everything drawn: nodes, container frames, edges and their labels.

Containers (Parallel, Map) are laid out bottom-up: each branch is laid out on its own, the branches
are packed into the container box under its header, and the container then takes part in its
parent's layout as one big node. Edges therefore never cross a container's border: a Parallel's
transitions leave and enter the container itself, as in the language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from asl_lsp.graph.layout import Box, Point, layered_layout
from asl_lsp.graph.model import GEdge, GNode, Graph, GraphModel
from asl_lsp.graph.style import (
    PAD_X,
    PAD_Y,
    TextLine,
    edge_label_lines,
    edge_label_size,
    node_lines,
    node_size,
    text_block_size,
)

FRAME_PAD = 12.0
FRAME_LABEL = 16.0
FRAME_GAP = 14.0
CONTAINER_PAD = 12.0
MARGIN = 16.0
EMPTY_BRANCH = (96.0, 36.0)
# How strongly an edge of each kind pulls its ends into line: the Next path is the spine of the
# picture, Choice fan-outs balance around their Choice, error and End edges give way.
EDGE_WEIGHTS = {
    "start": 100.0,
    "next": 100.0,
    "choice": 10.0,
    "default": 10.0,
    "catch": 1.0,
    "end": 1.0,
}


@dataclass
class SceneNode:
    node: GNode
    box: Box
    lines: list[TextLine]
    status: str | None = None
    header_height: float = 0.0
    depth: int = 0


@dataclass
class SceneFrame:
    box: Box
    label: str
    empty: bool = False
    depth: int = 0


@dataclass
class SceneEdge:
    edge: GEdge
    points: list[Point]
    label_box: Box | None
    label_lines: list[str]
    arrow: bool = True  # False: ends on a shared trunk, drawn as a junction dot
    trunk: bool = False  # the shared last stretch of several edges into ``edge.dst``


@dataclass
class Scene:
    width: float
    height: float
    direction: str
    nodes: list[SceneNode] = field(default_factory=list)
    frames: list[SceneFrame] = field(default_factory=list)
    edges: list[SceneEdge] = field(default_factory=list)

    def translate(self, dx: float, dy: float) -> None:
        for n in self.nodes:
            n.box = n.box.moved(dx, dy)
        for f in self.frames:
            f.box = f.box.moved(dx, dy)
        for e in self.edges:
            e.points = [(x + dx, y + dy) for x, y in e.points]
            if e.label_box is not None:
                e.label_box = e.label_box.moved(dx, dy)


def _container(
    node: GNode,
    lines: list[TextLine],
    status: str | None,
    statuses: dict[str, tuple[str, str]],
    direction: str,
    depth: int,
) -> tuple[float, float, float, list[tuple[Scene | None, str]]]:
    text_w, text_h = text_block_size(lines)
    header = text_h + 2 * PAD_Y
    children: list[tuple[Scene | None, str]] = []
    for branch, label in zip(node.branches, node.branch_labels, strict=False):
        child = _scope(branch, statuses, direction, depth + 1) if branch.nodes else None
        children.append((child, label))
    sizes = _frame_sizes(children)
    if direction == "LR":
        inner_w = max((w for w, _ in sizes), default=0.0)
        inner_h = sum(h for _, h in sizes) + FRAME_GAP * max(len(sizes) - 1, 0)
    else:
        inner_w = sum(w for w, _ in sizes) + FRAME_GAP * max(len(sizes) - 1, 0)
        inner_h = max((h for _, h in sizes), default=0.0)
    width = max(text_w + 2 * PAD_X, inner_w + 2 * CONTAINER_PAD, 140.0)
    height = header + inner_h + CONTAINER_PAD
    del status
    return round(width), round(height), header, children


def _frame_sizes(children: list[tuple[Scene | None, str]]) -> list[tuple[float, float]]:
    """The size of each branch's frame: the branch's scene (or the empty placeholder) plus the
    frame's padding and label."""
    return [
        (
            (c.width if c else EMPTY_BRANCH[0]) + 2 * FRAME_PAD,
            (c.height if c else EMPTY_BRANCH[1]) + FRAME_LABEL + 2 * FRAME_PAD,
        )
        for c, _ in children
    ]


def _scope(graph: Graph, statuses: dict[str, tuple[str, str]], direction: str, depth: int) -> Scene:
    index = {n.id: i for i, n in enumerate(graph.nodes)}
    sizes: list[tuple[float, float]] = []
    all_lines: list[list[TextLine]] = []
    node_status: list[str | None] = []
    containers: dict[int, tuple[float, list[tuple[Scene | None, str]]]] = {}
    for i, node in enumerate(graph.nodes):
        status, status_line = statuses.get(node.id, (None, ""))
        if statuses and status is None and not node.is_marker and node.kind != "Missing":
            status = "not-reached"
        lines = node_lines(node, status_line)
        all_lines.append(lines)
        node_status.append(status)
        if node.is_container:
            w, h, header, children = _container(node, lines, status, statuses, direction, depth)
            containers[i] = (header, children)
            sizes.append((w, h))
        else:
            sizes.append(node_size(node, lines))
    edge_specs: list[tuple[int, int, float, float]] = []
    label_lines: list[list[str]] = []
    for edge in graph.edges:
        lines_ = edge_label_lines(edge.label)
        lw, lh = edge_label_size(lines_)
        label_lines.append(lines_)
        edge_specs.append((index.get(edge.src, -1), index.get(edge.dst, -1), lw, lh))
    bundle: list[object | None] = [edge.kind for edge in graph.edges]
    weights = [EDGE_WEIGHTS.get(edge.kind, 1.0) for edge in graph.edges]
    result = layered_layout(sizes, edge_specs, direction, bundle, weights)
    scene = Scene(result.width, result.height, direction)
    for i, node in enumerate(graph.nodes):
        box = result.boxes[i]
        header = containers[i][0] if i in containers else 0.0
        scene.nodes.append(SceneNode(node, box, all_lines[i], node_status[i], header, depth))
        if i in containers:
            _place_children(scene, box, header, containers[i][1], direction, depth)
    for edge, route, lines_ in zip(graph.edges, result.routes, label_lines, strict=False):
        if len(route.points) >= 2:
            scene.edges.append(
                SceneEdge(edge, route.points, route.label, lines_, arrow=route.arrow)
            )
    for target, key, route in result.trunks:
        if len(route.points) >= 2:
            trunk_edge = GEdge("", graph.nodes[target].id, str(key))
            scene.edges.append(SceneEdge(trunk_edge, route.points, None, [], trunk=True))
    return scene


def _place_children(
    scene: Scene,
    box: Box,
    header: float,
    children: list[tuple[Scene | None, str]],
    direction: str,
    depth: int,
) -> None:
    sizes = _frame_sizes(children)
    if direction == "LR":
        inner_w = max((w for w, _ in sizes), default=0.0)
        x0 = box.x + (box.w - inner_w) / 2
        y = box.y + header
        for (child, label), (w, h) in zip(children, sizes, strict=False):
            _put(scene, child, label, Box(x0 + (inner_w - w) / 2, y, w, h), depth)
            y += h + FRAME_GAP
    else:
        inner_w = sum(w for w, _ in sizes) + FRAME_GAP * max(len(sizes) - 1, 0)
        x = box.x + (box.w - inner_w) / 2
        y = box.y + header
        for (child, label), (w, h) in zip(children, sizes, strict=False):
            _put(scene, child, label, Box(x, y, w, h), depth)
            x += w + FRAME_GAP


def _put(scene: Scene, child: Scene | None, label: str, frame: Box, depth: int) -> None:
    frame = Box(round(frame.x), round(frame.y), round(frame.w), round(frame.h))
    scene.frames.append(SceneFrame(frame, label, child is None, depth + 1))
    if child is None:
        return
    child.translate(frame.x + (frame.w - child.width) / 2, frame.y + FRAME_LABEL + FRAME_PAD)
    scene.nodes.extend(child.nodes)
    scene.frames.extend(child.frames)
    scene.edges.extend(child.edges)


def build_scene(
    model: GraphModel, direction: str = "TB", statuses: dict[str, tuple[str, str]] | None = None
) -> Scene:
    """Lay out the whole model. ``statuses`` maps node ids to (status, status line) for progress."""
    direction = "LR" if str(direction).upper() == "LR" else "TB"
    scene = _scope(model.root, statuses or {}, direction, 0)
    scene.translate(MARGIN, MARGIN)
    scene.width += 2 * MARGIN
    scene.height += 2 * MARGIN
    return scene
