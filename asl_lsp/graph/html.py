"""A self-contained HTML page: the SVG, a legend, and pan/zoom from a small inline script.

The page loads nothing: a Content-Security-Policy meta tag forbids every source except inline
styles and the one inline script, which is allowed by its SHA-256 hash (stable output, no nonce to
manage). It works from a file:// URL, inside a VS Code webview and as a CI artifact.
"""

from __future__ import annotations

import base64
import hashlib

from asl_lsp.graph.style import FONT_STACK, STATUS_GLYPHS, STATUS_LOOKS, STATUS_TITLES, TYPE_LOOKS
from asl_lsp.graph.svg import esc
from asl_lsp.spec.states import CONTAINER_TYPES, STATE_TYPES, TERMINAL_TYPES

_SCRIPT = """(function () {
  var svg = document.querySelector("#canvas svg");
  if (!svg) { return; }
  var base = svg.viewBox.baseVal;
  var full = {x: base.x, y: base.y, w: base.width, h: base.height};
  var view = {x: full.x, y: full.y, w: full.w, h: full.h};
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  function apply() {
    svg.setAttribute("viewBox", view.x + " " + view.y + " " + view.w + " " + view.h);
  }
  function toGraph(cx, cy) {
    var m = svg.getScreenCTM();
    if (!m) { return {x: view.x, y: view.y}; }
    var p = svg.createSVGPoint(); p.x = cx; p.y = cy;
    var q = p.matrixTransform(m.inverse());
    return {x: q.x, y: q.y};
  }
  function zoom(factor, cx, cy) {
    var r = svg.getBoundingClientRect();
    var at = toGraph(cx === undefined ? r.left + r.width / 2 : cx,
                     cy === undefined ? r.top + r.height / 2 : cy);
    var w = Math.min(Math.max(view.w * factor, full.w / 40), full.w * 8);
    var k = w / view.w;
    view.x = at.x - (at.x - view.x) * k; view.y = at.y - (at.y - view.y) * k;
    view.w = w; view.h = view.h * k; apply();
  }
  function fit() { view = {x: full.x, y: full.y, w: full.w, h: full.h}; apply(); }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault(); zoom(e.deltaY < 0 ? 0.85 : 1 / 0.85, e.clientX, e.clientY);
  }, {passive: false});
  var drag = null;
  svg.addEventListener("pointerdown", function (e) {
    drag = toGraph(e.clientX, e.clientY); svg.setPointerCapture(e.pointerId);
    svg.classList.add("dragging");
  });
  svg.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var now = toGraph(e.clientX, e.clientY);
    view.x += drag.x - now.x; view.y += drag.y - now.y; apply();
  });
  function stop() { drag = null; svg.classList.remove("dragging"); }
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(0.8); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(1.25); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  document.addEventListener("keydown", function (e) {
    if (e.key === "+" || e.key === "=") { zoom(0.8); }
    else if (e.key === "-") { zoom(1.25); }
    else if (e.key === "0") { fit(); }
  });
  apply();
})();"""

SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()


def _legend_rank(kind: str) -> tuple[bool, bool, bool, int]:
    """Legend order: Task and Choice first, then the other work states, containers, ends."""
    return (
        kind in TERMINAL_TYPES,
        kind in CONTAINER_TYPES,
        kind not in ("Task", "Choice"),
        STATE_TYPES.index(kind),
    )


_TYPE_ENTRIES = tuple(sorted(STATE_TYPES, key=_legend_rank))


def _swatch(fill: str, stroke: str, shape: str, dashed: bool, glyph: str = "") -> str:
    dash = ' stroke-dasharray="4 2"' if dashed else ""
    if shape == "hexagon":
        body = (
            f'<polygon points="4,1 20,1 23,8 20,15 4,15 1,8" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="1.6"{dash}/>'
        )
    else:
        rx = {"stadium": 7, "container": 3}.get(shape, 4)
        body = (
            f'<rect x="1" y="1" width="22" height="14" rx="{rx}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.6"{dash}/>'
        )
    if glyph:
        body += (
            f'<text x="12" y="12" font-size="10" font-weight="700" text-anchor="middle" '
            f'fill="{stroke}">{esc(glyph)}</text>'
        )
    return f'<svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true">{body}</svg>'


