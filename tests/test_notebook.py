"""docs/examples/quickstart.ipynb: it runs headlessly, top to bottom, and shows what it promises."""

from __future__ import annotations

import functools
import json
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "examples" / "quickstart.ipynb"


@functools.cache
def executed() -> tuple[dict[str, Any], ...]:
    """Every output of the notebook, run once per test session in a fresh kernel."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # The kernel is this interpreter (jupyter_client's built-in "python3" spec, which names
    # sys.executable): no kernelspec installed elsewhere can pick another Python.
    specs = KernelSpecManager(kernel_dirs=[], ensure_native_kernel=True)
    manager = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=60,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute(cleanup_kc=True)  # the kernel is ours: stop it and close its sockets
    return tuple(output for cell in notebook.cells for output in cell.get("outputs", ()))


def _data(mime: str) -> list[str]:
    return [
        "".join(output["data"][mime])
        for output in executed()
        if output["output_type"] in {"display_data", "execute_result"} and mime in output["data"]
    ]


def test_notebook_is_stored_without_outputs() -> None:
    """The stored notebook has no outputs or counts (diffs stay small) and asks for python3."""
    stored = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [cell for cell in stored["cells"] if cell["cell_type"] == "code"]
    assert [([], None)] * len(code) == [(c["outputs"], c["execution_count"]) for c in code]
    assert stored["metadata"]["kernelspec"]["name"] == "python3"


def test_notebook_runs_without_errors_or_warnings() -> None:
    """No cell raises, and nothing is written to stderr (warnings included)."""
    noisy = [o for o in executed() if o["output_type"] == "error" or o.get("name") == "stderr"]
    assert noisy == []


def test_notebook_shows_the_rendered_article() -> None:
    """The article cell shows the HTML card: title, a body paragraph, the category chip."""
    cards = [html for html in _data("text/html") if "newsdoc-article" in html]
    assert len(cards) == 1
    for expected in (
        "示例城市召开“提效能”工作会议",
        "<strong>“要把群众的小事当成天大的事来办”</strong>",
        "新媒体 › 示例日报 › 首页",
    ):
        assert expected in cards[0]


def test_notebook_shows_the_article_table() -> None:
    """`show_table` displays one HTML table row per example post."""
    tables = [html for html in _data("text/html") if "newsdoc-table" in html]
    assert len(tables) == 1
    assert len(list((ROOT / "examples").iterdir())) == tables[0].count("<tr><th>")


def test_notebook_draws_the_plot() -> None:
    """The plot cell outputs one PNG image."""
    assert len(_data("image/png")) == 1


def test_notebook_writes_parquet_that_reads_back_equal() -> None:
    """The last cell writes every example to Parquet and reads back equal articles."""
    count = len(list((ROOT / "examples").iterdir()))
    assert f"({count}, True)" == _data("text/plain")[-1]
