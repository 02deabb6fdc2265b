"""The JSON-Schema layer of the linter: shape errors as precise, field-level findings.

``jsonschema_rs`` validates the definition (its top level and each state on its own, see
``schema_incremental``; ``jsonschema`` stands in where its wheel is missing, see
``schema_validator``); its errors carry an instance path and a structured kind, which are
turned here into one finding per problem that points at the offending key or value, with a
message that names the field and the state type ("'TimeoutSeconds' is not allowed in a Pass
state"). The schema discriminates states with ``if``/``then`` per Type rather than ``oneOf``, so
an error is already specific to its type; the only ``anyOf`` left ("an integer or a JSONata
expression", ItemProcessor-or-Iterator) are resolved here to the branch the value was meant for.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from typing import Any, Literal

from asl_lsp.lint.schema_validator import Validator
from asl_lsp.lint.schema_values import MAX_DEPTH
from asl_lsp.records import Frozen, set_field
from asl_lsp.spec.contexts import Context, context_at
from asl_lsp.spec.fields import all_contexts, context_noun, fields_for
from asl_lsp.syntax.nodes import (
    Node,
    ObjectNode,
    Span,
    StringNode,
    child_at,
    node_at_pointer,
)

FindingKind = Literal["unknown-field", "missing-field", "invalid-value"]
Path = tuple[str | int, ...]


class SchemaFinding(Frozen):
    """Written out rather than made by ``dataclasses`` (see ``asl_lsp.records``)."""

    _fields = ("kind", "message", "span", "path")
    __slots__ = _fields
    kind: FindingKind
    message: str
    span: Span
    path: Path

    def __init__(self, kind: FindingKind, message: str, span: Span, path: Path) -> None:
        set_field(self, "kind", kind)
        set_field(self, "message", message)
        set_field(self, "span", span)
        set_field(self, "path", path)


def validation_errors(validator: Validator, value: Any) -> tuple[list[Any], Callable[[str], str]]:
    """The errors of ``value`` (listed only when it is invalid: the common case of a valid value
    is decided without building any), and how to map a key an error names back to the
    document's."""
    try:
        return _errors(validator, value), _unchanged
    except UnicodeEncodeError:
        # A lone surrogate (legal in a Python str, not in UTF-8) cannot cross into the Rust
        # validator, which may meet it only while listing the errors; validate a copy where each
        # one is swapped for a private-use character, and swap back in the paths the errors
        # name, so they still find their nodes.
        text = json.dumps(value, ensure_ascii=False).translate(_SURROGATE_TO_PRIVATE)
        return _errors(validator, json.loads(text)), _restore_surrogates


def translate(
    root: ObjectNode,
    errors: Sequence[Any],
    placeholders: bool,
    restore: Callable[[str], str] | None = None,
    prefix: Path = (),
) -> list[SchemaFinding]:
    """The findings for the ``errors`` of a value validated at ``prefix`` in the definition
    ``root`` (``()`` for the definition itself, ``("States", name)`` for a state's body).

    ``placeholders``: the text may hold ``${...}`` substitutions (templates, Terraform), so a
    ``${...}`` string where another type is expected is not an error. Intrinsic-function objects
    (``{"Ref": ...}``, ``{"Fn::GetAtt": ...}``) and YAML short-form tags (``!Ref``) never are.
    """
    if not errors:
        return []
    return _Translator(root, placeholders, restore or _unchanged, prefix).translate(errors)


def too_deep_findings(root: ObjectNode, paths: Iterable[Path]) -> list[SchemaFinding]:
    """One finding per container cut off by :data:`MAX_DEPTH` (see ``schema_values``)."""
    findings = []
    for path in paths:
        node = node_at_pointer(root, path)
        span = node.span if node is not None else root.span
        findings.append(
            SchemaFinding(
                "invalid-value",
                f"{_field_label(path)} is nested more than {MAX_DEPTH} levels deep",
                span,
                path,
            )
        )
    return findings


def in_document_order(findings: list[SchemaFinding]) -> list[SchemaFinding]:
    findings.sort(key=lambda f: (f.span.start, f.span.end, f.message))
    return findings


def _errors(validator: Validator, value: Any) -> list[Any]:
    return [] if validator.is_valid(value) else list(validator.iter_errors(value))


