"""``asl graph FILE``: draw a state machine as SVG (default, to stdout), HTML, DOT or Mermaid.

``--execution`` overlays the progress of a local-engine execution. The file goes through the same
tolerant loader as ``asl lint``, so JSON, YAML and CloudFormation/SAM templates all work, and a
half-broken document still draws what parsed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from asl_lsp.spec.states import PROCESSOR_FIELDS

_FORMATS = ("svg", "html", "dot", "mermaid")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="ASL definition (JSON/YAML) or template")
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write to OUT; the suffix picks the format (.svg .html .dot/.gv .mmd)",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=_FORMATS,
        help="format for stdout (default svg) or when OUT has another suffix",
    )
    parser.add_argument(
        "--execution",
        metavar="ID_OR_ARN",
        help="overlay the progress of this local-engine execution",
    )
    parser.add_argument("--engine", choices=("builtin", "dot"), default="builtin")
    parser.add_argument("--direction", choices=("TB", "LR"), default="TB", type=str.upper)
    parser.add_argument("--name", metavar="LOGICAL_ID", help="state machine in a template")
    parser.add_argument("--title", help="title drawn above the graph")


def _fail(message: str) -> int:
    print(f"asl graph: {message}", file=sys.stderr)
    return 2


def _definition_name(item: Any) -> str | None:
    for attr in ("logical_id", "name", "logical_name", "resource_name"):
        value = getattr(item, attr, None)
        if isinstance(value, str) and value:
            return value
    return None


def _load_definitions(path: Path) -> list[tuple[str | None, Any]]:
    """(name, definition dict) for each state machine in the file."""
    text: str
    try:
        # Imported here: the parser loads only when a definition is read.
        from asl_lsp.syntax import document
    except ImportError:
        document = None  # type: ignore[assignment]
    if document is not None and hasattr(document, "read_source_file"):
        read_error = getattr(document, "SourceReadError", OSError)
        try:
            text = document.read_source_file(path)
        except read_error as error:
            raise ValueError(f"cannot read {path}: {error}") from None
        if document.detect_format(text, str(path)) == "json":
            _refuse_oversized_json(text)
        else:
            _refuse_oversized_yaml(text)
        source = document.parse_source(text, str(path))
        return [(_definition_name(item), item) for item in source.definitions]
    text = path.read_text(encoding="utf-8")
    try:
        return [(None, json.loads(text))]
    except ValueError:
        # Imported here: PyYAML loads only for YAML input.
        import yaml

        try:
            return [(None, yaml.safe_load(text))]
        except yaml.YAMLError as error:
            raise ValueError(f"{path}: cannot parse: {str(error).splitlines()[0]}") from None


def _refuse_oversized_json(text: str) -> None:
    """Refuse a plain JSON definition above the graph size before the tolerant parse.

    The parser that keeps positions costs seconds on a 100,000-state file; the C JSON decoder
    counts its states in a fraction of that. Anything it cannot read goes the usual way.
    """
    # Imported here: rendering loads only when a graph is asked for.
    from asl_lsp.graph.render import check_graph_size, count_states

    if text.lstrip()[:1] != "{":
        return
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return
    if isinstance(value, dict) and "States" in value:
        check_graph_size(count_states(value))


def _refuse_oversized_yaml(text: str) -> None:
    """Refuse a plain YAML definition above the graph size from its parser events alone.

    Building the node tree of a 100,000-state file costs seconds; its events are counted in a
    fraction of that. Whatever the events cannot settle goes the usual way.
    """
    # Imported here: rendering and the YAML parser load only when a graph is asked for.
    from asl_lsp.graph.render import check_graph_size
    from asl_lsp.graph.yaml_size import count_yaml_states

    states = count_yaml_states(text)
    if states is not None:
        check_graph_size(states)


def _state_count(root: Any) -> int:
    """States under a parsed definition node (nested ones included), without converting the
    tree to Python values first: the count decides whether the conversion is worth it."""
    # Imported here: the node types load only when a definition is read.
    from asl_lsp.syntax.nodes import ArrayNode, ObjectNode

    count, pending = 0, [root]
    while pending:
        machine = pending.pop()
        states = machine.get("States") if isinstance(machine, ObjectNode) else None
        if not isinstance(states, ObjectNode):
            continue
        count += len(set(states.keys()))
        for member in states:
            state = member.value
            if not isinstance(state, ObjectNode):
                continue
            branches = state.get("Branches")
            if isinstance(branches, ArrayNode):
                pending.extend(branches)
            pending.extend(state.get(key) for key in PROCESSOR_FIELDS)
    return count


def _definition_value(item: Any) -> Any:
    """The chosen definition as Python values, refused first when it is too large to draw."""
    # Imported here: rendering loads only when a graph is asked for.
    from asl_lsp.graph.render import check_graph_size

    if not callable(getattr(item, "value", None)):
        return item
    root = getattr(item, "root", None)
    if root is not None:
        check_graph_size(_state_count(root))
    return item.value()


def _events(execution: str) -> list[dict[str, Any]]:
    # Imported here: the engine and boto3 load only when a backend is needed.
    from asl_lsp.sdk.backends import LocalBackend

    backend = LocalBackend()
    arn = execution
    if not execution.startswith("arn:") and hasattr(backend, "find_execution"):
        arn = backend.find_execution(execution) or execution
    events = backend.get_execution_history(arn)
    return list(events)


def run(args: argparse.Namespace) -> int:
    # Imported here: rendering loads only when a graph is asked for.
    from asl_lsp.graph.render import SUFFIXES, GraphError, render_graph

    path = Path(args.file)
    try:
        definitions = _load_definitions(path)
    except (OSError, UnicodeDecodeError) as error:
        return _fail(f"cannot read {path}: {getattr(error, 'strerror', None) or error}")
    except (ValueError, GraphError) as error:
        return _fail(str(error))
    if not definitions:
        return _fail(f"{path}: no state machine definition found")
    chosen: Any = None
    if args.name:
        matches = [d for name, d in definitions if name == args.name]
        if not matches:
            names = ", ".join(n for n, _ in definitions if n) or "none"
            return _fail(f"{path}: no state machine named {args.name!r} (found: {names})")
        chosen = matches[0]
    else:
        chosen = definitions[0][1]
    try:
        chosen = _definition_value(chosen)
    except GraphError as error:
        return _fail(str(error))
    events: list[dict[str, Any]] | None = None
    if args.execution:
        try:
            events = _events(args.execution)
        except ImportError:
            return _fail("the local engine is not available to read executions")
        except Exception as error:  # a backend error is the user's message, not a traceback
            return _fail(f"cannot read execution {args.execution}: {error}")
    fmt = args.format or "svg"
    if args.output:
        fmt = SUFFIXES.get(Path(args.output).suffix.lower(), args.format or "")
        if not fmt:
            return _fail(
                f"cannot tell the format of {args.output!r}: use .svg, .html, .dot, .gv, .mmd "
                "or --format"
            )
    try:
        image = render_graph(
            chosen, direction=args.direction, events=events, engine=args.engine, title=args.title
        )
        text = image.text(fmt)
    except GraphError as error:
        return _fail(str(error))
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as error:
            return _fail(f"cannot write {args.output}: {error.strerror or error}")
        return 0
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
