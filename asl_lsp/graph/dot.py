"""Graphviz DOT text with the same colours, shapes and labels as the built-in SVG.

Containers become clusters; edges to and from a container attach to invisible entry/exit points
inside the cluster and are clipped at its border (``compound=true`` with ``lhead``/``ltail``), so
Graphviz draws a Parallel's transitions from the box, as the built-in layout does. Output is
deterministic: same definition, same text.
"""

from __future__ import annotations

import re
from html import escape

from asl_lsp.graph.model import GEdge, GNode, Graph, GraphModel
from asl_lsp.graph.style import (
    EDGE_COLOURS,
    LABEL_INK,
    TEXT_INK,
    TYPE_LOOKS,
    look_for,
    node_lines,
)

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_DOT_FONT = "Helvetica,Arial,sans-serif"


def quote(text: str) -> str:
    """A DOT double-quoted string; backslashes are doubled so no escape sequence survives."""
    text = _CONTROL.sub("\ufffd", text)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _html(text: str) -> str:
    return escape(_CONTROL.sub("\ufffd", text), quote=True)


def _label(node: GNode, status_line: str, status: str | None) -> str:
    look = look_for(node, status)
    parts: list[str] = []
    for line in node_lines(node, status_line):
        text = _html(line.text)
        if line.role == "name":
            colour = look.ink if node.is_marker else TEXT_INK
            parts.append(f'<FONT POINT-SIZE="11" COLOR="{colour}"><B>{text}</B></FONT>')
        elif line.role == "note":
            parts.append(f'<FONT POINT-SIZE="9" COLOR="{look.ink}"><I>{text}</I></FONT>')
        else:
            parts.append(f'<FONT POINT-SIZE="9" COLOR="{look.ink}">{text}</FONT>')
    return "<" + "<BR/>".join(parts) + ">"


def _tooltip(node: GNode) -> str:
    kind = f"{node.kind} · {node.detail}" if node.detail else node.kind
    return "\n".join([node.name, kind, *node.notes]) if not node.is_marker else node.name


