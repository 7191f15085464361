"""The bank: the real bank's completeness, file:line errors for malformed files, and the bank commands."""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest

from cnnquiz.bank import TOPICS, load_bank, load_dir
from cnnquiz.errors import BankError

DOCUMENTS = {
    "000_c8ea41c45b5c7922.txt": 10,
    "001_d5915224d96e057f.txt": 20,
    "002_2ad0da6ad910f220.txt": 10,
    "003_38cb56cc2a670433.txt": 10,
    "004_f553ad97ca80e7c4.txt": 50,
}

GOOD = """\
questions:
  - id: my-first
    source: {document: notes.md, number: 1}
    question: What does a 1x1 convolution do?
    topics: [resnet, design]
    difficulty: easy
    related: [my-second]
    answer: |
      It mixes channels at each pixel and changes the channel count cheaply.
    key_points:
      - label: mixes channels
        phrases: [mixes channels, channel mixing, cross-channel]
      - label: changes channel count
        phrases: [reduce channels, change the number of channels, dimension reduction]
      - label: cheap
        phrases: [cheap, few parameters, "C_in x C_out"]

  - id: my-second
    source: {document: notes.md, number: 2}
    question: Why global average pooling?
    topics: [design]
    difficulty: medium
    answer: Removes the huge FC layer and works at any input size.
    key_points:
      - label: replaces FC layers
        phrases: [no fully connected, replaces fc]
      - label: fewer parameters
        phrases: [fewer parameters]
      - label: any input size
        phrases: [any input size, arbitrary resolution]
"""


