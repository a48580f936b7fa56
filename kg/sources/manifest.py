"""The shipped copy of each open dataset: its ``MANIFEST.json`` (origin, commit, licence, attribution,
the sha256 of every file as shipped) and the rows of its files, checked against the manifest.

A file whose bytes differ from the manifest stops the build with one line, before any row is read.

>>> manifest = read_manifest("pharmacotherapydb")
>>> manifest.name, manifest.licence
('PharmacotherapyDB', 'https://creativecommons.org/publicdomain/zero/1.0/')
>>> manifest.source_url
'https://github.com/dhimmel/indications/tree/11d535ba0884ee56c3cd5756fdfb4985f313bd80'
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

__all__ = [
    "DATASETS_DIR",
    "DatasetFile",
    "Manifest",
    "dataset_files",
    "read_manifest",
    "verify",
]

#: One folder per source: the shipped files, their LICENSE, MANIFEST.json and README.md.
DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
MANIFEST_NAME = "MANIFEST.json"


@dataclass(frozen=True)
class DatasetFile:
    """One shipped file: its name in the folder, where it comes from upstream, and its checksum."""

    file: str
    upstream_path: str
    rows: int
    sha256: str
    changed: str | None = None


@dataclass(frozen=True)
class Manifest:
    """What ``MANIFEST.json`` of one source folder says."""

    folder: Path
    name: str
    version: str
    licence: str
    licence_name: str
    attribution: str
    repository: str
    commit: str
    files: tuple[DatasetFile, ...]

    @property
    def source_url(self) -> str:
        """The upstream repository at the commit the files were taken from."""
        return f"{self.repository}/tree/{self.commit}"

    def file_url(self, name: str) -> str:
        """The upstream file at the commit (``dcterms:source`` of the section it feeds)."""
        return f"{self.repository}/blob/{self.commit}/{self.entry(name).upstream_path}"

    def entry(self, name: str) -> DatasetFile:
        """The manifest entry of ``name`` (a shipped file name, with or without ``.gz``)."""
        for entry in self.files:
            if name in (entry.file, entry.file.removesuffix(".gz")):
                return entry
        raise InputError(f"{self.folder / MANIFEST_NAME}: no file {name!r} in the manifest")

    def path(self, name: str) -> Path:
        return self.folder / self.entry(name).file


def read_manifest(folder: str | Path) -> Manifest:
    """The manifest of a source folder (a name under :data:`DATASETS_DIR`, or a path)."""
    folder = Path(folder) if Path(folder).is_absolute() else DATASETS_DIR / folder
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = tuple(
            DatasetFile(f["file"], f["upstream_path"], int(f["rows"]), f["sha256"], f.get("changed"))
            for f in data["files"]
        )
        return Manifest(
            folder,
            data["name"],
            data["version"],
            data["licence"],
            data["licence_name"],
            data["attribution"],
            data["repository"],
            data["commit"],
            files,
        )
    except OSError as error:
        raise InputError(f"{path}: cannot read the dataset manifest: {error.strerror}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a valid dataset manifest ({error})") from None


def dataset_files() -> list[Path]:
    """Every shipped dataset file and manifest, sorted: the inputs a build digest must cover."""
    found = []
    for folder in sorted(p for p in DATASETS_DIR.iterdir() if (p / MANIFEST_NAME).is_file()):
        manifest = read_manifest(folder)
        found.append(folder / MANIFEST_NAME)
        found += [folder / entry.file for entry in manifest.files]
    return found


def verify(manifest: Manifest, name: str) -> bytes:
    """The bytes of a shipped file, after checking its sha256 against the manifest (one-line error)."""
    entry = manifest.entry(name)
    path = manifest.folder / entry.file
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read dataset file: {error.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry.sha256:
        raise InputError(
            f"{path}: sha256 {digest} differs from {entry.sha256} in {MANIFEST_NAME}; "
            "the shipped dataset file was changed"
        )
    return data


def rows(manifest: Manifest, name: str, quoted: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a shipped TSV file as (line number, row) after its sha256 is checked.

    ``quoted``: the file quotes its values (DrugCentral's identifiers, the Disease Ontology reports).
    """
    data = verify(manifest, name)
    if manifest.entry(name).file.endswith(".gz"):
        data = gzip.decompress(data)
    text = io.StringIO(data.decode("utf-8"), newline="")
    reader = csv.DictReader(text, delimiter="\t", quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE, strict=True)
    for row in reader:
        yield reader.line_num, {key: (value or "") for key, value in row.items() if key is not None}
