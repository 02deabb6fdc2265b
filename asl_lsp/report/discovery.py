"""Which files ``asl lint`` looks at when given folders.

Explicit file arguments are always linted. Inside folders: ``*.asl.json``, ``*.asl.yaml``,
``*.asl.yml``; CloudFormation/SAM templates that define a state machine; and other JSON/YAML files
whose text has both ``StartAt`` and ``States`` (a definition without the ``.asl`` suffix); and
files matching an ``include`` glob of the configuration. Only regular files are looked at (a FIFO
would block the sniff forever), and a symbolic link is followed only when its target is inside the
folder being walked, so a link planted in a repository cannot make ``asl lint`` quote a file from
elsewhere.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ASL_SUFFIXES = (".asl.json", ".asl.yaml", ".asl.yml")
CANDIDATE_SUFFIXES = (".json", ".yaml", ".yml", ".template")
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", "cdk.out"})
TEMPLATE_MARKERS = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")
SNIFF_BYTES = 2 * 1024 * 1024


def is_asl_name(path: Path) -> bool:
    return path.name.lower().endswith(ASL_SUFFIXES)


def looks_like_state_machine_file(path: Path) -> bool:
    """A cheap text sniff, so folders full of unrelated JSON are not parsed."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(descriptor, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return False
            head = handle.read(SNIFF_BYTES)
        except OSError:
            return False
    if any(marker.encode() in head for marker in TEMPLATE_MARKERS):
        return True
    return b"StartAt" in head and b"States" in head


IncludeTest = Callable[[Path], bool]


def iter_files(
    paths: Iterable[Path], included: IncludeTest | None = None
) -> Iterator[tuple[Path, bool]]:
    """Yield ``(path, explicit)``; folders are walked in sorted order, hidden folders skipped.

    ``included`` says whether a file that discovery would pass over is named by an ``include``
    glob of the configuration."""
    for path in paths:
        if path.is_dir():
            yield from ((p, False) for p in _walk(path, included))
        else:
            yield path, True


def _walk(root: Path, included: IncludeTest | None) -> Iterator[Path]:
    real_root: Path | None = None
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        for name in sorted(files):
            path = Path(folder) / name
            lower = name.lower()
            wanted = lower.endswith(ASL_SUFFIXES) or (included is not None and included(path))
            if not wanted and not lower.endswith(CANDIDATE_SUFFIXES):
                continue
            if path.is_symlink():
                real_root = real_root or root.resolve()
                if not _points_inside(path, real_root):
                    continue
            if wanted or looks_like_state_machine_file(path):
                yield path


def _points_inside(link: Path, real_root: Path) -> bool:
    try:
        target = link.resolve()
    except (OSError, RuntimeError):
        return False
    return target == real_root or real_root in target.parents
