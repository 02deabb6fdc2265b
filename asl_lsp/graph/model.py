"""The drawable model of a state machine: nodes, containers and labelled transitions.

It is built from the plain JSON value of a definition so that every caller (CLI, SDK, language
server with a half-broken document) can draw whatever parsed. Nothing here raises: missing or
ill-typed fields give fewer edges, unknown types an ``Unknown`` node, a transition to a missing
state a ``Missing`` placeholder node.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from asl_lsp.graph.labels import choice_rule_text, resource_text, shorten
from asl_lsp.spec.states import STATE_TYPES

EDGE_KINDS = ("start", "next", "choice", "default", "catch", "end")
_MAX_DEPTH = 40
_LABEL_CHARS = 48


@dataclass
class GNode:
    """A state (or a Start/End/Missing marker). ``branches`` holds a container's sub-graphs."""

    id: str
    kind: str
    name: str
    pointer: str = ""
    detail: str = ""
    notes: list[str] = field(default_factory=list)
    branches: list[Graph] = field(default_factory=list)
    branch_labels: list[str] = field(default_factory=list)

    @property
    def is_container(self) -> bool:
        return bool(self.branches)

    @property
    def is_marker(self) -> bool:
        return self.kind in ("Start", "End")


@dataclass
class GEdge:
    """A transition. ``label`` is the short text drawn on the edge; ``tooltip`` the full text."""

    src: str
    dst: str
    kind: str
    label: str = ""
    tooltip: str = ""


@dataclass
class Graph:
    """One scope: the top level, a Parallel branch or a Map item processor."""

    nodes: list[GNode] = field(default_factory=list)
    edges: list[GEdge] = field(default_factory=list)
    start: str | None = None  # id of the StartAt state

    def walk(self) -> Iterator[GNode]:
        """Every node, depth first, containers before their children."""
        for node in self.nodes:
            yield node
            for branch in node.branches:
                yield from branch.walk()

    def walk_edges(self) -> Iterator[GEdge]:
        yield from self.edges
        for node in self.nodes:
            for branch in node.branches:
                yield from branch.walk_edges()


@dataclass
class GraphModel:
    root: Graph
    comment: str = ""

    def states(self) -> list[GNode]:
        """Every real state (no markers, no placeholders)."""
        return [n for n in self.root.walk() if n.kind not in ("Start", "End", "Missing")]


class _Ids:
    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"s{self.count}"


