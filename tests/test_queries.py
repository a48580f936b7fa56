"""The competency-question library: every named query against its hand-written expected answer,
the quality checks (which must return no rows), and the headers every query carries."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.paths import QUALITY_CHECKS_DIR, QUERIES_DIR
from kg.query.library import named_queries, parse_query_file, quality_checks

EXPECTED_DIR = Path(__file__).parent / "expected"
QUERY_FILES = sorted(QUERIES_DIR.glob("*.rq"))
CHECK_FILES = sorted(QUALITY_CHECKS_DIR.glob("*-violation.rq"))


@pytest.fixture(scope="module")
def local_store(full_local_store):
    """The expected answers are those of the graph ``drugkg build`` makes, with the open datasets."""
    return full_local_store


def read_expected(name: str) -> tuple[list[str], set[tuple[str, ...]]]:
    """``tests/expected/NAME.tsv``: a header of variable names, then one row per line."""
    lines = (EXPECTED_DIR / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = {tuple(line.split("\t")) for line in lines[1:] if line}
    assert all(len(row) == len(header) for row in rows), f"{name}.tsv: a row with the wrong number of cells"
    return header, rows


def test_the_library_has_at_least_fifteen_questions() -> None:
    assert len(QUERY_FILES) >= 15
    assert {path.stem for path in QUERY_FILES} == {path.stem for path in EXPECTED_DIR.glob("*.tsv")}


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.name for p in QUERY_FILES])
def test_named_query_answers(local_store, path: Path) -> None:
    header, expected = read_expected(path.stem)
    result = local_store.query(parse_query_file(path))
    assert result.variables == header
    assert result.display_rows() == expected


@pytest.mark.parametrize("path", QUERY_FILES + CHECK_FILES, ids=[p.name for p in QUERY_FILES + CHECK_FILES])
def test_query_header_and_form(path: Path) -> None:
    query = parse_query_file(path)
    text = query.text
    first_sentence = re.split(r"(?<=[.?!])\s", query.question, maxsplit=1)[0]
    assert first_sentence.endswith("?"), "a # Question: line that opens with a question"
    assert query.returns, "a # Returns: line"
    assert re.search(r"^ORDER BY ", text, re.MULTILINE), "an ORDER BY"
    # explicit PREFIX lines: the query parses with no predeclared prefix
    solutions = ox.Store().query(text)
    assert [v.value for v in solutions.variables] == list(query.returns)
    for name in query.parameters:
        assert name in query.returns, f"parameter ?{name} must be returned so it can be bound"


@pytest.mark.parametrize("path", CHECK_FILES, ids=[p.name for p in CHECK_FILES])
def test_quality_check_finds_nothing(local_store, path: Path) -> None:
    result = local_store.query(parse_query_file(path))
    offending = "\n".join("\t".join(row) for row in sorted(result.display_rows()))
    assert not result.rows, f"{path.name} found:\n{offending}"


def test_checks_cover_the_required_rules() -> None:
    names = {q.name for q in quality_checks()}
    assert {
        "checks/negative-assertion-violation",
        "checks/term-without-label-or-definition-violation",
        "checks/fact-without-source-violation",
        "checks/treats-non-condition-violation",
    } <= names


def test_checks_catch_a_broken_graph(tmp_path: Path) -> None:
    """Each check fires on a graph made to break it (so an empty answer means something)."""
    from kg.query.local import LocalStore

    broken = tmp_path / "broken.trig"
    broken.write_text(
        "@prefix dk: <https://w3id.org/drugkg/entity/> .\n"
        "@prefix dkv: <https://w3id.org/drugkg/vocab/> .\n"
        "<https://example.org/stray> { dk:x a dkv:Drug ; dkv:treats dk:driving . dk:driving a dkv:Activity . }\n",
        encoding="utf-8",
    )
    store = ox.Store()
    store.load(path=str(broken), format=ox.RdfFormat.TRIG)
    dataset = LocalStore(store)
    found = {q.name: dataset.query(q).display_rows() for q in quality_checks()}
    assert ("dk:x", "rdfs:label") in found["checks/term-without-label-or-definition-violation"]
    assert ("dk:x", "dk:driving") in found["checks/treats-non-condition-violation"]
    assert ("https://example.org/stray", "dk:x", "dkv:treats", "dk:driving") in found[
        "checks/fact-without-source-violation"
    ]


ANXIETY_ROW = ("dk:anxiety", "dk:clonazepam", "clonazepam", "no", "relieves", "dk:anxiety", "anxiety")


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("is-antidepressant", {"drug": "SSRI"}, {("dk:ssri", "selective serotonin reuptake inhibitor", "yes")}),
        ("is-antidepressant", {"drug": "Klonopin"}, {("dk:clonazepam", "clonazepam", "no (stated)")}),
        ("is-antidepressant", {"drug": "alcohol"}, {("dk:alcohol", "alcohol", "not stated")}),
        (
            "what-treats",
            {"condition": "anxiety"},
            {  # the article states it twice: clonazepam relieves anxiety (a symptom)
                (*ANXIETY_ROW, section, "", "drugs")
                for section in (
                    "dks:clonazepam-depression-article/first-line-treatments",
                    "dks:clonazepam-depression-article/role-in-depression",
                )
            },
        ),
        (
            "class-members",
            {"class": "dk:benzodiazepine"},
            {
                ("dk:benzodiazepine", "benzodiazepine", "dk:clonazepam", "clonazepam", "member"),
                ("dk:benzodiazepine", "benzodiazepine", "dk:alprazolam", "alprazolam", "member"),
                ("dk:benzodiazepine", "benzodiazepine", "dk:diazepam", "diazepam", "member"),
                ("dk:benzodiazepine", "benzodiazepine", "dk:lorazepam", "lorazepam", "member"),
                # the FDA established pharmacologic class Benzodiazepine, mapped as a kind of it, and
                # its members in DrugCentral's pharm_class.tsv that no curated list names
                (
                    "dk:benzodiazepine",
                    "benzodiazepine",
                    "dk:ndfrt-N0000175694",
                    "Benzodiazepine [EPC]",
                    "narrower class",
                ),
                *(
                    ("dk:benzodiazepine", "benzodiazepine", f"dk:drugbank-{db}", name, "member")
                    for db, name in (
                        ("DB00231", "temazepam"),
                        ("DB00349", "clobazam"),
                        ("DB00475", "chlordiazepoxide"),
                        ("DB00628", "clorazepate"),
                        ("DB00683", "midazolam"),
                        ("DB00690", "flurazepam"),
                        ("DB00842", "oxazepam"),
                        ("DB00897", "triazolam"),
                        ("DB01215", "estazolam"),
                        ("DB01589", "quazepam"),
                    )
                ),
            },
        ),
    ],
)
def test_parameters_change_the_answer(local_store, name: str, params: dict[str, str], expected: set) -> None:
    assert local_store.query(name, params).display_rows() == expected


def test_interactions_through_a_class(local_store) -> None:
    """Alcohol is a CNS depressant, so the interactions stated for CNS depressants (with clonazepam,
    with opioids) concern it, beside those stated for alcohol itself."""
    rows = local_store.query("dangerous-combinations", {"drug": "alcohol"}).display_rows()
    partners = {(via, other, interaction) for _, via, other, interaction, _, _ in rows}
    assert partners == {
        ("alcohol", "clonazepam", "dk:interaction-clonazepam-alcohol"),
        ("alcohol", "benzodiazepine", "dk:interaction-benzodiazepines-alcohol"),
        ("central nervous system depressant", "clonazepam", "dk:interaction-clonazepam-cns-depressants"),
        ("central nervous system depressant", "opioid", "dk:interaction-opioids-cns-depressants"),
        # the FDA communication of 2019-12-19: gabapentinoids with other CNS depressants
        ("central nervous system depressant", "gabapentinoid", "dk:interaction-gabapentinoids-cns-depressants"),
    }
    assert {outcome for *_, outcome, _ in rows} == {
        "extreme sleepiness",
        "respiratory depression",
        "coma",
        "death",
        "overdose",
    }


def test_named_queries_are_listed_with_their_questions(cli) -> None:
    result = cli("queries")
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == len(named_queries())
    line = next(line for line in lines if line.startswith("is-antidepressant "))
    assert "Is a drug (clonazepam by default) an antidepressant?" in line
    assert "[?drug=dk:clonazepam]" in line
    assert any(line.startswith("checks/") for line in cli("queries", "--checks").out.splitlines())
