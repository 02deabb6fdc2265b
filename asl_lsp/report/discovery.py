"""Which files ``asl lint`` looks at when given folders.

Explicit file arguments are always linted. Inside folders: ``*.asl.json``, ``*.asl.yaml``,
``*.asl.yml``; CloudFormation/SAM templates that define a state machine; and other JSON/YAML files
whose text has both ``StartAt`` and ``States`` (a definition without the ``.asl`` suffix).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
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
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    if any(marker.encode() in head for marker in TEMPLATE_MARKERS):
        return True
    return b"StartAt" in head and b"States" in head


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Yield ``(path, explicit)``; folders are walked in sorted order, hidden folders skipped."""
    for path in paths:
        if path.is_dir():
            yield from ((p, False) for p in _walk(path))
        else:
            yield path, True


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        for name in sorted(files):
            path = Path(folder) / name
            lower = name.lower()
            if lower.endswith(ASL_SUFFIXES) or (
                lower.endswith(CANDIDATE_SUFFIXES) and looks_like_state_machine_file(path)
            ):
                yield path
