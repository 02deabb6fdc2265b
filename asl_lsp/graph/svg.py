"""Self-contained SVG from a laid-out scene.

Styling uses presentation attributes rather than a stylesheet, so the picture survives HTML
sanitisers (JupyterLab, VS Code webviews) and needs nothing from the network. Every user string is
XML-escaped; characters XML 1.0 forbids are replaced, so the output is always well-formed.
"""

from __future__ import annotations

import re
from html import escape

from asl_lsp.graph.labels import text_width
from asl_lsp.graph.layout import Box, Point
from asl_lsp.graph.scene import FRAME_LABEL, Scene, SceneEdge, SceneFrame, SceneNode
from asl_lsp.graph.style import (
    EDGE_COLOURS,
    FONT_STACK,
    LABEL_FILL,
    LABEL_INK,
    LABEL_LINE,
    LABEL_SIZE,
    LABEL_STROKE,
    STATUS_GLYPHS,
    STATUS_LOOKS,
    STATUS_TITLES,
    TEXT_INK,
    TYPE_LOOKS,
    Look,
    TextLine,
    look_for,
)

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
HEXAGON_INSET = 13.0
LEGEND_HEIGHT = 34.0
TITLE_HEIGHT = 30.0


def esc(text: str) -> str:
    """Escape for XML text and attribute values (both quote kinds)."""
    return escape(_INVALID_XML.sub("\ufffd", text), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _rounded_path(points: list[Point], radius: float = 6.0) -> str:
    if not points:
        return ""
    parts = [f"M{_n(points[0][0])},{_n(points[0][1])}"]
    for i in range(1, len(points) - 1):
        (ax, ay), (bx, by), (cx, cy) = points[i - 1], points[i], points[i + 1]
        d1 = abs(ax - bx) + abs(ay - by)
        d2 = abs(cx - bx) + abs(cy - by)
        r = min(radius, d1 / 2, d2 / 2)
        if r <= 0.5 or (d1 == 0 or d2 == 0):
            parts.append(f"L{_n(bx)},{_n(by)}")
            continue
        px, py = bx + (ax - bx) * r / d1, by + (ay - by) * r / d1
        qx, qy = bx + (cx - bx) * r / d2, by + (cy - by) * r / d2
        parts.append(f"L{_n(px)},{_n(py)}Q{_n(bx)},{_n(by)} {_n(qx)},{_n(qy)}")
    parts.append(f"L{_n(points[-1][0])},{_n(points[-1][1])}")
    return "".join(parts)


def _shape(box: Box, look: Look, shape: str, extra: str = "") -> str:
    common = f'fill="{look.fill}" stroke="{look.stroke}" stroke-width="1.6"{extra}'
    if look.dashed:
        common += ' stroke-dasharray="5 3"'
    x, y, w, h = box.x, box.y, box.w, box.h
    if shape == "hexagon":
        k = HEXAGON_INSET
        pts = [
            (x + k, y),
            (x + w - k, y),
            (x + w, y + h / 2),
            (x + w - k, y + h),
            (x + k, y + h),
            (x, y + h / 2),
        ]
        return f'<polygon points="{" ".join(f"{_n(a)},{_n(b)}" for a, b in pts)}" {common}/>'
    rx = {"stadium": h / 2, "marker": h / 2, "box": 2.0, "container": 10.0}.get(shape, 8.0)
    rx = min(rx, h / 2, 18.0)
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="{_n(rx)}" {common}/>'
    )


def _text_lines(lines: list[TextLine], cx: float, top: float, look: Look, marker: bool) -> str:
    out: list[str] = []
    y = top
    for line in lines:
        baseline = y + line.line_height * 0.76
        if marker:
            colour, weight = look.ink, ' font-weight="600"'
        elif line.role == "name":
            colour, weight = TEXT_INK, ' font-weight="600"'
        elif line.role == "status":
            colour, weight = look.ink, ' font-weight="600"'
        else:
            colour, weight = look.ink, ""
        style = ' font-style="italic"' if line.role == "note" else ""
        out.append(
            f'<text x="{_n(cx)}" y="{_n(baseline)}" font-size="{_n(line.size)}" '
            f'fill="{colour}"{weight}{style} text-anchor="middle">{esc(line.text)}</text>'
        )
        y += line.line_height
    return "".join(out)


