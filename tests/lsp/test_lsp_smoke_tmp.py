from __future__ import annotations
from lsprotocol import types
from tests.lsp.conftest import Session

TEXT = open("tests/editors/nvim_fixture.asl.json").read()

async def test_smoke(session: Session) -> None:
    uri = "file:///tmp/x.asl.json"
    session.open(uri, TEXT)
    diags = await session.diagnostics(uri)
    print([ (d.code, d.message) for d in diags])
    assert {d.code for d in diags} >= {"ASL201", "ASL203"}