def is_template_value(node: Node | None) -> bool:
    """A value that only becomes ASL once the template is deployed (everything in it is left
    alone): a YAML short-form tag or an intrinsic-function object."""
    return _is_template_tag(getattr(node, "tag", None)) or _is_intrinsic_object(node)


def _digit_key(obj: ObjectNode, number: int) -> str:
    """The key of ``obj`` that ``jsonschema_rs`` reports as ``number``: "1" for 1 when there is
    one, else another spelling such as "01" (the validator does not tell them apart)."""
    found = str(number)
    if found in obj:
        return found
    for member in obj.members:
        key = member.key.value
        if key.isascii() and key.isdigit() and int(key) == number:
            found = key
    return found


def _is_intrinsic_object(node: Node | None) -> bool:
    """A CloudFormation intrinsic function object such as ``{"Fn::GetAtt": [...]}``."""
    if not isinstance(node, ObjectNode) or len(node.members) != 1:
        return False
    key = node.members[0].key.value
    return key == "Ref" or key.startswith("Fn::")


def _is_template_tag(tag: str | None) -> bool:
    """A YAML local tag such as ``!Ref`` or ``!Sub`` (not a standard ``!!int`` tag)."""
    return tag is not None and tag.startswith("!") and not tag.startswith("!!")


def _field_label(path: Path) -> str:
    """How a message names the value at ``path``: 'IntervalSeconds', 'ErrorEquals[1]'."""
    if not path:
        return "the definition"
    indices: list[str] = []
    index = len(path) - 1
    while index >= 0 and isinstance(path[index], int):
        indices.append(f"[{path[index]}]")
        index -= 1
    name = str(path[index]) if index >= 0 else ""
    return "'" + name + "".join(reversed(indices)) + "'"


def _bare_name(path: Path) -> str:
    return _field_label(path).strip("'")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value + "'"
    return json.dumps(value)


@cache
def _all_field_names() -> frozenset[str]:
    return frozenset(name for context in all_contexts() for name in fields_for(context))


def _did_you_mean(word: str, options: Iterable[str]) -> str | None:
    return _closest(word, tuple(options))


@lru_cache(maxsize=2048)
def _closest(word: str, options: tuple[str, ...]) -> str | None:
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.7)
    return close[0] if close else None


_TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "a boolean",
    "object": "an object",
    "array": "an array",
    "null": "null",
}
_JSONATA_WORDS = "a JSONata expression {% ... %}"
# What enum messages call a field's value set.
_ENUM_NOUNS = {"Type": "a state type", "QueryLanguage": "a query language"}


def _or_join(words: Sequence[str]) -> str:
    unique = list(dict.fromkeys(words))
    if len(unique) <= 1:
        return unique[0] if unique else "a valid value"
    return ", ".join(unique[:-1]) + " or " + unique[-1]


def _type_words(types: Iterable[str]) -> list[str]:
    ordered = sorted(types, key=lambda t: (t == "null", t))
    return [_TYPE_WORDS.get(t, t) for t in ordered]


_SURROGATE_TO_PRIVATE = {code: 0xF0000 + code - 0xD800 for code in range(0xD800, 0xE000)}
_PRIVATE_TO_SURROGATE = {value: key for key, value in _SURROGATE_TO_PRIVATE.items()}


def _unchanged(text: str) -> str:
    return text


def _restore_surrogates(text: str) -> str:
    return text.translate(_PRIVATE_TO_SURROGATE)


