"""After a verdict, practice shows the question's verified numbers from the verify cache, or how to get them."""

from __future__ import annotations

import copy

import pytest

from tests.quizbank import QUESTIONS, write_bank


@pytest.fixture
def claim_deck(tmp_path):
    question = copy.deepcopy(QUESTIONS[0])
    question["claims"] = [{"what": "params", "model": "resnet18", "value": 11.7e6, "unit": "count",
                           "tolerance": 0.01, "said": "ResNet-18: 11.7M"}]
    return write_bank(tmp_path / "deck", [question])


def practise_once(cli, deck):
    return cli("--bank", str(deck), "--only", "practice", "-n", "1",
               input="identity shortcut keeps the gradient flow\n\n3\n")


def test_without_measurements_practice_says_how_to_get_them(cli, claim_deck):
    result = practise_once(cli, claim_deck)
    assert result.exit_code == 0
    assert "run `cnnquiz verify`" in result.stdout


def test_after_verify_practice_shows_the_measured_numbers(cli, claim_deck):
    verified = cli("--bank", str(claim_deck), "--only", "verify", "--json")
    assert verified.exit_code == 0, verified.stderr
    result = practise_once(cli, claim_deck)
    assert result.exit_code == 0
    assert "Verified numbers" in result.stdout and "11,689,512" in result.stdout
    assert "run `cnnquiz verify`" not in result.stdout
