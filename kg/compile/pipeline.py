"""The build: curated sources + open datasets -> Oxigraph dataset -> closure -> SHACL check -> ``drugkg.trig``.

The built dataset keeps every fact in the named graph of its source section; the vocabulary is
in the graph named by the ontology IRI, rule descriptions in ``dkg:rules`` and what each rule
derived in its own ``inferred/NAME`` graph.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.atomic import atomic_write
from kg.compile.reasoning import ReasoningResult, materialise
from kg.compile.rule_files import Rule, load_rules
from kg.errors import InputError, ValidationFailed
from kg.graph_facts import RDF_TYPE, RDFS_LABEL, SKOS_DEFINITION
from kg.loading import check_regular_file, load_file
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

BUILT_GRAPH_NAME = "drugkg.trig"
MANIFEST_NAME = "manifest.json"


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


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """The curated fact files, sorted."""
    return sorted(data_dir.glob(DATA_FILES_GLOB))


def user_data_files(data_dir: Path | None = None) -> list[Path]:
    """The accepted-fact files (``*.trig``) of a user data folder (default:
    :func:`kg.paths.default_user_data_dir`; a default folder that does not exist holds none)."""
    folder = default_user_data_dir() if data_dir is None else Path(data_dir)
    if data_dir is not None and not folder.is_dir():
        raise InputError(f"--data {folder}: no such folder")
    files = sorted(folder.glob(DATA_FILES_GLOB)) if folder.is_dir() else []
    for path in files:
        check_regular_file(path)  # before its bytes are read for the digest: never a device or FIFO
    return files


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
    from kg.analysis.disputes import dispute_counts
    from kg.compile.disagreement import CURATED, contradictions_within_sources, fact_graphs_by_source
    from kg.compile.shapes_engine import validate_built
    from kg.compile.user_data import check_user_file
    from kg.sources import import_sources, importer_named

    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    _check_build_folder(out_dir)
    remembered = data_dir is None and remembered_data_dir(out_dir) is not None
    data_dir = Path(data_dir) if data_dir is not None else remembered_data_dir(out_dir)
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
    with atomic_write(out_dir / BUILT_GRAPH_NAME, "wb") as handle:
        store.dump(handle, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
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
    with atomic_write(out_dir / MANIFEST_NAME) as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
        handle.write("\n")
    return BuildResult(out_dir, len(store), asserted, reasoning, (data_dir or default_user_data_dir()), remembered)


def last_data_dir(out_dir: Path | None = None) -> Path | None:
    """The user data folder the build in ``out_dir`` read (None: no readable manifest)."""
    return _built_data_dir(Path(out_dir) if out_dir is not None else default_build_dir())


def _built_data_dir(out_dir: Path) -> Path | None:
    """The user data folder the build in ``out_dir`` read (None: no readable manifest)."""
    try:
        recorded = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8")).get("user_data_dir")
    except (OSError, ValueError, AttributeError):
        return None
    return Path(recorded) if isinstance(recorded, str) else None


def remembered_data_dir(out_dir: Path | None = None) -> Path | None:
    """The user data folder that the last build of ``out_dir`` read when it was not the default one
    (``build --data DIR``) and still exists: a build without ``--data`` reads it again, so accepted
    facts are never dropped silently. None: the default folder."""
    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    recorded = _built_data_dir(out_dir)
    if recorded is None or not recorded.is_dir() or recorded == default_user_data_dir().resolve():
        return None
    return recorded


def current_user_data_dir(out_dir: Path | None = None) -> Path:
    """The user data folder that ``drugkg accept`` writes to and a build of ``out_dir`` reads:
    the remembered one (:func:`remembered_data_dir`), else :func:`kg.paths.default_user_data_dir`."""
    return remembered_data_dir(out_dir) or default_user_data_dir()


def _is_current(out_dir: Path) -> bool:
    manifest = out_dir / MANIFEST_NAME
    if not (manifest.is_file() and (out_dir / BUILT_GRAPH_NAME).is_file()):
        return False
    data_dir = _built_data_dir(out_dir)
    try:
        digest = source_digest(data_dir if data_dir is not None and data_dir.is_dir() else None)
        return json.loads(manifest.read_text(encoding="utf-8")).get("source_digest") == digest
    except (OSError, ValueError, InputError):
        return False


def built_manifest(out_dir: Path | None = None) -> dict[str, object]:
    """The manifest of the built graph (counts, and what each open dataset gave); builds first if stale."""
    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    if not _is_current(out_dir):
        _rebuild(out_dir)
    manifest: dict[str, object] = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    return manifest


#: The built graph last loaded by this process, by (file, modification time, size), with its
#: number of quads when loaded.
_LOADED: dict[tuple[str, int, int], tuple[ox.Store, int]] = {}


def built_with_open_datasets(out_dir: Path | None = None) -> bool:
    """Whether the build in ``out_dir`` has the open datasets (True when there is none yet: a
    build has them unless ``build --no-datasets`` left them out)."""
    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    try:
        manifest = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        return manifest.get("open_datasets", True) is not False
    except (OSError, ValueError, AttributeError):
        return True


def _rebuild(out_dir: Path) -> None:
    """Build again, with the user data folder the last build read (``build --data DIR``) and, if
    it left them out (``build --no-datasets``), without the open datasets."""
    build(out_dir, open_datasets=built_with_open_datasets(out_dir))


def open_built_store(out_dir: Path | None = None) -> ox.Store:
    """The built dataset in an in-memory store; builds it first (once) if missing or stale.

    A build remembers the user data folder it read (``build --data DIR``) and stays with it. The
    store is loaded once per process and built file (a notebook or a test session asks many times;
    with the open datasets a load takes a second or two): read it, never change it. A store a
    caller did change (its size differs) is not handed out again: the next call loads afresh.
    """
    out_dir = Path(out_dir) if out_dir is not None else default_build_dir()
    if not _is_current(out_dir):
        _rebuild(out_dir)
    path = out_dir / BUILT_GRAPH_NAME
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _LOADED or len(_LOADED[key][0]) != _LOADED[key][1]:
        store = ox.Store()
        load_file(store, path)
        _LOADED.clear()
        _LOADED[key] = (store, len(store))
    return _LOADED[key][0]
