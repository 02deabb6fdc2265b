"""The base of the small immutable value classes of the expression parsers, written out rather
than made by ``dataclasses``.

The syntax trees of JSONPath and of intrinsic functions are made of a few value classes. Made by
``@dataclass(frozen=True)``, each one cost some 0.6 ms whenever ``asl`` started (its methods are
generated as source text and compiled). A subclass here names its fields in ``_fields`` (and
makes them its ``__slots__``) and sets them in its ``__init__`` with ``object.__setattr__``; this
base gives what the dataclass did:
equality and hashing by fields (instances of the same class only), a repr that names them, no
assignment or deletion after construction, and copying and pickling.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Frozen:
    """An immutable value made of the fields named in the subclass's ``_fields``."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def fields(self) -> tuple[Any, ...]:
        """The values of the fields, in order."""
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Frozen)
        return self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[type[Frozen], tuple[Any, ...]]:
        return self.__class__, self.fields()
