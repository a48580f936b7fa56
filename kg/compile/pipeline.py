"""The build: curated sources + open datasets -> Oxigraph dataset -> closure -> SHACL check -> ``drugkg.trig``.

The built dataset keeps every fact in the named graph of its source section; the vocabulary is
in the graph named by the ontology IRI, rule descriptions in ``dkg:rules`` and what each rule
derived in its own ``inferred/NAME`` graph.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.atomic import held_signals
from kg.compile.built import (
    BUILT_GRAPH_NAME,
    MANIFEST_NAME,
    build_inputs,
    built_manifest,
    built_version,
    built_with_open_datasets,
    current_user_data_dir,
    data_files,
    inputs_stamp,
    last_data_dir,
    open_built_store,
    remember_digest,
    remembered_data_dir,
    source_digest,
    user_data_files,
)
from kg.compile.reasoning import ReasoningResult, materialise
from kg.compile.rule_files import Rule, load_rules
from kg.errors import InputError, ValidationFailed
from kg.graph_facts import RDF_TYPE, RDFS_LABEL, SKOS_DEFINITION
from kg.loading import load_file
from kg.namespaces import DKR, DKV, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES, PREFIXES
from kg.paths import (
    ONTOLOGY_FILE,
    QUALITY_CHECKS_DIR,
    default_build_dir,
    default_user_data_dir,
)
from kg.query.engine import select_rows

__all__ = [
    "BUILT_GRAPH_NAME",
    "MANIFEST_NAME",
    "BuildResult",
    "build",
    "build_inputs",
    "built_manifest",
    "built_version",
    "built_with_open_datasets",
    "compile_dataset",
    "current_user_data_dir",
    "last_data_dir",
    "negative_assertion_conflicts",
    "open_built_store",
    "remembered_data_dir",
    "source_digest",
    "user_data_files",
]


@dataclass
class BuildResult:
    """What a build made: where, how many quads, and what reasoning added."""

    out_dir: Path
    quads: int
    asserted: int
    reasoning: ReasoningResult
    #: The user data folder the build read (it may not exist: then it held no facts).
    user_data_dir: Path | None = None
    #: True when that folder was not given but remembered from the previous build of ``out_dir``.
    remembered: bool = False

    @property
    def graph_file(self) -> Path:
        return self.out_dir / BUILT_GRAPH_NAME


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
                ox.Quad(rule_node, RDF_TYPE, ox.NamedNode(str(DKV.InferenceRule)), graph),
                ox.Quad(rule_node, RDFS_LABEL, ox.Literal(rule.label), graph),
                ox.Quad(rule_node, SKOS_DEFINITION, ox.Literal(rule.definition), graph),
                ox.Quad(inferred, RDF_TYPE, ox.NamedNode(str(DKV.InferredGraph)), graph),
                ox.Quad(inferred, RDFS_LABEL, ox.Literal(f"facts inferred by rule {rule.name}"), graph),
                ox.Quad(
                    inferred,
                    SKOS_DEFINITION,
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


def _check_build_folder(out_dir: Path) -> None:
    """Fail with one line, before the work, unless ``out_dir`` is a folder or can be made one."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"cannot create build folder {out_dir}: it is a file")
    existing = next(p for p in (out_dir.resolve(), *out_dir.resolve().parents) if p.exists())
    if not existing.is_dir():
        raise InputError(f"cannot create build folder {out_dir}: {existing} is a file")
    try:  # a real probe: root passes os.access() where the kernel refuses new files (/sys, a read-only mount)
        os.rmdir(tempfile.mkdtemp(prefix=".drugkg-probe-", dir=existing))
    except OSError as error:
        reason = f"{existing} is not writable ({error.strerror})"
        raise InputError(f"cannot create build folder {out_dir}: {reason}") from None


