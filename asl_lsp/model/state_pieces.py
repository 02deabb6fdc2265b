"""The text of each top-level state of a definition: what the lint memos look states up by.

Both memos (the schema check's and the per-state rules') key a state by its text, the member of
States with its name and body. Cutting those texts out of a 10 MB definition and hashing them
on every lint cost as much as the lookups themselves, so they are cut once per version, and an
edit inside one state (:class:`~asl_lsp.syntax.result.StateEdit`) carries the other states'
texts over as the same string objects: Python keeps a string's hash, so looking up an unchanged
state costs a dictionary probe.
"""

from __future__ import annotations

from collections.abc import Sequence

from asl_lsp.syntax.nodes import Member
from asl_lsp.syntax.result import StateEdit

# A state's text and the column it starts at (what a YAML block means depends on it; 0 in
# JSON), or None when its text alone does not decide what it holds (a YAML alias).
StatePiece = tuple[str, int] | None


def state_pieces(
    text: str,
    syntax: str,
    members: Sequence[Member],
    carried: tuple[Sequence[StatePiece], StateEdit] | None = None,
) -> list[StatePiece]:
    """The piece of each of ``members`` (the top-level states, in order) in ``text``.

    ``carried`` is the previous version's pieces and the edit that made this version of it:
    the states the edit did not touch have the same text, so their pieces are taken over, and
    only the edited state's is cut (in YAML the columns are worked out again, which is cheap).
    """
    if carried is not None:
        previous, edit = carried
        if len(previous) == len(members) and 0 <= edit.position < len(members):
            if syntax == "yaml":
                pieces = [
                    _recolumned(text, piece, member)
                    for piece, member in zip(previous, members, strict=True)
                ]
            else:
                pieces = list(previous)
            pieces[edit.position] = state_piece(text, syntax, members[edit.position])
            return pieces
    return [state_piece(text, syntax, member) for member in members]


def state_piece(text: str, syntax: str, member: Member) -> StatePiece:
    """The piece of one top-level state, ``member``, of ``text``."""
    start, end = member.start, member.end
    value = member.value
    if value is not None and not start <= value.start <= value.end <= end:
        return None  # a YAML alias: the state's body is written elsewhere
    if syntax != "yaml":
        return text[start:end], 0
    return yaml_piece(text, start, end)


def yaml_piece(text: str, start: int, end: int) -> tuple[str, int] | None:
    """``text[start:end]`` of a YAML document, with the column it starts at (what its block
    lines mean depends on it); None when it holds a ``*``, a possible alias of a value written
    elsewhere in the document, so that its text alone does not decide a result."""
    piece = text[start:end]
    if "*" in piece:
        return None
    return piece, _column(text, start)


def _recolumned(text: str, piece: StatePiece, member: Member) -> StatePiece:
    if piece is None:
        return None
    column = _column(text, member.start)
    return piece if column == piece[1] else (piece[0], column)


def _column(text: str, start: int) -> int:
    return start - text.rfind("\n", 0, start) - 1
