"""Tables of workflows, executions and history events: HTML for notebooks, text for the CLI.

Every cell is HTML-escaped: state names, error causes and outputs are user data and may hold markup.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="milliseconds")
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)


class Table:
    """Rows of cells plus the raw items they came from; renders as HTML in Jupyter."""

    def __init__(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        items: Sequence[dict[str, Any]] = (),
        title: str | None = None,
    ) -> None:
        self.columns = list(columns)
        self.rows = [[_cell(c) for c in row] for row in rows]
        self.items = list(items)
        self.title = title

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.items)

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in self.rows
        )
        caption = f"<caption>{html.escape(self.title)}</caption>" if self.title else ""
        return (
            '<table class="asl-table" style="border-collapse:collapse;text-align:left">'
            f"{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def to_text(self, max_cell: int = 60) -> str:
        """A plain aligned table (cells longer than ``max_cell`` are cut with an ellipsis)."""

        def cut(text: str) -> str:
            text = text.replace("\n", " ")
            return text if len(text) <= max_cell else text[: max_cell - 1] + "…"

        rows = [[cut(c) for c in row] for row in self.rows]
        widths = [len(c) for c in self.columns]
        for row in rows:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]

        def line(cells: list[str]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        lines = [line(self.columns), "  ".join("-" * w for w in widths)]
        lines.extend(line(row) for row in rows)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()


def event_details(event: dict[str, Any]) -> dict[str, Any]:
    """The ``...EventDetails`` payload of a history event (empty when it has none)."""
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


def events_table(events: Sequence[dict[str, Any]]) -> Table:
    start = next((e["timestamp"] for e in events if isinstance(e.get("timestamp"), datetime)), None)
    rows = []
    for event in events:
        details = event_details(event)
        stamp = event.get("timestamp")
        elapsed = (
            int((stamp - start).total_seconds() * 1000)
            if isinstance(stamp, datetime) and isinstance(start, datetime)
            else None
        )
        resource = details.get("resource")
        if resource and details.get("resourceType"):
            resource = f"{details['resourceType']}:{resource}"
        shown = {k: v for k, v in details.items() if k not in ("name", "resource", "resourceType")}
        rows.append(
            [
                event.get("id"),
                event.get("type"),
                details.get("name"),
                resource,
                elapsed,
                stamp,
                shown or None,
            ]
        )
    return Table(
        ["ID", "Type", "Step", "Resource", "Elapsed (ms)", "Timestamp", "Details"],
        rows,
        events,
    )


def executions_table(executions: Sequence[dict[str, Any]]) -> Table:
    rows = [
        [
            e.get("name"),
            e.get("status"),
            e.get("startDate"),
            e.get("stopDate"),
            e.get("executionArn"),
        ]
        for e in executions
    ]
    return Table(["Name", "Status", "Started", "Stopped", "Execution ARN"], rows, executions)


def workflows_table(machines: Sequence[dict[str, Any]]) -> Table:
    rows = [
        [m.get("name"), m.get("type"), m.get("creationDate"), m.get("stateMachineArn")]
        for m in machines
    ]
    return Table(["Name", "Type", "Created", "State machine ARN"], rows, machines)


__all__ = ["Table", "event_details", "events_table", "executions_table", "workflows_table"]
