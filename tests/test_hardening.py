"""Reliability defects of the probe (H1-H3, M4, M5, L1-L3, L7): safe writes and bounded bank reading."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess

import pytest

from cnnquiz import paths
from cnnquiz.bank import load_dir
from cnnquiz.bank.yamlread import read_yaml
from cnnquiz.errors import BankError, CnnquizError, UsageError
from tests.conftest import cnnquiz_cmd, fresh_env
from tests.test_export import make_deck

GOOD = """questions:
  - id: my-gap-question
    source: {document: my-notes.md, number: 1}
    question: Why do modern backbones use global average pooling?
    topics: [design]
    difficulty: easy
    answer: GAP replaces the huge fully connected layers.
    key_points:
      - {label: removes the FC layers, phrases: [no fully connected layers]}
      - {label: regulariser, phrases: [less overfitting]}
      - {label: any input size, phrases: [any input size]}
"""


# --- H1 / H3: writes are atomic and only over regular files ---------------------------------------------


def test_replace_file_refuses_a_fifo_and_leaves_it(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match="not a regular file"):
        paths.replace_file(fifo, b"data")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_export_anki_refuses_a_device_node(cli, tmp_path):
    dev = tmp_path / "devfull"
    os.mknod(dev, 0o644 | stat.S_IFCHR, os.makedev(1, 7))
    result = cli("export", "anki", "-o", str(dev))
    assert result.exit_code == 2
    assert "not a regular file" in result.output
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_export_anki_follows_a_symlink_instead_of_replacing_it(cli, tmp_path):
    target = tmp_path / "target.apkg"
    target.write_bytes(b"old")
    link = tmp_path / "link.apkg"
    link.symlink_to(target)
    assert cli("export", "anki", "-o", str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_bytes()[:2] == b"PK"


def test_export_anki_to_dev_stdout_is_refused(cli):
    result = cli("export", "anki", "-o", "/dev/stdout")
    assert result.exit_code == 2 and "binary file" in result.output


def test_a_failed_text_export_keeps_the_previous_file(tmp_path):
    out = tmp_path / "good.md"
    env = fresh_env(tmp_path / "home")
    assert subprocess.run([*cnnquiz_cmd(), "export", "markdown", "-o", str(out)], env=env).returncode == 0
    before = out.read_bytes()
    assert len(before) > 16384
    # RLIMIT_FSIZE of 8 KiB: the write fails part-way, as on a full disk
    cmd = "ulimit -f 8; exec " + " ".join(cnnquiz_cmd()) + f" export markdown -o {out}"
    run = subprocess.run(["bash", "-c", cmd], env=env, capture_output=True, text=True)
    assert run.returncode == 1 and "cannot write" in run.stderr and "Traceback" not in run.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["good.md"]


def test_write_output_replaces_whole_files_with_ordinary_permissions(tmp_path):
    out = tmp_path / "x.csv"
    paths.write_output(out, "one")
    paths.write_output(out, "two")
    assert out.read_text() == "two"
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()
    with pytest.raises(UsageError, match="is a folder"):
        paths.write_output(tmp_path, "x")
    with pytest.raises(UsageError, match="does not exist"):
        paths.write_output(tmp_path / "nope" / "x.csv", "x")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_bank_new_never_leaves_an_empty_deck(tmp_path):
    deck = tmp_path / "deck.yaml"
    cmd = "ulimit -f 0; exec " + " ".join(cnnquiz_cmd()) + f" bank new {deck}"
    run = subprocess.run(["bash", "-c", cmd], env=fresh_env(tmp_path / "home"), capture_output=True, text=True)
    assert run.returncode != 0
    assert not deck.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == []


def test_create_file_never_overwrites(tmp_path):
    f = tmp_path / "a.yaml"
    paths.create_file(f, b"one")
    with pytest.raises(FileExistsError):
        paths.create_file(f, b"two")
    assert f.read_bytes() == b"one" and [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


def test_anki_build_failure_in_tmpdir_is_one_line(monkeypatch, tmp_path):
    from cnnquiz.bank import load_bank
    from cnnquiz.export import anki

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(anki.sqlite3, "connect", full)
    with pytest.raises(CnnquizError, match="database or disk is full"):
        anki.write_apkg(load_bank().questions[:2], tmp_path / "x.apkg")
    assert not (tmp_path / "x.apkg").exists()


# --- H2, M4, M5, L1: bounded YAML --------------------------------------------------------------------


def laughs(levels: int, field: str = "said") -> str:
    lines = ["deck:", "  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        lines.append(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n" + GOOD.replace("key_points:", f"notes: *l{levels}\n    key_points:")


def test_billion_laughs_is_refused_quickly_with_its_line():
    with pytest.raises(BankError, match="aliases .of the anchor here. expand") as err:
        read_yaml(laughs(9), "lol.yaml")
    assert err.value.line == 2  # the first anchor that is aliased


def test_a_few_aliases_are_still_fine():
    data = read_yaml("a: &x [1, 2]\nb: *x\n", "ok.yaml")
    assert data == {"a": [1, 2], "b": [1, 2]}


def test_deep_nesting_is_a_bank_error_not_a_recursion_error():
    with pytest.raises(BankError, match="nesting deeper") as err:
        read_yaml("deck: " + "[" * 400 + "]" * 400 + "\n", "deep.yaml")
    assert err.value.line == 1


@pytest.mark.parametrize("value, word", [("2024-02-30", "timestamp"), ("!!int abc", "int"),
                                         ("!!float xyz", "float"), ("9" * 5000, "int")])
def test_invalid_values_give_file_and_line(value, word):
    with pytest.raises(BankError, match=word) as err:
        read_yaml(f"a: 1\ndeck: {value}\n", "bad.yaml")
    assert err.value.line == 2 and str(err.value).startswith("bad.yaml:2:")


def test_oversized_bank_files_are_refused_before_reading(tmp_path):
    deck = tmp_path / "deck"
    deck.mkdir()
    big = deck / "big.yaml"
    with big.open("wb") as fh:
        fh.truncate(6 * 1024 * 1024)
    with pytest.raises(BankError, match="limited to 5 MB"):
        load_dir(deck)
    with pytest.raises(BankError, match="limited to 5 MB"):
        read_yaml("x" * (6 * 1024 * 1024), "big.yaml")


def test_the_cli_reports_a_bad_deck_in_one_line(cli, tmp_path):
    (tmp_path / "lol").mkdir()
    (tmp_path / "lol" / "deck.yaml").write_text(laughs(9))
    for args in (("bank", "check", str(tmp_path / "lol")), ("--bank", str(tmp_path / "lol"), "bank", "list")):
        result = cli(*args)
        assert result.exit_code == 2
        assert "deck.yaml:2: YAML aliases (of the anchor here) expand" in result.output


# --- L2, L3, item 10: bank folders ------------------------------------------------------------------


def test_a_non_utf8_file_name_is_refused_by_check_and_load(cli, tmp_path):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / os.fsdecode(b"\xff-deck.yaml")).write_text(GOOD)
    for args in (("bank", "check", str(deck)), ("--bank", str(deck), "bank", "list")):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert "not valid UTF-8" in result.output


def test_a_symlink_loop_as_bank_folder_is_one_line(cli, tmp_path):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = cli("--bank", str(loop), "bank", "list")
    assert result.exit_code == 2 and "symlink loop" in result.output


def test_bank_check_on_a_folder_without_bank_files_says_so(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("hi")
    result = cli("bank", "check", str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert "no bank files here" in result.output


def test_a_json_export_in_a_folder_loads_as_a_bank(cli, tmp_path):
    make_deck(tmp_path / "src", n=3)
    jb = tmp_path / "jb"
    jb.mkdir()
    out = cli("--bank", str(tmp_path / "src"), "--only", "export", "json", "-o", str(jb / "q.json"))
    assert out.exit_code == 0, out.output
    result = cli("bank", "check", str(jb))
    assert result.exit_code == 0 and "ok: 3 questions" in result.output
    listed = cli("--bank", str(jb), "--only", "bank", "list", "--json")
    assert len(__import__("json").loads(listed.output)) == 3


# --- item 6 / M5: bank text length caps -------------------------------------------------------------------


@pytest.mark.parametrize("old, new, line, what", [
    ("question: Why do modern backbones use global average pooling?", "question: " + "why " * 400, 4, "question"),
    ("answer: GAP replaces the huge fully connected layers.", "answer: " + "gap " * 3000, 7, "answer"),
    ("{label: regulariser,", "{label: " + "r" * 300 + ",", 10, "label"),
    ("phrases: [any input size]", "phrases: [" + "a" * 300 + "]", 11, "phrase"),
])
def test_overlong_bank_text_is_a_file_line_error(cli, tmp_path, old, new, line, what):
    # M5: a single huge answer (or question, label) loaded fine and then hung `bank show` and `grade` in
    # Markdown rendering; now each text has a sane bound, reported with file:line by `bank check` and loading.
    assert old in GOOD
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "long.yaml").write_text(GOOD.replace(old, new))
    for args in (("bank", "check", str(deck)), ("--bank", str(deck), "bank", "list")):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert f"long.yaml:{line}: question 'my-gap-question': the {what} has " in result.output
        assert "characters; at most" in result.output and len(result.output.strip().splitlines()) == 1


def test_the_built_in_bank_is_within_the_caps():
    from cnnquiz.bank import load_bank

    assert len(load_bank(use_cache=False).questions) >= 100  # validated afresh with the caps


# --- M3: grading time and the answer cap ------------------------------------------------------------------


def test_a_huge_answer_is_graded_on_its_start_with_a_message(cli):
    # M3: a 400 KB answer took 40 s (quadratic matching); it is graded on its first 20,000 characters and
    # the verdict says so. (No timing is asserted; the suite would hang on a regression.)
    from cnnquiz.quiz.grader import MAX_ANSWER_CHARS

    text = "depthwise per channel then pointwise 1x1 cost 1/N + 1/k^2 about 8 to 9x fewer multiply adds " * 4300
    assert len(text) > 19 * MAX_ANSWER_CHARS
    result = cli("grade", "depthwise-separable-flops", "--answer", "-", input=text)
    assert result.exit_code == 0, result.output
    assert "only the first 20,000 characters of the answer were graded" in result.output


def test_a_file_of_millions_of_values_is_refused_before_composing(cli, tmp_path):
    # M5: a 5 MB file holding a list of 2.6 M numbers passed the size cap and took 28 s and 1.1 GB of memory
    # in `bank check`; the YAML events are counted first and the file is refused at the line it overflows.
    from cnnquiz.bank.yamlread import MAX_EVENTS

    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "many.yaml").write_text("questions: []\ndeck:\n  values: [" + "1," * (MAX_EVENTS + 10) + "1]\n")
    result = cli("bank", "check", str(deck))
    assert result.exit_code == 2
    assert f"many.yaml:3: more than {MAX_EVENTS:,} YAML values by this line" in result.output
    with pytest.raises(BankError, match="YAML values"):
        read_yaml("a: [" + "1," * (MAX_EVENTS + 10) + "1]", "x.yaml")
    assert read_yaml("a: [" + "1," * 1000 + "1]", "x.yaml")["a"][-1] == 1
