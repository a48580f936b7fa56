"""A failing export leaves an existing target unchanged and nothing temporary behind."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export import export
from kg.namespaces import DK

EX = str(DK) + "atomic-"


class Boom(RuntimeError):
    """The failure forced in the middle of a write."""


@pytest.fixture
def small_store() -> ox.Store:
    store = ox.Store()
    for i in range(50):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"value {i}")))
    return store


def fail_after(monkeypatch: pytest.MonkeyPatch, target: object, name: str, calls: int) -> None:
    """Make ``target.name`` raise :class:`Boom` on its ``calls``-th call."""
    original = getattr(target, name)
    count = {"n": 0}

    def failing(*args, **kwargs):
        count["n"] += 1
        if count["n"] >= calls:
            raise Boom("forced failure mid-write")
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


def test_failed_turtle_export_keeps_the_old_file(
    small_store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.export.turtle

    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old content\n")
    fail_after(monkeypatch, kg.export.turtle.PrefixMap, "term", 40)  # formatting the 40th term fails
    with pytest.raises(Boom):
        export(small_store, "turtle", target)
    assert target.read_bytes() == b"old content\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


@pytest.mark.parametrize("format_name", ["ntriples", "nquads"])
def test_failed_line_export_leaves_no_file(
    small_store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format_name: str
) -> None:
    import kg.export.rdf

    seen_mid_write: list[list[Path]] = []

    def failing_write_lines(lines, handle) -> None:
        for index, line in enumerate(lines):
            if index == 10:
                handle.flush()
                seen_mid_write.append(list(tmp_path.iterdir()))
                raise Boom("forced failure mid-write")
            handle.write(line + b"\n")

    monkeypatch.setattr(kg.export.rdf, "write_lines", failing_write_lines)
    target = tmp_path / f"graph.{format_name}"
    with pytest.raises(Boom):
        export(small_store, format_name, target)
    (partial,) = seen_mid_write[0]  # the failure really came mid-write, into a temporary file
    assert partial.name.startswith(f".graph.{format_name}.") and partial.name.endswith(".part")
    assert list(tmp_path.iterdir()) == []


def test_failed_kgx_export_keeps_the_old_folder(
    small_store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.export.kgx

    small_store.add(ox.Quad(ox.NamedNode(f"{EX}s0"), ox.NamedNode(f"{EX}p"), ox.NamedNode(f"{EX}s1")))
    target = tmp_path / "kgx"
    target.mkdir()
    (target / "nodes.tsv").write_text("old nodes\n", encoding="utf-8")
    (target / "edges.tsv").write_text("old edges\n", encoding="utf-8")
    fail_after(monkeypatch, kg.export.kgx, "_write_tsv", 2)  # nodes.tsv written, then edges.tsv fails
    with pytest.raises(Boom):
        export(small_store, "kgx", target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kgx"]
    assert (target / "nodes.tsv").read_text(encoding="utf-8") == "old nodes\n"
    assert (target / "edges.tsv").read_text(encoding="utf-8") == "old edges\n"


def test_successful_kgx_export_replaces_the_old_folder(
    small_store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.export.kgx

    target = tmp_path / "kgx"
    target.mkdir()
    (target / "nodes.tsv").write_text("old nodes\n", encoding="utf-8")
    export(small_store, "kgx", target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kgx"]
    assert (
        (target / "nodes.tsv")
        .read_text(encoding="utf-8")
        .splitlines()[1]
        .startswith("dk:atomic-s0\tbiolink:NamedThing")
    )
    assert (target / "edges.tsv").read_text(encoding="utf-8").splitlines() == ["\t".join(kg.export.kgx.EDGE_COLUMNS)]


def test_failed_graphml_export_on_a_new_path_leaves_nothing(
    small_store: ox.Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import networkx

    fail_after(monkeypatch, networkx, "write_graphml", 1)
    with pytest.raises(Boom):
        export(small_store, "graphml", tmp_path / "graph.graphml")
    assert list(tmp_path.iterdir()) == []
