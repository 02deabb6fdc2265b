"""State names offered by completion: prepared once and found again after an edit, yet always the
list a completion computed from scratch gives, and in the order the plain ranking gives.

A machine with more states than the completion's limit (so that ranking decides what is offered),
in its own scope and in a Parallel branch, is edited by seeded random edits and by renames; after
every edit a completion at transitions of both scopes on the version re-read from the last one
(whose names may come prepared from an earlier version) is compared with a completion on a parse
of the text after the names prepared so far were forgotten, and, on versions that parse cleanly,
with the states of the scope ranked as written out here.
"""

from __future__ import annotations

import json
import random
import re

from asl_lsp.model.document import AslDocument, parse_document, reparse_document
from asl_lsp.service.completion import Completion, complete
from asl_lsp.service.cursor import cursor_at
from asl_lsp.service.state_names import _prepared, prepare_state_names, scope_names
from tests.syntax.corpus_edits import random_edit

LIMIT = 10
PATH = "names.asl.json"


def _branch(prefix: str, count: int) -> dict[str, object]:
    states: dict[str, object] = {
        f"{prefix} {i}": {"Type": "Pass", "Next": f"{prefix} {i + 1}"} for i in range(count - 1)
    }
    states[f"{prefix} {count - 1}"] = {"Type": "Succeed"}
    return {"StartAt": f"{prefix} 0", "States": states}


def _machine() -> str:
    # Branches around the limit: all but the state left fit, they fit only without it, and more.
    branches = [_branch("In", LIMIT + 1), _branch("On", LIMIT + 2), _branch("At", 15)]
    states: dict[str, object] = {
        "Fork": {"Type": "Parallel", "Branches": branches, "Next": "Step 0"}
    }
    for i in range(40):
        name = f"Step {i}" if i % 3 else f"step {i} (retry)"
        states[name] = {"Type": "Pass", "Comment": f"number {i}", "Next": "Step 1"}
    states["Pick"] = {
        "Type": "Choice",
        "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Step 2"}],
        "Default": "Step 4",
    }
    states["Done"] = {"Type": "Succeed"}
    return json.dumps({"StartAt": "Fork", "States": states}, indent=2)


def _view(result: Completion | None) -> object:
    if result is None:
        return None
    entries = [
        (e.label, e.new_text, e.detail, e.filter, e.full_documentation()) for e in result.entries
    ]
    return entries, result.incomplete


def _transitions(text: str, chance: random.Random) -> list[int]:
    """Cursors in the values of some transitions, with 0 to 3 characters of the name typed."""
    values = [m.end() for m in re.finditer(r'"(?:Next|Default|StartAt)": "', text)]
    return [at + chance.randint(0, 3) for at in chance.sample(values, min(8, len(values)))]


def _ranked_as_written(document: AslDocument, offset: int) -> object:
    """The states a completion at ``offset`` offers: every state of the scope but the one the
    transition leaves, all of them in order up to the limit, else the best ``LIMIT``."""
    cursor = cursor_at(document, offset)
    assert cursor is not None and cursor.definition is not None
    machine = cursor.definition.machine
    current = machine.state_at(cursor.replace.start)
    if cursor.key == "StartAt":
        current = None
        scope = next(
            s
            for s in machine.scopes
            if s.start_at is not None and (s.start_at.start <= offset <= s.start_at.end)
        )
    else:
        scope = machine.scope_of(current) if current is not None else machine.scope_at(offset)
    left = current.name if current is not None else None
    names = [s.name for s in scope.states.values() if s.name != left]
    if len(names) <= LIMIT:
        return names, False
    needle = cursor.prefix.lower()

    def group(name: str) -> int:
        return 0 if name.lower().startswith(needle) else 1 if needle in name.lower() else 2

    ranked = sorted(range(len(names)), key=lambda i: (group(names[i]), i))
    return [names[i] for i in ranked[:LIMIT]], True


def _rename(text: str, chance: random.Random) -> str:
    names = re.findall(r'^    "([^"]+)": \{', text, re.MULTILINE)
    old = chance.choice(names)
    return text.replace(f'"{old}": {{', f'"{old} renamed": {{', 1)


def test_prepared_names_give_what_a_completion_from_scratch_gives() -> None:
    chance = random.Random(7)
    clean = _machine()
    document = parse_document(clean, PATH)
    compared = ranked = 0
    for step in range(80):
        # A random edit, then back to a clean text (renamed now and then), and so on.
        if step % 2:
            text = clean = _rename(clean, chance) if step % 6 == 1 else clean
        else:
            text = random_edit(clean, document.source, chance)
        document = reparse_document(document, text, PATH)
        if chance.random() < 0.5:
            prepare_state_names(document)  # as the language server's lint thread does
        for offset in _transitions(text, chance):
            carried = complete(document, offset, LIMIT)
            _prepared.cache_clear()
            fresh = parse_document(text, PATH)
            assert _view(carried) == _view(complete(fresh, offset, LIMIT)), (step, offset)
            compared += 1
            if carried is not None and not document.source.diagnostics:
                labels = [e.label for e in carried.entries]
                assert (labels, carried.incomplete) == _ranked_as_written(document, offset)
                ranked += carried.incomplete
    assert compared > 300 and ranked > 100


def test_an_edit_that_keeps_the_names_finds_them_prepared() -> None:
    text = _machine()
    document = parse_document(text, PATH)
    prepare_state_names(document)
    before = scope_names(document.definitions[0], document.definitions[0].machine.root)
    at = text.index('"number 7"') + 2
    edited = reparse_document(document, text[:at] + "x" + text[at:], PATH)
    assert edited.source.edit is not None
    definition = edited.definitions[0]
    assert scope_names(definition, definition.machine.root) is before


def test_a_renamed_state_is_offered_under_its_new_name() -> None:
    text = _machine()
    document = parse_document(text, PATH)
    at = text.index('"Next": "Step 1"') + len('"Next": "St')
    assert complete(document, at, LIMIT) is not None
    renamed = text.replace('"Step 2": {', '"Stop 2": {')
    result = complete(reparse_document(document, renamed, PATH), at, LIMIT)
    assert result is not None
    labels = [e.label for e in result.entries]
    assert "Stop 2" in labels and "Step 2" not in labels
