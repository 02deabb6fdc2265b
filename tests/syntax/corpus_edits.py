"""Corpus definitions and the seeded random edits that the incremental-analysis tests replay.

Edits are mostly inside a state's body (where users type), sometimes anywhere, with every
character that changes how JSON reads.
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path

import yaml

from asl_lsp.syntax.document import SourceDocument, parse_source
from asl_lsp.syntax.nodes import ObjectNode
from tests.shared_path import shared_dir

# What a user types: every character that changes how JSON reads, and some that do not.
TYPED = ['"', "{", "}", "[", "]", ",", ":", "\\", " ", "\n", "x", "1", "-", "é", "\U0001f600"]


@cache
def corpus_definitions(pattern: str = "*.json") -> tuple[Path, ...]:
    """The corpus files matching ``pattern`` that are clean definitions (read once per run)."""
    corpus = shared_dir() / "corpus"
    found = []
    for path in sorted(corpus.rglob(pattern)):
        text = path.read_text(encoding="utf-8", errors="replace")
        source = parse_source(text, str(path))
        if source.kind == "asl" and not source.diagnostics:
            found.append(path)
    return tuple(found)


@cache
def yaml_definitions() -> tuple[tuple[str, str], ...]:
    """The corpus's YAML definitions, and its JSON ones written as block YAML."""
    found = [(str(p), p.read_text(encoding="utf-8")) for p in corpus_definitions("*.y*ml")]
    for path in corpus_definitions()[::3]:
        value = json.loads(path.read_text(encoding="utf-8"))
        text = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=60)
        if not parse_source(text, f"{path}.yaml").diagnostics:
            found.append((f"{path}.yaml", text))
    return tuple(found)


def state_bodies(source: SourceDocument) -> list[ObjectNode]:
    root = source.root
    states = root.get("States") if isinstance(root, ObjectNode) else None
    if not isinstance(states, ObjectNode):
        return []
    return [m.value for m in states.members if isinstance(m.value, ObjectNode)]


def random_edit(text: str, source: SourceDocument, chance: random.Random) -> str:
    """One edit: mostly inside a state's body (where users type), sometimes anywhere."""
    bodies = state_bodies(source)
    if bodies and chance.random() < 0.8:
        body = chance.choice(bodies)
        start = chance.randint(body.start + 1, max(body.start + 1, body.end - 1))
    else:
        start = chance.randint(0, len(text))
    if chance.random() < 0.6:
        return text[:start] + chance.choice(TYPED) + text[start:]
    end = min(len(text), start + chance.randint(1, 6))
    return text[:start] + text[end:]
