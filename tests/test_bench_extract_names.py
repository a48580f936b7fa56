"""``benchmarks/bench_extract.py``: how an expected name of a facts file matches an extracted entity."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.extract.extractor import Extractor

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_extract.py"


@pytest.fixture(scope="module")
def names(store: ox.Store):
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_extract", module)
    spec.loader.exec_module(module)
    return module._Names(Extractor(store, None, pairs=False))


def test_a_name_matches_the_words_the_text_says_in_any_form(names) -> None:
    """The facts files name an entity as the text says it: "operating machinery" for a mention "operate
    machinery" of the graph's "operating heavy machinery", "strong CYP3A4 inhibitors" for "CYP3A4
    inhibitors"; the trap: other words, or no words said, match nothing but the graph's names."""
    ref, label = "dk:operating-heavy-machinery", "operating heavy machinery"
    assert names.matches(("operating machinery",), ref, label, False, ("operate machinery",))
    assert names.matches(("operating heavy machinery",), ref, label, False)
    assert not names.matches(("operating machinery",), ref, label, False)
    assert not names.matches(("driving",), ref, label, False, ("operate machinery",))
    cyp = "dk:ndfrt-N0000182141"
    assert names.matches(
        ("strong CYP3A4 inhibitors",), cyp, "Cytochrome P450 3A4 Inhibitors", False, ("CYP3A4 inhibitors",)
    )
    assert not names.matches(
        ("CYP2D6 inhibitors",), cyp, "Cytochrome P450 3A4 Inhibitors", False, ("CYP3A4 inhibitors",)
    )
