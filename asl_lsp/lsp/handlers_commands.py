"""``workspace/executeCommand``: render the graph, run locally, deploy.

Each command is registered (and so advertised) only when the part of the package it needs is
importable. Commands work on the document as it is open in the editor, also when it is half-broken:
the graph renders what parses.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from asl_lsp.lsp.documents import uri_to_path
from asl_lsp.lsp.server import AslLanguageServer
from asl_lsp.model.document import AslDocument
from asl_lsp.syntax.nodes import JsonValue, ObjectNode, to_value
from pygls.exceptions import JsonRpcInvalidParams

log = logging.getLogger(__name__)


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _definition_value(document: AslDocument) -> dict[str, Any]:
    """The first state machine as plain data; for a broken document, whatever object parsed."""
    if document.definitions:
        value = document.definitions[0].source.value()
    elif isinstance(document.source.root, ObjectNode):
        value = to_value(document.source.root)
    else:
        value = {}
    return value if isinstance(value, dict) else {}


def _json_safe(value: Any) -> Any:
    """History events hold datetimes; JSON-RPC needs plain data."""
    return json.loads(json.dumps(value, default=_default))


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _uri_argument(args: tuple[Any, ...]) -> str:
    if not args or not isinstance(args[0], str):
        raise JsonRpcInvalidParams("the first argument must be the document URI")
    return args[0]


def _options(args: tuple[Any, ...], index: int) -> dict[str, Any]:
    if len(args) > index and isinstance(args[index], dict):
        return args[index]
    return {}


def register(server: AslLanguageServer) -> None:
    if _available("asl_lsp.graph.render"):

        @server.command("asl.renderGraph")
        def render_graph_command(ls: AslLanguageServer, *args: Any) -> dict[str, str]:
            from asl_lsp.graph.render import render_graph

            uri = _uri_argument(args)
            options = _options(args, 1)
            document, _, _ = ls.snapshot(uri)
            direction = options.get("direction", "TB")
            events = options.get("events")
            image = render_graph(
                _definition_value(document),
                direction=direction if direction in ("TB", "LR") else "TB",
                events=events if isinstance(events, list) else None,
            )
            return {"svg": image.svg, "html": image.html}

    if _available("asl_lsp.engine.runner") or _available("asl_lsp.engine"):

        @server.command("asl.runLocal")
        def run_local_command(ls: AslLanguageServer, *args: Any) -> dict[str, Any]:
            from asl_lsp.engine import run_definition

            uri = _uri_argument(args)
            document, _, _ = ls.snapshot(uri)
            raw_input: JsonValue = args[1] if len(args) > 1 else {}
            if isinstance(raw_input, str):
                try:
                    raw_input = json.loads(raw_input) if raw_input.strip() else {}
                except json.JSONDecodeError as error:
                    raise JsonRpcInvalidParams(f"the input is not valid JSON: {error}") from None
            functions = _functions_for(ls, uri)
            result = run_definition(
                _definition_value(document), raw_input, functions=functions, clock="virtual"
            )
            return _json_safe(
                {
                    "status": result.status,
                    "output": result.output,
                    "error": result.error,
                    "cause": result.cause,
                    "events": result.events,
                }
            )

    if _available("asl_lsp.sdk.workflow"):

        @server.command("asl.deploy")
        def deploy_command(ls: AslLanguageServer, *args: Any) -> dict[str, Any]:
            from asl_lsp.lsp.deploy import deploy_definition

            uri = _uri_argument(args)
            options = _options(args, 1)
            document, _, _ = ls.snapshot(uri)
            return deploy_definition(_definition_value(document), options, ls.settings)


def _functions_for(ls: AslLanguageServer, uri: str) -> dict[str, Any] | None:
    """Python handlers for Lambda tasks: the ``run.functions`` setting or the file's config."""
    try:
        from asl_lsp.engine.functions import load_functions_for
    except ImportError:
        return None
    path = uri_to_path(uri)
    anchor = Path(path) if path != uri else None
    return load_functions_for(anchor, ls.settings.run_functions)
