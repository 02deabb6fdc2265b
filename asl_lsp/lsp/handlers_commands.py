"""``workspace/executeCommand``: render the graph, run locally, deploy.

Each command is registered (and so advertised) only when the part of the package it needs is
importable. Commands work on the document as it is open in the editor, also when it is half-broken:
the graph renders what parses.
"""

from __future__ import annotations

import importlib
import json
import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from asl_lsp.lsp.documents import uri_to_path
from asl_lsp.model.document import AslDocument
from asl_lsp.syntax.nodes import JsonValue, ObjectNode, to_value

if TYPE_CHECKING:  # the server imports this module to register its handlers
    from asl_lsp.lsp.server import AslLanguageServer

log = logging.getLogger(__name__)


def _definition_value(document: AslDocument) -> dict[str, Any]:
    """The first state machine as plain data; for a broken document, whatever object parsed."""
    if document.definitions:
        value = document.definitions[0].source.value()
    elif isinstance(document.source.root, ObjectNode):
        value = to_value(document.source.root)
    else:
        value = {}
    return value if isinstance(value, dict) else {}


def _refuse_syntax_errors(document: AslDocument) -> None:
    """Running or deploying a recovered tree would run something the text does not say."""
    # Imported here: the engine loads only when something runs or deploys.
    from asl_lsp.engine.loading import blocking_errors, refusal

    blocking = blocking_errors(document.source)
    if blocking:
        raise JsonRpcInvalidParams(refusal(blocking))


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
    value = args[index] if len(args) > index else None
    return dict(value) if isinstance(value, dict) else {}


def _importable(module: str, name: str) -> bool:
    """True when ``module`` imports and has ``name`` (a half-written package does not count)."""
    try:
        return hasattr(importlib.import_module(module), name)
    except Exception:  # any import failure means the capability is not there
        return False


def _document(ls: AslLanguageServer, uri: str) -> AslDocument:
    try:
        document, _, _ = ls.snapshot(uri)
    except Exception:
        raise JsonRpcInvalidParams(f"the document {uri} is not open") from None
    return document


def register(server: AslLanguageServer) -> None:
    # Commands use ``server``: pygls reads their annotations at run time, and the server type is
    # imported for type checking only.
    if _importable("asl_lsp.graph.render", "render_graph"):

        @server.command("asl.renderGraph")
        def render_graph_command(_ls: LanguageServer, *args: Any) -> dict[str, str]:
            # Imported here: rendering loads only when a graph is asked for.
            from asl_lsp.graph.render import render_graph

            uri = _uri_argument(args)
            options = _options(args, 1)
            document = _document(server, uri)
            direction = options.get("direction", "TB")
            events = options.get("events")
            image = render_graph(
                _definition_value(document),
                direction=direction if direction in ("TB", "LR") else "TB",
                events=events if isinstance(events, list) else None,
            )
            return {"svg": image.svg, "html": image.html}

    if _importable("asl_lsp.engine.runner", "run_definition"):

        @server.command("asl.runLocal")
        def run_local_command(_ls: LanguageServer, *args: Any) -> dict[str, Any]:
            # Imported here: the engine loads only when something runs.
            from asl_lsp.engine.loading import LoadError
            from asl_lsp.engine.runner import run_definition

            uri = _uri_argument(args)
            document = _document(server, uri)
            _refuse_syntax_errors(document)
            raw_input: JsonValue = args[1] if len(args) > 1 else {}
            if isinstance(raw_input, str):
                try:
                    raw_input = json.loads(raw_input) if raw_input.strip() else {}
                except json.JSONDecodeError as error:
                    raise JsonRpcInvalidParams(f"the input is not valid JSON: {error}") from None
            try:
                functions, tasks = _handlers_for(server, uri)
            except LoadError as error:
                raise JsonRpcInvalidParams(f"cannot load task handlers: {error}") from None
            result = run_definition(
                _definition_value(document),
                raw_input,
                functions=functions,
                tasks=tasks,
                clock="virtual",
            )
            summary = result.to_dict()
            safe_summary: dict[str, Any] = _json_safe(
                {key: summary.get(key) for key in ("status", "output", "error", "cause", "events")}
            )
            return safe_summary

    if _importable("asl_lsp.sdk.workflow", "Workflow"):

        @server.command("asl.deploy")
        def deploy_command(_ls: LanguageServer, *args: Any) -> dict[str, Any]:
            # Imported here: the SDK loads only when a deploy is asked for.
            from asl_lsp.lsp.deploy import DeployError, deploy_definition

            uri = _uri_argument(args)
            options = _options(args, 1)
            document = _document(server, uri)
            _refuse_syntax_errors(document)
            try:
                return deploy_definition(_definition_value(document), options, server.settings)
            except DeployError as error:
                raise JsonRpcInvalidParams(str(error)) from None


def _handlers_for(
    ls: AslLanguageServer, uri: str
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Python task handlers as ``asl run`` finds them: the ``run.functions`` setting, else the
    ``[run]`` table (``functions``, ``tasks``) of the nearest ``.asl-lsp.toml`` or
    ``pyproject.toml``."""
    # Imported here: the engine loads only when something runs.
    from asl_lsp.engine.loading import find_run_config, load_handlers

    path = uri_to_path(uri)
    folder = Path(path).parent if path != uri else None
    functions: dict[str, Any] | None = None
    tasks: dict[str, Any] | None = None
    config = find_run_config(folder) if folder is not None and folder.is_dir() else None
    if ls.settings.run_functions:
        functions = load_handlers(ls.settings.run_functions, folder)
    elif config is not None and isinstance(config[0].get("functions"), str):
        functions = load_handlers(config[0]["functions"], config[1])
    if config is not None and isinstance(config[0].get("tasks"), str):
        tasks = load_handlers(config[0]["tasks"], config[1])
    return functions, tasks
