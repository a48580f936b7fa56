"""The build: curated sources + open datasets -> Oxigraph dataset -> closure -> SHACL check -> ``drugkg.trig``.

The built dataset keeps every fact in the named graph of its source section; the vocabulary is
in the graph named by the ontology IRI, rule descriptions in ``dkg:rules`` and what each rule
derived in its own ``inferred/NAME`` graph.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.atomic import atomic_write, held_signals
from kg.compile.reasoning import ReasoningResult, materialise
from kg.compile.rule_files import Rule, load_rules
from kg.errors import InputError, ValidationFailed
from kg.graph_facts import RDF_TYPE, RDFS_LABEL, SKOS_DEFINITION
from kg.loading import load_file
from kg.namespaces import DKR, DKV, GRAPH_ONTOLOGY, GRAPH_RULES, GRAPH_SOURCES, PREFIXES
from kg.paths import (
    DATA_DIR,
    DATA_FILES_GLOB,
    ONTOLOGY_FILE,
    PACKAGE_DIR,
    QUALITY_CHECKS_DIR,
    RULES_DIR,
    SHAPES_FILE,
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
    "negative_assertion_conflicts",
    "open_built_store",
    "source_digest",
    "user_data_files",
]

BUILT_GRAPH_NAME = "drugkg.trig"
MANIFEST_NAME = "manifest.json"


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


def user_data_files(data_dir: Path | None = None) -> list[Path]:
    """The accepted-fact files (``*.trig``) of a user data folder (default:
    :func:`kg.paths.default_user_data_dir`; a default folder that does not exist holds none)."""
    folder = default_user_data_dir() if data_dir is None else Path(data_dir)
    if data_dir is not None and not folder.is_dir():
        raise InputError(f"--data {folder}: no such folder")
    return sorted(folder.glob(DATA_FILES_GLOB)) if folder.is_dir() else []


def build_inputs(data_dir: Path | None = None) -> list[Path]:
    """Every file whose bytes can change the built graph: the ontology and its shapes, the
    curated facts, the user data folder's accepted facts, the rules, the quality-check queries
    the build runs, and the package's code (all of ``kg/**/*.py``: simpler and safer than
    tracing what the build imports), and the shipped copies of the open datasets."""
    from kg.sources import source_inputs

    return [
        ONTOLOGY_FILE,
        SHAPES_FILE,
        *data_files(),
        *user_data_files(data_dir),
        *sorted(RULES_DIR.glob("*.rq")),
        *sorted(QUALITY_CHECKS_DIR.glob("*.rq")),
        *sorted(PACKAGE_DIR.rglob("*.py")),
        *source_inputs(),
    ]


def source_digest(data_dir: Path | None = None) -> str:
    """A digest of the package version and every :func:`build_inputs` file (name and bytes), to
    tell whether a built graph is current."""
    digest = hashlib.sha256(__version__.encode())
    for path in build_inputs(data_dir):
        data = path.read_bytes()
        name = path.relative_to(PACKAGE_DIR.parent) if path.is_relative_to(PACKAGE_DIR.parent) else path.name
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
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
    if not os.access(existing, os.W_OK):
        raise InputError(f"cannot create build folder {out_dir}: {existing} is not writable")


def build(out_dir: Path | None = None, data_dir: Path | None = None, *, open_datasets: bool = True) -> BuildResult:
    """Compile, reason, validate and write the built dataset to ``out_dir`` atomically, with the
    accepted facts of the user data folder ``data_dir`` (default: :func:`kg.paths.default_user_data_dir`)
    and, unless ``open_datasets`` is false, the open datasets (:mod:`kg.sources`). The manifest
    records both, and a rebuild of ``out_dir`` makes the same choice.

    Nothing is written unless every step succeeds; a previous build stays as it was.
    """
    from kg.compile.disagreement import CURATED, contradictions_within_sources, fact_graphs_by_source
    from kg.compile.shapes_engine import validate_built
    from kg.sources import import_sources

    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    _check_build_folder(out_dir)
    data_dir = Path(data_dir) if data_dir is not None else None
    digest = source_digest(data_dir)
    store = compile_dataset(facts=[*data_files(), *user_data_files(data_dir)])
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
    _write_version(out_dir, store, manifest)
    return BuildResult(out_dir, len(store), asserted, reasoning)


def _write_version(out_dir: Path, store: ox.Store, manifest: dict[str, object]) -> None:
    """Write the store, graph file and manifest as a new version of ``out_dir`` and make it the
    current one (:mod:`kg.stores`), then show its graph file and manifest in ``out_dir`` itself.
    Until the switch nothing a reader sees has changed; a failure or a kill before it leaves the
    previous version current (its leftovers are removed by the next build)."""
    from kg.stores import new_version, prune_versions, publish_version

    prune_versions(out_dir)
    folder: Path | None = None
    try:
        with held_signals():  # made and recorded together, so removed below on failure
            folder = new_version(out_dir, store)
        with (folder / BUILT_GRAPH_NAME).open("wb") as handle:
            store.dump(handle, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
        with (folder / MANIFEST_NAME).open("w", encoding="utf-8") as text:
            json.dump(manifest, text, indent=2, sort_keys=True)
            text.write("\n")
        folder = publish_version(out_dir, folder)
    except BaseException:
        if folder is not None and folder.name.endswith(".part"):
            shutil.rmtree(folder, ignore_errors=True)
        raise
    for name in (BUILT_GRAPH_NAME, MANIFEST_NAME):
        _show(folder / name, out_dir / name)
    prune_versions(out_dir)


def _show(source: Path, target: Path) -> None:
    """Replace ``target`` atomically with a hard link to ``source`` (a copy where links fail)."""
    link = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        link.unlink(missing_ok=True)
        os.link(source, link)
        os.replace(link, target)
    except OSError:
        link.unlink(missing_ok=True)
        with atomic_write(target, "wb") as handle, source.open("rb") as original:
            shutil.copyfileobj(original, handle)


def built_version(out_dir: Path | None = None) -> Path:
    """The current version folder of the build in ``out_dir`` (:mod:`kg.stores`): its ``oxigraph``
    store, ``drugkg.trig`` and ``manifest.json`` belong together. Builds first if missing or stale."""
    from kg.stores import current_version

    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    version = _current(out_dir)
    if version is None:
        _rebuild(out_dir)
        version = current_version(out_dir)
        if version is None:  # pragma: no cover - a build always publishes a version
            raise InputError(f"{out_dir}: the build left no store")
    return version


def _read_manifest(folder: Path) -> dict[str, object] | None:
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _built_data_dir(out_dir: Path) -> Path | None:
    """The user data folder the build in ``out_dir`` read (None: no readable manifest)."""
    from kg.stores import current_version

    version = current_version(out_dir)
    manifest = _read_manifest(version if version is not None else out_dir)
    recorded = manifest.get("user_data_dir") if manifest is not None else None
    return Path(recorded) if isinstance(recorded, str) else None


def _current(out_dir: Path) -> Path | None:
    """The current version folder of ``out_dir`` if it was built from the current sources, else None."""
    from kg.stores import current_version

    version = current_version(out_dir)
    manifest = _read_manifest(version) if version is not None else None
    if version is None or manifest is None:
        return None
    recorded = manifest.get("user_data_dir")
    data_dir = Path(recorded) if isinstance(recorded, str) else None
    try:
        digest = source_digest(data_dir if data_dir is not None and data_dir.is_dir() else None)
    except (OSError, InputError):
        return None
    return version if manifest.get("source_digest") == digest else None


def _is_current(out_dir: Path) -> bool:
    return _current(out_dir) is not None


def built_manifest(out_dir: Path | None = None) -> dict[str, object]:
    """The manifest of the built graph (counts, and what each open dataset gave); builds first if stale."""
    manifest = _read_manifest(built_version(out_dir))
    if manifest is None:  # pragma: no cover - a published version always has its manifest
        raise InputError(f"{out_dir}: the build has no readable manifest")
    return manifest


#: The stores this process opened, by version folder.
_OPENED: dict[str, ox.Store] = {}


def built_with_open_datasets(out_dir: Path | None = None) -> bool:
    """Whether the build in ``out_dir`` has the open datasets (True when there is none yet: a
    build has them unless ``build --no-datasets`` left them out)."""
    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    from kg.stores import current_version

    version = current_version(out_dir)
    manifest = _read_manifest(version if version is not None else out_dir)
    return manifest is None or manifest.get("open_datasets", True) is not False


def _rebuild(out_dir: Path) -> None:
    """Build again, with the user data folder the last build read (``build --data DIR``) and, if
    it left them out (``build --no-datasets``), without the open datasets."""
    remembered = _built_data_dir(out_dir)
    open_datasets = built_with_open_datasets(out_dir)
    if remembered is not None and remembered.is_dir() and remembered != default_user_data_dir().resolve():
        build(out_dir, remembered, open_datasets=open_datasets)
    else:
        build(out_dir, open_datasets=open_datasets)


def open_built_store(out_dir: Path | None = None) -> ox.Store:
    """The built dataset's on-disk store, opened read-only; builds it first if missing or stale.

    A build remembers the user data folder it read (``build --data DIR``) and stays with it. The
    store is opened once per process and version (a notebook or a test session asks many times).
    It is read-only: to change a copy, ``ox.Store().bulk_extend(store)``.
    """
    from kg.stores import open_read_only

    version = built_version(out_dir)
    key = str(version.resolve())
    if key not in _OPENED:
        _OPENED.clear()
        _OPENED[key] = open_read_only(version)
    return _OPENED[key]
