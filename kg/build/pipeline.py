"""The build: curated sources + open datasets -> Oxigraph dataset -> closure -> SHACL check -> ``drugkg.trig``.

The built dataset keeps every fact in the named graph of its source section; the vocabulary is
in the graph named by the ontology IRI, rule descriptions in ``dkg:rules`` and what each rule
derived in its own ``inferred/NAME`` graph.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.atomic import atomic_write
from kg.errors import InputError, ValidationFailed
from kg.loading import load_file
from kg.namespaces import DKR, DKV, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES, PREFIXES
from kg.paths import (
    QUALITY_CHECKS_DIR,
    DATA_DIR,
    DATA_FILES_GLOB,
    ONTOLOGY_FILE,
    RULES_DIR,
    SHAPES_FILE,
    default_build_dir,
)
from kg.build.reasoning import ReasoningResult, Rule, load_rules, materialise
from kg.query.engine import select_rows

__all__ = [
    "BUILT_GRAPH_NAME",
    "MANIFEST_NAME",
    "BuildResult",
    "build",
    "built_manifest",
    "compile_dataset",
    "negative_assertion_conflicts",
    "open_built_store",
    "source_digest",
]

BUILT_GRAPH_NAME = "drugkg.trig"
MANIFEST_NAME = "manifest.json"

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_SKOS_DEFINITION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#definition")


@dataclass
class BuildResult:
    """What a build made: where, how many quads, and what reasoning added."""

    out_dir: Path
    quads: int
    asserted: int
    reasoning: ReasoningResult

    @property
    def graph_file(self) -> Path:
        return self.out_dir / BUILT_GRAPH_NAME


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """The curated fact files, sorted."""
    return sorted(data_dir.glob(DATA_FILES_GLOB))


def source_digest() -> str:
    """A digest of every input of the build, to tell whether a built graph is current."""
    digest = hashlib.sha256(__version__.encode())
    from kg.sources import source_inputs

    inputs = [ONTOLOGY_FILE, SHAPES_FILE, *data_files(), *sorted(RULES_DIR.glob("*.rq")), *source_inputs()]
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def compile_dataset(ontology: Path = ONTOLOGY_FILE, facts: list[Path] | None = None) -> ox.Store:
    """Load the vocabulary and the curated facts into a new in-memory store (no reasoning)."""
    store = ox.Store()
    load_file(store, ontology, to_graph=ox.NamedNode(str(GRAPH_ONTOLOGY)))
    for path in data_files() if facts is None else facts:
        load_file(store, path)
    stray = next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None)
    if stray is not None:
        raise InputError(f"a fact outside any source graph (every fact needs a source section): {stray}")
    return store


def describe_rules(store: ox.Store, rules: list[Rule]) -> None:
    """Describe each rule and its inferred graph in the ``dkg:rules`` graph."""
    graph = ox.NamedNode(str(GRAPH_RULES))
    for rule in rules:
        rule_node = ox.NamedNode(str(DKR[rule.name]))
        inferred = rule.graph
        store.extend(
            [
                ox.Quad(rule_node, _RDF_TYPE, ox.NamedNode(str(DKV.InferenceRule)), graph),
                ox.Quad(rule_node, _RDFS_LABEL, ox.Literal(rule.label), graph),
                ox.Quad(rule_node, _SKOS_DEFINITION, ox.Literal(rule.definition), graph),
                ox.Quad(inferred, _RDF_TYPE, ox.NamedNode(str(DKV.InferredGraph)), graph),
                ox.Quad(inferred, _RDFS_LABEL, ox.Literal(f"facts inferred by rule {rule.name}"), graph),
                ox.Quad(
                    inferred,
                    _SKOS_DEFINITION,
                    ox.Literal(f"The facts derived by the rule: {rule.label}."),
                    graph,
                ),
                ox.Quad(inferred, ox.NamedNode(str(DKV.generatedByRule)), rule_node, graph),
            ]
        )


def negative_assertion_conflicts(store: ox.Store) -> list[str]:
    """Negative statements that the dataset (asserted or inferred) contradicts, as text."""
    query = (QUALITY_CHECKS_DIR / "negative-assertion-violation.rq").read_text(encoding="utf-8")
    return sorted(f"{row['assertion'].value} is contradicted" for row in select_rows(store, query))


def build(out_dir: Path | None = None) -> BuildResult:
    """Compile, reason, validate and write the built dataset to ``out_dir`` atomically.

    Nothing is written unless every step succeeds; a previous build stays as it was.
    """
    from kg.build.disagreement import CURATED, contradictions_within_sources, fact_graphs_by_source
    from kg.build.shapes_engine import validate_built
    from kg.sources import import_sources

    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    digest = source_digest()
    store = compile_dataset()
    imports = import_sources(store)
    asserted = len(store)
    rules = load_rules()
    reasoning = materialise(store, rules)
    conflicts = contradictions_within_sources(store)
    if conflicts:
        raise ValidationFailed("the closure contradicts a negative statement: " + "; ".join(conflicts))
    describe_rules(store, rules)
    curated = fact_graphs_by_source(store)[CURATED] | {str(GRAPH_SOURCES), str(GRAPH_RULES)}
    violations = validate_built(store, curated)
    if violations:
        shown = "; ".join(str(v) for v in violations[:5])
        more = f" (and {len(violations) - 5} more)" if len(violations) > 5 else ""
        raise ValidationFailed(f"the built graph breaks {len(violations)} SHACL constraints: {shown}{more}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create build folder {out_dir}: {error.strerror}") from None
    with atomic_write(out_dir / BUILT_GRAPH_NAME, "wb") as handle:
        store.dump(handle, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    manifest = {
        "drugkg_version": __version__,
        "source_digest": digest,
        "quads": len(store),
        "asserted_quads": asserted,
        "inferred": reasoning.added,
        "reasoning_passes": reasoning.passes,
        "sources": {report.source: report.summary() for report in imports},
    }
    with atomic_write(out_dir / MANIFEST_NAME) as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
        handle.write("\n")
    return BuildResult(out_dir, len(store), asserted, reasoning)


def _is_current(out_dir: Path) -> bool:
    manifest = out_dir / MANIFEST_NAME
    if not (manifest.is_file() and (out_dir / BUILT_GRAPH_NAME).is_file()):
        return False
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("source_digest") == source_digest()
    except (OSError, ValueError):
        return False


def built_manifest(out_dir: Path | None = None) -> dict[str, object]:
    """The manifest of the built graph (counts, and what each open dataset gave); builds first if stale."""
    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    if not _is_current(out_dir):
        build(out_dir)
    manifest: dict[str, object] = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    return manifest


#: The built graph last loaded by this process, by (file, modification time, size).
_LOADED: dict[tuple[str, int, int], ox.Store] = {}


def open_built_store(out_dir: Path | None = None) -> ox.Store:
    """The built dataset in an in-memory store; builds it first (once) if missing or stale.

    The store is loaded once per process and built file (a notebook or a test session asks many
    times; with the open datasets a load takes a second or two): read it, never change it.
    """
    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    if not _is_current(out_dir):
        build(out_dir)
    path = out_dir / BUILT_GRAPH_NAME
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _LOADED:
        store = ox.Store()
        load_file(store, path)
        _LOADED.clear()
        _LOADED[key] = store
    return _LOADED[key]
