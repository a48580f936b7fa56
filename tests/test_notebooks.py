"""Every notebook in notebooks/ runs top to bottom in a fresh python3 kernel and shows what it should.

Each notebook runs with its working folder and ``$DRUGKG_BUILD_DIR`` in temporary folders (the
session's built graph), so nothing is written in the repository, and must print the texts listed
for it in :data:`EXPECTED`.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbclient
import nbformat
import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 120

#: Texts each notebook's outputs must contain (from cells that print or display them).
EXPECTED: dict[str, tuple[str, ...]] = {
    "01-querying.ipynb": (
        "dangerous-combinations   What must not be combined with a drug",
        "# Parameters: ?condition (default dk:depression)",  # the header of a named query
        "dk:interaction-opioids-benzodiazepines",  # dangerous combinations for oxycodone
        "no (stated)",  # clonazepam is not an antidepressant
        "dk:benzodiazepine",  # the ad-hoc SELECT: what Klonopin is a member of
        "named graphs (each replaced) via the Graph Store Protocol",  # pushed to the local server
        "the server gives the same rows as the embedded store: True",
    ),
    "02-visualising.ipynb": (
        'sandbox="allow-scripts"',  # the inline view: a sandboxed iframe
        "default-src &#x27;none&#x27;",  # its page's Content-Security-Policy forbids remote loads
        "Klonopin",  # the neighbourhood's focus, in the page's data
        "clonazepam to respiratory depression: the shortest chains of facts (2 steps)",
        "clonazepam with opioids -has outcome-> respiratory depression",
        "klonopin.html",
    ),
    "03-safety-walkthrough.ipynb": (
        "INTERACTION clonazepam + oxycodone: life-threatening",
        "AVOID driving while taking clonazepam",
        "oxycodone -member of-> opioid   [ATC group N02A: opioids (WHO ATC/DDD Index)]",
        "dkr:symmetric-properties",  # the rule column of the inferred-facts query
        "clonazepam -interacts with-> oxycodone   (inferred by rule inherited-by-members, from:)",
        '"curie": "dk:opioid"',  # the last step of the warning's chain, as JSON
        "@prefix dk: <https://w3id.org/drugkg/entity/> .",
        "the Turtle file holds the inferred interaction: True",
    ),
}

#: Texts no notebook may show: a script or stylesheet loaded from the network, a traceback.
NEVER_SHOWN = ("src=&quot;http", 'src="http', "href=&quot;http", "Traceback")


def _output_text(notebook: nbformat.NotebookNode) -> str:
    """All text the executed notebook shows: streams, plain-text results and HTML (tables, views)."""
    parts: list[str] = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            elif output.output_type in ("execute_result", "display_data"):
                parts.extend(str(output.data.get(kind, "")) for kind in ("text/plain", "text/html"))
    return "\n".join(parts)


def test_every_notebook_has_expectations() -> None:
    assert {path.name for path in NOTEBOOKS} == set(EXPECTED)


def test_notebooks_are_committed_without_outputs() -> None:
    stored = {
        path.name: [
            cell.get("outputs") or cell.get("execution_count") for cell in nbformat.read(path, as_version=4).cells
        ]
        for path in NOTEBOOKS
    }
    assert {name: [o for o in outputs if o] for name, outputs in stored.items()} == {name: [] for name in stored}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_runs(path: Path, built, tmp_path: Path) -> None:
    """Run the notebook in a fresh kernel, in a temporary working folder, and check what it shows."""
    notebook = nbformat.read(path, as_version=4)
    env = {
        **os.environ,
        "DRUGKG_BUILD_DIR": str(built.out_dir),
        "IPYTHONDIR": str(tmp_path / "ipython"),
        "MPLBACKEND": "agg",
    }
    client = nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=CELL_TIMEOUT,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute(env=env)
    shown = _output_text(notebook)
    missing = [text for text in EXPECTED[path.name] if text not in shown]
    assert missing == [], f"{path.name} did not show: {missing}; it showed, at the end:\n{shown[-2000:]}"
    assert [text for text in NEVER_SHOWN if text in shown] == []
    assert not list(path.parent.glob("lib")), "a notebook wrote a lib/ folder into the repository"
