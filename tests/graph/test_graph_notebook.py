"""A notebook that calls ``render_graph`` runs under nbclient and shows an inline SVG."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

HERE = Path(__file__).parent
SEED = HERE / "fixtures" / "hello_branching.asl.json"


def test_notebook_displays_svg(tmp_path: Path) -> None:
    # A kernel spec for this very interpreter, so the notebook imports this checkout.
    spec_dir = tmp_path / "kernels" / "asl-test"
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "asl-test",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    manager = KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")])
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import json\n"
            "from asl_lsp.graph.render import render_graph\n"
            f"definition = json.load(open({str(SEED)!r}))\n"
            "render_graph(definition, title='Hello')"
        )
    ]
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="asl-test",
        kernel_manager_class="jupyter_client.manager.KernelManager",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.km = client.create_kernel_manager()
    client.km.kernel_spec_manager = manager
    client.execute()
    outputs = notebook.cells[0].outputs
    data = next(o["data"] for o in outputs if o.get("output_type") == "execute_result")
    assert "image/svg+xml" in data
    assert "MyParallelState" in data["image/svg+xml"]
    assert "text/html" in data and "<svg" in data["text/html"]
