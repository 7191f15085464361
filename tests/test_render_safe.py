"""Bank text reaches the terminal as plain text: Rich markup inert, control sequences stripped (M1, M2)."""

from __future__ import annotations

import yaml

from cnnquiz.render.safe import clean, escape, plain
from tests.test_hardening import GOOD

HOSTILE = "Why GAP?\x1b]0;owned-title\x1b\\\x1b]52;c;ZWNobyBwd25lZA==\x1b\\\x1b[8m(hidden)\x1b[0m [red]red[/red] [/x]"


def test_clean_strips_osc_csi_and_c0_c1_but_keeps_text():
    assert clean(HOSTILE) == "Why GAP?(hidden) [red]red[/red] [/x]"
    assert clean("a\tb\nc×d\r\n") == "a\tb\nc×d\n"
    assert clean("bell\x07 nul\x00 c1\x9b31m") == "bell nul c1"
    assert plain("[/x]").plain == "[/x]"
    assert escape("[/x]") == "\\[/x]"


def test_bank_search_with_a_closing_tag_does_not_crash(cli):
    result = cli("bank", "search", "[/x]")
    assert result.exit_code == 0, result.output
    assert "[/x]" in result.output


def hostile_deck(tmp_path):
    doc = yaml.safe_load(GOOD)
    q = doc["questions"][0]
    q["question"] = HOSTILE
    q["key_points"][0]["label"] = "removes the FC layers [/]"
    q["source"]["document"] = "[link=https://evil.example]notes[/link].md"
    (tmp_path / "deck").mkdir()
    (tmp_path / "deck" / "deck.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    return tmp_path / "deck"


def test_hostile_deck_renders_as_text_in_list_and_show(cli, tmp_path):
    deck = hostile_deck(tmp_path)
    for args in (("bank", "list"), ("bank", "show", "my-gap-question"), ("bank", "search", "GAP")):
        result = cli("--bank", str(deck), "--only", *args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "owned-title" not in result.output
        assert "[red]" in result.output or args[1] == "list"  # markup shown, not applied
    shown = cli("--bank", str(deck), "--only", "bank", "show", "my-gap-question").output
    assert "removes the FC layers [/]" in shown


OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"


def verdict_deck(tmp_path):
    """Question, answer and key-point labels carrying a stray closing tag and an OSC 52 clipboard write."""
    doc = yaml.safe_load(GOOD)
    q = doc["questions"][0]
    q["question"] = f"Why GAP [/x]?{OSC52}"
    q["answer"] = f"GAP replaces the FC layers [/x].{OSC52}"
    q["key_points"][0]["label"] = f"removes the FC layers [/x]{OSC52}"
    q["key_points"][1]["label"] = "regulariser [/]"
    (tmp_path / "vdeck").mkdir()
    (tmp_path / "vdeck" / "deck.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    return tmp_path / "vdeck"


def assert_inert(result):
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "ZWNob" not in result.output  # no escape reaches the terminal
    assert "Traceback" not in result.output


def test_the_verdict_panel_and_practice_screens_show_bank_text_and_answers_as_text(cli, tmp_path):
    # M1/M2 in the verdict and practice screens: a label with [/x] crashed the verdict (MarkupError) and
    # escape sequences in the question, answer, labels, or in the user's own echoed answer reached the terminal.
    deck = verdict_deck(tmp_path)
    mine = f"no fully connected layers [/x]{OSC52} and less overfitting"
    graded = cli("--bank", str(deck), "--only", "grade", "my-gap-question", "--answer", mine)
    assert_inert(graded)
    assert "removes the FC layers [/x]" in graded.output and "regulariser [/]" in graded.output
    assert "GAP replaces the FC layers [/x]." in graded.output
    session = cli("--bank", str(deck), "--only", "practice", "-n", "1", input=mine + "\n\n3\n")
    assert_inert(session)
    assert "Why GAP [/x]?" in session.output and "removes the FC layers [/x]" in session.output
    assert "rated Good" in session.output
    revealed = cli("--bank", str(deck), "--only", "practice", "--mode", "cram", "-n", "1", input="?\n3\n")
    assert_inert(revealed)
    assert "key points: removes the FC layers [/x] · regulariser [/]" in " ".join(revealed.output.split())
    mock = cli("--bank", str(deck), "--only", "practice", "--mode", "mock", "-n", "1", input="GAP\n\n")
    assert_inert(mock)
    assert "removes the FC layers [/x]" in " ".join(mock.output.split())  # the report's missed points
    shown = cli("--bank", str(deck), "--only", "card", "show", "my-gap-question")
    assert_inert(shown)
    assert "no fully connected layers [/x]" in shown.output  # the user's own answer, as logged
