"""Mermaid flowchart text, for Markdown renderers (GitHub, GitLab, MkDocs) that draw it natively.

Every user string is written inside double quotes with Mermaid's ``#code;`` entities for anything
that could end the string, start markup or split a statement, so hostile state names stay text.
"""

from __future__ import annotations

from asl_lsp.graph.model import GEdge, GNode, Graph, GraphModel
from asl_lsp.graph.style import STATUS_LOOKS, TEXT_INK, TYPE_LOOKS

_SAFE = set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:_-/$?!'=+*()[]{}@%^~"
)


def mermaid_text(text: str) -> str:
    """Text for inside a Mermaid double-quoted label."""
    out: list[str] = []
    for ch in text:
        if ch in _SAFE or (ord(ch) > 127 and ch.isprintable()):
            out.append(ch)
        elif ch in "\r\n\t":
            out.append(" ")
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def _class_name(node: GNode, statuses: dict[str, tuple[str, str]]) -> str:
    if statuses and not node.is_marker and node.kind != "Missing":
        status = statuses.get(node.id, ("not-reached", ""))[0]
        return "st_" + status.replace("-", "_")
    return "t_" + node.kind.lower()


def _label(node: GNode, status_line: str) -> str:
    if node.is_marker:
        return mermaid_text(node.name)
    kind = f"{node.kind} · {node.detail}" if node.detail else node.kind
    parts = [f"<small>{mermaid_text(kind)}</small>", f"<b>{mermaid_text(node.name)}</b>"]
    parts.extend(f"<i>{mermaid_text(n)}</i>" for n in node.notes)
    if status_line:
        parts.append(mermaid_text(status_line))
    return "<br/>".join(parts)


class _Writer:
    def __init__(self, statuses: dict[str, tuple[str, str]]) -> None:
        self.statuses = statuses
        self.lines: list[str] = []
        self.classes: dict[str, list[str]] = {}

    def status_line(self, node: GNode) -> str:
        return self.statuses.get(node.id, ("", ""))[1] if self.statuses else ""

    def graph(self, graph: Graph, indent: str, direction: str) -> None:
        for node in graph.nodes:
            self.classes.setdefault(_class_name(node, self.statuses), []).append(node.id)
            label = _label(node, self.status_line(node))
            if node.is_container:
                self.lines.append(f'{indent}subgraph {node.id} ["{label}"]')
                self.lines.append(f"{indent}  direction {direction}")
                for index, (branch, blabel) in enumerate(
                    zip(node.branches, node.branch_labels, strict=False), start=1
                ):
                    sub = f"{node.id}_b{index}"
                    self.lines.append(f'{indent}  subgraph {sub} ["{mermaid_text(blabel)}"]')
                    self.lines.append(f"{indent}    direction {direction}")
                    if not branch.nodes:
                        self.lines.append(f'{indent}    {sub}_empty["(no states)"]')
                    self.graph(branch, indent + "    ", direction)
                    self.lines.append(f"{indent}  end")
                self.lines.append(f"{indent}end")
                continue
            shape = TYPE_LOOKS.get(node.kind, TYPE_LOOKS["Unknown"]).shape
            if shape == "hexagon":
                self.lines.append(f'{indent}{node.id}{{{{"{label}"}}}}')
            elif shape in ("stadium", "marker"):
                self.lines.append(f'{indent}{node.id}(["{label}"])')
            elif shape == "rounded":
                self.lines.append(f'{indent}{node.id}("{label}")')
            else:
                self.lines.append(f'{indent}{node.id}["{label}"]')
        for edge in graph.edges:
            self.lines.append(indent + self.edge(edge))

    @staticmethod
    def edge(edge: GEdge) -> str:
        arrow = "-.->" if edge.kind == "catch" else "-->"
        if edge.label:
            return f'{edge.src} {arrow}|"{mermaid_text(edge.label)}"| {edge.dst}'
        return f"{edge.src} {arrow} {edge.dst}"


def model_to_mermaid(
    model: GraphModel,
    direction: str = "TB",
    statuses: dict[str, tuple[str, str]] | None = None,
    title: str | None = None,
) -> str:
    """The Mermaid ``flowchart`` text of a model."""
    direction = "LR" if str(direction).upper() == "LR" else "TB"
    writer = _Writer(statuses or {})
    lines: list[str] = []
    if title:
        lines += ["---", f'title: "{mermaid_text(title)}"', "---"]
    lines.append(f"flowchart {direction}")
    writer.graph(model.root, "  ", direction)
    lines.extend(writer.lines)
    looks = {f"t_{k.lower()}": v for k, v in TYPE_LOOKS.items()}
    looks.update({"st_" + k.replace("-", "_"): v for k, v in STATUS_LOOKS.items()})
    for name in sorted(writer.classes):
        look = looks.get(name, TYPE_LOOKS["Unknown"])
        colour = look.ink if name in ("t_start", "t_end") else TEXT_INK
        dash = ",stroke-dasharray:5 3" if look.dashed else ""
        lines.append(
            f"  classDef {name} fill:{look.fill},stroke:{look.stroke},color:{colour}{dash}"
        )
        lines.append(f"  class {','.join(writer.classes[name])} {name}")
    return "\n".join(lines) + "\n"
