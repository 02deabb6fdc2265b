"""Value classifications shared by the rules: template placeholders, CloudFormation intrinsics,
timestamps.

Definitions deployed through CloudFormation, SAM or Terraform carry ``${Name}`` substitutions and
intrinsic-function objects (``{"Fn::GetAtt": [...]}``, ``!Ref X``) where ASL expects a string or a
number. They are resolved before AWS sees the definition, so no rule may call them errors.
"""

from __future__ import annotations

import re
from datetime import datetime

from asl_lsp.syntax.nodes import Node, ObjectNode, StringNode

_PLACEHOLDER_RE = re.compile(r"\$\{[^{}\s]+\}")
_TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})\Z")


def has_placeholder(value: str) -> bool:
    """True when ``value`` holds a complete ``${...}`` substitution (an unclosed ``${x`` is not)."""
    return "${" in value and _PLACEHOLDER_RE.search(value) is not None


def is_cfn_intrinsic(node: Node | None) -> bool:
    """A CloudFormation intrinsic where a plain value is expected: ``{"Ref": ..}``,
    ``{"Fn::..": ..}`` or a YAML short-form tag such as ``!GetAtt``."""
    if node is None:
        return False
    tag = getattr(node, "tag", None)
    if isinstance(tag, str) and tag.startswith("!") and tag not in ("!!str", "!!map", "!!seq"):
        return True
    if isinstance(node, ObjectNode) and len(node.members) == 1:
        key = node.members[0].key.value
        return key == "Ref" or key.startswith("Fn::")
    return False


def is_substituted(node: Node | None) -> bool:
    """A value that a template engine replaces before deployment (placeholder or intrinsic)."""
    if isinstance(node, StringNode):
        return has_placeholder(node.value) or is_cfn_intrinsic(node)
    return is_cfn_intrinsic(node)


def is_timestamp(value: str) -> bool:
    """An RFC 3339 timestamp as Step Functions accepts it (``2016-03-14T01:59:00Z``): upper-case
    ``T`` and a zone are required."""
    if _TIMESTAMP_RE.match(value) is None:
        return False
    text = value.replace("Z", "+00:00")
    if "." in text:
        head, _, tail = text.partition(".")
        digits = len(tail) - len(tail.lstrip("0123456789"))
        text = head + "." + tail[:digits][:6].ljust(6, "0") + tail[digits:]
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
