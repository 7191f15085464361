"""`bank search`: questions ranked by BM25 over id, question, answer and key points, exact id and phrase first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cnnquiz.errors import UsageError
from cnnquiz.quiz.offtopic import BM25Index, question_terms, terms

if TYPE_CHECKING:
    from cnnquiz.bank import Bank
    from cnnquiz.bank.schema import Question

_INDEXES: dict[int, tuple[Bank, BM25Index]] = {}  # id(bank) -> (bank, its index); the bank is kept so ids stay unique


def _index(bank: Bank) -> BM25Index:
    hit = _INDEXES.get(id(bank))
    if hit is None or hit[0] is not bank:
        hit = bank, BM25Index([(q.id, question_terms(q) + terms(q.id.replace("-", " "))) for q in bank.questions])
        _INDEXES.clear()
        _INDEXES[id(bank)] = hit
    return hit[1]


def search(bank: Bank, text: str, limit: int = 10) -> list[tuple[Question, float]]:
    """Questions ranked by BM25 over id, question, answer and key points; exact id and phrase matches first.

    The score is the BM25 score (exact id +1000, the phrase in the id or question +100, in the answer
    or a key point +10), so the order is: the id itself, then phrase matches, then the best terms.
    """
    return [(q, score) for q, score, _ in search_ranked(bank, text, limit)]


def search_ranked(bank: Bank, text: str, limit: int = 10) -> list[tuple[Question, float, str]]:
    """(question, score, how it matched: id|phrase|terms) best first; only questions sharing a term or the phrase."""
    needle = " ".join(text.lower().split())
    if not needle:
        raise UsageError("search text is empty")
    bm25, shared = _index(bank).scores(terms(needle))
    slug = needle.replace(" ", "-")
    ranked = []
    for n, q in enumerate(bank.questions):
        if q.id == needle or q.id == slug:
            bonus, how = 1000.0, "id"
        elif slug in q.id or needle in " ".join(q.question.lower().split()):
            bonus, how = 100.0, "phrase"
        elif needle in q.answer.lower() or any(needle in kp.label.lower() or
                                               any(needle in ph.lower() for ph in kp.phrases)
                                               for kp in q.key_points):
            bonus, how = 10.0, "phrase"
        elif shared[n]:
            bonus, how = 0.0, "terms"
        else:
            continue
        ranked.append((q, round(bonus + bm25[n], 2), how))
    ranked.sort(key=lambda hit: -hit[1])
    return ranked[:limit]
