"""The states of a YAML definition counted from the parser's events, before any tree is built.

``asl graph`` refuses a definition above :data:`~asl_lsp.graph.render.MAX_GRAPH_STATES`; building
the node tree of a 100,000-state YAML file costs seconds, reading its events a fraction of that.
The count is the one the graph's own check makes on the tree: the distinct names of a ``States``
mapping, plus the states of every Parallel branch and Map processor, the last of duplicate keys
winning. Where the tree could differ from what the events show at a place that matters (an
alias, a tag), or the text is not a valid plain definition, there is no count and the usual path
decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import yaml

from asl_lsp.gcpause import gc_paused
from asl_lsp.spec.states import PROCESSOR_FIELDS
from asl_lsp.syntax.yaml_events import MAX_DEPTH, Built, ComposeError, Refused, check_remaining
from asl_lsp.syntax.yaml_loader import event_reader

# What a collection is to the count.
_OTHER: Final = 0
_MACHINE: Final = 1  # a mapping with StartAt/States: the root, a branch, a Map processor
_STATES: Final = 2  # a States mapping: its keys are state names
_STATE: Final = 3  # one state: its Branches and processors hold machines
_BRANCHES: Final = 4  # a Parallel state's Branches list

_NO_KEY: Final = object()
"""A mapping's next scalar is a key."""
_BAD_KEY: Final = object()
"""The pending key is a collection: the tree drops that member."""
_DROPPED: Final = object()
"""The next value belongs to a dropped member."""


_MACHINE_HOLDERS: Final = frozenset({"States", "Branches", *PROCESSOR_FIELDS})
"""Keys whose last value's count is what a machine or a state adds up."""


class _Unknown(Exception):
    """The events alone cannot tell the count the tree would give."""


class _Open:
    """A collection that matters to the count, while its children arrive."""

    __slots__ = ("key", "last", "names", "nested", "role")

    def __init__(self, role: int) -> None:
        self.role = role
        self.key: object = _NO_KEY
        self.names: set[str] | None = set() if role == _STATES else None
        self.nested = 0
        # Key -> count of the last value under it (States, Branches, processor fields).
        self.last: dict[str, int] | None = None

    def child_role(self, mapping: bool) -> int:
        """The role of a collection starting as this one's next value."""
        role, key = self.role, self.key
        if role == _MACHINE:
            return _STATES if mapping and key == "States" else _OTHER
        if role == _STATES:
            return _STATE if mapping and isinstance(key, str) else _OTHER
        if role == _STATE:
            if key == "Branches":
                return _OTHER if mapping else _BRANCHES
            return _MACHINE if mapping and key in PROCESSOR_FIELDS else _OTHER
        return _MACHINE if mapping else _OTHER  # an item of Branches

    def matters(self) -> bool:
        """Whether the next value's shape changes the count (so a tag or alias there does)."""
        role, key = self.role, self.key
        if role == _MACHINE:
            return key == "States"
        if role == _STATE:
            return key == "Branches" or key in PROCESSOR_FIELDS
        return role == _BRANCHES or role == _STATES  # a tagged state may lose its Branches

    def add(self, count: int) -> None:
        """Take the count of the value that just ended."""
        role, key = self.role, self.key
        if role == _BRANCHES:
            self.nested += count
            return
        if self.names is not None:
            if isinstance(key, str):
                self.names.add(key)
                self.nested += count
        elif key in _MACHINE_HOLDERS:
            assert isinstance(key, str)
            if self.last is None:
                self.last = {}
            self.last[key] = count
        self.key = _NO_KEY

    def total(self) -> int:
        if self.names is not None:
            return len(self.names) + self.nested
        if self.last is not None:
            # A holder key where it means nothing (Branches of a machine) only ever holds 0.
            return sum(self.last.values())
        return self.nested


def count_yaml_states(text: str) -> int | None:
    """States in the plain YAML definition ``text`` (nested ones included), or None when the
    text is not one, is not valid YAML, or only its tree can tell."""
    try:
        reader = event_reader(text)
    except (yaml.YAMLError, ValueError, TypeError):
        return None
    try:
        with gc_paused():
            return _count(reader.get_event)
    except (yaml.YAMLError, ComposeError, Refused, _Unknown, ValueError, TypeError):
        return None
    finally:
        reader.dispose()


def _count(get_event: Callable[[], Any]) -> int | None:
    """Count the first document's states, then read the rest of the text for errors."""
    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    sequence_start = yaml.SequenceStartEvent
    mapping_end = yaml.MappingEndEvent
    sequence_end = yaml.SequenceEndEvent
    alias_event = yaml.AliasEvent
    holders = _MACHINE_HOLDERS
    no_key, state_role, branches_role = _NO_KEY, _STATE, _BRANCHES
    anchors: set[str] = set()
    stack: list[_Open] = []
    other = 0  # depth inside a collection that does not matter to the count
    root: _Open | None = None
    while True:
        event = get_event()
        cls = type(event)
        if cls is scalar_event:
            if event.anchor is not None:
                if event.anchor in anchors:
                    return None
                anchors.add(event.anchor)
            if other:
                continue
            if not stack:
                return None  # not a plain definition
            top = stack[-1]
            key = top.key
            if key is no_key and top.role != branches_role:
                top.key = event.value
            elif event.tag is not None and top.matters():
                raise _Unknown  # a CloudFormation tag would change the shape here
            elif top.role == state_role and key not in holders:
                top.key = no_key  # most values of a state: nothing to count
            else:
                top.add(0)
            continue
        if cls is mapping_start or cls is sequence_start:
            if event.anchor is not None:
                if event.anchor in anchors:
                    return None
                anchors.add(event.anchor)
            if other:
                other += 1
                if other + len(stack) > MAX_DEPTH:
                    return None
                continue
            mapping = cls is mapping_start
            if not stack:
                if not mapping or event.tag is not None:
                    return None  # not a plain definition
                stack.append(_Open(_MACHINE))
                continue
            top = stack[-1]
            if top.key is no_key and top.role != branches_role:
                top.key = _BAD_KEY  # a collection as a key: the tree drops its member
                other = 1
                continue
            if event.tag is not None and top.matters():
                raise _Unknown
            role = top.child_role(mapping)
            if role == _OTHER:
                other = 1
            else:
                stack.append(_Open(role))
            continue
        if cls is mapping_end or cls is sequence_end:
            if other:
                other -= 1
                if not other:
                    _value_ended(stack, 0)
                continue
            done = stack.pop()
            if not stack:
                root = done
            else:
                _value_ended(stack, done.total())
            continue
        if cls is alias_event:
            raise _Unknown
        if cls is yaml.DocumentEndEvent or cls is yaml.StreamEndEvent:
            break
    if root is None:
        return None
    if cls is yaml.DocumentEndEvent:
        check_remaining(get_event, Built(), set(), 0)
    return root.total()


def _value_ended(stack: list[_Open], count: int) -> None:
    """A value of the innermost counted collection ended; a collection key only clears."""
    top = stack[-1]
    if top.key is _BAD_KEY:
        top.key = _DROPPED
        return
    top.add(count)