def _tooltip(sn: SceneNode) -> str:
    node = sn.node
    parts = [node.name]
    kind = f"{node.kind} · {node.detail}" if node.detail else node.kind
    if not node.is_marker:
        parts.append(kind)
    parts.extend(node.notes)
    if sn.status is not None:
        parts.append("status: " + STATUS_TITLES.get(sn.status, sn.status))
        status_lines = [t.text for t in sn.lines if t.role == "status"]
        parts.extend(status_lines)
    return "\n".join(parts)


def _node(sn: SceneNode) -> str:
    node = sn.node
    look = look_for(node, sn.status)
    base_shape = TYPE_LOOKS.get(node.kind, TYPE_LOOKS["Unknown"]).shape
    attrs = (
        f'class="node" id="node-{esc(node.id)}" data-id="{esc(node.id)}" '
        f'data-state="{esc(node.name)}" data-type="{esc(node.kind)}"'
    )
    if sn.status:
        attrs += f' data-status="{esc(sn.status)}"'
    if sn.status == "not-reached":
        attrs += ' opacity="0.62"'
    out = [f"<g {attrs}><title>{esc(_tooltip(sn))}</title>"]
    box = sn.box
    if node.is_container:
        out.append(_shape(box, look, "container"))
        block = sum(t.line_height for t in sn.lines)
        top = box.y + (sn.header_height - block) / 2
        out.append(_text_lines(sn.lines, box.cx, top, look, False))
    else:
        out.append(_shape(box, look, base_shape))
        block = sum(t.line_height for t in sn.lines)
        top = box.y + (box.h - block) / 2
        out.append(_text_lines(sn.lines, box.cx, top, look, node.is_marker))
    glyph = STATUS_GLYPHS.get(sn.status or "", "")
    if glyph and not node.is_marker:
        gx = box.x + box.w - (HEXAGON_INSET if base_shape == "hexagon" else 4.0)
        gy = box.y + 4.0
        out.append(
            f'<circle cx="{_n(gx)}" cy="{_n(gy)}" r="8.5" fill="{look.stroke}" '
            f'stroke="#FFFFFF" stroke-width="1.5"/>'
            f'<text x="{_n(gx)}" y="{_n(gy + 4)}" font-size="11" font-weight="700" '
            f'fill="#FFFFFF" text-anchor="middle">{esc(glyph)}</text>'
        )
    out.append("</g>")
    return "".join(out)


def _frame(frame: SceneFrame, colour: str) -> str:
    b = frame.box
    out = [
        f'<g class="branch"><rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" '
        f'height="{_n(b.h)}" rx="6" fill="#FFFFFF" fill-opacity="0.75" stroke="{colour}" '
        f'stroke-width="1" stroke-dasharray="4 3"/>',
        f'<text x="{_n(b.x + 8)}" y="{_n(b.y + FRAME_LABEL * 0.8 + 2)}" font-size="10" '
        f'fill="#4A4A4A">{esc(frame.label)}</text>',
    ]
    if frame.empty:
        out.append(
            f'<text x="{_n(b.cx)}" y="{_n(b.cy + 8)}" font-size="10.5" font-style="italic" '
            f'fill="#6B6B6B" text-anchor="middle">(no states)</text>'
        )
    out.append("</g>")
    return "".join(out)


def _edge(se: SceneEdge, names: dict[str, str]) -> str:
    edge = se.edge
    colour = EDGE_COLOURS.get(edge.kind, "#7A7A7A")
    dash = ' stroke-dasharray="6 4"' if edge.kind == "catch" else ""
    marker = "arrow-catch" if edge.kind == "catch" else "arrow"
    if se.trunk:
        tip = f"→ {names.get(edge.dst, edge.dst)}"
    else:
        tip = f"{names.get(edge.src, edge.src)} → {names.get(edge.dst, edge.dst)}"
    if edge.tooltip:
        tip += f"\n{edge.tooltip}"
    end = f' marker-end="url(#{marker})"' if se.arrow else ""
    dot = ""
    if not se.arrow and se.points:
        x, y = se.points[-1]
        dot = f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.6" fill="{colour}"/>'
    cls = "edge trunk" if se.trunk else f"edge edge-{edge.kind}"
    return (
        f'<g class="{cls}" data-src="{esc(edge.src)}" data-dst="{esc(edge.dst)}">'
        f"<title>{esc(tip)}</title>"
        f'<path d="{_rounded_path(se.points)}" fill="none" stroke="{colour}" stroke-width="1.5"'
        f"{dash}{end}/>{dot}</g>"
    )


