"""SVG and HTML: well-formed, self-contained, every state named, every user string escaped."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from asl_lsp.graph.html import SCRIPT_HASH
from asl_lsp.graph.model import build_model
from asl_lsp.graph.render import GraphError, render_graph

HERE = Path(__file__).parent
FIXTURES = sorted((HERE / "fixtures").glob("*.asl.json"))
SVG_NS = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>"


def _texts(svg: str) -> str:
    root = ET.fromstring(svg)
    return "\n".join(
        t
        for el in root.iter()
        for t in [el.text or ""]
        if el.tag in (f"{SVG_NS}text", f"{SVG_NS}title")
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_svg_is_well_formed_and_names_every_state(fixture: Path) -> None:
    definition = json.loads(fixture.read_text(encoding="utf-8"))
    svg = render_graph(definition).svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    titles = {el.text for el in root.iter(f"{SVG_NS}title")}
    groups = [el for el in root.iter(f"{SVG_NS}g") if el.get("class") == "node"]
    shown = {g.get("data-state") for g in groups}
    for node in build_model(definition).states():
        assert node.name in shown
        assert any(t and t.startswith(node.name) for t in titles), node.name
    assert "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in svg


def test_long_names_are_wrapped_with_full_name_in_tooltip() -> None:
    name = "A very long state name that goes on and on " * 3
    svg = render_graph({"StartAt": name, "States": {name: {"Type": "Pass", "End": True}}}).svg
    texts = _texts(svg)
    assert name in texts  # the tooltip keeps it whole
    drawn = [el.text for el in ET.fromstring(svg).iter(f"{SVG_NS}text")]
    assert name not in drawn and any(t and t.endswith("…") for t in drawn)


def test_hostile_names_are_escaped_everywhere() -> None:
    definition = {
        "Comment": HOSTILE,
        "StartAt": HOSTILE,
        "States": {
            HOSTILE: {
                "Type": "Choice",
                "Choices": [{"Variable": '$.a"]; <b>', "StringEquals": "</text>&", "Next": "x&y"}],
                "Default": "x&y",
            },
            "x&y": {"Type": "Fail", "Error": '"quote\\n" -> injected [style=invis]'},
        },
    }
    image = render_graph(definition, title=HOSTILE, events=[])
    svg, html = image.svg, image.html
    ET.fromstring(svg)
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert HOSTILE in _texts(svg)
    assert html.count("<script>") == 1  # only the pan/zoom script
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "</text>&" not in svg
    dot = image.dot
    # HTML-like labels are entity-escaped; quoted strings are plain text to Graphviz.
    assert "<B>&lt;script&gt;alert(1)&lt;/script&gt;</B>" in dot
    assert re.search(r"<B>[^>]*<script", dot) is None
    import shutil
    import subprocess

    if shutil.which("dot") or os.environ.get("CI") == "true":  # CI installs Graphviz
        out = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True)
        assert out.returncode == 0 and "<script>" not in out.stdout
        ET.fromstring(out.stdout)
    assert '\\"quote\\\\n\\"' in dot  # quotes and backslashes escaped in quoted strings
    mermaid = image.mermaid
    assert "<script>" not in mermaid and "#60;script#62;" in mermaid
    assert '"]; ' not in mermaid


def test_control_characters_keep_svg_well_formed() -> None:
    name = "bell\x07 and nul\x00"
    svg = render_graph({"StartAt": name, "States": {name: {"Type": "Succeed"}}}).svg
    ET.fromstring(svg)


def test_html_is_self_contained_with_strict_csp() -> None:
    definition = json.loads((HERE / "fixtures" / "hello_branching.asl.json").read_text())
    html = render_graph(definition, title="Hello").html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = csp.group(1).replace("&#x27;", "'")
    assert "default-src 'none'" in policy and f"script-src '{SCRIPT_HASH}'" in policy
    assert "unsafe-eval" not in policy
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "cdn" not in html.lower()
    assert "<svg" in html and 'id="zoom-fit"' in html and "Catch</li>" in html
    script = re.search(r"<script>(.*)</script>", html, re.S)
    assert script is not None
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert f"sha256-{digest}" == SCRIPT_HASH


def test_save_picks_format_by_suffix(tmp_path: Path) -> None:
    definition = json.loads((HERE / "fixtures" / "hello_branching.asl.json").read_text())
    image = render_graph(definition)
    for suffix, marker in (
        (".svg", "<svg"),
        (".html", "<!DOCTYPE html>"),
        (".dot", "digraph"),
        (".gv", "digraph"),
        (".mmd", "flowchart"),
    ):
        path = image.save(tmp_path / f"out{suffix}")
        assert path.read_text(encoding="utf-8").lstrip().startswith(marker)
    with pytest.raises(GraphError):
        image.save(tmp_path / "out.png")
    assert image._repr_svg_() == image.svg
    assert "<svg" in image._repr_html_() and "<script" not in image._repr_html_()


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(GraphError, match="unknown graph engine"):
        render_graph({}, engine="neato")


def test_graphviz_engine_gives_svg() -> None:
    import shutil

    definition = json.loads((HERE / "fixtures" / "parallel_in_map.asl.json").read_text())
    if shutil.which("dot") is None and os.environ.get("CI") != "true":  # CI installs Graphviz
        with pytest.raises(GraphError, match="not found on PATH"):
            render_graph(definition, engine="dot")
        return
    svg = render_graph(definition, engine="dot").svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg" and "<!DOCTYPE" not in svg
    assert "Process items" in svg and "Fan out" in svg
