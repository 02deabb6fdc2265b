"""The written-out value classes (``asl_lsp/records.py``) behave as the dataclasses they replace."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
from typing import Any

import pytest

from asl_lsp.records import Frozen, Record, replace
from tests.architecture.test_import_graph import MODULES

_set = object.__setattr__


class Point(Frozen):
    _fields = ("x", "y", "label")
    __slots__ = (*_fields, "_memo")
    x: int
    y: int
    label: str
    _memo: dict[str, int]

    def __init__(self, x: int, y: int, label: str = "") -> None:
        _set(self, "x", x)
        _set(self, "y", y)
        _set(self, "label", label)
        _set(self, "_memo", {})


class Cell(Record):
    _fields = ("value",)
    __slots__ = _fields
    value: list[int]

    def __init__(self, value: list[int]) -> None:
        self.value = value


class Handle(Frozen, eq=False):
    _fields = ("name",)
    __slots__ = _fields
    name: str

    def __init__(self, name: str) -> None:
        _set(self, "name", name)


@dataclasses.dataclass(frozen=True, slots=True)
class DataPoint:
    x: int
    y: int
    label: str = ""
    _memo: dict[str, int] = dataclasses.field(
        default_factory=dict, init=False, compare=False, repr=False
    )


@dataclasses.dataclass(slots=True)
class DataCell:
    value: list[int]


def _renamed(text: str) -> str:
    return text.replace("DataPoint", "Point").replace("DataCell", "Cell")


def test_frozen_is_what_a_frozen_dataclass_was() -> None:
    point, twin = Point(1, 2, "a"), DataPoint(1, 2, "a")
    assert repr(point) == _renamed(repr(twin)) == "Point(x=1, y=2, label='a')"
    assert hash(point) == hash(twin) == hash((1, 2, "a"))
    assert point == Point(1, 2, "a") and point != Point(1, 2, "b") and point != twin
    assert point.__eq__((1, 2, "a")) is NotImplemented
    with pytest.raises(AttributeError, match="cannot assign to field 'x'"):
        point.x = 3
    with pytest.raises(AttributeError, match="cannot delete field 'x'"):
        del point.x
    with pytest.raises(AttributeError):
        point.other = 1


def test_record_is_what_a_dataclass_was() -> None:
    cell, twin = Cell([1]), DataCell([1])
    assert repr(cell) == _renamed(repr(twin)) == "Cell(value=[1])"
    assert cell == Cell([1]) and cell != Cell([2])
    cell.value = [2]
    assert cell == Cell([2])
    with pytest.raises(TypeError, match="unhashable"):
        hash(cell)
    with pytest.raises(TypeError, match="unhashable"):
        hash(twin)


def test_eq_false_is_identity() -> None:
    handle = Handle("h")
    assert handle != Handle("h") and handle == handle
    assert hash(handle) == object.__hash__(handle)
    assert repr(handle) == "Handle(name='h')"


def test_copies_and_pickles_are_equal() -> None:
    point = Point(1, 2, "a")
    point._memo["k"] = 1
    for copied in (copy.copy(point), copy.deepcopy(point), pickle.loads(pickle.dumps(point))):
        assert copied == point and copied is not point
        assert copied._memo == {}  # a memo outside the fields starts afresh, as in the constructor
    cell = Cell([1])
    for copied_cell in (copy.deepcopy(cell), pickle.loads(pickle.dumps(cell))):
        assert copied_cell == cell and copied_cell.value is not cell.value


def test_replace_is_dataclasses_replace() -> None:
    point = Point(1, 2, "a")
    point._memo["k"] = 1
    moved = replace(point, y=5)
    assert moved == Point(1, 5, "a") and moved._memo == {}
    assert _renamed(repr(dataclasses.replace(DataPoint(1, 2, "a"), y=5))) == repr(moved)
    with pytest.raises(TypeError):
        replace(point, z=1)


def _all_records() -> list[type[Any]]:
    for name in sorted(set(MODULES) - {"asl_lsp.__main__"}):
        importlib.import_module(name)
    found: list[type[Any]] = []
    stack: list[type[Any]] = [Record, Frozen]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("asl_lsp."):
                found.append(sub)
            stack.append(sub)
    return sorted(set(found), key=lambda c: (c.__module__, c.__qualname__))


RECORDS = _all_records()


def test_the_lint_path_has_its_records() -> None:
    names = {f"{c.__module__}.{c.__qualname__}" for c in RECORDS}
    assert {"asl_lsp.syntax.nodes.ObjectNode", "asl_lsp.diagnostic.Diagnostic"} <= names
    assert len(RECORDS) >= 30


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_every_record_takes_its_fields_first_and_keeps_them_in_slots(cls: type[Any]) -> None:
    """``replace`` and the pickling of a Frozen build a record from its fields, in order."""
    slots = {name for klass in cls.__mro__ for name in klass.__dict__.get("__slots__", ())}
    assert set(cls._fields) <= slots
    assert "__dict__" not in slots and not hasattr(cls, "__dataclass_fields__")
    if "__reduce__" in cls.__dict__:
        return  # pickles as another class (MovedObjectNode as an ObjectNode)
    parameters = list(inspect.signature(cls.__init__).parameters)[1:]
    assert parameters[: len(cls._fields)] == list(cls._fields)
