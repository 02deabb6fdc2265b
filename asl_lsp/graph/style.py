"""Colours, shapes and text of nodes, shared by every renderer so SVG, HTML and DOT look alike.

The palette is built on Okabe-Ito, which stays distinguishable for the common colour-vision
deficiencies. Every node carries its own light fill and dark text, so it reads on a light or a dark
page; edges are a mid grey that contrasts with both. Colour is never the only cue: each node names
its type, shapes differ per type, and progress statuses add a glyph.
"""

from __future__ import annotations

from dataclasses import dataclass

from asl_lsp.graph.labels import text_width, wrap
from asl_lsp.graph.model import GNode

FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", '
    '"Liberation Sans", sans-serif'
)


@dataclass(frozen=True)
class Look:
    stroke: str
    fill: str
    ink: str  # accent text colour, contrast >= 4.5 on ``fill``
    shape: str  # box | rounded | hexagon | stadium | container | marker
    dashed: bool = False


TYPE_LOOKS: dict[str, Look] = {
    "Task": Look("#0072B2", "#E3F0F9", "#005A8C", "rounded"),
    "Pass": Look("#6B6B6B", "#F1F1F1", "#4A4A4A", "rounded"),
    "Choice": Look("#E69F00", "#FDF1D6", "#7A4E00", "hexagon"),
    "Wait": Look("#B8A800", "#FBF8D5", "#5E5600", "rounded"),
    "Succeed": Look("#009E73", "#DDF3EC", "#00664A", "stadium"),
    "Fail": Look("#D55E00", "#FBE6D9", "#9C4400", "stadium"),
    "Parallel": Look("#56B4E9", "#F1F8FD", "#1D6796", "container"),
    "Map": Look("#CC79A7", "#FBF1F7", "#8A3E69", "container"),
    "Unknown": Look("#8C8C8C", "#FFFFFF", "#4A4A4A", "box", dashed=True),
    "Missing": Look("#D55E00", "#FFFFFF", "#9C4400", "box", dashed=True),
    "Start": Look("#2F3B45", "#2F3B45", "#FFFFFF", "marker"),
    "End": Look("#2F3B45", "#2F3B45", "#FFFFFF", "marker"),
}

STATUS_LOOKS: dict[str, Look] = {
    "succeeded": Look("#009E73", "#D4F0E6", "#00664A", "rounded"),
    "failed": Look("#D55E00", "#F9DCCB", "#9C4400", "rounded"),
    "caught": Look("#E69F00", "#FCEBC5", "#7A4E00", "rounded"),
    "in-progress": Look("#0072B2", "#D3E6F5", "#005A8C", "rounded"),
    "not-reached": Look("#9A9A9A", "#F6F6F6", "#5E5E5E", "rounded", dashed=True),
}
STATUS_GLYPHS = {
    "succeeded": "✓",
    "failed": "✕",
    "caught": "!",
    "in-progress": "▸",
    "not-reached": "",
}
STATUS_TITLES = {
    "succeeded": "succeeded",
    "failed": "failed",
    "caught": "failed, caught",
    "in-progress": "in progress",
    "not-reached": "not reached",
}

EDGE_COLOURS = {
    "start": "#7A7A7A",
    "next": "#7A7A7A",
    "choice": "#7A7A7A",
    "default": "#7A7A7A",
    "catch": "#D55E00",
    "end": "#7A7A7A",
}
LABEL_FILL = "#FFFFFF"
LABEL_STROKE = "#C4C4C4"
LABEL_INK = "#2B2B2B"
TEXT_INK = "#1A1A1A"

NAME_SIZE = 13.0
SMALL_SIZE = 10.5
LABEL_SIZE = 11.0
NAME_LINE = 16.0
SMALL_LINE = 13.0
LABEL_LINE = 14.0
PAD_X = 12.0
PAD_Y = 8.0
NAME_WIDTH = 176.0
MIN_NODE_WIDTH = 112.0
HEXAGON_EXTRA = 26.0
LABEL_WIDTH = 220.0


@dataclass(frozen=True)
class TextLine:
    text: str
    role: str  # kind | name | note | status

    @property
    def size(self) -> float:
        return NAME_SIZE if self.role == "name" else SMALL_SIZE

    @property
    def line_height(self) -> float:
        return NAME_LINE if self.role == "name" else SMALL_LINE

    @property
    def bold(self) -> bool:
        return self.role == "name"


def look_for(node: GNode, status: str | None) -> Look:
    base = TYPE_LOOKS.get(node.kind, TYPE_LOOKS["Unknown"])
    if status is None or node.is_marker or node.kind == "Missing":
        return base
    look = STATUS_LOOKS.get(status, STATUS_LOOKS["not-reached"])
    shape = base.shape
    return Look(look.stroke, look.fill, look.ink, shape, look.dashed)


def node_lines(node: GNode, status_line: str = "") -> list[TextLine]:
    """The text drawn in a node, top to bottom."""
    if node.is_marker:
        return [TextLine(node.name, "name")]
    kind = "Missing state" if node.kind == "Missing" else node.kind
    kind_text = f"{kind} · {node.detail}" if node.detail else kind
    lines = [TextLine(wrap(kind_text, NAME_WIDTH, SMALL_SIZE, 1)[0], "kind")]
    lines.extend(TextLine(t, "name") for t in wrap(node.name, NAME_WIDTH, NAME_SIZE, 3, True))
    lines.extend(TextLine(wrap(n, NAME_WIDTH, SMALL_SIZE, 1)[0], "note") for n in node.notes)
    if status_line:
        lines.extend(TextLine(t, "status") for t in wrap(status_line, NAME_WIDTH, SMALL_SIZE, 2))
    return lines


def text_block_size(lines: list[TextLine]) -> tuple[float, float]:
    width = max((text_width(t.text, t.size, t.bold) for t in lines), default=0.0)
    height = sum(t.line_height for t in lines)
    return width, height


def node_size(node: GNode, lines: list[TextLine]) -> tuple[float, float]:
    if node.is_marker:
        return 64.0, 28.0
    width, height = text_block_size(lines)
    width = max(MIN_NODE_WIDTH, width + 2 * PAD_X)
    if node.kind == "Choice":
        width += HEXAGON_EXTRA
    return round(width), round(height + 2 * PAD_Y)


def edge_label_lines(text: str) -> list[str]:
    return wrap(text, LABEL_WIDTH, LABEL_SIZE, 2) if text else []


def edge_label_size(lines: list[str]) -> tuple[float, float]:
    if not lines:
        return 0.0, 0.0
    width = max(text_width(t, LABEL_SIZE) for t in lines)
    return round(width + 12), round(len(lines) * LABEL_LINE + 6)
