"""``render_graph``: one call from a definition dict to a picture in every format.

The returned :class:`GraphImage` computes each format on first use, displays itself inline in
Jupyter (``_repr_svg_`` / ``_repr_html_``, which Notebook 7 and JupyterLab both understand) and
saves by file suffix. Layout is pure Python by default; ``engine="dot"`` hands our DOT (same
colours and labels) to a Graphviz ``dot`` found on PATH.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cached_property
from pathlib import Path
from typing import Any

from asl_lsp.graph import html as html_page
from asl_lsp.graph.dot import model_to_dot
from asl_lsp.graph.mermaid import model_to_mermaid
from asl_lsp.graph.model import GraphModel, build_model
from asl_lsp.graph.progress import StateProgress, state_status_from_events
from asl_lsp.graph.scene import Scene, build_scene
from asl_lsp.graph.svg import scene_to_svg
from asl_lsp.spec.states import PROCESSOR_FIELDS

ENGINES = ("builtin", "dot")
SUFFIXES = {
    ".svg": "svg",
    ".html": "html",
    ".htm": "html",
    ".dot": "dot",
    ".gv": "dot",
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
}
DOT_TIMEOUT = 60.0
MAX_GRAPH_STATES = 2_000
"""Above this many states (nested ones included) a graph is refused: layout cost grows faster
than linearly and no one reads a picture of thousands of boxes."""


class GraphError(Exception):
    """A rendering problem meant for the user: an unknown engine, Graphviz missing or failing."""


def _graphviz_svg(dot_text: str) -> str:
    exe = shutil.which("dot")
    if exe is None:
        raise GraphError(
            "Graphviz 'dot' was not found on PATH: install Graphviz or use the builtin engine"
        )
    try:
        done = subprocess.run(
            [exe, "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GraphError(f"Graphviz 'dot' failed: {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GraphError("Graphviz 'dot' failed: " + (message[0] if message else "no output"))
    svg = done.stdout.decode("utf-8", "replace")
    # Keep the picture self-contained: drop the XML prolog, the DTD reference and comments.
    svg = re.sub(r"<\?xml[^>]*\?>", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>", "", svg)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    return svg.strip()


class GraphImage:
    """A rendered state graph; every format is computed on first access."""

    def __init__(
        self,
        model: GraphModel,
        *,
        direction: str = "TB",
        progress: dict[str, StateProgress] | None = None,
        engine: str = "builtin",
        title: str | None = None,
    ) -> None:
        self.model = model
        self.direction = "LR" if str(direction).upper() == "LR" else "TB"
        self.progress = progress
        self.engine = engine
        self.title = title

    @cached_property
    def statuses(self) -> dict[str, tuple[str, str]]:
        """Node id -> (status, summary line); empty without a progress overlay."""
        if self.progress is None:
            return {}
        result: dict[str, tuple[str, str]] = {}
        for node in self.model.states():
            item = self.progress.get(node.name)
            if item is None:
                result[node.id] = ("not-reached", "")
            else:
                result[node.id] = (item.status, item.summary())
        return result

    @cached_property
    def scene(self) -> Scene:
        return build_scene(self.model, self.direction, self.statuses or None)

    @cached_property
    def dot(self) -> str:
        return model_to_dot(self.model, self.direction, self.statuses or None, self.title)

    @cached_property
    def mermaid(self) -> str:
        return model_to_mermaid(self.model, self.direction, self.statuses or None, self.title)

    @cached_property
    def svg(self) -> str:
        if self.engine == "dot":
            return _graphviz_svg(self.dot)
        return scene_to_svg(self.scene, self.title, legend=self.progress is not None)

    @cached_property
    def html(self) -> str:
        title = self.title or self.model.comment or "State machine"
        return html_page.page(self.svg, title, self.progress is not None)

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        return html_page.fragment(self.svg, self.progress is not None)

    def text(self, fmt: str) -> str:
        """The picture in ``fmt``: svg, html, dot or mermaid."""
        if fmt not in ("svg", "html", "dot", "mermaid"):
            raise GraphError(f"unknown graph format {fmt!r}: use svg, html, dot or mermaid")
        return str(getattr(self, fmt))

    def save(self, path: str | Path) -> Path:
        """Write the picture; the suffix chooses the format (.svg .html .dot/.gv .mmd)."""
        target = Path(path)
        fmt = SUFFIXES.get(target.suffix.lower())
        if fmt is None:
            raise GraphError(
                f"cannot tell the format of {target.name!r}: use .svg, .html, .dot, .gv or .mmd"
            )
        target.write_text(self.text(fmt), encoding="utf-8")
        return target


def count_states(definition: Any) -> int:
    """States of a definition, those of Parallel branches and Map processors included."""
    count, pending = 0, [definition]
    while pending:
        machine = pending.pop()
        states = machine.get("States") if isinstance(machine, dict) else None
        if not isinstance(states, dict):
            continue
        count += len(states)
        for state in states.values():
            if not isinstance(state, dict):
                continue
            branches = state.get("Branches")
            if isinstance(branches, list):
                pending.extend(branches)
            pending.extend(state.get(key) for key in PROCESSOR_FIELDS)
    return count


def check_graph_size(states: int) -> None:
    """Refuse a definition of ``states`` states when it is above :data:`MAX_GRAPH_STATES`."""
    if states > MAX_GRAPH_STATES:
        raise GraphError(
            f"the definition has {states:,} states; graphs are drawn for up to "
            f"{MAX_GRAPH_STATES:,} (lint it, or graph a smaller part)"
        )


def render_graph(
    definition: Any,
    *,
    direction: str = "TB",
    events: list[dict[str, Any]] | None = None,
    engine: str = "builtin",
    title: str | None = None,
) -> GraphImage:
    """Render a definition (the JSON value; anything that parsed is fine) as a :class:`GraphImage`.

    ``events`` (an execution's history) adds the progress overlay. ``engine="dot"`` needs Graphviz
    on PATH and raises :class:`GraphError` without it.
    """
    if engine not in ENGINES:
        raise GraphError(f"unknown graph engine {engine!r}: use builtin or dot")
    if engine == "dot" and shutil.which("dot") is None:
        raise GraphError(
            "Graphviz 'dot' was not found on PATH: install Graphviz or use the builtin engine"
        )
    check_graph_size(count_states(definition))
    model = build_model(definition)
    progress = state_status_from_events(events, definition) if events is not None else None
    return GraphImage(model, direction=direction, progress=progress, engine=engine, title=title)
