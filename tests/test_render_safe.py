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
