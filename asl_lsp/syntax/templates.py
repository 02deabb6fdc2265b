"""State machines inside CloudFormation and SAM templates.

A template holds its state machines in several shapes: an inline ``Definition`` object (already in
template coordinates), a ``DefinitionString`` (plain, ``Fn::Sub`` or ``Fn::Join``) that we parse as
JSON and move back into template coordinates, or a reference to a file (``DefinitionS3Location``,
SAM ``DefinitionUri``). Each becomes a :class:`~asl_lsp.syntax.document.DefinitionSource` so that
linting and editor features treat every state machine alike.
"""

from __future__ import annotations

import os
from typing import Final

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.records import Frozen, Record, set_field
from asl_lsp.syntax.fast_json import read_json
from asl_lsp.syntax.nodes import (
    ArrayNode,
    Node,
    ObjectNode,
    Span,
    StringNode,
    pointer_string,
)
from asl_lsp.syntax.offsets import (
    OffsetMap,
    Unmapped,
    aligned_map,
    json_string_map,
    shift_diagnostic,
    shift_tree,
)

EXTERNAL_DEFINITION: Final = ("ASL003", "external-definition")
STEP_FUNCTIONS_TYPE: Final = "AWS::StepFunctions::StateMachine"
SERVERLESS_TYPE: Final = "AWS::Serverless::StateMachine"


# These classes are written out rather than made by ``dataclasses`` (see ``asl_lsp.records``).
class ExtractedDefinition(Frozen):
    """One state machine found in a template (before it becomes a DefinitionSource)."""

    _fields = ("root", "pointer", "name", "external_path", "substitutions")
    __slots__ = _fields
    root: ObjectNode
    pointer: tuple[str | int, ...]
    name: str
    external_path: str | None
    substitutions: tuple[str, ...]

    def __init__(
        self,
        root: ObjectNode,
        pointer: tuple[str | int, ...],
        name: str,
        external_path: str | None = None,
        substitutions: tuple[str, ...] = (),
    ) -> None:
        set_field(self, "root", root)
        set_field(self, "pointer", pointer)
        set_field(self, "name", name)
        set_field(self, "external_path", external_path)
        set_field(self, "substitutions", substitutions)


class TemplateScan(Record):
    _fields = ("definitions", "diagnostics")
    __slots__ = _fields
    definitions: list[ExtractedDefinition]
    diagnostics: list[Diagnostic]

    def __init__(
        self,
        definitions: list[ExtractedDefinition] | None = None,
        diagnostics: list[Diagnostic] | None = None,
    ) -> None:
        self.definitions = [] if definitions is None else definitions
        self.diagnostics = [] if diagnostics is None else diagnostics


def is_template(root: Node | None) -> bool:
    """A CloudFormation/SAM template: a format version or transform, or resources with types."""
    if not isinstance(root, ObjectNode):
        return False
    if "AWSTemplateFormatVersion" in root or "Transform" in root:
        return True
    resources = root.get("Resources")
    if not isinstance(resources, ObjectNode) or not len(resources):
        return False
    return any(
        isinstance(m.value, ObjectNode) and isinstance(m.value.get("Type"), StringNode)
        for m in resources
    )


def _note(message: str, span: Span, path: tuple[str | int, ...]) -> Diagnostic:
    return Diagnostic(
        EXTERNAL_DEFINITION[0],
        EXTERNAL_DEFINITION[1],
        Severity.INFO,
        message,
        span,
        pointer_string(path),
    )


def _string_map(text: str, node: StringNode, is_json: bool) -> OffsetMap:
    return json_string_map(text, node) if is_json else aligned_map(text, node)


def _intrinsic(node: Node) -> tuple[str, Node] | None:
    """``{"Fn::X": value}`` (a one-member object) as (name, value)."""
    if isinstance(node, ObjectNode) and len(node) == 1:
        member = node.members[0]
        if member.value is not None and (
            member.key.value.startswith("Fn::") or member.key.value in ("Ref", "Condition")
        ):
            return member.key.value, member.value
    return None


def _placeholder_text(node: Node) -> str:
    """Text standing in for a non-literal ``Fn::Join`` part: ``${Ref:Name}`` and the like."""
    found = _intrinsic(node)
    if found is None:
        return "${Value}"
    name, value = found
    short = name.removeprefix("Fn::")
    if isinstance(value, StringNode):
        return f"${{{short}:{value.value}}}"
    if isinstance(value, ArrayNode) and all(isinstance(i, StringNode) for i in value.items):
        parts = [i.value for i in value.items if isinstance(i, StringNode)]
        return "${" + short + ":" + ".".join(parts) + "}"
    return "${" + short + "}"