def write_bank(folder: Path, text: str = GOOD, name: str = "mine.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


# --- the real bank --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_real_bank_has_every_question_of_every_document(bank):
    counts = Counter(q.source.document for q in bank.questions)
    assert dict(counts) == DOCUMENTS
    pairs = Counter((q.source.document, q.source.number) for q in bank.questions)
    assert all(n == 1 for n in pairs.values())
    for doc, total in DOCUMENTS.items():
        assert sorted(num for d, num in pairs if d == doc) == list(range(1, total + 1))


def test_real_bank_fields_are_complete(bank):
    for q in bank.questions:
        assert 3 <= len(q.key_points) <= 6, q.id
        assert all(kp.phrases for kp in q.key_points), q.id
        assert set(q.topics) <= set(TOPICS), q.id
        assert len(q.answer.split()) >= 30, q.id
        assert q.origin.startswith("questions/") and q.line > 0


def test_real_bank_related_links_are_symmetric(bank):
    for q in bank.questions:
        for rid in q.related:
            assert q.id in bank.get(rid).related, f"{rid} should list {q.id} as related"


def test_why_resnet_works_is_linked_across_four_documents(bank):
    q = bank.get("resnet-key-innovation")
    docs = {bank.get(r).source.document for r in q.related} | {q.source.document}
    assert len(docs) >= 4


def test_every_topic_of_the_vocabulary_has_a_question(bank):
    used = {t for q in bank.questions for t in q.topics}
    assert not [t for t in TOPICS if t not in used]


def test_topic_vocabulary_is_documented_in_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    missing = [t for t in TOPICS if f"`{t}`" not in readme]
    assert not missing, f"README does not document topics {missing}"


# --- malformed files -------------------------------------------------------------------------


BROKEN = {
    "syntax error": (GOOD.replace("difficulty: easy", "difficulty: [easy"), r"YAML syntax error"),
    "missing field": (GOOD.replace("    topics: [design]\n", ""), r"question 'my-second' has no topics"),
    "duplicate id": (GOOD.replace("id: my-second", "id: my-first").replace("related: [my-second]", "related: []"),
                     r"duplicate id 'my-first'"),
    "unknown topic": (GOOD.replace("topics: [design]", "topics: [desgin]"), r"unknown topic 'desgin'"),
    "dangling related": (GOOD.replace("related: [my-second]", "related: [nobody]"), r"related id 'nobody'"),
    "empty answer": (GOOD.replace("answer: Removes the huge FC layer and works at any input size.", "answer: ''"),
                     r"empty or non-text answer"),
    "duplicate key": (GOOD.replace("    difficulty: medium\n", "    difficulty: medium\n    difficulty: hard\n"),
                      r"duplicate key 'difficulty'"),
    "too few key points": (GOOD.replace("""      - label: any input size
        phrases: [any input size, arbitrary resolution]
""", "").replace("""      - label: fewer parameters
        phrases: [fewer parameters]
""", ""), r"has 1 key_points"),
    "unknown field": (GOOD.replace("difficulty: medium", "difficulty: medium\n    hint: x"), r"unknown field 'hint'"),
    "bad difficulty": (GOOD.replace("difficulty: medium", "difficulty: brutal"), r"easy, medium or hard"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_malformed_bank_is_rejected_with_file_and_line(case, tmp_path, cli):
    text, message = BROKEN[case]
    path = write_bank(tmp_path / "deck", text)
    with pytest.raises(BankError) as err:
        load_dir(path.parent)
    assert err.value.path == str(path)
    assert err.value.line and err.value.line > 0
    assert re.search(message, str(err.value))
    result = cli("bank", "check", str(path.parent))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}:{err.value.line}: ")
    assert "Traceback" not in result.output


def test_missing_field_points_at_the_question_line(tmp_path):
    path = write_bank(tmp_path / "deck", GOOD.replace("    topics: [design]\n", ""))
    with pytest.raises(BankError) as err:
        load_dir(path.parent)
    line = path.read_text().splitlines()[err.value.line - 1]
    assert "id: my-second" in line


def test_empty_file_and_wrong_top_level(tmp_path):
    write_bank(tmp_path / "a", "")
    with pytest.raises(BankError, match="empty"):
        load_dir(tmp_path / "a")
    write_bank(tmp_path / "b", "- id: x\n")
    with pytest.raises(BankError, match="questions:"):
        load_dir(tmp_path / "b")


def test_yaml_tags_are_not_constructed(tmp_path):
    write_bank(tmp_path / "d", "questions: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(BankError, match="YAML"):
        load_dir(tmp_path / "d")


# --- commands ---------------------------------------------------------------------------------


def test_bank_list_json_lists_every_question_with_its_source(cli):
    result = cli("bank", "list", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 100
    for row in rows:
        assert {"id", "source", "topics", "difficulty", "question"} <= set(row)
        assert set(row["source"]) == {"document", "number", "title", "short"}  # every built-in document is titled


def test_bank_list_table_and_filters(cli):
    result = cli("bank", "list")
    assert result.exit_code == 0 and "100 of 100 questions" in result.stdout
    by_source = json.loads(cli("bank", "list", "--source", "003", "--json").stdout)
    assert len(by_source) == 10 and {r["source"]["number"] for r in by_source} == set(range(1, 11))
    by_topic = json.loads(cli("bank", "list", "--topic", "efficientnet", "--json").stdout)
    assert by_topic and all("efficientnet" in r["topics"] for r in by_topic)
    hard = json.loads(cli("bank", "list", "--difficulty", "hard", "--json").stdout)
    assert hard and all(r["difficulty"] == "hard" for r in hard)


@pytest.mark.parametrize("args,needle", [
    (("--topic", "resnt"), "did you mean resnet"),
    (("--source", "999"), "unknown source document '999'"),
    (("--difficulty", "brutal"), "'brutal' is not one of 'easy', 'medium', 'hard'"),
])
def test_bank_list_bad_filters_exit_2(cli, args, needle):
    result = cli("bank", "list", *args)
    assert result.exit_code == 2 and needle in result.stderr


def test_bank_show(cli):
    result = cli("bank", "show", "depthwise-separable-flops")
    assert result.exit_code == 0
    assert "model answer" in result.stdout and "rubric" in result.stdout
    data = json.loads(cli("bank", "show", "depthwise-separable-flops", "--json").stdout)
    assert data["id"] == "depthwise-separable-flops" and data["key_points"] and data["answer"]
    missing = cli("bank", "show", "depthwise-separable-flop")
    assert missing.exit_code == 2 and "did you mean depthwise-separable-flops" in missing.stderr


def test_bank_search(cli):
    result = cli("bank", "search", "squeeze excitation", "--json")
    ids = [r["id"] for r in json.loads(result.stdout)]
    assert ids and ids[0].startswith("se-block")
    assert "se-block" in cli("bank", "search", "squeeze and excitation").stdout


def test_bank_check_default_and_folder(cli, tmp_path):
    assert cli("bank", "check").stdout.startswith("ok: 100 questions")
    write_bank(tmp_path / "deck")
    result = cli("bank", "check", str(tmp_path / "deck"))
    assert result.exit_code == 0 and "ok: 2 questions" in result.stdout


def test_check_rejects_a_deck_reusing_a_builtin_id(cli, tmp_path):
    write_bank(tmp_path / "deck", GOOD.replace("my-first", "resnet-key-innovation"))
    result = cli("bank", "check", str(tmp_path / "deck"))
    assert result.exit_code == 2 and "already used by the built-in bank" in result.stderr


def test_global_bank_option_and_env_add_questions(cli, tmp_path):
    deck = tmp_path / "deck"
    write_bank(deck)
    added = json.loads(cli("--bank", str(deck), "bank", "list", "--json").stdout)
    assert len(added) == 102
    only = json.loads(cli("--bank", str(deck), "--only", "bank", "list", "--json").stdout)
    assert [r["id"] for r in only] == ["my-first", "my-second"]
    via_env = json.loads(cli("bank", "list", "--json", env={"CNNQUIZ_BANK": str(deck)}).stdout)
    assert len(via_env) == 102


def test_only_without_a_bank_is_a_usage_error(cli):
    result = cli("--only", "bank", "list")
    assert result.exit_code == 2 and "--only needs a bank folder" in result.stderr


def test_missing_bank_folder_is_a_usage_error(cli, tmp_path):
    result = cli("--bank", str(tmp_path / "nope"), "bank", "list")
    assert result.exit_code == 2 and "no such bank folder" in result.stderr


def test_version(cli):
    from cnnquiz import __version__

    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"cnnquiz {__version__}"


def test_exponent_floats_read_as_numbers():
    from cnnquiz.bank.yamlread import read_yaml

    assert read_yaml("a: 25.6e6\nb: 1e9\nc: e5\n", "x.yaml") == {"a": 25.6e6, "b": 1e9, "c": "e5"}


def test_parsed_bank_is_cached_and_invalidated_by_any_edit(tmp_path, isolated_home):
    from cnnquiz.bank import cache

    deck = tmp_path / "deck"
    path = write_bank(deck)
    first = load_bank([deck])
    cached = list((isolated_home / "cache").glob("bank-*.json"))
    assert len(cached) == 1
    again = load_bank([deck])
    assert again.questions == first.questions
    assert [(q.origin, q.line) for q in again.questions] == [(q.origin, q.line) for q in first.questions]
    path.write_text(path.read_text().replace("Why global average pooling?", "Why GAP?"))
    assert load_bank([deck]).get("my-second").question == "Why GAP?"
    assert len(list((isolated_home / "cache").glob("bank-*.json"))) == 1
    newest = next((isolated_home / "cache").glob("bank-*.json"))
    newest.write_text("{not json")
    assert cache.load(newest.stem.removeprefix("bank-")) is None
    assert load_bank([deck]).get("my-second").question == "Why GAP?"


def test_a_broken_file_is_reported_even_after_a_good_version_was_cached(tmp_path, cli):
    deck = tmp_path / "deck"
    path = write_bank(deck)
    assert cli("--bank", str(deck), "bank", "list").exit_code == 0
    path.write_text(GOOD.replace("topics: [design]", "topics: [desgin]"))
    result = cli("--bank", str(deck), "bank", "list")
    assert result.exit_code == 2 and "unknown topic 'desgin'" in result.stderr


def test_readme_example_deck_is_valid(tmp_path):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    example = re.search(r"```yaml\n(questions:.*?)```", readme, re.S).group(1)
    deck = write_bank(tmp_path / "deck", example)
    assert [q.id for q in load_dir(deck.parent)] == ["my-gap-question"]


def test_suggestions_are_close_spellings_only(cli):
    assert "did you mean se-block-why" in cli("bank", "show", "se-blok-why").stderr
    assert "did you mean" not in cli("bank", "show", "nope").stderr


def test_bank_check_validates_again_instead_of_trusting_the_parsed_bank_cache(cli, tmp_path, isolated_home):
    deck = tmp_path / "deck"
    write_bank(deck)
    assert cli("--bank", str(deck), "bank", "list").exit_code == 0  # fills the cache
    cached = next((isolated_home / "cache").glob("bank-*.json"))
    rows = json.loads(cached.read_text())
    kept = [{**r, "related": []} for r in rows if r["id"] != "my-second"]  # a cache that disagrees with the files
    cached.write_text(json.dumps(kept))
    assert len(json.loads(cli("--bank", str(deck), "bank", "list", "--json").stdout)) == 101  # listing: cache
    result = cli("--bank", str(deck), "bank", "check")
    assert result.exit_code == 0 and result.stdout.startswith("ok: 102 questions")
