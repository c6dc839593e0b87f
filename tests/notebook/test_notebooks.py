"""The example notebooks run end to end in a fresh kernel, without errors, with figures in their outputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ROOT = EXAMPLES.parent


@pytest.mark.parametrize("name, least", [("lessons-tour.ipynb", 10), ("your-own-formula.ipynb", 3),
                                         ("your-own-data.ipynb", 2)])
def test_notebook_runs_and_draws(name, least, tmp_path):
    nb = nbformat.read(EXAMPLES / name, as_version=4)
    # the worktree's errorscape, in a kernel of this interpreter (the venv that has ipykernel)
    nb.cells.insert(0, nbformat.v4.new_code_cell(f"import sys; sys.path.insert(0, {str(ROOT)!r})"))
    nb = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                                 kernel_manager_class=_this_python()).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    figures = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
               if o.output_type in ("display_data", "execute_result")
               and ("application/vnd.plotly.v1+json" in o.data or "Plotly.newPlot" in o.data.get("text/html", ""))]
    assert len(figures) >= least
    text = json.dumps([o.data for o in figures])
    assert "cdn.plot.ly" not in text and "cdn.jsdelivr" not in text  # plotly.js comes from the package


def _this_python():
    """A kernel manager that starts ipykernel with this interpreter, whatever kernelspecs the machine has."""
    from jupyter_client.manager import KernelManager

    class ThisPython(KernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            return [sys.executable, "-m", "ipykernel_launcher", "-f", self.connection_file]

    return ThisPython
