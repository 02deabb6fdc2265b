"""Where a SAM ``DefinitionUri`` may lead ``asl lint``.

A template is input like any other: one in a pull request must not make a CI job print or rewrite
files outside the repository. So the file a ``DefinitionUri`` names is followed only when, with
every symbolic link resolved, it is a regular file inside the template's own folder tree or inside
a folder given on the command line. Anything else is refused with a finding on the template, and
the file is neither opened nor quoted.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from asl_lsp.diagnostic import Diagnostic, Severity
from asl_lsp.syntax.document import SourceDocument
from asl_lsp.syntax.nodes import Span, pointer_string


class DefinitionReference(NamedTuple):
    """One local ``DefinitionUri`` of a template: the path as the template resolves it (relative
    to the working directory when the template's path was), and where the URI is written."""

    path: str
    span: Span
    pointer: str


class Followed(NamedTuple):
    path: Path


class Refused(NamedTuple):
    reason: str


def references(document: SourceDocument) -> list[DefinitionReference]:
    """The local ``DefinitionUri`` files a parsed template names, in resource order."""
    return [
        DefinitionReference(d.external_path, d.root.span, pointer_string(d.pointer))
        for d in document.definitions
        if d.external_path
    ]


def is_inside(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or below it (both already resolved)."""
    return path == folder or folder in path.parents


def resolve_reference(
    reference: DefinitionReference, template: Path, roots: Iterable[Path]
) -> Followed | Refused:
    """The file to lint for ``reference`` of ``template`` (a resolved path), or why not.

    ``roots`` are the resolved folders named on the command line; the template's own folder is
    always allowed.
    """
    written = Path(reference.path)
    target = written if written.is_absolute() else Path.cwd() / written
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop, an unreadable folder
        return Refused(f"cannot be resolved ({error})")
    allowed = (template.parent, *roots)
    if not any(is_inside(resolved, folder) for folder in allowed):
        return Refused(
            "is outside the template's folder and the linted folders; it is not read "
            "(lint a folder that contains both to follow it)"
        )
    try:
        mode = os.stat(resolved).st_mode
    except FileNotFoundError:
        return Refused("does not exist")
    except OSError as error:
        return Refused(f"cannot be read ({error.strerror or error})")
    if not stat.S_ISREG(mode):
        return Refused("is not a regular file; it is not read")
    return Followed(resolved)


def refusal(reference: DefinitionReference, reason: str) -> Diagnostic:
    """The finding on the template for a ``DefinitionUri`` that is not followed."""
    # Imported here: only a template's references get here; plain definitions never load it.
    from asl_lsp.syntax.templates import EXTERNAL_DEFINITION

    return Diagnostic(
        EXTERNAL_DEFINITION[0],
        EXTERNAL_DEFINITION[1],
        Severity.ERROR,
        f"DefinitionUri '{reference.path}' {reason}",
        reference.span,
        reference.pointer,
    )
