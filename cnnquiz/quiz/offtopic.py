"""Off-topic check: Okapi BM25 over every question's text, rubric and model answer."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cnnquiz.quiz.textnorm import STOPWORDS, fold, word_key

if TYPE_CHECKING:
    from cnnquiz.bank.schema import Question

K1, B = 1.2, 0.75
# An answer is "closer to" another question when that question scores this many times its own (or more),
FACTOR = 2.0
# and shares at least this many distinct terms with the answer (a few words prove nothing).
MIN_SHARED_TERMS = 3


WORD_RE = re.compile(r"[a-z]+")


def terms(text: str) -> list[str]:
    """Search terms of a text: stems of its words but stopwords and single letters (fast: no Token objects)."""
    folded, _ = fold(text)
    return [word_key(w) for w in WORD_RE.findall(folded) if len(w) > 1 and w not in STOPWORDS]


def question_terms(q: Question) -> list[str]:
    """The searchable text of a question: its wording (twice, it names the subject), rubric and model answer."""
    parts = [q.question, q.question, q.answer, " ".join(q.topics)]
    for kp in q.key_points:
        parts.append(kp.label)
        parts.extend(kp.phrases)
    return terms("\n".join(parts))


class BM25Index:
    """Okapi BM25 (k1=1.2, b=0.75, Lucene's non-negative idf) over a fixed set of documents."""

    def __init__(self, docs: Sequence[tuple[str, list[str]]]) -> None:
        self.ids = [doc_id for doc_id, _ in docs]
        self.lengths = [len(toks) for _, toks in docs]
        self.avg_len = (sum(self.lengths) / len(self.lengths)) if docs else 1.0
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for n, (_, toks) in enumerate(docs):
            for term, tf in Counter(toks).items():
                self.postings.setdefault(term, []).append((n, tf))
        total = len(docs)
        self.idf = {t: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self.postings.items()}

    def _weight(self, tf: int, length: int) -> float:
        return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg_len))

    def scores(self, query: Iterable[str]) -> tuple[list[float], list[int]]:
        """BM25 score of every document for the query, and how many distinct query terms each contains."""
        score = [0.0] * len(self.ids)
        shared = [0] * len(self.ids)
        for term in set(query):
            for n, tf in self.postings.get(term, ()):
                score[n] += self.idf[term] * self._weight(tf, self.lengths[n])
                shared[n] += 1
        return score, shared

    def score_doc(self, query: Iterable[str], doc: list[str]) -> float:
        """BM25 score of a document outside the index (a question not in the bank) with the index's statistics."""
        counts = Counter(doc)
        total = len(self.ids) + 1
        out = 0.0
        for term in set(query):
            tf = counts.get(term, 0)
            if tf:
                df = len(self.postings.get(term, ())) + 1
                idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
                out += idf * self._weight(tf, len(doc))
        return out


def closer_question(index: BM25Index, q: Question, own_terms: list[str], answer_terms: list[str],
                    related: set[str]) -> str | None:
    """The id of a question the answer fits far better than its own (related questions count as its own)."""
    if not answer_terms:
        return None
    scores, shared = index.scores(answer_terms)
    own = index.score_doc(answer_terms, own_terms)
    best_n = -1
    for n, doc_id in enumerate(index.ids):
        if doc_id == q.id or doc_id in related:
            if scores[n] > own:
                own = scores[n]
            continue
        if best_n < 0 or scores[n] > scores[best_n]:
            best_n = n
    if best_n < 0 or shared[best_n] < MIN_SHARED_TERMS or scores[best_n] < FACTOR * own:
        return None
    return index.ids[best_n]
