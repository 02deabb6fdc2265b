"""Distributed Map input: ItemReader data from a registered handler, parsed as AWS reads it
(ReaderConfig InputType JSON / JSONL / CSV), and ItemBatcher batches."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from asl_lsp.engine import pipeline
from asl_lsp.engine.errors import ITEM_READER_FAILED, StatesError
from asl_lsp.engine.events import compact
from asl_lsp.expr.errors import JsonValue
from asl_lsp.expr.jsonpath import evaluate_path

if TYPE_CHECKING:
    from asl_lsp.engine.state_run import StateRun

DELIMITERS = {"COMMA": ",", "PIPE": "|", "SEMICOLON": ";", "TAB": "\t", "SPACE": " "}


def _fail(detail: str) -> StatesError:
    return StatesError(ITEM_READER_FAILED, detail)


def parse_items(data: Any, config: dict[str, Any]) -> list[JsonValue]:
    """Items from what a reader handler returned: a list as is, or text/bytes per InputType."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _fail("the ItemReader data is not UTF-8 text") from None
    input_type = str(config.get("InputType", "JSON")).upper()
    if isinstance(data, list):
        return data
    if not isinstance(data, str):
        if isinstance(data, dict) and input_type == "JSON":
            raise _fail("the ItemReader JSON data must be an array")
        raise _fail(
            f"the ItemReader handler returned {type(data).__name__}; expected text or a list"
        )
    if input_type == "JSON":
        try:
            value = json.loads(data)
        except json.JSONDecodeError as exc:
            raise _fail(
                f"the ItemReader data is not valid JSON: {exc.msg} (line {exc.lineno})"
            ) from None
        if not isinstance(value, list):
            raise _fail("the ItemReader JSON data must be an array")
        return value
    if input_type == "JSONL":
        items: list[JsonValue] = []
        for n, line in enumerate(data.splitlines(), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise _fail(
                        f"line {n} of the JSONL data is not valid JSON: {exc.msg}"
                    ) from None
        return items
    if input_type == "CSV":
        delimiter = DELIMITERS.get(str(config.get("CSVDelimiter", "COMMA")).upper(), ",")
        rows = list(csv.reader(io.StringIO(data), delimiter=delimiter))
        location = str(config.get("CSVHeaderLocation", "FIRST_ROW")).upper()
        if location == "GIVEN":
            headers = config.get("CSVHeaders")
            if not isinstance(headers, list) or not headers:
                raise _fail("CSVHeaderLocation GIVEN needs a CSVHeaders list")
        else:
            if not rows:
                return []
            headers, rows = rows[0], rows[1:]
        out: list[JsonValue] = []
        for row in rows:
            if not row:
                continue
            if len(row) > len(headers):
                raise _fail(f"a CSV row has {len(row)} fields but there are {len(headers)} headers")
            out.append({str(h): (row[i] if i < len(row) else "") for i, h in enumerate(headers)})
        return out
    raise _fail(f"InputType {input_type} is not supported locally (use JSON, JSONL or CSV)")


def read_items(run: StateRun, reader: dict[str, Any], effective: Any) -> list[JsonValue]:
    resource = reader.get("Resource")
    if run.jsonata:
        params = run.eval(reader["Arguments"]) if "Arguments" in reader else {}
    else:
        params = (
            pipeline.payload(reader["Parameters"], effective, run.context(), run.variables)
            if "Parameters" in reader
            else {}
        )
    fn = run.runtime.tasks.tasks.get(resource) if isinstance(resource, str) else None
    if fn is None:
        raise _fail(
            f"no handler for ItemReader resource {resource}: pass tasks={{'{resource}': fn}} to "
            "LocalBackend (fn receives the reader's Parameters and returns the file's text "
            "or a list)"
        )
    try:
        data = fn(params)
    except StatesError:
        raise
    except Exception as exc:
        raise _fail(f"{type(exc).__name__}: {exc}") from None
    config = reader.get("ReaderConfig") if isinstance(reader.get("ReaderConfig"), dict) else {}
    assert isinstance(config, dict)
    items = parse_items(data, config)
    max_items: Any = config.get("MaxItems")
    if "MaxItemsPath" in config and not run.jsonata:
        max_items = evaluate_path(config["MaxItemsPath"], effective, context=run.context())
    elif run.jsonata and isinstance(max_items, str):
        max_items = run.eval(max_items)
    if isinstance(max_items, int) and not isinstance(max_items, bool) and max_items > 0:
        items = items[:max_items]
    return items


def batch_items(
    run: StateRun, batcher: dict[str, Any], effective: Any, items: list[JsonValue]
) -> list[JsonValue]:
    """Group items into ``{"BatchInput": ..., "Items": [...]}`` objects as ItemBatcher does."""

    def number(field: str) -> int | None:
        value: Any = batcher.get(field)
        if f"{field}Path" in batcher and not run.jsonata:
            value = evaluate_path(batcher[f"{field}Path"], effective, context=run.context())
        elif run.jsonata and isinstance(value, str):
            value = run.eval(value)
        return (
            value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
        )

    max_items = number("MaxItemsPerBatch")
    max_bytes = number("MaxInputBytesPerBatch")
    batch_input: Any = None
    has_input = "BatchInput" in batcher
    if has_input:
        if run.jsonata:
            batch_input = run.eval(batcher["BatchInput"])
        else:
            batch_input = pipeline.payload(
                batcher["BatchInput"], effective, run.context(), run.variables
            )
    batches: list[JsonValue] = []
    current: list[JsonValue] = []
    size = 0
    for item in items:
        item_size = len(compact(item).encode())
        full = (max_items is not None and len(current) >= max_items) or (
            max_bytes is not None and current and size + item_size > max_bytes
        )
        if full:
            batches.append(_batch(current, batch_input, has_input))
            current, size = [], 0
        current.append(item)
        size += item_size
    if current:
        batches.append(_batch(current, batch_input, has_input))
    return batches


def _batch(items: list[JsonValue], batch_input: Any, has_input: bool) -> JsonValue:
    out: dict[str, Any] = {}
    if has_input:
        out["BatchInput"] = batch_input
    out["Items"] = items
    return out
