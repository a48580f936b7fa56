"""The shipped open datasets: manifests (origin, commit, licence, attribution, checksums), licence
files, nothing else shipped, and a changed file stopping the build with one line."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources import IMPORTERS, source_inputs
from kg.sources.manifest import DATASETS_DIR, dataset_files, read_manifest, verify

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
FOLDERS = sorted(p.name for p in DATASETS_DIR.iterdir() if p.is_dir())


def test_the_five_sources_are_shipped_and_nothing_else() -> None:
    assert FOLDERS == [
        "disease-ontology",
        "drugcentral-2016",
        "mesh-2015-pharmacologic-actions",
        "pharmacotherapydb",
        "spl-adr-200db",
    ]
    assert sorted(importer.folder for importer in IMPORTERS) == FOLDERS


@pytest.mark.parametrize(
    ("folder", "licence", "repository", "commit"),
    [
        (
            "pharmacotherapydb",
            CC0,
            "https://github.com/dhimmel/indications",
            "11d535ba0884ee56c3cd5756fdfb4985f313bd80",
        ),
        (
            "drugcentral-2016",
            CC_BY,
            "https://github.com/olegursu/drugtarget",
            "64630f7c2bc050f5af0a7cac7b08e778125284bc",
        ),
        (
            "disease-ontology",
            CC0,
            "https://github.com/DiseaseOntology/HumanDiseaseOntology",
            "9fbefd6651b79526165453395d06c8fd4bfe4247",
        ),
        (
            "mesh-2015-pharmacologic-actions",
            CC0,
            "https://github.com/dhimmel/mesh",
            "9e16dfdca6c6d32cf8d1dcb4149c86be58a1a029",
        ),
    ],
)
def test_manifest_names_origin_commit_and_licence(folder: str, licence: str, repository: str, commit: str) -> None:
    manifest = read_manifest(folder)
    assert (manifest.licence, manifest.repository, manifest.commit) == (licence, repository, commit)
    assert commit in manifest.attribution
    assert (DATASETS_DIR / folder / "LICENSE").is_file()
    assert (DATASETS_DIR / folder / "README.md").is_file()
    for entry in manifest.files:
        data = (DATASETS_DIR / folder / entry.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry.sha256


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_shipped_file_is_in_the_manifest(folder: str) -> None:
    listed = {entry.file for entry in read_manifest(folder).files}
    shipped = {p.name for p in (DATASETS_DIR / folder).iterdir()}
    assert shipped - listed == {"LICENSE", "MANIFEST.json", "README.md"}


def test_excluded_files_are_not_shipped() -> None:
    names = {p.name for p in DATASETS_DIR.rglob("*")}
    assert not any("indication" in name and "drug_" in name for name in names)  # DrugCentral drug_indication
    assert not any(name.endswith(".jsonl") or "sider" in name.lower() for name in names)


def test_the_build_digest_covers_the_shipped_files() -> None:
    inputs = set(source_inputs())
    assert set(dataset_files()) <= inputs
    assert DATASETS_DIR / "drugcentral-2016" / "pharm_class.tsv.gz" in inputs


def _tampered_copy(tmp_path: Path) -> Path:
    """A copy of the datasets folder with one byte of PharmacotherapyDB's drugs.tsv changed."""
    copy = tmp_path / "datasets"
    shutil.copytree(DATASETS_DIR, copy)
    drugs = copy / "pharmacotherapydb" / "drugs.tsv"
    drugs.write_bytes(drugs.read_bytes().replace(b"Abacavir", b"Abacavin", 1))
    return copy


def test_a_changed_file_is_refused_with_one_line(tmp_path: Path) -> None:
    manifest = read_manifest(_tampered_copy(tmp_path) / "pharmacotherapydb")
    with pytest.raises(InputError) as error:
        verify(manifest, "drugs.tsv")
    message = str(error.value)
    assert "drugs.tsv" in message and "sha256" in message and "\n" not in message


def test_a_changed_file_stops_the_build_and_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    import kg.sources.manifest
    from kg.compile.pipeline import build

    monkeypatch.setattr(kg.sources.manifest, "DATASETS_DIR", _tampered_copy(tmp_path))
    out = tmp_path / "out"
    with pytest.raises(InputError) as error:
        build(out)
    assert "pharmacotherapydb/drugs.tsv: sha256" in str(error.value) and "\n" not in str(error.value)
    assert not out.exists()


def test_manifest_rows_are_the_rows_of_the_files() -> None:
    for folder in FOLDERS:
        data = json.loads((DATASETS_DIR / folder / "MANIFEST.json").read_text(encoding="utf-8"))
        manifest = read_manifest(folder)
        for entry, raw in zip(manifest.files, data["files"], strict=True):
            assert entry.rows == raw["rows"] > 0
