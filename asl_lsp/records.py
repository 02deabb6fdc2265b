"""The bases of the package's small value classes, written out rather than made by ``dataclasses``.

Made by ``@dataclass``, each class cost some 0.6 to 0.9 ms whenever ``asl`` started (its methods
are generated as source text and compiled with ``exec``), on top of ``import dataclasses``; the
modules ``asl lint`` loads defined some thirty of them. A class here names its fields in
``_fields`` (which are its ``__slots__``, with any cache after them) and sets them in a typed,
written-out ``__init__``; its base gives what the dataclass did:

- :class:`Record`, for ``@dataclass(slots=True)``: equality by fields (instances of the same class
  only), no hash (it is mutable), a repr that names the fields, and copying and pickling of
  every slot.
- :class:`Frozen`, for ``@dataclass(frozen=True, slots=True)``: the same, with a hash by fields,
  no assignment or deletion after construction (``__init__`` sets the fields with
  :data:`set_field`), and copying and pickling through the constructor.
- ``class C(Record, eq=False)`` (or ``Frozen``), for ``eq=False``: equality and hash by identity.
- :func:`replace`, for ``dataclasses.replace``: a copy with some fields changed.

Slots outside ``_fields`` (a memo, an index) are neither compared nor shown; :func:`replace` and
a copy or unpickling of a :class:`Frozen` go through the constructor, which starts them afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, TypeVar

_R = TypeVar("_R", bound="_Fields")


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function from an instance to the tuple of its fields ``names`` (``attrgetter`` in C)."""
    if len(names) > 1:
        getter: Callable[[Any], tuple[Any, ...]] = attrgetter(*names)
        return getter
    if names:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()


class _Fields:
    """What both bases share: the fields, equality by them, the repr."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    # The fields as a tuple, in order (made for each subclass).
    _values: ClassVar[Callable[[Any], tuple[Any, ...]]] = _getter(())

    def __init_subclass__(cls, *, eq: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._values = _getter(cls._fields)
        if not eq and "__eq__" not in cls.__dict__:
            cls.__eq__ = object.__eq__  # type: ignore[method-assign]
            cls.__hash__ = object.__hash__  # type: ignore[method-assign]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = self.__class__._values
        return values(self) == values(other)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({shown})"


class Record(_Fields):
    """A mutable value made of the fields named in the subclass's ``_fields``."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]


class Frozen(_Fields):
    """An immutable value made of the fields named in the subclass's ``_fields``."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self.__class__._values(self))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type[Frozen], tuple[Any, ...]]:
        return self.__class__, self.__class__._values(self)


# How the ``__init__`` of a :class:`Frozen` sets its fields (its own ``__setattr__`` refuses).
set_field = object.__setattr__


def replace(record: _R, /, **changes: Any) -> _R:
    """A new ``record`` with the fields ``changes`` names changed, built by its constructor from
    its ``_fields`` (which must be its constructor's parameters)."""
    values = {name: getattr(record, name) for name in record._fields}
    values.update(changes)
    cls: Any = record.__class__
    built: _R = cls(**values)
    return built
