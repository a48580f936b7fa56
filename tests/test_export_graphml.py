"""GraphML export: read back with networkx, nodes are entities and edges are relations."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from kg.namespaces import DK, DKV

ARTICLE = "dks:clonazepam-depression-article/"
CLONAZEPAM, ALCOHOL = str(DK.clonazepam), str(DK.alcohol)


@pytest.fixture(scope="module")
def graphml(built, tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    from kg.compile.pipeline import open_built_store
    from kg.export import export

    target = tmp_path_factory.mktemp("graphml") / "drugkg.graphml"
    export(open_built_store(built.out_dir), "graphml", target)
    return nx.read_graphml(target, force_multigraph=True)


def edges(graph: nx.MultiDiGraph, subject: str, obj: str) -> dict[str, dict]:
    """Edges from subject to object, by predicate CURIE."""
    return {data["predicate_curie"]: data for data in graph.get_edge_data(subject, obj, default={}).values()}


def test_graphml_is_directed_with_one_node_per_entity(graphml: nx.MultiDiGraph, store) -> None:
    assert graphml.is_directed()
    node = dict(graphml.nodes[CLONAZEPAM])
    xrefs = node.pop("xref").split("|")
    assert {"ATC:N03AE01", "CHEBI:3756", "drugbank:DB01068", "pubchem.compound:2802", "wikidata:Q407988"} <= set(xrefs)
    matches = store.query(
        f"SELECT ?x WHERE {{ <{CLONAZEPAM}> <http://www.w3.org/2004/02/skos/core#exactMatch>|"
        "<http://www.w3.org/2004/02/skos/core#closeMatch> ?x }",
        use_default_graph_as_union=True,
    )
    assert sorted(xrefs) == xrefs and len(xrefs) == len({r["x"].value for r in matches})
    assert node == {
        "label": "clonazepam",
        "curie": "dk:clonazepam",
        "type": "dkv:Drug",
        "type_label": "drug",
        "dkv:brandName": "Klonopin",
        "skos:altLabel": "Klonopin",
        "dkv:durationOfAction": "long-acting",
        "dkv:onsetOfEffect": "fast-acting",
        "skos:definition": (
            "A long-acting benzodiazepine medication that calms by slowing activity in the central nervous system."
        ),
    }
    assert graphml.nodes[str(DK.benzodiazepine)]["type"] == "dkv:TherapeuticClass"  # the most specific type
    assert graphml.nodes[str(DK["cns-depressant"])]["type"] == "dkv:DrugClass"


def test_classes_sections_and_rules_are_not_nodes(graphml: nx.MultiDiGraph) -> None:
    for iri in (
        str(DKV.Drug),
        str(DKV.interactsWith),
        "https://w3id.org/drugkg/source/clonazepam-depression-article/side-effects-and-safety",
        "https://w3id.org/drugkg/rule/symmetric-properties",
        str(DK["clonazepam-not-antidepressant"]),
    ):
        assert iri not in graphml


def test_clonazepam_interacts_with_alcohol(graphml: nx.MultiDiGraph) -> None:
    edge = edges(graphml, CLONAZEPAM, ALCOHOL)["dkv:interactsWith"]
    assert edge == {
        "predicate": str(DKV.interactsWith),
        "predicate_curie": "dkv:interactsWith",
        "label": "interacts with",
        "inferred": False,
        "negated": False,
        "source": ARTICLE + "side-effects-and-safety",
        "inferred_by": "",
    }


def test_inferred_edges_are_flagged(graphml: nx.MultiDiGraph) -> None:
    back = edges(graphml, ALCOHOL, CLONAZEPAM)["dkv:interactsWith"]
    assert (back["inferred"], back["source"]) == (True, "")
    assert back["inferred_by"] == "https://w3id.org/drugkg/inferred/symmetric-properties"


def test_negative_statements_are_negated_edges(graphml: nx.MultiDiGraph) -> None:
    edge = edges(graphml, CLONAZEPAM, str(DK.antidepressant))["dkv:memberOf"]
    assert (edge["negated"], edge["inferred"], edge["source"]) == (True, False, ARTICLE + "role-in-depression")
    assert not edges(graphml, CLONAZEPAM, str(DK.benzodiazepine))["dkv:memberOf"]["negated"]


def test_every_relation_is_one_edge(graphml: nx.MultiDiGraph, store) -> None:
    query = """
    SELECT DISTINCT ?s ?p ?o WHERE {
      GRAPH ?g { ?s ?p ?o . FILTER(isIRI(?o) && ?p NOT IN (rdf:type, rdfs:seeAlso)) }
      FILTER(?p NOT IN (skos:exactMatch, skos:closeMatch) || STRSTARTS(STR(?o), "https://w3id.org/drugkg/entity/"))
      FILTER(?g NOT IN (<https://w3id.org/drugkg/vocab>, dkg:sources, dkg:rules))
      FILTER NOT EXISTS { ?s a owl:NegativePropertyAssertion }
    }"""
    prefixes = (
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX dkg: <https://w3id.org/drugkg/graph/> "
    )
    expected = {
        (r["s"].value, r["p"].value, r["o"].value)
        for r in store.query(prefixes + query, use_default_graph_as_union=True)
    }
    exported = {(s, d["predicate"], o) for s, o, d in graphml.edges(data=True) if not d["negated"]}
    assert exported == expected
    negatives = store.query(
        prefixes + "SELECT DISTINCT ?s ?p ?o WHERE { ?n a owl:NegativePropertyAssertion ; owl:sourceIndividual ?s ; "
        "owl:assertionProperty ?p ; owl:targetIndividual ?o }",
        use_default_graph_as_union=True,
    )
    negated = {(s, d["predicate"], o) for s, o, d in graphml.edges(data=True) if d["negated"]}
    assert negated == {(r["s"].value, r["p"].value, r["o"].value) for r in negatives}
    assert (CLONAZEPAM, str(DKV.memberOf), str(DK.antidepressant)) in negated
    assert graphml.number_of_edges() == len(expected) + len(negated)


def test_a_document_a_fact_refers_to_is_an_attribute_not_a_node(cli, tmp_path: Path) -> None:
    """DrugCentral's target actions refer to their evidence (``rdfs:seeAlso`` a label or paper):
    the address is the action's attribute, and no document becomes an entity."""
    data = tmp_path / "action.ttl"
    data.write_text(
        "@prefix dk: <https://w3id.org/drugkg/entity/> . @prefix dkv: <https://w3id.org/drugkg/vocab/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'dk:action a dkv:TargetAction ; rdfs:label "an action" ; dkv:actionAgent dk:drug ;\n'
        "    rdfs:seeAlso <https://example.org/label.pdf> .\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.graphml"
    assert cli("export", "-f", "graphml", "-o", str(target), "--graph", str(data)).code == 0
    graph = nx.read_graphml(target, force_multigraph=True)
    assert set(graph.nodes) == {str(DK.action), str(DK.drug)}
    assert graph.nodes[str(DK.action)]["rdfs:seeAlso"] == "https://example.org/label.pdf"


def test_cli_graphml_without_provenance(cli, tmp_path: Path) -> None:
    target = tmp_path / "plain.graphml"
    result = cli("export", "-f", "graphml", "-o", str(target), "--no-provenance", "--content", "asserted")
    assert result.code == 0
    graph = nx.read_graphml(target, force_multigraph=True)
    edge = edges(graph, CLONAZEPAM, ALCOHOL)["dkv:interactsWith"]
    assert "source" not in edge
    assert not edges(graph, ALCOHOL, CLONAZEPAM)
    assert not any(data["inferred"] for _, _, data in graph.edges(data=True))


def test_graphml_of_a_graph_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "tiny.graphml"
    data = Path(__file__).parent / "data" / "tiny.trig"
    assert cli("export", "-f", "graphml", "-o", str(target), "--graph", str(data)).code == 0
    graph = nx.read_graphml(target, force_multigraph=True)
    assert graph.nodes["https://example.org/tiny/drugA"]["label"] == "drug A"
    assert edges(graph, "https://example.org/tiny/drugA", "https://example.org/tiny/classB")["dkv:memberOf"][
        "label"
    ] == ("member of")


def test_numbers_and_booleans_are_typed(graphml: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Booleans and integers read back as Python bools and ints (GraphML ``boolean``/``long``)."""
    augmentation = graphml.nodes[str(DK["clonazepam-augmentation"])]
    assert (augmentation["dkv:responseWindowMinWeeks"], augmentation["dkv:responseWindowMaxWeeks"]) == (2, 4)
    assert type(augmentation["dkv:responseWindowMinWeeks"]) is int
    assert augmentation["dkv:intendedDuration"] == "short-term"
    flagged = {n: d["dkv:lifeThreatening"] for n, d in graphml.nodes(data=True) if "dkv:lifeThreatening" in d}
    assert flagged == {
        str(DK[name]): True
        for name in (
            "coma",
            "death",
            "grand-mal-seizure",
            "overdose",
            "respiratory-depression",
            "serotonin-syndrome",
            "suicidal-thoughts",
            # the boxed warnings' effects that the labels call fatal or life-threatening (kg/data/class-effects.trig)
            "cardiovascular-thrombotic-events",
            "complex-sleep-behaviours",
            # and those of the further class warnings (aortic rupture, heart failure, ketoacidosis, the ESAs')
            "aortic-aneurysm-and-dissection",
            "congestive-heart-failure",
            "ketoacidosis",
            "serious-cardiovascular-reactions",
            "stroke",
            "fetal-toxicity",
            "gastrointestinal-bleeding-ulceration-perforation",
            "increased-mortality",
            "myasthenia-gravis-exacerbation",
            "neonatal-opioid-withdrawal-syndrome",
            "suicidality",
            "withdrawal-reactions",
            # and those of the class warnings whose sources speak of deaths (HBV reactivation, cancers in children,
            # cardiovascular deaths, epidural steroid injections, micro-bubble contrast, LABAs alone, GnRH agonists)
            "hepatitis-b-virus-reactivation",
            "lymphoma-and-other-malignancies",
            "increased-cardiovascular-mortality",
            "serious-neurologic-events",
            "serious-cardiopulmonary-reactions",
            "asthma-related-death",
            "heart-attack-sudden-cardiac-death-stroke",
            "thyroid-hormone-toxicity",  # the levothyroxine label: serious or even life-threatening toxicity
        )
    }
    assert all(type(value) is bool for value in flagged.values())


def test_graphml_declares_the_types(cli, tmp_path: Path) -> None:
    """Decimals are doubles; a property with a value that is not a valid number, or with two values
    on one node, stays a string for every node."""
    data = tmp_path / "typed.ttl"
    data.write_text(
        """@prefix ex: <https://example.org/typed/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:dose 2.5 ; ex:count 3 ; ex:flag false ; ex:odd "x"^^xsd:integer ; ex:many 1, 2 ; ex:link ex:b .
ex:b ex:dose 3 ; ex:count "7"^^xsd:nonNegativeInteger ; ex:flag "1"^^xsd:boolean ; ex:odd 4 ; ex:many 3 .
""",
        encoding="utf-8",
    )
    target = tmp_path / "typed.graphml"
    assert cli("export", "-f", "graphml", "-o", str(target), "--graph", str(data)).code == 0
    text = target.read_text(encoding="utf-8")
    declared = dict(re.findall(r'attr\.name="https://example\.org/typed/(\w+)" attr\.type="(\w+)"', text))
    assert declared == {"dose": "double", "count": "long", "flag": "boolean", "odd": "string", "many": "string"}
    graph = nx.read_graphml(target, force_multigraph=True)
    ex = "https://example.org/typed/"
    a, b = graph.nodes[ex + "a"], graph.nodes[ex + "b"]
    names = [ex + name for name in ("dose", "count", "flag", "odd", "many")]
    assert [a[name] for name in names] == [2.5, 3, False, "x", "1|2"]
    assert [b[name] for name in names] == [3.0, 7, True, "4", "3"]
    assert [type(b[name]) for name in names] == [float, int, bool, str, str]
