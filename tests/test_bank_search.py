"""bank search: BM25 over id, question, answer and key points, exact id and phrase matches first (issue 13 item 3)."""

from __future__ import annotations

import json

import pytest

from cnnquiz.bank import load_bank
from cnnquiz.quiz.search import search


@pytest.mark.parametrize("query, wanted", [
    ("SE block", "se-block"),
    ("squeeze excitation", "se-block"),
    ("depthwise flops", "depthwise"),
    ("channel shuffle", "channel-shuffle"),
    ("compound scaling", "compound-scaling"),
    ("batchnorm", "batchnorm"),
])
def test_a_matching_question_comes_first(query, wanted):
    hits = search(load_bank(), query, 5)
    assert hits and wanted in hits[0][0].id, [q.id for q, _ in hits]
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)


def test_exact_id_beats_everything_and_unrelated_text_finds_nothing():
    bank = load_bank()
    assert search(bank, "resnet-key-innovation", 3)[0][0].id == "resnet-key-innovation"
    assert search(bank, "zebra xylophone", 3) == []


def test_search_json_shape(cli):
    result = cli("bank", "search", "squeeze excitation", "--json", "-n", "3")
    hits = json.loads(result.output)
    assert len(hits) == 3
    assert set(hits[0]) == {"id", "score", "match", "question"}
    assert hits[0]["match"] in ("id", "phrase", "terms") and hits[0]["id"].startswith("se-block")