def _resolve_string(
    text: str, node: Node, is_json: bool
) -> tuple[str, OffsetMap, tuple[str, ...], str | None]:
    """The text of a DefinitionString and how its offsets map into the template.

    Returns (text, map, substitution names, reason it cannot be resolved or None).
    """
    if isinstance(node, StringNode):
        return node.value, _string_map(text, node, is_json), (), None
    found = _intrinsic(node)
    if found is None:
        return "", Unmapped(node.span), (), "is not a string"
    name, value = found
    if name == "Fn::Sub":
        names: tuple[str, ...] = ()
        if isinstance(value, ArrayNode) and value.items:
            variables = value.items[1] if len(value.items) > 1 else None
            if isinstance(variables, ObjectNode):
                names = tuple(variables.keys())
            value = value.items[0]
        if isinstance(value, StringNode):
            return value.value, _string_map(text, value, is_json), names, None
        return "", Unmapped(node.span), (), "uses Fn::Sub without a literal string"
    if name == "Fn::Join":
        if (
            isinstance(value, ArrayNode)
            and len(value.items) == 2
            and isinstance(value.items[0], StringNode)
            and isinstance(value.items[1], ArrayNode)
        ):
            delimiter = value.items[0]
            pieces: list[str] = []
            offsets = OffsetMap(node.span)
            for index, part in enumerate(value.items[1].items):
                if index and delimiter.value:
                    pieces.append(delimiter.value)
                    offsets.add(
                        len(delimiter.value),
                        delimiter.span.start,
                        delimiter.span.end - delimiter.span.start,
                    )
                if isinstance(part, StringNode):
                    piece = part.value
                    part_map = _string_map(text, part, is_json)
                else:
                    piece = _placeholder_text(part)
                    part_map = Unmapped(part.span)
                pieces.append(piece)
                _append_map(offsets, part_map, len(piece))
            return "".join(pieces), offsets, (), None
        return "", Unmapped(node.span), (), "uses Fn::Join in a form that cannot be resolved"
    return "", Unmapped(node.span), (), f"is built with {name}"


def _append_map(target: OffsetMap, part: OffsetMap, length: int) -> None:
    if isinstance(part, Unmapped) or not part.segments:
        span = part.fallback
        target.add(length, span.start, span.end - span.start)
        return
    for _, d_len, s_start, s_len in part.segments:
        target.add(d_len, s_start, s_len)


def _embedded(
    text: str,
    node: Node,
    is_json: bool,
    name: str,
    pointer: tuple[str | int, ...],
    scan: TemplateScan,
) -> None:
    """Parse a DefinitionString and move its nodes and diagnostics into template coordinates."""
    source, offsets, substitutions, problem = _resolve_string(text, node, is_json)
    if problem is not None:
        scan.diagnostics.append(
            _note(f"definition of '{name}' {problem} and is not linted", node.span, pointer)
        )
        return
    result = read_json(source)
    scan.diagnostics.extend(shift_diagnostic(d, offsets) for d in result.diagnostics)
    if isinstance(result.root, ObjectNode):
        root = shift_tree(result.root, offsets)
        assert isinstance(root, ObjectNode)
        scan.definitions.append(ExtractedDefinition(root, pointer, name, None, substitutions))


def _external(
    node: Node,
    name: str,
    key: str,
    pointer: tuple[str | int, ...],
    path: str | None,
    scan: TemplateScan,
) -> None:
    """SAM ``DefinitionUri``: a local file is linted on its own; S3 is only noted."""
    if isinstance(node, StringNode) and not node.value.startswith("s3://"):
        uri = node.value
        if path is not None and not os.path.isabs(uri):
            uri = os.path.normpath(os.path.join(os.path.dirname(path), uri))
        empty = ObjectNode((), node.start, node.end)
        scan.definitions.append(ExtractedDefinition(empty, pointer, name, uri))
        return
    scan.diagnostics.append(
        _note(
            f"definition of '{name}' is in S3 ({key}) and is not linted locally",
            node.span,
            pointer,
        )
    )


def extract_definitions(
    text: str, root: ObjectNode, is_json: bool, path: str | None = None
) -> TemplateScan:
    """Every state machine of a template, in resource order."""
    scan = TemplateScan()
    resources = root.get("Resources")
    if not isinstance(resources, ObjectNode):
        return scan
    for member in resources:
        resource = member.value
        name = member.key.value
        if not isinstance(resource, ObjectNode):
            continue
        kind = resource.get("Type")
        if not isinstance(kind, StringNode) or kind.value not in (
            STEP_FUNCTIONS_TYPE,
            SERVERLESS_TYPE,
        ):
            continue
        props = resource.get("Properties")
        if not isinstance(props, ObjectNode):
            continue
        base: tuple[str | int, ...] = ("Resources", name, "Properties")
        substitutions = props.get("DefinitionSubstitutions")
        names = tuple(substitutions.keys()) if isinstance(substitutions, ObjectNode) else ()
        definition = props.get("Definition")
        if isinstance(definition, ObjectNode):
            scan.definitions.append(
                ExtractedDefinition(definition, (*base, "Definition"), name, None, names)
            )
            continue
        if kind.value == STEP_FUNCTIONS_TYPE:
            string = props.get("DefinitionString")
            if string is not None:
                before = len(scan.definitions)
                _embedded(text, string, is_json, name, (*base, "DefinitionString"), scan)
                if len(scan.definitions) > before and names:
                    last = scan.definitions[-1]
                    scan.definitions[-1] = ExtractedDefinition(
                        last.root, last.pointer, last.name, None, last.substitutions + names
                    )
                continue
            location = props.member("DefinitionS3Location")
            if location is not None:
                scan.diagnostics.append(
                    _note(
                        f"definition of '{name}' is in S3 (DefinitionS3Location) and is not "
                        "linted locally",
                        location.key.span,
                        (*base, "DefinitionS3Location"),
                    )
                )
        else:
            uri = props.get("DefinitionUri")
            if uri is not None:
                _external(uri, name, "DefinitionUri", (*base, "DefinitionUri"), path, scan)
    return scan
