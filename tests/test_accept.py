"""``drugkg accept`` and ``drugkg build --data``: reviewed candidates into a user data folder, checked
by a trial build; then extract -> accept -> build -> info, end to end."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from cli_assertions import assert_one_line_error

from kg.loading import load_file

DK, DKV = "https://w3id.org/drugkg/entity/", "https://w3id.org/drugkg/vocab/"
TEXT = "Diazepam Notes\nDiazepam is a benzodiazepine. Diazepam is not an antidepressant.\nDiazepam causes tremors.\n"


@pytest.fixture
def draft(cli, tmp_path: Path) -> Path:
    source = tmp_path / "diazepam-notes.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "draft.trig"
    result = cli("extract", str(source), "--format", "trig", "-o", str(out), "--no-adverse-model", "-q")
    assert result.code == 0, result.err
    return out


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_show_lists_the_candidates(cli, draft: Path) -> None:
    result = cli("accept", str(draft), "--show")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert [line.split()[:5] for line in lines[2:-1]] == [
        ["c1", "diazepam", "memberOf", "benzodiazepine", "0.6"],
        ["c2", "diazepam", "memberOf", "antidepressant", "not"],
        ["c3", "diazepam", "hasSideEffect", "tremor", "0.6"],
    ]


def test_accept_some_candidates(cli, draft: Path, tmp_path: Path) -> None:
    data = tmp_path / "accepted"
    result = cli("accept", str(draft), "--only", "c1", "c2", "--data", str(data), "-q")
    assert result.code == 0, result.err
    (written,) = data.iterdir()
    assert result.out.strip() == str(written)
    store = ox.Store()
    load_file(store, written)
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in store}
    assert (DK + "diazepam", DKV + "memberOf", DK + "benzodiazepine") in triples
    assert (DK + "diazepam", DKV + "hasSideEffect", DK + "tremor") not in triples  # c3 was not chosen
    assert not any(p == DKV + "memberOf" and o == DK + "antidepressant" for _, p, o in triples)  # negated: an NPA
    owl = "http://www.w3.org/2002/07/owl#"
    assert (owl + "targetIndividual", DK + "antidepressant") in {(p, o) for _, p, o in triples}
    documents = [
        q.subject.value for q in store.quads_for_pattern(None, None, ox.NamedNode(DKV + "SourceDocument"), None)
    ]
    assert len(documents) == 1 and "diazepam-notes" in documents[0]
    sections = {
        q.object.value
        for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None, None)
    }
    assert {"diazepam-notes.txt", "Diazepam Notes"} <= sections
    # accepting more later merges into the same file
    assert cli("accept", str(draft), "--only", "c3", "--data", str(data), "-q").code == 0
    store = ox.Store()
    load_file(store, written)
    assert ox.Quad(ox.NamedNode(DK + "diazepam"), ox.NamedNode(DKV + "hasSideEffect"), ox.NamedNode(DK + "tremor")) in {
        ox.Quad(q.subject, q.predicate, q.object) for q in store
    }


def test_conflict_with_a_negative_statement_changes_nothing(cli, tmp_path: Path) -> None:
    source = tmp_path / "wrong.txt"
    source.write_text("Clonazepam treats clinical depression.\n", encoding="utf-8")
    draft = tmp_path / "wrong.trig"
    assert cli("extract", str(source), "--format", "trig", "-o", str(draft), "--no-adverse-model", "-q").code == 0
    data = tmp_path / "accepted"
    data.mkdir()
    (data / "keep.trig").write_text("# accepted earlier\n", encoding="utf-8")
    before = folder_state(data)
    assert_one_line_error(
        cli("accept", str(draft), "--data", str(data)),
        "contradicts a negative statement",
        "clonazepam-does-not-treat-depression",
    )
    assert folder_state(data) == before


@pytest.mark.parametrize(
    "content",
    ["this is not TriG {", "@prefix dk: <https://w3id.org/drugkg/entity/> .\ndk:a dk:b dk:c .\n", ""],
)
def test_malformed_draft_changes_nothing(cli, tmp_path: Path, content: str) -> None:
    draft = tmp_path / "bad.trig"
    draft.write_text(content, encoding="utf-8")
    data = tmp_path / "accepted"
    assert_one_line_error(cli("accept", str(draft), "--data", str(data)), str(draft))
    assert not data.exists()


def test_unknown_candidate_id(cli, draft: Path, tmp_path: Path) -> None:
    assert_one_line_error(cli("accept", str(draft), "--only", "c99", "--data", str(tmp_path / "d")), "no candidate c99")


def test_a_draft_whose_fact_was_removed_is_malformed(cli, draft: Path, tmp_path: Path) -> None:
    store = ox.Store()
    load_file(store, draft)
    (fact,) = store.quads_for_pattern(ox.NamedNode(DK + "diazepam"), ox.NamedNode(DKV + "memberOf"), None, None)
    store.remove(fact)
    edited = tmp_path / "edited.trig"
    with edited.open("wb") as handle:
        store.dump(handle, format=ox.RdfFormat.TRIG)
    assert_one_line_error(cli("accept", str(edited), "--data", str(tmp_path / "d")), "malformed draft")


def test_extract_accept_build_info(cli, draft: Path, tmp_path: Path) -> None:
    data, build_dir = tmp_path / "accepted", tmp_path / "build"
    assert cli("accept", str(draft), "--only", "c3", "--data", str(data), "-q").code == 0
    result = cli("build", "--data", str(data), "--out", str(build_dir), "-q")
    assert result.code == 0, result.err
    info = cli("info", "diazepam", "--build-dir", str(build_dir))
    assert info.code == 0, info.err
    # info groups effects by kind (kg.analysis.effects.effects_of): a plain "has side effect" is "other"
    lines = info.out.splitlines()
    effects = lines[lines.index("effects:") + 1 :]
    effects = effects[: next(i for i, line in enumerate(effects) if not line.startswith("  "))]
    assert "  other -> tremor   [Diazepam Notes (diazepam-notes.txt)]" in effects
    # the build folder remembers its data folder: a later command still sees the accepted fact
    again = cli("info", "tremor", "--build-dir", str(build_dir))
    assert "diazepam" in again.out and "diazepam-notes.txt" in again.out


def test_build_digest_covers_the_data_folder(tmp_path: Path) -> None:
    from kg.compile.pipeline import source_digest

    data = tmp_path / "accepted"
    data.mkdir()
    empty = source_digest(data)
    (data / "x.trig").write_text("# nothing yet\n", encoding="utf-8")
    one = source_digest(data)
    (data / "x.trig").write_text("# changed\n", encoding="utf-8")
    assert len({empty, one, source_digest(data)}) == 3


def test_build_with_a_missing_data_folder(cli, tmp_path: Path) -> None:
    assert_one_line_error(
        cli("build", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "b")), "no such folder"
    )


def extracted_and_accepted(cli, tmp_path: Path, text: str) -> ox.Store:
    """``text`` extracted as a draft (graph names only), every candidate accepted: the file accept wrote."""
    source, draft = tmp_path / "source.txt", tmp_path / "d.trig"
    source.write_text(text + "\n", encoding="utf-8")
    assert cli("extract", str(source), "--format", "trig", "-o", str(draft), "--no-adverse-model", "-q").code == 0
    result = cli("accept", str(draft), "--data", str(tmp_path / "accepted"), "-q")
    assert result.code == 0, result.err
    store = ox.Store()
    load_file(store, Path(result.out.strip()))
    return store


def test_accept_an_interaction_with_its_outcomes(cli, tmp_path: Path) -> None:
    store = extracted_and_accepted(
        cli, tmp_path, "Combining diazepam with opioids is dangerous. It can lead to coma or death."
    )
    (interaction,) = [
        q.subject for q in store.quads_for_pattern(None, None, ox.NamedNode(DKV + "DrugInteraction"), None)
    ]
    described = {(q.predicate.value, q.object.value) for q in store.quads_for_pattern(interaction, None, None, None)}
    assert {
        (DKV + "participant", DK + "diazepam"),
        (DKV + "participant", DK + "opioid"),
        (DKV + "hasOutcome", DK + "coma"),
        (DKV + "hasOutcome", DK + "death"),
        (DKV + "severity", "life-threatening"),
    } <= described


def test_never_into_the_package(cli, draft: Path) -> None:
    from kg.paths import PACKAGE_DIR

    target = PACKAGE_DIR / "data" / "accepted"
    assert_one_line_error(cli("accept", str(draft), "--data", str(target)), "never into the installed package")
    assert not target.exists()


def test_data_folder_that_is_a_file(cli, draft: Path, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert_one_line_error(cli("accept", str(draft), "--data", str(tmp_path / "f")), "is a file, not a folder")


# -- user data that stays (issue 25) ---------------------------------------------------------------


def test_a_fact_about_an_imported_drug_is_accepted_by_the_shapes() -> None:
    """Trap: "a drug belongs to at least one drug class" refusing a fact about an imported drug (lithium
    had none): the curation rule is for curated drugs, not for every drug a curated fact names."""
    from kg.compile.shapes_engine import validate_built

    imported = ox.NamedNode("https://w3id.org/drugkg/source/pharmacotherapydb/1.0/drugs")
    accepted = "https://w3id.org/drugkg/source/user/notes/section"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    drug, curated_drug = ox.NamedNode(DK + "drugbank-DB00000"), ox.NamedNode(DK + "a-curated-drug")
    side_effect, tremor = ox.NamedNode(DKV + "hasSideEffect"), ox.NamedNode(DK + "tremor")
    store = ox.Store()
    store.extend(
        [
            ox.Quad(drug, rdf_type, ox.NamedNode(DKV + "Drug"), imported),
            ox.Quad(drug, side_effect, tremor, ox.NamedNode(accepted)),
            ox.Quad(curated_drug, rdf_type, ox.NamedNode(DKV + "Drug"), ox.NamedNode(accepted)),
        ]
    )
    found = {(v.focus, v.message) for v in validate_built(store, {accepted})}
    assert ("dk:drugbank-DB00000", "a drug belongs to at least one drug class") not in found
    assert ("dk:a-curated-drug", "a drug belongs to at least one drug class") in found  # the rule still holds


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("out.json", '{"documents": []}\n', "a JSON file"),
        ("draft.txt", '\n  [{"documents": []}]', "a JSON file"),
        ("review.html", "<!doctype html><html></html>", "an HTML page"),
        ("page.trig", "<HTML><body>x</body></HTML>", "an HTML page"),
    ],
)
def test_json_or_html_says_how_to_make_a_draft(cli, tmp_path: Path, name: str, content: str, kind: str) -> None:
    given = tmp_path / name
    given.write_text(content, encoding="utf-8")
    result = cli("accept", str(given), "--data", str(tmp_path / "d"))
    assert_one_line_error(result, kind, "drugkg extract FILE --format trig -o draft.trig")
    assert not (tmp_path / "d").exists()


def test_a_plain_build_reads_the_folder_of_the_last_build_data(cli, draft: Path, tmp_path: Path) -> None:
    """Trap: `drugkg build` after `build --data DIR` silently dropping DIR's accepted facts."""
    data, build_dir = tmp_path / "accepted", tmp_path / "build"
    assert cli("accept", str(draft), "--only", "c3", "--data", str(data), "-q").code == 0
    assert cli("build", "--no-datasets", "--data", str(data), "--out", str(build_dir)).code == 0
    again = cli("build", "--no-datasets", "--out", str(build_dir))
    assert again.code == 0, again.err
    assert f"user data: {data.resolve()}: 1 accepted-fact files (remembered from the last build" in again.err
    info = cli("info", "diazepam", "--build-dir", str(build_dir))
    assert "diazepam-notes.txt" in info.out  # the accepted fact is still there
    shown = cli("sources", "--build-dir", str(build_dir))
    assert f"user data: {data.resolve()}: 1 accepted-fact files" in shown.out


