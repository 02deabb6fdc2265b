"""A big machine's completion list over stdio: bounded, ranked, incomplete, resolved for docs."""

from __future__ import annotations

import json

from lsprotocol import types

from tests.lsp.conftest import Session

URI = "file:///work/big.asl.json"
STATES = 600


def _machine() -> str:
    states: dict[str, object] = {
        f"Step {i:03d}": {"Type": "Pass", "Comment": f"step {i}", "Next": f"Step {i + 1:03d}"}
        for i in range(STATES)
    }
    states[f"Step {STATES:03d}"] = {"Type": "Succeed"}
    return json.dumps({"StartAt": "Step 000", "States": states}, indent=2)


async def test_state_names_are_bounded_ranked_and_resolved(session: Session) -> None:
    text = _machine().replace('"Next": "Step 001"', '"Next": "Step 05')
    session.open(URI, text)
    cursor = text.index('"Next": "Step 05') + len('"Next": "Step 05')
    result = await session.client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=URI),
            position=session.position(URI, cursor),
        )
    )
    assert isinstance(result, types.CompletionList)
    assert result.is_incomplete
    labels = [item.label for item in result.items]
    assert 0 < len(labels) <= 100
    # The ten names that start with what is typed come first.
    assert labels[:10] == [f"Step 05{d}" for d in range(10)]
    first = result.items[0]
    assert first.documentation is None and first.data is not None
    resolved = await session.client.completion_item_resolve_async(first)
    documentation = resolved.documentation
    text_of = (
        documentation.value if isinstance(documentation, types.MarkupContent) else documentation
    )
    assert text_of is not None and "**Step 050**" in text_of and "step 50" in text_of