def _edge_label(se: SceneEdge) -> str:
    if se.label_box is None or not se.label_lines:
        return ""
    b = se.label_box
    edge = se.edge
    ink = "#9C4400" if edge.kind == "catch" else LABEL_INK
    stroke = "#E8B08A" if edge.kind == "catch" else LABEL_STROKE
    style = ' font-style="italic"' if edge.kind == "default" else ""
    out = [
        f'<g class="edge-label"><title>{esc(edge.tooltip or edge.label)}</title>'
        f'<rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" height="{_n(b.h)}" rx="4" '
        f'fill="{LABEL_FILL}" stroke="{stroke}" stroke-width="1"/>'
    ]
    y = b.y + 3
    for line in se.label_lines:
        out.append(
            f'<text x="{_n(b.cx)}" y="{_n(y + LABEL_LINE * 0.78)}" font-size="{_n(LABEL_SIZE)}" '
            f'fill="{ink}"{style} text-anchor="middle">{esc(line)}</text>'
        )
        y += LABEL_LINE
    out.append("</g>")
    return "".join(out)


def _legend(y: float) -> tuple[str, float]:
    out = ['<g class="legend">']
    x = 16.0
    for status in ("succeeded", "caught", "failed", "in-progress", "not-reached"):
        look = STATUS_LOOKS[status]
        label = STATUS_TITLES[status]
        dash = ' stroke-dasharray="4 2"' if look.dashed else ""
        out.append(
            f'<rect x="{_n(x)}" y="{_n(y + 8)}" width="18" height="14" rx="3" fill="{look.fill}" '
            f'stroke="{look.stroke}" stroke-width="1.5"{dash}/>'
        )
        glyph = STATUS_GLYPHS[status]
        if glyph:
            out.append(
                f'<text x="{_n(x + 9)}" y="{_n(y + 19)}" font-size="10" font-weight="700" '
                f'fill="{look.ink}" text-anchor="middle">{esc(glyph)}</text>'
            )
        out.append(
            f'<text x="{_n(x + 24)}" y="{_n(y + 19)}" font-size="11" fill="#6B6B6B">'
            f"{esc(label)}</text>"
        )
        x += 24 + text_width(label, 11) + 18
    out.append("</g>")
    return "".join(out), x


def scene_to_svg(scene: Scene, title: str | None = None, legend: bool = False) -> str:
    """The complete ``<svg>`` document for a scene."""
    top = TITLE_HEIGHT if title else 0.0
    width = scene.width
    height = scene.height + top + (LEGEND_HEIGHT if legend else 0.0)
    body: list[str] = []
    names = {sn.node.id: sn.node.name for sn in scene.nodes}
    if title:
        body.append(
            f'<text x="16" y="22" font-size="14" font-weight="600" fill="#6B6B6B">'
            f"{esc(title)}</text>"
        )
    body.append(f'<g transform="translate(0,{_n(top)})">')
    containers = sorted((n for n in scene.nodes if n.node.is_container), key=lambda n: n.depth)
    for sn in containers:
        body.append(_node(sn))
        colour = look_for(sn.node, sn.status).stroke
        for frame in scene.frames:
            if frame.depth == sn.depth + 1 and _inside(frame.box, sn.box):
                body.append(_frame(frame, colour))
    body.extend(_edge(se, names) for se in scene.edges)
    body.extend(_node(sn) for sn in scene.nodes if not sn.node.is_container)
    body.extend(_edge_label(se) for se in scene.edges)
    body.append("</g>")
    if legend:
        legend_svg, legend_w = _legend(scene.height + top)
        body.append(legend_svg)
        width = max(width, legend_w + 8)
    label = title or "State machine graph"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="asl-graph" role="img" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f"font-family='{esc(FONT_STACK)}'>"
        f"<title>{esc(label)}</title>"
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#7A7A7A"/>'
        "</marker>"
        '<marker id="arrow-catch" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#D55E00"/>'
        "</marker></defs>"
    )
    return head + "".join(body) + "</svg>"


def _inside(inner: Box, outer: Box) -> bool:
    return (
        inner.x >= outer.x - 0.5
        and inner.y >= outer.y - 0.5
        and inner.x + inner.w <= outer.x + outer.w + 0.5
        and inner.y + inner.h <= outer.y + outer.h + 0.5
    )