def legend_html(progress: bool) -> str:
    """Legend items for the state types, and for statuses when a progress overlay is shown."""
    items: list[str] = []
    for kind in _TYPE_ENTRIES:
        look = TYPE_LOOKS[kind]
        items.append(f"<li>{_swatch(look.fill, look.stroke, look.shape, look.dashed)}{kind}</li>")
    items.append(
        '<li><svg width="30" height="10" aria-hidden="true"><path d="M1,5H29" stroke="#D55E00" '
        'stroke-width="1.6" stroke-dasharray="5 3"/></svg>Catch</li>'
    )
    html = '<ul class="legend types">' + "".join(items) + "</ul>"
    if progress:
        statuses = []
        for status in ("succeeded", "caught", "failed", "in-progress", "not-reached"):
            look = STATUS_LOOKS[status]
            swatch = _swatch(look.fill, look.stroke, "rounded", look.dashed, STATUS_GLYPHS[status])
            statuses.append(f"<li>{swatch}{esc(STATUS_TITLES[status])}</li>")
        html += '<ul class="legend statuses">' + "".join(statuses) + "</ul>"
    return html


_STYLE = """
:root { color-scheme: light dark; }
html, body { margin: 0; height: 100%; }
body { font-family: FONTS; background: #FFFFFF; color: #1A1A1A;
  display: flex; flex-direction: column; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px;
  padding: 8px 14px; border-bottom: 1px solid #D9D9D9; font-size: 13px; }
h1 { font-size: 15px; margin: 0; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; list-style: none; margin: 0; padding: 0; }
.legend li { display: flex; align-items: center; gap: 5px; }
.tools { margin-left: auto; display: flex; gap: 4px; }
button { font: inherit; min-width: 30px; padding: 2px 8px; border-radius: 5px;
  border: 1px solid #B0B0B0; background: #F4F4F4; color: inherit; cursor: pointer; }
#canvas { flex: 1; min-height: 0; }
#canvas svg { width: 100%; height: 100%; display: block; cursor: grab; touch-action: none; }
#canvas svg.dragging { cursor: grabbing; }
@media (prefers-color-scheme: dark) {
  body { background: #1E1E1E; color: #E6E6E6; }
  header { border-color: #3C3C3C; }
  button { background: #2D2D2D; border-color: #555555; }
}
"""


def page(svg: str, title: str, progress: bool) -> str:
    """The complete HTML document around an SVG picture."""
    csp = (
        f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '{SCRIPT_HASH}'"
    )
    style = _STYLE.replace("FONTS", FONT_STACK)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{style}</style></head><body>"
        f"<header><h1>{esc(title)}</h1>{legend_html(progress)}"
        '<div class="tools"><button id="zoom-in" title="Zoom in (+)">+</button>'
        '<button id="zoom-out" title="Zoom out (-)">&minus;</button>'
        '<button id="zoom-fit" title="Fit (0)">Fit</button></div></header>'
        f'<main id="canvas">{svg}</main>'
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


def fragment(svg: str, progress: bool) -> str:
    """HTML for a notebook cell: the SVG and the legend, no script (notebook sanitisers drop it)."""
    return (
        (
            f'<div class="asl-graph" style="font-family: {esc(FONT_STACK)}; font-size: 12px;">'
            f'<div style="overflow:auto; max-width:100%;">{svg}</div>'
            f'<div style="margin-top:6px;">{legend_html(progress)}</div></div>'
        )
        .replace(
            '<ul class="legend',
            '<ul style="display:flex;flex-wrap:wrap;gap:4px 12px;'
            'list-style:none;margin:0 0 4px 0;padding:0;" class="legend',
        )
        .replace("<li>", '<li style="display:flex;align-items:center;gap:5px;">')
    )
