"""On-disk stores (kg/stores.py): a large ``--graph`` file is loaded once into a store cached by
its sha256, with its name table; a changed file gets a new one; a file that does not parse leaves
nothing behind. (The build's versions are tested through the build: tests/test_build.py and
tests/test_interrupts.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

import kg.loading
import kg.stores
from kg.analysis.names import NAME_TABLE, NameIndex
from kg.errors import InputError
from kg.stores import ENGINE_FOLDER, file_digest, open_store

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every --graph file counts as large; the cache in a temporary folder."""
    monkeypatch.setattr(kg.stores, "GRAPH_CACHE_MIN_BYTES", 0)
    folder = tmp_path / "cache"
    monkeypatch.setenv("DRUGKG_GRAPH_CACHE_DIR", str(folder))
    return folder


def test_a_large_graph_file_is_loaded_once(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    graph = tmp_path / "graph.nt"
    graph.write_text(f'<https://example.org/a> {LABEL} "Alpha" .\n', encoding="utf-8")
    store = open_store(graph)
    folder = cache / file_digest(graph, cache)
    assert (folder / ENGINE_FOLDER).is_dir() and (folder / NAME_TABLE).is_file()
    assert NameIndex(store).resolve("alpha").iri == "https://example.org/a"

    def no_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached store was loaded again")

    monkeypatch.setattr(kg.loading, "load_file", no_load)
    again = open_store(graph)
    assert NameIndex(again).resolve("ALPHA").iri == "https://example.org/a"
    monkeypatch.undo()
    monkeypatch.setattr(kg.stores, "GRAPH_CACHE_MIN_BYTES", 0)
    monkeypatch.setenv("DRUGKG_GRAPH_CACHE_DIR", str(cache))
    graph.write_text(f'<https://example.org/b> {LABEL} "Beta" .\n', encoding="utf-8")
    changed = open_store(graph)
    assert NameIndex(changed).resolve("beta").iri == "https://example.org/b"
    with pytest.raises(InputError, match="no entity named 'alpha'"):
        NameIndex(changed).resolve("alpha")


def test_a_graph_file_that_does_not_parse_leaves_no_store(cache: Path, tmp_path: Path) -> None:
    graph = tmp_path / "bad.nt"
    graph.write_text("<https://example.org/a> <https://example.org/p> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.nt"):
        open_store(graph)
    assert sorted(p.name for p in cache.iterdir()) == ["digests"]


def test_the_size_limit_guards_memory_not_the_on_disk_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over kg.loading.MAX_FILE_BYTES is refused when it would be parsed into memory, but
    streams into the on-disk cache (`drugkg synth --triples 10000000` writes about 2 GB)."""
    import pyoxigraph as ox

    graph = tmp_path / "graph.nt"
    graph.write_text(
        "".join(f'<https://example.org/d{n}> {LABEL} "Drug {n}" .\n' for n in range(100)), encoding="utf-8"
    )
    monkeypatch.setattr(kg.loading, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(kg.stores, "GRAPH_CACHE_MIN_BYTES", 10**9)  # parsed into memory
    with pytest.raises(InputError, match=r"graph\.nt: [\d,]+ bytes, over the limit of 1,000; refused"):
        open_store(graph)
    monkeypatch.setattr(kg.stores, "GRAPH_CACHE_MIN_BYTES", 0)  # loaded into the cache
    monkeypatch.setenv("DRUGKG_GRAPH_CACHE_DIR", str(tmp_path / "cache"))
    store = open_store(graph)
    assert NameIndex(store).resolve("drug 99").iri == "https://example.org/d99"
    xml = tmp_path / "graph.rdf"  # RDF/XML is read whole before parsing: always bounded
    xml.write_text("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'/>" + " " * 2000)
    with pytest.raises(InputError, match="over the limit of 1,000"):
        kg.loading.load_file(ox.Store(), xml, bulk=True, any_size=True)
