"""``drugkg extract`` on bad input: one clear line and a non-zero exit, or a clean empty result;
never a half-written output file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_assertions import assert_one_line_error
from hostile_text import HOSTILE_TTL_LABELS

from kg.extract import text as text_module


def run_json(cli, *files: Path):
    return cli("extract", *map(str, files), "--no-adverse-model", "-q")


def test_empty_file_gives_an_empty_result(cli, tmp_path: Path) -> None:
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_text("  \n\n\t\n", encoding="utf-8")
    result = run_json(cli, empty, blank)
    assert result.code == 0, result.err
    documents = json.loads(result.out)["documents"]
    assert [(d["source"], d["entities"], d["facts"]) for d in documents] == [(str(empty), [], []), (str(blank), [], [])]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (it holds NUL bytes)"),
        (b"caf\xe9 au lait", "not UTF-8 text (byte 3"),
        (bytes(range(1, 32)) * 20, "binary file ("),
    ],
)
def test_binary_and_non_utf8_files(cli, tmp_path: Path, content: bytes, fragment: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    assert_one_line_error(run_json(cli, bad), str(bad), fragment)


def test_folder_and_missing_file(cli, tmp_path: Path) -> None:
    assert_one_line_error(run_json(cli, tmp_path), "is a folder, not a text file")
    assert_one_line_error(run_json(cli, tmp_path / "nope.txt"), "no such file")


def test_huge_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_module, "MAX_TEXT_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("Diazepam causes drowsiness. " * 100, encoding="utf-8")
    assert_one_line_error(run_json(cli, big), "2,800 bytes is more than the 1,000 bytes extract reads")


def test_stated_limit() -> None:
    assert text_module.MAX_TEXT_BYTES == 10_000_000


def test_a_bad_file_among_good_ones_writes_nothing(cli, tmp_path: Path) -> None:
    good, bad, out = tmp_path / "good.txt", tmp_path / "bad.txt", tmp_path / "out.json"
    good.write_text("Diazepam is a benzodiazepine.\n", encoding="utf-8")
    bad.write_bytes(b"\xff\xfe\x00")
    assert_one_line_error(cli("extract", str(good), str(bad), "-o", str(out), "--no-adverse-model"), str(bad))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "good.txt"]


def test_output_into_a_missing_folder(cli, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Diazepam is a benzodiazepine.\n", encoding="utf-8")
    assert_one_line_error(cli("extract", str(good), "-o", str(tmp_path / "no" / "out.json")), "does not exist")


def test_html_needs_an_output_file(cli, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Diazepam is a benzodiazepine.\n", encoding="utf-8")
    assert_one_line_error(cli("extract", str(good), "--format", "html"), "-o FILE.html")


def test_markup_and_control_characters(cli, tmp_path: Path) -> None:
    """Markup is text: offsets still index the decoded text, and facts still come through."""
    text = "<p>Diazepam <b>is a</b> benzodiazepine.</p>\x0b\x1b[31m Diazepam causes\u2028drowsiness.\r\n" + "\n".join(
        HOSTILE_TTL_LABELS
    )
    page = tmp_path / "page.html"
    page.write_text(text, encoding="utf-8")
    result = run_json(cli, page)
    assert result.code == 0, result.err
    (document,) = json.loads(result.out)["documents"]
    decoded = page.read_bytes().decode("utf-8")
    for entity in document["entities"]:
        assert decoded[entity["start"] : entity["end"]] == entity["text"]
    assert ("dk:diazepam", "dkv:hasSideEffect", "dk:drowsiness") in {
        (f["subject"], f["predicate"], f["object"]) for f in document["facts"]
    }


def test_table_output_is_one_line_per_candidate(cli, tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("Diazepam causes drowsiness\x1b[2J. Diazepam is a benzodiazepine.\n", encoding="utf-8")
    result = cli("extract", str(text), "--format", "table", "--no-adverse-model", "-q")
    assert result.code == 0, result.err
    assert "\x1b" not in result.out
    lines = result.out.splitlines()
    assert lines[0].split() == ["id", "subject", "predicate", "object", "negated", "conf", "evidence"]
    assert [line.split()[:4] for line in lines[2:-1]] == [
        ["c1", "diazepam", "hasSideEffect", "drowsiness"],
        ["c2", "diazepam", "memberOf", "benzodiazepine"],
    ]
