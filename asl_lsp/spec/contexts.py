"""Which ASL context an object at a JSON path is: the root, a state of some Type, a retrier, ...

The schema checks name contexts in messages ("'Foo' is not allowed in a retrier") and editor
features pick the field table to offer; both walk the definition the same way, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from asl_lsp.syntax.nodes import Node, ObjectNode, StringNode, child_at

# Keys of a state (or sub-object) whose object value is a known sub-context.
_OBJECT_CHILD: dict[tuple[str, str], str] = {
    ("state", "ItemProcessor"): "item_processor",
    ("state", "Iterator"): "item_processor",
    ("state", "ItemReader"): "item_reader",
    ("state", "ItemBatcher"): "item_batcher",
    ("state", "ResultWriter"): "result_writer",
    ("state", "Credentials"): "credentials",
    ("item_processor", "ProcessorConfig"): "processor_config",
    ("item_reader", "ReaderConfig"): "reader_config",
    ("result_writer", "WriterConfig"): "writer_config",
    ("choice_rule", "Not"): "choice_rule",
}
# Keys whose array items are a known sub-context.
_ARRAY_CHILD: dict[tuple[str, str], str] = {
    ("state", "Branches"): "branch",
    ("state", "Retry"): "retrier",
    ("state", "Catch"): "catcher",
    ("state", "Choices"): "choice_rule",
    ("choice_rule", "And"): "choice_rule",
    ("choice_rule", "Or"): "choice_rule",
}
_MACHINES = frozenset({"root", "branch", "item_processor"})


class Context(NamedTuple):
    """What the node at a path is.

    ``kind`` is a field-table context ("root", "retrier", ...), "state" for a state object,
    "states" for a States map, "array" for an array of sub-contexts (Retry, Choices, ...), or
    "value" for data outside ASL's structure (Parameters contents, Result, ...).
    ``state_type`` is the Type of the nearest enclosing state; ``nested`` is True for a Choice
    rule inside And/Or/Not.
    """

    kind: str
    state_type: str | None = None
    nested: bool = False

    @property
    def field_context(self) -> str | None:
        """The :func:`asl_lsp.spec.fields.fields_for` context name, if this is an ASL object."""
        if self.kind == "state":
            return f"state:{self.state_type}" if self.state_type else "state:"
        if self.kind in ("states", "array", "value"):
            return None
        return self.kind


def state_type_of(node: Node | None) -> str | None:
    if isinstance(node, ObjectNode):
        type_node = node.get("Type")
        if isinstance(type_node, StringNode):
            return type_node.value
    return None


def context_at(root: Node, path: Sequence[str | int]) -> Context:
    """The context of the node reached from the definition ``root`` along ``path``."""
    ctx = Context("root")
    node: Node | None = root
    pending_array: str | None = None
    for step in path:
        child = child_at(node, step) if node is not None else None
        kind = ctx.kind
        if kind == "value":
            pass
        elif kind == "array":
            assert pending_array is not None
            nested = pending_array == "choice_rule" and ctx.nested
            ctx = Context(pending_array, ctx.state_type, nested)
            pending_array = None
        elif kind in _MACHINES and step == "States":
            ctx = Context("states", ctx.state_type)
        elif kind == "states":
            ctx = Context("state", state_type_of(child))
        else:
            key = "state" if kind == "state" else kind
            if isinstance(step, str) and (key, step) in _OBJECT_CHILD:
                sub = _OBJECT_CHILD[(key, step)]
                ctx = Context(sub, ctx.state_type, nested=sub == "choice_rule")
            elif isinstance(step, str) and (key, step) in _ARRAY_CHILD:
                pending_array = _ARRAY_CHILD[(key, step)]
                nested = key == "choice_rule"
                ctx = Context("array", ctx.state_type, nested)
            else:
                ctx = Context("value", ctx.state_type)
        node = child
    return ctx