def test_accept_without_data_writes_where_the_build_reads(tmp_path: Path, monkeypatch) -> None:
    """The folder `accept` writes by default is the one the default build folder reads."""
    import json

    from kg.compile.pipeline import MANIFEST_NAME, current_user_data_dir
    from kg.paths import default_user_data_dir

    build_dir, data = tmp_path / "build", tmp_path / "mine"
    build_dir.mkdir()
    data.mkdir()
    monkeypatch.setenv("DRUGKG_BUILD_DIR", str(build_dir))
    assert current_user_data_dir() == default_user_data_dir()
    (build_dir / MANIFEST_NAME).write_text(json.dumps({"user_data_dir": str(data.resolve())}), encoding="utf-8")
    assert current_user_data_dir() == data.resolve()


def test_accept_a_brand_name(cli, tmp_path: Path) -> None:
    """A brand name's object is text: accepted as the dkv:brandName string the curated brand names use."""
    store = extracted_and_accepted(cli, tmp_path, "Sertraline is sold under the brand name Lustral.")
    brands = {
        (q.subject.value, q.object.value)
        for q in store.quads_for_pattern(None, ox.NamedNode(DKV + "brandName"), None, None)
        if isinstance(q.object, ox.Literal)
    }
    assert brands == {(DK + "sertraline", "Lustral")}
