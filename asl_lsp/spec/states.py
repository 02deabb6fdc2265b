"""The eight state types: what each does, whether it transitions with Next/End, and docs links."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from asl_lsp.spec.enums import STATE_TYPE
from asl_lsp.spec.schema import definition

DOCS_BASE = "https://docs.aws.amazon.com/step-functions/latest/dg/"

STATE_TYPES: tuple[str, ...] = STATE_TYPE
# Types that must carry exactly one of Next or End: true.
NEXT_END_TYPES = frozenset({"Pass", "Task", "Wait", "Parallel", "Map"})
# Types that always end an execution path (they take neither Next nor End).
TERMINAL_TYPES = frozenset({"Succeed", "Fail"})
# Types whose transitions come from their rules (Choices[].Next, Default), not Next/End.
CHOICE_TYPES = frozenset({"Choice"})
# Types that never take Next: the terminal ones and Choice.
NO_NEXT_TYPES = TERMINAL_TYPES | CHOICE_TYPES
# Types that can end a path: the terminal ones, and every Next/End type with End: true.
CAN_END_TYPES = TERMINAL_TYPES | NEXT_END_TYPES
# Types that accept Retry and Catch (and produce a result: ResultSelector, $states.result).
ERROR_HANDLING_TYPES = frozenset({"Task", "Parallel", "Map"})
# Types that hold nested state machines (Branches, ItemProcessor).
CONTAINER_TYPES = frozenset({"Parallel", "Map"})
# The field of a Map state holding its nested machine, current name first (Iterator is the
# deprecated name of ItemProcessor).
PROCESSOR_FIELDS = ("ItemProcessor", "Iterator")


class StateTypeSpec(NamedTuple):
    name: str
    doc: str
    docs_url: str
    takes_next_end: bool
    terminal: bool

    @property
    def markdown(self) -> str:
        return f"**{self.name} state**\n\n{self.doc}\n\n[AWS documentation]({self.docs_url})"


def schema_def_name(type_name: str) -> str:
    """The ``$defs`` entry of a state type (``Task`` -> ``taskState``)."""
    return type_name[:1].lower() + type_name[1:] + "State"


def docs_url(type_name: str) -> str:
    return f"{DOCS_BASE}state-{type_name.lower()}.html"


@cache
def state_type_specs() -> dict[str, StateTypeSpec]:
    """Every state type with its one-line description from the schema."""
    specs: dict[str, StateTypeSpec] = {}
    for name in STATE_TYPES:
        doc = str(definition(schema_def_name(name)).get("description", ""))
        specs[name] = StateTypeSpec(
            name=name,
            doc=doc,
            docs_url=docs_url(name),
            takes_next_end=name in NEXT_END_TYPES,
            terminal=name in TERMINAL_TYPES,
        )
    return specs


def state_type_spec(name: str) -> StateTypeSpec | None:
    return state_type_specs().get(name)
