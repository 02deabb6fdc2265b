"""YAML tags on nodes: CloudFormation short forms become their long-form objects.

``!Ref X`` is ``{"Ref": "X"}``, ``!GetAtt A.B`` is ``{"Fn::GetAtt": ["A", "B"]}`` and so on, so
template code sees one shape whichever form the author wrote; the tag stays on the node. Other
tags are kept on strings and sequences and otherwise ignored.
"""

from __future__ import annotations

from typing import Final

from asl_lsp.syntax.nodes import ArrayNode, Member, Node, ObjectNode, Span, StringNode

CFN_TAGS: Final = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{
        f"!{name}": f"Fn::{name}"
        for name in (
            "Base64",
            "Cidr",
            "FindInMap",
            "GetAtt",
            "GetAZs",
            "ImportValue",
            "Join",
            "Select",
            "Split",
            "Sub",
            "Transform",
            "And",
            "Equals",
            "If",
            "Not",
            "Or",
            "Length",
            "ToJsonString",
            "ForEach",
        )
    },
}


def inner_span(text: str, tag: str, span: Span) -> Span:
    """The span of a tagged node's content, after its ``!Tag`` and the blanks that follow."""
    if tag.startswith("!") and text.startswith(tag, span.start):
        start = span.start + len(tag)
        while start < span.end and text[start] in " \t\r\n":
            start += 1
        return Span(start, span.end)
    return span


def tagged_scalar(text: str, value: str, tag: str, span: Span) -> Node:
    """A scalar with a tag that is not one of the core schema's."""
    inner = inner_span(text, tag, span)
    return wrap(text, tag, StringNode(value, inner.start, inner.end, tag), span)


def wrap(text: str, tag: str, inner: Node, span: Span) -> Node:
    """Turn a CloudFormation short tag into its long-form object; keep other tags as is.

    ``span`` is the whole tagged node's, tag included; ``inner`` is the node built from its
    content."""
    long_name = CFN_TAGS.get(tag)
    if long_name is None:
        if tag.startswith("!") and isinstance(inner, ArrayNode):
            return ArrayNode(inner.items, inner.start, inner.end, tag)
        return inner
    value: Node = inner
    content = inner_span(text, tag, span)
    if isinstance(inner, StringNode):
        value = StringNode(inner.value, content.start, content.end)
        if long_name == "Fn::GetAtt" and "." in inner.value:
            # !GetAtt Resource.Attribute is the list form [Resource, Attribute].
            resource, attribute = inner.value.split(".", 1)
            middle = content.start + len(resource)
            value = ArrayNode(
                (
                    StringNode(resource, content.start, middle),
                    StringNode(attribute, middle + 1, content.end),
                ),
                content.start,
                content.end,
            )
    elif isinstance(inner, ArrayNode):
        value = ArrayNode(inner.items, content.start, content.end)
    elif isinstance(inner, ObjectNode):
        value = ObjectNode(inner.members, content.start, content.end)
    key = StringNode(long_name, span.start, span.start + len(tag), tag)
    return ObjectNode((Member(key, value, span.start, span.end),), span.start, span.end, tag)