def _escape_pointer(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _retry_note(retriers: Any) -> str:
    if not isinstance(retriers, list):
        return ""
    attempts: list[str] = []
    for retrier in retriers:
        if not isinstance(retrier, dict):
            continue
        value = retrier.get("MaxAttempts", 3)
        count = value if isinstance(value, int) and not isinstance(value, bool) else 3
        if count > 0:
            attempts.append(f"x{count}")
    return f"retry {', '.join(attempts)}" if attempts else ""


def _wait_detail(body: dict[str, Any]) -> str:
    seconds = body.get("Seconds")
    if isinstance(seconds, (int, float)) and not isinstance(seconds, bool):
        return f"{seconds:g} s"
    if isinstance(seconds, str):
        return shorten(seconds, 30)
    for key, prefix, suffix in (
        ("SecondsPath", "", " s"),
        ("Timestamp", "until ", ""),
        ("TimestampPath", "until ", ""),
    ):
        value = body.get(key)
        if isinstance(value, str):
            return prefix + shorten(value, 30) + suffix
    return ""


def _detail(kind: str, body: dict[str, Any]) -> str:
    if kind == "Task":
        return shorten(resource_text(body.get("Resource")), 40)
    if kind == "Wait":
        return _wait_detail(body)
    if kind == "Fail":
        error = body.get("Error")
        return shorten(error, 30) if isinstance(error, str) else ""
    if kind == "Parallel":
        branches = body.get("Branches")
        count = len(branches) if isinstance(branches, list) else 0
        return f"{count} branch" + ("" if count == 1 else "es")
    if kind == "Map":
        processor = body.get("ItemProcessor", body.get("Iterator"))
        config = processor.get("ProcessorConfig") if isinstance(processor, dict) else None
        mode = config.get("Mode") if isinstance(config, dict) else None
        return "distributed" if mode == "DISTRIBUTED" else "inline"
    return ""


class _Builder:
    def __init__(self) -> None:
        self.ids = _Ids()

    def scope(self, machine: Any, pointer: str, top: bool, depth: int) -> Graph:
        graph = Graph()
        if not isinstance(machine, dict):
            machine = {}
        states = machine.get("States")
        states = states if isinstance(states, dict) else {}
        by_name: dict[str, GNode] = {}
        bodies: list[tuple[GNode, Any]] = []
        for name, body in states.items():
            if not isinstance(name, str):
                continue
            node = self.state_node(name, body, f"{pointer}/States/{_escape_pointer(name)}", depth)
            by_name[name] = node
            graph.nodes.append(node)
            bodies.append((node, body))

        missing: dict[str, GNode] = {}

        def target(name: Any) -> str | None:
            if not isinstance(name, str):
                return None
            if name in by_name:
                return by_name[name].id
            if name not in missing:
                missing[name] = GNode(id=self.ids.next(), kind="Missing", name=name)
            return missing[name].id

        start_edge: GEdge | None = None
        start_at = target(machine.get("StartAt"))
        graph.start = start_at
        end_node: GNode | None = None
        if top:
            start_node = GNode(id="start_marker", kind="Start", name="Start")
            end_node = GNode(id="end_marker", kind="End", name="End")
            graph.nodes.insert(0, start_node)
            if start_at is not None:
                start_edge = GEdge("start_marker", start_at, "start")
        if start_edge is not None:
            graph.edges.append(start_edge)
        for node, body in bodies:
            graph.edges.extend(self.transitions(node, body, target, end_node))
        graph.nodes.extend(missing.values())
        if end_node is not None:
            graph.nodes.append(end_node)
        return graph

    def state_node(self, name: str, body: Any, pointer: str, depth: int) -> GNode:
        node_id = self.ids.next()
        if not isinstance(body, dict):
            return GNode(id=node_id, kind="Unknown", name=name, pointer=pointer)
        raw_type = body.get("Type")
        kind = raw_type if raw_type in STATE_TYPES else "Unknown"
        node = GNode(id=node_id, kind=kind, name=name, pointer=pointer)
        node.detail = (
            _detail(kind, body)
            if kind != "Unknown"
            else (shorten(str(raw_type), 20) if isinstance(raw_type, str) else "")
        )
        retry = _retry_note(body.get("Retry"))
        if retry:
            node.notes.append(retry)
        if depth >= _MAX_DEPTH:
            return node
        if kind == "Parallel":
            branches = body.get("Branches")
            for index, branch in enumerate(branches if isinstance(branches, list) else []):
                node.branches.append(
                    self.scope(branch, f"{pointer}/Branches/{index}", False, depth + 1)
                )
                node.branch_labels.append(f"Branch {index + 1}")
        elif kind == "Map":
            key = "ItemProcessor" if "ItemProcessor" in body else "Iterator"
            processor = body.get(key)
            if isinstance(processor, dict):
                node.branches.append(self.scope(processor, f"{pointer}/{key}", False, depth + 1))
                node.branch_labels.append(
                    "Item processor" if key == "ItemProcessor" else "Iterator"
                )
        return node

    def transitions(
        self, node: GNode, body: Any, target: Any, end_node: GNode | None
    ) -> list[GEdge]:
        edges: list[GEdge] = []
        if not isinstance(body, dict):
            return edges
        if node.kind == "Choice":
            choices = body.get("Choices")
            for rule in choices if isinstance(choices, list) else []:
                if not isinstance(rule, dict):
                    continue
                dst = target(rule.get("Next"))
                if dst is not None:
                    full = choice_rule_text(rule)
                    edges.append(GEdge(node.id, dst, "choice", shorten(full, _LABEL_CHARS), full))
            default = target(body.get("Default"))
            if default is not None:
                edges.append(GEdge(node.id, default, "default", "default", "Default"))
        else:
            nxt = target(body.get("Next"))
            if nxt is not None:
                edges.append(GEdge(node.id, nxt, "next"))
        catchers = body.get("Catch")
        for catcher in catchers if isinstance(catchers, list) else []:
            if not isinstance(catcher, dict):
                continue
            dst = target(catcher.get("Next"))
            if dst is None:
                continue
            errors = catcher.get("ErrorEquals")
            names = [e for e in errors if isinstance(e, str)] if isinstance(errors, list) else []
            full = ", ".join(names) or "catch"
            edges.append(GEdge(node.id, dst, "catch", shorten(full, _LABEL_CHARS), full))
        terminal = body.get("End") is True or node.kind in ("Succeed", "Fail")
        if terminal and end_node is not None:
            edges.append(GEdge(node.id, end_node.id, "end"))
        return edges


def build_model(definition: Any) -> GraphModel:
    """The drawable model of a definition dict (any JSON value is accepted)."""
    builder = _Builder()
    root = builder.scope(definition, "", True, 0)
    comment = definition.get("Comment") if isinstance(definition, dict) else None
    return GraphModel(root=root, comment=comment if isinstance(comment, str) else "")
