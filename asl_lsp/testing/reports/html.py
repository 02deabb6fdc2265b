"""The HTML coverage report: an index table and, per definition, its state graph drawn by our
graph renderer with missed states greyed and dashed, untaken edges highlighted, and the list of
what was missed. Every user string is escaped; pages carry no script."""

from __future__ import annotations

from pathlib import Path

from asl_lsp.graph.model import GEdge, GraphModel, build_model
from asl_lsp.graph.progress import StateProgress
from asl_lsp.graph.render import GraphImage
from asl_lsp.graph.style import FONT_STACK
from asl_lsp.graph.svg import esc, scene_to_svg
from asl_lsp.testing.coverage import CATCH, CHOICE, DEFAULT, CoverageData, DefinitionCoverage

MISSED_EDGE = "#C0392B"
_STYLE = """
body{font-family:FONTS;margin:0;color:#1a1a1a;background:#fafafa}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:18px;margin:0 0 4px 0} main{padding:12px 20px}
table{border-collapse:collapse;background:#fff;margin:8px 0 16px 0}
th,td{border:1px solid #ddd;padding:4px 10px;text-align:left;font-size:13px}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.missed td{background:#fbe6d9}
.graph{overflow:auto;background:#fff;border:1px solid #ddd;padding:8px}
.legend span{display:inline-block;margin-right:16px;font-size:12px}
.swatch{display:inline-block;width:22px;height:0;vertical-align:middle;margin-right:4px}
"""


def _page(title: str, body: str, extra_style: str = "") -> str:
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    style = _STYLE.replace("FONTS", FONT_STACK) + extra_style
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        f"<title>{esc(title)}</title><style>{style}</style></head><body>"
        f"<header><h1>{esc(title)}</h1></header><main>{body}</main></body></html>\n"
    )


def _summary_row(coverage: DefinitionCoverage, link: str | None) -> str:
    name = esc(coverage.key)
    cell = f'<a href="{esc(link)}">{name}</a>' if link else name
    return (
        f"<tr><td>{cell}</td><td class=num>{len(coverage.states)}</td>"
        f"<td class=num>{len(coverage.missed_states())}</td>"
        f"<td class=num>{len(coverage.branches)}</td>"
        f"<td class=num>{len(coverage.missed_branches())}</td>"
        f"<td class=num>{coverage.percent:.0f}%</td></tr>"
    )


_HEAD = (
    "<tr><th>Definition</th><th>States</th><th>Miss</th><th>Branches</th><th>BrMiss</th>"
    "<th>Cover</th></tr>"
)


def _untaken_edges(model: GraphModel, coverage: DefinitionCoverage) -> list[GEdge]:
    """Edges no run took: a Choice rule, Default or Catch never taken, or any edge out of a
    state never entered."""
    hits = {item.pointer: item.hits for item in coverage.items}
    by_id = {node.id: node for node in model.root.walk()}
    counters: dict[tuple[str, str], int] = {}
    untaken: list[GEdge] = []
    for edge in model.root.walk_edges():
        source = by_id.get(edge.src)
        if source is None or not source.pointer:
            continue
        if edge.kind in (CHOICE, CATCH):
            field = "Choices" if edge.kind == CHOICE else "Catch"
            index = counters.get((edge.src, edge.kind), 0)
            counters[(edge.src, edge.kind)] = index + 1
            # The graph draws rules and catchers that are objects with a string Next, in order.
            pointer = _nth_with_next(coverage, source.pointer, field, index)
        elif edge.kind == DEFAULT:
            pointer = f"{source.pointer}/Default"
        else:
            pointer = source.pointer
        if pointer is not None and not hits.get(pointer):
            untaken.append(edge)
    return untaken


def _nth_with_next(
    coverage: DefinitionCoverage, state_pointer: str, field: str, index: int
) -> str | None:
    state = _state_body(coverage.definition, state_pointer)
    entries = state.get(field) if isinstance(state, dict) else None
    if not isinstance(entries, list):
        return None
    drawn = [
        i for i, e in enumerate(entries) if isinstance(e, dict) and isinstance(e.get("Next"), str)
    ]
    return f"{state_pointer}/{field}/{drawn[index]}" if index < len(drawn) else None


def _state_body(definition: object, pointer: str) -> object:
    current = definition
    for raw in pointer.split("/")[1:]:
        step = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(current, dict):
            current = current.get(step)
        elif isinstance(current, list) and step.isdigit() and int(step) < len(current):
            current = current[int(step)]
        else:
            return None
    return current


def _edge_style(edges: list[GEdge]) -> str:
    rules = []
    for edge in edges:
        selector = (
            f'g.edge-{edge.kind}[data-src="{esc(edge.src)}"][data-dst="{esc(edge.dst)}"] path'
        )
        rules.append(f"{selector}{{stroke:{MISSED_EDGE};stroke-width:2.5;stroke-dasharray:2 4}}")
    return "\n".join(rules)


def definition_page(coverage: DefinitionCoverage) -> str:
    model = build_model(coverage.definition)
    progress: dict[str, StateProgress] = {}
    for item in coverage.states:
        hits = item.hits
        progress[item.state] = StateProgress(
            item.state, status="succeeded" if hits else "not-reached"
        )
    image = GraphImage(model, progress=progress)
    svg = scene_to_svg(image.scene, None, legend=False)
    # The node status line says how often each state ran.
    untaken = _untaken_edges(model, coverage)
    rows = "".join(
        f'<tr class="{"missed" if not item.hits else ""}"><td>{esc(item.state)}</td>'
        f"<td>{esc(item.kind)}</td><td>{esc(item.label)}</td>"
        f"<td class=num>{item.line if item.line is not None else ''}</td>"
        f"<td class=num>{item.hits}</td></tr>"
        for item in coverage.items
    )
    legend = (
        '<p class="legend"><span>Solid states ran; dashed grey states never ran.</span>'
        f'<span><i class="swatch" style="border-top:3px dashed {MISSED_EDGE}"></i>'
        "untaken transition</span></p>"
    )
    body = (
        f'<p><a href="index.html">All definitions</a></p><table>{_HEAD}'
        f"{_summary_row(coverage, None)}</table>{legend}"
        f'<div class="graph">{svg}</div>'
        "<h2>States and branches</h2><table><tr><th>State</th><th>Kind</th><th>Item</th>"
        f"<th>Line</th><th>Runs</th></tr>{rows}</table>"
    )
    return _page(f"Coverage: {coverage.key}", body, _edge_style(untaken))


def write_html(data: CoverageData, folder: str | Path) -> Path:
    """Write ``index.html`` and one page per definition into ``folder``; return the index."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    rows = []
    for number, coverage in enumerate(data.sorted(), start=1):
        name = f"definition-{number}.html"
        (target / name).write_text(definition_page(coverage), encoding="utf-8")
        rows.append(_summary_row(coverage, name))
    total = (
        f"<p>Total: {data.covered} of {data.total} states and branches ({data.percent:.0f}%)</p>"
    )
    index = target / "index.html"
    index.write_text(
        _page("ASL coverage", f"{total}<table>{_HEAD}{''.join(rows)}</table>"), encoding="utf-8"
    )
    return index
