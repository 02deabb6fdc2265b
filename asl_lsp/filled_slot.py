"""A subclass's stand-in for a slot of its base class, filled the first time it is read.

A moved object node (``syntax/moving.py``) and a moved state (``model/after_edit.py``) take what
they hold from an earlier version only when something reads it: the base class's slot keeps it,
and the subclass puts a :class:`FilledOnRead` in front of that slot, which has the instance fill
what is still pending before a read.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar, overload

T = TypeVar("T")


class Fillable(Protocol):
    def fill_pending(self) -> None:
        """Fill every slot still waiting for its contents (nothing once they are filled)."""


class FilledOnRead(Generic[T]):
    """The slot ``name`` of ``base``, read through the instance's ``fill_pending`` first."""

    __slots__ = ("_slot",)

    def __init__(self, base: type, name: str) -> None:
        self._slot: Any = base.__dict__[name]  # the base class's own storage of the slot

    @overload
    def __get__(self, instance: None, owner: type) -> FilledOnRead[T]: ...

    @overload
    def __get__(self, instance: Fillable, owner: type) -> T: ...

    def __get__(self, instance: Fillable | None, owner: type) -> FilledOnRead[T] | T:
        if instance is None:
            return self
        instance.fill_pending()
        value: T = self._slot.__get__(instance, owner)
        return value

    def __set__(self, instance: object, value: T) -> None:
        self._slot.__set__(instance, value)