class _Translator:
    def __init__(
        self, root: ObjectNode, placeholders: bool, restore: Callable[[str], str], prefix: Path
    ) -> None:
        self.root = root
        self.placeholders = placeholders
        self.restore = restore  # maps a key of the validated copy back to the document's
        self.prefix = prefix  # where the validated value sits in the definition
        self.findings: list[SchemaFinding] = []
        self.seen: set[tuple[str, Path, str]] = set()
        # Object path -> field names an unknown key there was suggested to be.
        self.suggested: dict[Path, set[str]] = {}
        self.missing_names: dict[tuple[Path, str], tuple[str, ...]] = {}

    # ------------------------------------------------------------------ plumbing
    def translate(self, errors: Iterable[Any]) -> list[SchemaFinding]:
        for error in errors:
            self.error(error)
        # A misspelt required key is one problem: the unknown key already says "did you mean".
        return [
            f
            for f in self.findings
            if f.kind != "missing-field" or f.path not in self.suggested or not self.misspelt(f)
        ]

    def misspelt(self, finding: SchemaFinding) -> bool:
        names = self.missing_names.get((finding.path, finding.message), ())
        return any(name in self.suggested[finding.path] for name in names)

    def add(self, kind: FindingKind, message: str, span: Span, path: Path) -> None:
        key = (kind, path, message)
        if key not in self.seen:
            self.seen.add(key)
            self.findings.append(SchemaFinding(kind, message, span, path))

    def path_of(self, error: Any) -> Path:
        """The path in the definition of the value ``error`` is about."""
        restore = self.restore
        return self.keyed(
            (*self.prefix, *(restore(p) if isinstance(p, str) else p for p in error.instance_path))
        )

    def raw_path_of(self, error: Any) -> Path:
        """:meth:`path_of` with keys as validated (anyOf branches are matched on these)."""
        return self.keyed((*self.prefix, *error.instance_path))

    def keyed(self, path: Path) -> Path:
        """``path`` with each object key back as a string: ``jsonschema_rs`` names a key made of
        digits ("1", "01") by its number, which would find no node."""
        if not any(isinstance(step, int) for step in path):
            return path
        steps: list[str | int] = []
        node: Node | None = self.root
        for step in path:
            if isinstance(step, int) and isinstance(node, ObjectNode):
                step = _digit_key(node, step)
            steps.append(step)
            node = child_at(node, step) if node is not None else None
        return tuple(steps)

    def nodes_along(self, path: Path) -> list[Node | None]:
        nodes: list[Node | None] = [self.root]
        node: Node | None = self.root
        for step in path:
            node = child_at(node, step) if node is not None else None
            nodes.append(node)
        return nodes

    def tolerated(self, path: Path) -> bool:
        """Template values that only become ASL after substitution are never schema errors."""
        nodes = self.nodes_along(path)
        target = nodes[-1]
        if target is None and path:
            return True  # a key without a value yet: the parser reports it as a syntax error
        if self.placeholders and isinstance(target, StringNode) and "${" in target.value:
            return True
        for node in nodes[1:]:
            if node is None:
                continue
            if is_template_value(node):
                return True
        return False

    def context(self, path: Path) -> Context:
        return context_at(self.root, path)

    def noun(self, path: Path) -> str:
        ctx = self.context(path)
        if ctx.kind == "state":
            return context_noun("state", ctx.state_type)
        if ctx.kind == "item_processor" and path and path[-1] == "Iterator":
            return "an Iterator"
        if ctx.kind == "choice_rule" and ctx.nested:
            return "a nested Choice rule"
        return context_noun(ctx.kind)

    def anchor(self, path: Path) -> Span:
        """Where a finding about the object at ``path`` as a whole points: its key."""
        if not path:
            return Span(self.root.span.start, self.root.span.start + 1)
        parent = node_at_pointer(self.root, path[:-1])
        step = path[-1]
        if isinstance(step, str) and isinstance(parent, ObjectNode):
            member = parent.member(step)
            if member is not None:
                return member.key.span
        node = node_at_pointer(self.root, path)
        if node is not None:
            return node.span
        return self.anchor(path[:-1])

    def value_span(self, path: Path) -> Span:
        node = node_at_pointer(self.root, path)
        return node.span if node is not None else self.anchor(path)

    # ------------------------------------------------------------------ error kinds
    def error(self, error: Any, path: Path | None = None) -> None:
        restore = self.restore
        if path is None:
            path = self.path_of(error)
        kind = error.kind
        name = kind.name
        if name == "additionalProperties":
            self.unknown_fields(path, [restore(key) for key in kind.unexpected])
            return
        if name == "required":
            self.missing_field(path, [restore(str(kind.property))])
            return
        if self.tolerated(path):
            return
        if name == "anyOf":
            self.any_of(error, path)
            return
        message = self.value_message(name, kind, error.instance, path)
        self.add("invalid-value", message, self.value_span(path), path)

    def unknown_fields(self, path: Path, keys: list[str]) -> None:
        obj = node_at_pointer(self.root, path)
        if not isinstance(obj, ObjectNode) or self.tolerated(path):
            return
        ctx = self.context(path)
        allowed = fields_for(ctx.field_context or "")
        noun = self.noun(path)
        for key in keys:
            member = obj.member(key)
            if member is None:
                continue
            message = f"'{key}' is not allowed in {noun}"
            # A real field of another context (End in a Choice rule) is not a typo.
            suggestion = None if key in _all_field_names() else _did_you_mean(key, allowed)
            if suggestion is not None and suggestion not in obj:
                message += f"; did you mean '{suggestion}'?"
                self.suggested.setdefault(path, set()).add(suggestion)
            self.add("unknown-field", message, member.key.span, (*path, key))

    def missing_field(self, path: Path, names: list[str]) -> None:
        if self.tolerated(path):
            return
        noun = self.noun(path)
        quoted = " or ".join(f"'{n}'" for n in names)
        message = f"{noun} needs {quoted}"
        self.missing_names[(path, message)] = tuple(names)
        self.add("missing-field", message, self.anchor(path), path)

    def any_of(self, error: Any, path: Path) -> None:
        branches: list[list[Any]] = [list(b) for b in error.kind.context]
        if branches and all(
            branch and all(e.kind.name == "required" for e in branch) for branch in branches
        ):
            names = [str(e.kind.property) for branch in branches for e in branch]
            self.missing_field(path, list(dict.fromkeys(names)))
            return
        fitting = [b for b in branches if not any(self.mismatch(e, path) for e in b)]
        if len(fitting) == 1:
            for sub in fitting[0]:
                self.error(sub)
            return
        words: list[str] = []
        for branch in branches:
            for sub in branch:
                if self.raw_path_of(sub) != path:
                    continue
                if "jsonata" in sub.schema_path:
                    words.append(_JSONATA_WORDS)
                elif sub.kind.name == "type":
                    words.extend(_type_words(sub.kind.types))
        message = f"{_field_label(path)} must be {_or_join(words)}"
        self.add("invalid-value", message, self.value_span(path), path)

    def mismatch(self, error: Any, path: Path) -> bool:
        """True when an anyOf branch rejected the value for its kind, not for its details."""
        if self.raw_path_of(error) != path:
            return False
        if "jsonata" in error.schema_path:
            return True
        return bool(error.kind.name == "type")

    def value_message(self, name: str, kind: Any, instance: Any, path: Path) -> str:
        label = _field_label(path)
        bare = _bare_name(path)
        if name == "type":
            return f"{label} must be {_or_join(_type_words(kind.types))}"
        if name == "enum":
            options = [str(o) for o in kind.options]
            field = str(path[-1]) if path and isinstance(path[-1], str) else bare
            noun = _ENUM_NOUNS.get(field, f"a valid {field}")
            message = f"{_show(instance)} is not {noun}; expected one of {', '.join(options)}"
            if isinstance(instance, str):
                suggestion = _did_you_mean(instance, options)
                if suggestion is not None:
                    message += f"; did you mean '{suggestion}'?"
            return message
        if name in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            op = {
                "minimum": ">=",
                "maximum": "<=",
                "exclusiveMinimum": ">",
                "exclusiveMaximum": "<",
            }
            return f"{bare} must be {op[name]} {kind.limit}"
        if name == "minItems":
            limit = int(kind.limit)
            if limit == 1:
                return f"{label} must not be empty"
            return f"{label} must have at least {limit} items"
        if name == "maxItems":
            return f"{label} must have at most {kind.limit} items"
        if name == "minLength":
            return f"{label} must have at least {kind.limit} characters"
        if name == "maxLength":
            return f"{label} must be at most {kind.limit} characters long"
        if name == "pattern":
            return f"{label} does not have the expected form"
        if name == "const":
            return f"{label} must be {_show(kind.expected_value)}"
        return f"{label}: {error_text(kind)}"


def error_text(kind: Any) -> str:
    """A last-resort description for an error kind the schema is not expected to produce."""
    return str(getattr(kind, "name", "invalid value"))
