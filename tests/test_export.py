"""Exports: the .apkg (opened as zip + SQLite) has a note per question in topic decks with stable ids; CSV/JSON/Markdown."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from cnnquiz.bank import load_bank, load_dir
from cnnquiz.export.anki import MODEL_KEY, note_guid, stable_id

TOPIC_CYCLE = ["resnet", "vgg", "mobilenet", "efficientnet", "attention", "receptive-field", "flops"]
DIFFICULTIES = ["easy", "medium", "hard"]


def make_deck(folder: Path, n: int = 100, name: str = "deck.yaml", answer_suffix: str = "") -> Path:
    """A fixture deck of n questions spread over several first topics, with HTML-looking text to escape."""
    questions = []
    for i in range(n):
        questions.append({
            "id": f"fx-{i:03d}",
            "source": {"document": "fixture.md", "number": i + 1},
            "question": f"Question {i}: why does a `1x1` conv help when C_in < C_out?",
            "topics": [TOPIC_CYCLE[i % len(TOPIC_CYCLE)], "design"],
            "difficulty": DIFFICULTIES[i % 3],
            "answer": f"Answer {i} with **bold** text <script>alert(1)</script>\n\n- first\n- second\n{answer_suffix}",
            "key_points": [{"label": f"point {j} & more", "phrases": [f"phrase {j}"]} for j in range(3)],
        })
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump({"questions": questions}, sort_keys=False))
    return path


@dataclass
class Apkg:
    notes: list[dict]  # guid, mid, tags, fields
    deck_of: dict[str, str]  # guid -> deck name
    deck_ids: dict[str, int]  # deck name -> id


def read_apkg(path: Path, tmp: Path) -> Apkg:
    """Open an .apkg the way Anki does: a zip holding the SQLite collection.anki2."""
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        db = tmp / f"{path.stem}-collection.anki2"
        db.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(db)
    try:
        decks = json.loads(conn.execute("SELECT decks FROM col").fetchone()[0])
        names = {int(k): v["name"] for k, v in decks.items()}
        notes, deck_of = [], {}
        for nid, guid, mid, tags, flds in conn.execute("SELECT id, guid, mid, tags, flds FROM notes"):
            notes.append({"guid": guid, "mid": mid, "tags": tags.split(), "fields": flds.split("\x1f")})
            dids = {did for (did,) in conn.execute("SELECT did FROM cards WHERE nid = ?", (nid,))}
            assert len(dids) == 1
            deck_of[guid] = names[dids.pop()]
    finally:
        conn.close()
    return Apkg(notes, deck_of, {name: did for did, name in names.items()})


def export_anki(cli, deck: Path, out: Path, *extra: str):
    result = cli("--bank", str(deck), "--only", "export", "anki", "-o", str(out), *extra)
    assert result.exit_code == 0, result.output
    return result


# --- Anki ------------------------------------------------------------------------------------------


def test_apkg_has_a_note_per_question_in_topic_decks_with_topic_tags(cli, tmp_path):
    deck = tmp_path / "deck"
    make_deck(deck)
    out = tmp_path / "cnnquiz.apkg"
    result = export_anki(cli, deck, out)
    assert f"wrote 100 notes in {len(TOPIC_CYCLE)} decks to {out}" in result.stdout
    pkg = read_apkg(out, tmp_path)
    assert len(pkg.notes) == 100
    by_guid = {note_guid(q.id): q for q in load_dir(deck)}
    assert {n["guid"] for n in pkg.notes} == set(by_guid)
    for note in pkg.notes:
        q = by_guid[note["guid"]]
        assert pkg.deck_of[note["guid"]] == f"cnnquiz::{q.topics[0]}"
        assert sorted(note["tags"]) == sorted([*q.topics, f"difficulty::{q.difficulty.value}"])
        question, answer, points, source, qid = note["fields"]
        assert qid == q.id and f"#{q.source.number}" in source
        assert "<code>1x1</code>" in question and "C_in &lt; C_out" in question
        assert "<strong>bold</strong>" in answer and "<li>second</li>" in answer
        assert "<script>" not in answer and "&lt;script&gt;" in answer
        assert points.count("<li>") == 3 and "&amp; more" in points
    decks = {n for n in pkg.deck_ids if n.startswith("cnnquiz::")}
    assert decks == {f"cnnquiz::{t}" for t in TOPIC_CYCLE}


def test_reexport_keeps_guids_model_and_deck_ids_so_anki_updates_notes(cli, tmp_path):
    deck = tmp_path / "deck"
    make_deck(deck)
    export_anki(cli, deck, tmp_path / "a.apkg")
    make_deck(deck, answer_suffix="\nEdited after the first export.")
    export_anki(cli, deck, tmp_path / "b.apkg")
    first, second = read_apkg(tmp_path / "a.apkg", tmp_path), read_apkg(tmp_path / "b.apkg", tmp_path)
    assert {n["guid"] for n in first.notes} == {n["guid"] for n in second.notes}
    assert len({n["guid"] for n in first.notes}) == 100
    assert {n["mid"] for n in first.notes} == {n["mid"] for n in second.notes} == {stable_id(MODEL_KEY)}
    assert first.deck_ids == second.deck_ids
    answers = {n["guid"]: n["fields"][1] for n in second.notes}
    assert all("Edited after the first export." in a for a in answers.values())


def test_stable_ids_are_pinned():
    # Changing any of these makes Anki import duplicates instead of updating: keep them.
    assert stable_id(MODEL_KEY) == 1945962703
    assert stable_id("cnnquiz deck cnnquiz::resnet") == 1158324258
    assert note_guid("resnet-key-innovation") == note_guid("resnet-key-innovation") != note_guid("resnet-key")
    assert all((1 << 30) <= stable_id(k) < (1 << 31) for k in ("a", "b", MODEL_KEY))


def test_anki_topic_filter_and_json_summary(cli, tmp_path):
    deck = tmp_path / "deck"
    make_deck(deck)
    out = tmp_path / "vgg.apkg"
    result = export_anki(cli, deck, out, "--topic", "vgg", "--json")
    summary = json.loads(result.stdout)
    vgg = [i for i in range(100) if TOPIC_CYCLE[i % len(TOPIC_CYCLE)] == "vgg"]
    assert summary == {"path": str(out), "notes": len(vgg), "decks": {"cnnquiz::vgg": len(vgg)}}
    pkg = read_apkg(out, tmp_path)
    assert sorted(n["fields"][4] for n in pkg.notes) == [f"fx-{i:03d}" for i in vgg]


@pytest.mark.parametrize("args,needle", [
    (("-o", "-"), "binary file"),
    (("-o", "/no/such/folder/x.apkg"), "does not exist"),
    (("--topic", "resnt"), "did you mean resnet"),
    (("-o", "{tmp}"), "is a folder"),
])
def test_anki_usage_errors(cli, tmp_path, args, needle):
    deck = tmp_path / "deck"
    make_deck(deck, n=5)
    result = cli("--bank", str(deck), "--only", "export", "anki", *(a.format(tmp=tmp_path) for a in args))
    assert result.exit_code == 2 and needle in result.stderr
    assert not list(tmp_path.glob("*.apkg")) and not list(tmp_path.glob(".cnnquiz-*"))


def test_real_bank_exports_100_notes_in_topic_decks(cli, tmp_path):
    bank = load_bank()
    out = tmp_path / "cnnquiz.apkg"
    assert cli("export", "anki", "-o", str(out)).exit_code == 0
    pkg = read_apkg(out, tmp_path)
    assert len(pkg.notes) == 100
    by_guid = {note_guid(q.id): q for q in bank.questions}
    assert {n["guid"] for n in pkg.notes} == set(by_guid)
    for note in pkg.notes:
        q = by_guid[note["guid"]]
        assert pkg.deck_of[note["guid"]] == f"cnnquiz::{q.topics[0]}"
        assert set(q.topics) <= set(note["tags"])
    assert len({d for d in pkg.deck_of.values()}) >= 10


# --- CSV, JSON, Markdown ---------------------------------------------------------------------------


def test_csv_to_stdout(cli, tmp_path):
    deck = tmp_path / "deck"
    make_deck(deck, n=10)
    result = cli("--bank", str(deck), "--only", "export", "csv", "-o", "-")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == [f"fx-{i:03d}" for i in range(10)]
    assert rows[1]["topics"] == "vgg; design" and rows[1]["number"] == "2" and rows[1]["difficulty"] == "medium"
    assert rows[0]["key_points"] == "point 0 & more; point 1 & more; point 2 & more"
    assert "- second" in rows[0]["answer"]


def test_json_export_is_a_loadable_bank_file(cli, tmp_path):
    deck = tmp_path / "deck"
    make_deck(deck, n=10)
    out = tmp_path / "again" / "export.yaml"
    out.parent.mkdir()
    result = cli("--bank", str(deck), "--only", "export", "json", "-o", str(out))
    assert result.exit_code == 0 and f"wrote 10 questions to {out}" in result.stdout
    data = json.loads(out.read_text())
    assert set(data) == {"questions"} and len(data["questions"]) == 10
    assert load_dir(out.parent) == load_dir(deck)


def test_markdown_groups_by_first_topic(cli, tmp_path):
    deck = tmp_path / "deck"
    make_deck(deck, n=14)
    out = tmp_path / "bank.md"
    assert cli("--bank", str(deck), "--only", "export", "markdown", "-o", str(out)).exit_code == 0
    text = out.read_text()
    assert text.startswith("# cnnquiz questions\n")
    sections = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert sections == sorted(TOPIC_CYCLE)
    assert text.count("\n### ") == 14 and text.count("**Key points**") == 14
    resnet = text.split("## resnet")[1].split("\n## ")[0]
    assert "`fx-000`" in resnet and "`fx-007`" in resnet and "`fx-001`" not in resnet


def test_text_export_usage_errors(cli, tmp_path):
    deck = tmp_path / "deck"
    make_deck(deck, n=3)
    result = cli("--bank", str(deck), "--only", "export", "json", "--topic", "pruning")
    assert result.exit_code == 2 and "no questions match" in result.stderr
    result = cli("--bank", str(deck), "--only", "export", "csv", "-o", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr
    result = cli("--bank", str(deck), "--only", "export", "markdown", "-o", str(tmp_path / "no" / "x.md"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