class _Writer:
    def __init__(self, statuses: dict[str, tuple[str, str]]) -> None:
        self.statuses = statuses
        self.lines: list[str] = []
        self.containers: set[str] = set()

    def status(self, node: GNode) -> tuple[str | None, str]:
        if not self.statuses or node.is_marker or node.kind == "Missing":
            return None, ""
        return self.statuses.get(node.id, ("not-reached", ""))

    def node(self, node: GNode, indent: str) -> None:
        status, status_line = self.status(node)
        look = look_for(node, status)
        shape = TYPE_LOOKS.get(node.kind, TYPE_LOOKS["Unknown"]).shape
        dot_shape = "hexagon" if shape == "hexagon" else "box"
        style = "filled" if shape in ("hexagon", "box") else "rounded,filled"
        if look.dashed:
            style += ",dashed"
        attrs = [
            f"label={_label(node, status_line, status)}",
            f"shape={dot_shape}",
            f'style="{style}"',
            f'fillcolor="{look.fill}"',
            f'color="{look.stroke}"',
            f"tooltip={quote(_tooltip(node))}",
        ]
        if node.is_marker:
            attrs.append('margin="0.12,0.04"')
        self.lines.append(f"{indent}{quote(node.id)} [{', '.join(attrs)}];")

    def container(self, node: GNode, indent: str) -> None:
        status, status_line = self.status(node)
        look = look_for(node, status)
        self.containers.add(node.id)
        self.lines.append(f"{indent}subgraph {quote('cluster_' + node.id)} {{")
        inner = indent + "  "
        self.lines.append(
            f'{inner}label={_label(node, status_line, status)}; style="rounded,filled"; '
            f'fillcolor="{look.fill}"; color="{look.stroke}"; penwidth=1.6; '
            f"tooltip={quote(_tooltip(node))};"
        )
        point = 'shape=point, style=invis, width=0.01, height=0.01, label=""'
        self.lines.append(f"{inner}{quote(node.id + '__in')} [{point}];")
        for index, (branch, label) in enumerate(
            zip(node.branches, node.branch_labels, strict=False)
        ):
            cluster = f"cluster_{node.id}_b{index + 1}"
            self.lines.append(f"{inner}subgraph {quote(cluster)} {{")
            self.lines.append(
                f'{inner}  label={quote(label)}; style="dashed,rounded,filled"; '
                f'fillcolor="#FFFFFF"; color="{look.stroke}"; penwidth=1; fontsize=9;'
            )
            if not branch.nodes:
                self.lines.append(
                    f"{inner}  {quote(node.id + f'_b{index + 1}_empty')} "
                    f'[label="(no states)", shape=plain, fontsize=9];'
                )
            self.graph(branch, inner + "  ")
            self.lines.append(f"{inner}}}")
        self.lines.append(f"{inner}{quote(node.id + '__out')} [{point}];")
        for index, branch in enumerate(node.branches):
            first = branch.start or (branch.nodes[0].id if branch.nodes else None)
            if not branch.nodes:
                first = node.id + f"_b{index + 1}_empty"
            if first is None:
                continue
            self.lines.append(
                f"{inner}{quote(self.entry(node.id + '__in'))} -> {quote(self.entry(first))} "
                "[style=invis];"
            )
            has_out = {e.src for e in branch.edges}
            sinks = [n.id for n in branch.nodes if n.id not in has_out] or [first]
            for sink in sinks:
                self.lines.append(
                    f"{inner}{quote(self.exit(sink))} -> {quote(node.id + '__out')} [style=invis];"
                )
        self.lines.append(f"{indent}}}")

    def entry(self, node_id: str) -> str:
        return node_id + "__in" if node_id in self.containers else node_id

    def exit(self, node_id: str) -> str:
        return node_id + "__out" if node_id in self.containers else node_id

    def graph(self, graph: Graph, indent: str) -> None:
        for node in graph.nodes:
            if node.is_container:
                self.container(node, indent)
            else:
                self.node(node, indent)
        for edge in graph.edges:
            self.edge(edge, indent)

    def edge(self, edge: GEdge, indent: str) -> None:
        attrs: list[str] = []
        if edge.src in self.containers:
            attrs.append(f"ltail={quote('cluster_' + edge.src)}")
        if edge.dst in self.containers:
            attrs.append(f"lhead={quote('cluster_' + edge.dst)}")
        colour = EDGE_COLOURS.get(edge.kind, "#7A7A7A")
        attrs.append(f'color="{colour}"')
        if edge.label:
            ink = "#9C4400" if edge.kind == "catch" else LABEL_INK
            text = _html(edge.label)
            if edge.kind == "default":
                text = f"<I>{text}</I>"
            attrs.append(f'label=<<FONT COLOR="{ink}">{text}</FONT>>')
        if edge.kind == "catch":
            attrs.append("style=dashed")
        if edge.tooltip:
            attrs.append(f"tooltip={quote(edge.tooltip)}")
        self.lines.append(
            f"{indent}{quote(self.exit(edge.src))} -> {quote(self.entry(edge.dst))} "
            f"[{', '.join(attrs)}];"
        )


def _collect_containers(graph: Graph, into: set[str]) -> None:
    for node in graph.walk():
        if node.is_container:
            into.add(node.id)


def model_to_dot(
    model: GraphModel,
    direction: str = "TB",
    statuses: dict[str, tuple[str, str]] | None = None,
    title: str | None = None,
) -> str:
    """The DOT text of a model (``statuses`` as for :func:`asl_lsp.graph.scene.build_scene`)."""
    writer = _Writer(statuses or {})
    _collect_containers(model.root, writer.containers)
    rankdir = "LR" if str(direction).upper() == "LR" else "TB"
    head = [
        "digraph asl {",
        f"  graph [rankdir={rankdir}, compound=true, nodesep=0.35, ranksep=0.4, "
        f'fontname="{_DOT_FONT}", fontsize=10, bgcolor="transparent"'
        + (f', label={quote(title)}, labelloc=t, fontcolor="#6B6B6B"' if title else "")
        + "];",
        f'  node [fontname="{_DOT_FONT}", fontsize=10, penwidth=1.6, margin="0.16,0.06"];',
        f'  edge [fontname="{_DOT_FONT}", fontsize=9, arrowsize=0.7, penwidth=1.3];',
    ]
    writer.graph(model.root, "  ")
    return "\n".join([*head, *writer.lines, "}"]) + "\n"
