"""Source documents are shown by title or short name (never their hash file names) and `--source` takes either."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from cnnquiz.bank.loader import load_bank, load_dir
from cnnquiz.errors import BankError
from tests.quizbank import QUESTIONS

HASH_NAME = re.compile(r"\d{3}_[0-9a-f]{16}")  # 000_c8ea41c45b5c7922.txt


def test_every_builtin_document_has_its_title_and_short_name() -> None:
    bank = load_bank(use_cache=False)
    sources = {q.source.document: q.source for q in bank.questions}
    assert len(sources) == 5 and all(s.title and s.short for s in sources.values())
    assert sources["000_c8ea41c45b5c7922.txt"].title == "Day 8 Interview Questions: CNN Architectures"
    assert sources["002_2ad0da6ad910f220.txt"].short == "day12-resnet"
    assert len({s.short for s in sources.values()}) == 5


@pytest.mark.parametrize("args", [("bank", "list"), ("bank", "list", "--source", "day14-efficient"),
                                  ("bank", "show", "resnet-vs-densenet"), ("export", "markdown", "-o", "-"),
                                  ("export", "csv", "-o", "-")])
@pytest.mark.parametrize("width", ["60", "80", "120"])
def test_no_hash_file_name_is_shown(cli, args: tuple[str, ...], width: str) -> None:
    result = cli(*args, env={"COLUMNS": width})
    assert result.exit_code == 0, result.output
    assert not HASH_NAME.search(result.stdout), HASH_NAME.search(result.stdout)


def test_anki_notes_and_practice_show_titles(cli) -> None:
    from cnnquiz.export.anki import note_fields

    q = load_bank().get("resnet-vs-densenet")
    assert note_fields(q)[3].startswith("Day 12 Interview Questions: ResNet #6")
    out = cli("practice", "--source", "day12-resnet", "-n", "1", input="\n\ns\n")
    assert "day12-resnet #" in out.output and not HASH_NAME.search(out.output)


@pytest.mark.parametrize("name", ["day12-resnet", "002_2ad0da6ad910f220.txt", "002", "day12-r"])
def test_source_accepts_short_name_file_name_and_prefix(cli, name: str) -> None:
    rows = json.loads(cli("bank", "list", "--source", name, "--json").stdout)
    assert len(rows) == 10 and {r["source"]["short"] for r in rows} == {"day12-resnet"}


def test_an_ambiguous_source_names_the_short_names(cli) -> None:
    result = cli("bank", "list", "--source", "day12")
    assert result.exit_code == 2
    assert "day12-backbones" in result.output and "day12-resnet" in result.output
    assert not HASH_NAME.search(result.output)


def _deck(folder: Path, documents: list) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    q = dict(QUESTIONS[0], source={"document": "notes_v2.md", "number": 1})
    (folder / "q.yaml").write_text(yaml.safe_dump({"questions": [q]}, sort_keys=False), encoding="utf-8")
    (folder / "docs.yaml").write_text(yaml.safe_dump({"documents": documents}, sort_keys=False), encoding="utf-8")
    return folder


def test_a_decks_documents_table_titles_its_questions(cli, tmp_path: Path) -> None:
    deck = _deck(tmp_path / "d", [{"file": "notes_v2.md", "title": "My CNN notes", "short": "notes"}])
    [q] = load_dir(deck)
    assert (q.source.title, q.source.short, q.source.label) == ("My CNN notes", "notes", "notes")
    rows = json.loads(cli("--bank", str(deck), "--only", "bank", "list", "--source", "notes", "--json").stdout)
    assert [r["id"] for r in rows] == [q.id]
    (tmp_path / "again").mkdir()
    exported = tmp_path / "again" / "export.json"  # a JSON export keeps the titles and loads again
    assert cli("--bank", str(deck), "--only", "export", "json", "-o", str(exported)).exit_code == 0
    assert load_dir(exported.parent)[0].source == q.source


@pytest.mark.parametrize("documents, message", [
    ([{"file": "notes_v2.md", "title": "T"}], "a document is {file, title, short}"),
    ([{"file": "notes_v2.md", "title": "T", "short": "N", "x": 1}], "unknown field 'x'"),
    ([{"file": "notes_v2.md", "title": "T", "short": "My Notes"}], "must be lowercase"),
    ([{"file": "notes_v2.md", "title": "", "short": "n"}], "non-empty text"),
    ([{"file": "a.md", "title": "A", "short": "n"}, {"file": "b.md", "title": "B", "short": "n"}], "listed twice"),
    ("notes_v2.md", "a list of {file, title, short}"),
])
def test_bad_documents_tables_are_refused_with_file_and_line(tmp_path: Path, documents, message: str) -> None:
    with pytest.raises(BankError) as err:
        load_dir(_deck(tmp_path, documents))
    assert message in str(err.value) and "docs.yaml" in str(err.value)


def test_without_a_table_the_file_stem_is_shown_and_hash_suffixes_dropped() -> None:
    from cnnquiz.bank.schema import Source

    assert Source("my_notes.md", 3).label == "my_notes"
    assert Source("004_f553ad97ca80e7c4.txt", 3).label == "004"
