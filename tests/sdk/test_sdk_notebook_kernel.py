"""The seed notebook's own cells, run in a real Jupyter kernel (nbclient) against moto.

Only the import lines change. The notebook's fill-in values (the role ARN and the Lambda function
name it asks the reader to paste) are filled in, and its first cell (``pip install stepfunctions``)
is dropped. ``ASL_SDK_TARGET=aws`` plus boto3's ``AWS_ENDPOINT_URL_SFN`` point the
workflows, which the notebook creates without a backend argument, at the moto server.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from moto_server import MotoServer
from nbclient import NotebookClient
from shared_path import shared_dir

IMPORTS = {
    "import stepfunctions\n": "import asl_lsp.sdk as stepfunctions\n",
    "from stepfunctions.steps import *": "from asl_lsp.sdk.steps import *",
    "from stepfunctions.workflow import Workflow": "from asl_lsp.sdk.workflow import Workflow",
}

CHECK = """
output = branching_workflow_execution.get_output(wait=True, timeout=60)
assert output == {"StatusCode": 200, "Payload": {"input": "HelloWorld"}}, output
entered = [e["stateEnteredEventDetails"]["name"] for e in branching_workflow_execution.list_events()
           if "stateEnteredEventDetails" in e]
assert entered[:4] == ["MyPassState", "Is this Hello World example?", "Wait for 3 seconds",
                       "MyParallelState"], entered
assert "Convert HelloWorld to Base64" in entered and entered[-1] == "HelloWorldSuccessful"
print("SEED-NOTEBOOK-OK")
display(branching_workflow_execution.list_events(html=True))
"""


def code_cells(rst: str) -> list[str]:
    """The ``.. code:: ipython3`` blocks of the notebook's reStructuredText export."""
    cells = []
    for match in re.finditer(r"^\.\. code:: ipython3\n\n((?:    .*\n|\n)+)", rst, re.M):
        lines = [line[4:] for line in match.group(1).splitlines()]
        cells.append("\n".join(lines).strip() + "\n")
    return cells


def ported_cells(rst: str, role: str) -> list[str]:
    out = []
    for cell in code_cells(rst):
        if "pip install" in cell:
            continue
        for old, new in IMPORTS.items():
            cell = cell.replace(old, new)
        cell = cell.replace('"<execution-role-arn>"', repr(role))
        cell = cell.replace('"<lambda-function-name>"', '"HelloWorldBase64"')
        out.append(cell)
    return out


def test_seed_notebook_runs_in_a_kernel(
    moto_server: MotoServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rst = (shared_dir() / "seeds" / "hello-world-notebook.rst").read_text(encoding="utf-8")
    cells = ported_cells(rst, moto_server.role_arn())
    assert len(cells) == 25
    assert "stepfunctions" not in "".join(cells).replace("as stepfunctions", "").replace(
        "stepfunctions.set_stream_logger", ""
    )
    monkeypatch.setenv("ASL_SDK_TARGET", "aws")
    monkeypatch.setenv("AWS_ENDPOINT_URL_SFN", moto_server.endpoint_url)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in [*cells, CHECK]]
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()

    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    texts = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "SEED-NOTEBOOK-OK" in texts
    assert '"StartAt": "MyPassState"' in texts  # the printed ASL
    html = [
        o["data"]["text/html"]
        for o in outputs
        if o.get("output_type") in ("display_data", "execute_result")
        and "text/html" in o.get("data", {})
    ]
    # render_graph x3, render_progress x2, list_events(html=True) x2, and the check cell's table
    # (the notebook's own cells list events while the execution may still be running).
    assert len(html) == 8
    assert "WaitStateEntered" in html[-1] and "ExecutionSucceeded" in html[-1]
