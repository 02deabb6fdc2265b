"""Hostile state names and comments stay text in SVG and HTML; the page runs only its own script."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from asl_lsp.graph.render import render_graph
from tests.optional_tools import require_tool

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "]]><svg onload=alert(3)>",
    "&amp; &lt; & <",
    "javascript:alert(4)",
    "</text></svg><script>alert(5)</script>",
    "{{7*7}} ${x} `cmd`",
]


def definition() -> dict[str, object]:
    states: dict[str, object] = {}
    for i, name in enumerate(HOSTILE):
        following = HOSTILE[i + 1] if i + 1 < len(HOSTILE) else None
        body: dict[str, object] = {"Type": "Pass", "Comment": f"<b onmouseover=alert({i})>"}
        body.update({"Next": following} if following else {"End": True})
        states[name] = body
    return {"Comment": "<script>alert('title')</script>", "StartAt": HOSTILE[0], "States": states}


def assert_scriptless(svg: str) -> None:
    root = ET.fromstring(svg)
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "img"), tag
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (tag, attribute)
            assert "javascript:" not in value.lower() or attribute not in ("href", "src"), value
    text = "".join(root.itertext())
    assert "alert(1)" in text  # the name is shown, as text


def test_svg_is_well_formed_and_scriptless() -> None:
    assert_scriptless(render_graph(definition()).svg)


def test_graphviz_svg_is_well_formed_and_scriptless() -> None:
    """DOT quotes the names; Graphviz must then turn them into text, never markup."""
    require_tool("dot", "apt-get install graphviz")
    assert_scriptless(render_graph(definition(), engine="dot").svg)


def test_html_page_has_a_strict_csp_and_only_its_own_script() -> None:
    html = render_graph(definition(), title="<script>alert('t')</script>").html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy, "the page must carry a Content-Security-Policy"
    csp = policy.group(1).replace("&#x27;", "'").replace("&#39;", "'")
    assert "default-src 'none'" in csp
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", csp), csp
    assert "unsafe-eval" not in csp and "script-src 'unsafe-inline'" not in csp
    assert html.count("<script") == 1, "only the page's own (hash-pinned) script"
    assert "alert(1)</script>" not in html and "<img src=x" not in html


def test_mermaid_labels_carry_no_markup() -> None:
    assert "<script>" not in render_graph(definition()).mermaid