def build(out_dir: Path | None = None, data_dir: Path | None = None, *, open_datasets: bool = True) -> BuildResult:
    """Compile, reason, validate and write the built dataset to ``out_dir`` atomically, with the
    accepted facts of the user data folder ``data_dir`` (default: :func:`kg.paths.default_user_data_dir`)
    and, unless ``open_datasets`` is false, the open datasets (:mod:`kg.sources`). The manifest
    records both, and a rebuild of ``out_dir`` makes the same choice.

    Nothing is written unless every step succeeds; a previous build stays as it was.
    """
    from kg.analysis.disputes import dispute_counts
    from kg.compile.disagreement import CURATED, contradictions_within_sources, fact_graphs_by_source
    from kg.compile.shapes_engine import validate_built
    from kg.compile.user_data import check_user_file
    from kg.sources import import_sources, importer_named

    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    _check_build_folder(out_dir)
    remembered = data_dir is None and remembered_data_dir(out_dir) is not None
    data_dir = Path(data_dir) if data_dir is not None else remembered_data_dir(out_dir)
    stamp = inputs_stamp(data_dir)
    digest = source_digest(data_dir)
    user_files = user_data_files(data_dir)
    for path in user_files:
        check_user_file(path)  # facts only: never the vocabulary, drugkg's own graphs or a dataset's
    store = compile_dataset(facts=[*data_files(), *user_files])
    imports = import_sources(store) if open_datasets else []
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
    manifest = {
        "drugkg_version": __version__,
        "source_digest": digest,
        "quads": len(store),
        "asserted_quads": asserted,
        "inferred": reasoning.added,
        "reasoning_passes": reasoning.passes,
        "user_data_dir": str((data_dir or default_user_data_dir()).resolve()),
        "open_datasets": open_datasets,
        "sources": {report.source: report.summary() for report in imports},
    }
    disputed = dispute_counts(store)
    for report in imports:  # the rows of each source that a curated dispute casts doubt on
        prefix = importer_named(report.source).document.value + "/"
        summary = manifest["sources"][report.source]  # type: ignore[index]
        summary["rows_disputed"] = sum(n for graph, n in disputed.items() if graph.startswith(prefix))
    _write_version(out_dir, store, manifest)
    remember_digest(out_dir, stamp, digest)
    return BuildResult(out_dir, len(store), asserted, reasoning, (data_dir or default_user_data_dir()), remembered)


def _write_version(out_dir: Path, store: ox.Store, manifest: dict[str, object]) -> None:
    """Write the store, graph file and manifest as a new version of ``out_dir`` and make it the
    current one (:mod:`kg.stores`), with its graph file and manifest shown in ``out_dir`` itself.
    Until the switch nothing a reader sees has changed; a failure, an interrupt or a kill before it
    leaves the previous version current (the leftovers of a kill are removed by the next build)."""
    from kg.stores import new_version, prune_versions, publish_version

    prune_versions(out_dir)
    folder: Path | None = None
    shown: dict[Path, Path] = {}
    try:
        with held_signals():  # made and recorded together, so removed below on failure
            folder = new_version(out_dir, store)
        with (folder / BUILT_GRAPH_NAME).open("wb") as handle:
            store.dump(handle, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
        with (folder / MANIFEST_NAME).open("w", encoding="utf-8") as text:
            json.dump(manifest, text, indent=2, sort_keys=True)
            text.write("\n")
        for name in (BUILT_GRAPH_NAME, MANIFEST_NAME):
            with held_signals():
                shown[out_dir / name] = _prepare_link(folder / name, out_dir / name)
        publish_version(out_dir, folder, also=shown)
    except BaseException:
        for link in shown.values():
            link.unlink(missing_ok=True)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)  # an unpublished version
        raise
    prune_versions(out_dir)


def _prepare_link(source: Path, target: Path) -> Path:
    """A hard link to ``source`` beside ``target`` (a copy where links fail), to be renamed over it."""
    link = target.with_name(f".{target.name}.{os.getpid()}.part")
    link.unlink(missing_ok=True)
    try:
        os.link(source, link)
    except OSError:
        shutil.copyfile(source, link)
    return link
