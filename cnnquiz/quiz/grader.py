"""Grade a typed answer like a fair interviewer: key points by phrase or meaning, polarity, misconceptions, core.

A point is earned by one of its phrases (numbers, formulas, acronyms: see phrases.py) or by a clause whose
meaning is close to the point's statement (see semantic.py) — but never inside a negated clause, which shows
the point as negated. Confident wrong claims (misconceptions) cost points; core points carry most of the score;
a bare list of terms is capped. The score and its reasons come back as data; render/verdict.py draws them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cnnquiz.progress.rating import suggest
from cnnquiz.quiz import scoring
from cnnquiz.quiz.clauses import is_term_list
from cnnquiz.quiz.facts import wrong_counts
from cnnquiz.quiz.matching import Match, Rubric, compile_rubric
from cnnquiz.quiz.results import GradeResult, MisconceptionHit, PointResult, Status
from cnnquiz.quiz.scoring import Tuning

if TYPE_CHECKING:
    from cnnquiz.bank import Bank, Question
    from cnnquiz.quiz.offtopic import BM25Index
    from cnnquiz.quiz.semantic import Embedder
    from cnnquiz.quiz.spelling import Speller

OFF_TOPIC_CAP = 0.2          # the highest score an off-topic answer gets
ON_TOPIC_COVERAGE = 0.5      # an answer covering this much of its rubric is never off-topic
MAX_ANSWER_CHARS = 20_000    # longer answers are graded on their first 20,000 characters


class Grader:
    """Grades answers to the questions of one bank; rubrics compile on first use, the search index lazily."""

    def __init__(self, bank: Bank, embedder: Embedder | None = None, tuning: Tuning | None = None) -> None:
        self.bank = bank
        self.tuning = tuning or Tuning()
        self._embedder = embedder
        self._rubrics: dict[tuple, Rubric] = {}
        self._index: BM25Index | None = None
        self._own_terms: dict[tuple, list[str]] = {}
        self._related: dict[str, set[str]] = {}
        self._speller: Speller | None = None

    @property
    def speller(self) -> Speller:
        """Typo and shorthand fixing for the meaning model, with the whole bank's words as the vocabulary."""
        if self._speller is None:
            from cnnquiz.quiz.spelling import Speller

            self._speller = Speller(text for q in self.bank.questions
                                    for text in (q.question, q.answer, *(kp.meaning for kp in q.key_points),
                                                 *(p for kp in q.key_points for p in kp.phrases)))
        return self._speller

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from cnnquiz.quiz.semantic import model

            self._embedder = model()
        return self._embedder

    def _rubric(self, q: Question) -> Rubric:
        key = _question_key(q)
        if key not in self._rubrics:
            self._rubrics[key] = compile_rubric(q, self.embedder)
        return self._rubrics[key]

    def index(self) -> BM25Index:
        """The BM25 index over the whole bank (built on first use)."""
        if self._index is None:
            from cnnquiz.quiz.offtopic import BM25Index, question_terms

            self._index = BM25Index([(q.id, question_terms(q)) for q in self.bank.questions])
            for q in self.bank.questions:
                for rid in q.related:
                    self._related.setdefault(rid, set()).add(q.id)
        return self._index

    def _closer(self, q: Question, answer: str) -> str | None:
        from cnnquiz.quiz.offtopic import closer_question, question_terms, terms

        index = self.index()
        key = _question_key(q)
        if key not in self._own_terms:
            self._own_terms[key] = question_terms(q)
        related = set(q.related) | self._related.get(q.id, set())
        return closer_question(index, q, self._own_terms[key], terms(answer), related)

    def grade(self, question: Question, answer: str) -> GradeResult:
        """Score an answer: points earned by phrase or meaning, negations, misconceptions, caps."""
        truncated = len(answer) > MAX_ANSWER_CHARS
        answer = answer[:MAX_ANSWER_CHARS]
        if not answer.strip():
            points = tuple(PointResult(kp.label, Status.MISSED, weight=kp.weight, core=kp.core)
                           for kp in question.key_points)
            return GradeResult(question.id, 0.0, points, False, None, suggest(0.0), why="no answer")
        rubric = self._rubric(question)
        match = Match(answer, rubric, self.embedder, self.tuning, self.speller)
        hits = match.misconceptions(question) + wrong_counts(answer)
        points = tuple(match.point(kp, k) for k, kp in enumerate(question.key_points))
        spelt = self.speller(answer)
        if spelt != answer and not all(p.matched for p in points):  # shorthand and typos written out
            again = Match(spelt, rubric, self.embedder, self.tuning, self.speller)
            points = tuple(_better(p, again.point(kp, k)) if not p.matched else p
                           for k, (p, kp) in enumerate(zip(points, question.key_points)))
        term_list = is_term_list(answer, self.tuning.list_share, self.tuning.list_min_words)
        score, why = scoring.combine(points, hits, term_list, self.tuning)
        closer, off_topic = None, False
        if score < ON_TOPIC_COVERAGE and not hits:
            closer = self._closer(question, answer)
            if closer is not None:
                off_topic = True
                if score > OFF_TOPIC_CAP:
                    why += f"; capped at {round(OFF_TOPIC_CAP * 100)}: off topic"
                score = min(score, OFF_TOPIC_CAP)
        return GradeResult(question.id, score, points, off_topic, closer, suggest(score), hits, term_list, why,
                           truncated)


def _better(first: PointResult, second: PointResult) -> PointResult:
    """The result that credits the point more (a match beats a negation, which beats a miss)."""
    rank = {Status.MATCHED: 2, Status.NEGATED: 1, Status.MISSED: 0}
    return max((first, second), key=lambda p: (rank[p.status], p.credit))


def _question_key(q: Question) -> tuple:
    # Not hash(q): a claim's `example` is a dict, so Question itself is unhashable.
    return (q.id, q.question, q.key_points, q.misconceptions)


__all__ = ["GradeResult", "Grader", "MisconceptionHit", "OFF_TOPIC_CAP", "PointResult", "Status"]
