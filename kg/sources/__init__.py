"""Open datasets imported into the graph at build time, each by its importer (one per source).

The shipped files live in ``kg/sources/datasets/SOURCE/`` with their licence, ``MANIFEST.json``
(origin, commit, licence, attribution, sha256) and a README. :func:`import_sources` runs every
importer, in order, into a store that already holds the curated facts, then loads the curated
files that are about imported entities: the mappings (``kg/data/mappings/*.trig``) that connect the
article's classes and conditions to the imported ones, the indications
(``kg/data/indications/*.trig``: FDA-approved indications, disputed source rows), and the effects
stated on one imported drug's own label (``kg/data/effects/*.trig``), and the United States names
of imported drugs labelled by their international name (``kg/data/names/*.trig``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.loading import load_file
from kg.paths import DATA_DIR
from kg.sources.disease_ontology import DiseaseOntologyImporter
from kg.sources.drugcentral import DrugCentralImporter
from kg.sources.importer import ImportContext, ImportReport, SourceImporter
from kg.sources.manifest import dataset_files
from kg.sources.mesh_actions import MeshActionsImporter
from kg.sources.pharmacotherapydb import PharmacotherapyDbImporter
from kg.sources.spl_adr import SplAdrImporter

__all__ = [
    "IMPORTERS",
    "MAPPINGS_DIR",
    "import_sources",
    "importer_named",
    "is_imported_graph",
    "mapping_files",
    "source_inputs",
]

#: The importers, in the order they run: diseases and MeSH classes first, then DrugCentral (which
#: names the drugs it knows), then PharmacotherapyDB (which names the rest), then the hand-marked
#: label reactions of SPL-ADR-200db (which find their drugs by the names the others gave).
IMPORTERS: tuple[SourceImporter, ...] = (
    DiseaseOntologyImporter(),
    MeshActionsImporter(),
    DrugCentralImporter(),
    PharmacotherapyDbImporter(),
    SplAdrImporter(),
)
#: Curated facts that connect the curated classes and conditions to the imported ones.
MAPPINGS_DIR = DATA_DIR / "mappings"
#: Curated facts about imported drugs and diseases: approved indications, disputed source rows.
INDICATIONS_DIR = DATA_DIR / "indications"
#: Curated effects stated on one imported drug's own label (where no class warning covers it).
DRUG_EFFECTS_DIR = DATA_DIR / "effects"
#: Curated names of imported drugs: United States names (rifampin) of drugs labelled by their INN.
DRUG_NAMES_DIR = DATA_DIR / "names"


def importer_named(name: str) -> SourceImporter:
    """The importer of source ``name`` (``drugcentral``, ``pharmacotherapydb``...)."""
    for importer in IMPORTERS:
        if importer.name == name:
            return importer
    raise KeyError(name)


def is_imported_graph(iri: str) -> bool:
    """Whether a named graph holds facts of an open dataset (``source/NAME/RELEASE/...``).

    >>> is_imported_graph("https://w3id.org/drugkg/source/drugcentral/2016-11/pharm-class")
    True
    >>> is_imported_graph("https://w3id.org/drugkg/source/who-atc/N05BA")
    False
    """
    return any(iri.startswith(prefix) for prefix in _import_graph_prefixes())


@cache
def _import_graph_prefixes() -> tuple[str, ...]:
    return tuple(importer.document.value + "/" for importer in IMPORTERS)


def mapping_files() -> list[Path]:
    """The curated files loaded with the open datasets, sorted: the mappings, the indications, the
    drugs' own effects, then the drugs' United States names (their facts are about imported
    entities, which a build without the datasets lacks)."""
    return [
        *sorted(MAPPINGS_DIR.glob("*.trig")),
        *sorted(INDICATIONS_DIR.glob("*.trig")),
        *sorted(DRUG_EFFECTS_DIR.glob("*.trig")),
        *sorted(DRUG_NAMES_DIR.glob("*.trig")),
    ]


def source_inputs() -> list[Path]:
    """Every file an import reads or runs: datasets, manifests, mappings and the importers' code."""
    return [*dataset_files(), *mapping_files(), *sorted(Path(__file__).parent.glob("*.py"))]


def import_sources(store: ox.Store, importers: tuple[SourceImporter, ...] = IMPORTERS) -> list[ImportReport]:
    """Run ``importers`` into ``store`` (curated facts already loaded), then load the mappings."""
    context = ImportContext.for_store(store)
    reports = [importer.import_into(store, context) for importer in importers]
    for path in mapping_files():
        load_file(store, path)
    return reports
