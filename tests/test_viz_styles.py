"""One shape and colour per node type everywhere (kg.views.styles), and human names in legends."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from synthetic_graphs import synth_store

from kg.loading import load_file
from kg.namespaces import DK, DKV
from kg.views.html import render_html
from kg.views.network import build_network, local_neighbourhood, neighbourhood
from kg.views.styles import SHAPES, TYPE_TABLE, UNTYPED, UNTYPED_STYLE, style_of_type

DATA = Path(__file__).parent / "data"
EX = "https://example.org/hostile/"


def loaded(name: str) -> ox.Store:
    store = ox.Store()
    load_file(store, DATA / name)
    return store


def test_the_table_gives_each_type_its_own_shape_and_colour() -> None:
    pairs = list(TYPE_TABLE.values())
    assert len(set(pairs)) == len(pairs)
    assert all(style.shape in SHAPES for style in pairs)
    assert style_of_type(UNTYPED) == UNTYPED_STYLE


def test_a_drug_looks_the_same_in_every_graph_and_view(store: ox.Store) -> None:
    drug = style_of_type(str(DKV.Drug))._asdict()
    built = build_network(store)
    tiny = build_network(loaded("tiny.trig"))  # no vocabulary: the type is named by its CURIE
    synthetic = build_network(synth_store(2000, seed=5))
    assert built.graph["type_styles"]["drug"] == drug
    assert tiny.graph["type_styles"]["dkv:Drug"] == drug
    assert synthetic.graph["type_styles"]["drug"] == drug
    assert neighbourhood(built, str(DK.alcohol), 1).graph.graph["type_styles"]["drug"] == drug
    assert local_neighbourhood(store, str(DK.alcohol), 1).graph.graph["type_styles"]["drug"] == drug


def test_a_type_outside_the_table_keeps_its_style_whatever_other_types_the_graph_has() -> None:
    alone = build_network(loaded("hostile.ttl")).graph["type_styles"]
    more = loaded("hostile.ttl")
    for i in range(30):  # thirty more types, sorting before and after the first
        node = ox.NamedNode(f"{EX}extra{i}")
        more.add(
            ox.Quad(
                node, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(f"{EX}{i:02}Kind")
            )
        )
    with_more = build_network(more).graph["type_styles"]
    name = "<b onmouseover=alert(7)>danger type</b>"
    assert alone[name] == with_more[name] == style_of_type(EX + "Danger")._asdict()
    assert len({tuple(style.values()) for style in with_more.values()}) > 7  # hashed apart, not one look for all


def test_the_legend_names_types_as_people_read_them(store: ox.Store) -> None:
    page = render_html(neighbourhood(build_network(store), str(DK.clonazepam), 1))
    legend = re.search(r'<ul class="legend".*?</ul>', page, re.DOTALL).group(0)
    names = re.findall(r"</span>([^<]+)</li>", legend)
    assert "negative statement" in names and "drug" in names
    assert not [name for name in names if ":" in name]  # no CURIE such as owl:NegativePropertyAssertion
    edge_labels = {edge[2]["label"] for edge in build_network(store).edges(data=True)}
    assert {"says of", "denies a link to"} <= edge_labels and not {label for label in edge_labels if ":" in label}
