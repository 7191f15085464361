"""Grade a typed answer like a fair interviewer: key points by phrase or meaning, polarity, misconceptions, core.

A point is earned by one of its phrases (numbers, formulas, acronyms: see phrases.py) or by a clause whose
meaning is close to the point's statement (see semantic.py) — but never inside a negated clause, which shows
the point as negated. Confident wrong claims (misconceptions) cost points; core points carry most of the score;
a bare list of terms is capped. The score and its reasons come back as data; render/verdict.py draws them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from cnnquiz.quiz import scoring
from cnnquiz.quiz.clauses import (Clause, clauses_over, is_negative, is_term_list, negated_outside, quoted_ranges,
                                  split_clauses)
from cnnquiz.quiz.phrases import PHRASE_MIN, AnswerIndex, Phrase, compile_phrase
from cnnquiz.quiz.rating import Rating, suggest
from cnnquiz.quiz.scoring import Tuning
from cnnquiz.quiz.numbers import numbers_close
from cnnquiz.quiz.phrases import NUMBER_TOLERANCE
from cnnquiz.quiz.textnorm import Kind, Token, content_tokens

if TYPE_CHECKING:
    import numpy as np

    from cnnquiz.bank import Bank, Question
    from cnnquiz.quiz.offtopic import BM25Index
    from cnnquiz.quiz.semantic import Embedder
    from cnnquiz.quiz.spelling import Speller

OFF_TOPIC_CAP = 0.2          # the highest score an off-topic answer gets
ON_TOPIC_COVERAGE = 0.5      # an answer covering this much of its rubric is never off-topic
EVIDENCE_MAX = 80
CONCESSION = re.compile(r"(?:but|however|though|although|yet)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?;\n]")
ZERO = re.compile(r"\b(?:zero|0|none|no)\b", re.IGNORECASE)
MAX_ANSWER_CHARS = 20_000    # longer answers are graded on their first 20,000 characters


class Status(str, Enum):
    """What the answer did with a key point."""

    MATCHED = "matched"
    MISSED = "missed"
    NEGATED = "negated"


@dataclass(frozen=True)
class PointResult:
    """One rubric point: its status, the credit earned (0..1), how it was found and the user's words."""

    label: str
    status: Status
    phrase: str | None = None
    evidence: str | None = None
    weight: float = 1.0
    core: bool = False
    credit: float = 0.0
    via: str | None = None  # "phrase" or "meaning"

    @property
    def matched(self) -> bool:
        return self.status is Status.MATCHED

    def to_json(self) -> dict:
        return {"label": self.label, "status": self.status.value, "evidence": self.evidence,
                "weight": self.weight, "core": self.core}


@dataclass(frozen=True)
class MisconceptionHit:
    """A misconception the answer asserts: the claim, the user's words and the correction."""

    claim: str
    evidence: str
    correction: str

    def to_json(self) -> dict:
        return {"claim": self.claim, "evidence": self.evidence, "correction": self.correction}


@dataclass(frozen=True)
class GradeResult:
    """The grade of one answer: score 0..1, per-point results, misconceptions, caps and a suggested rating."""

    question_id: str
    score: float
    points: tuple[PointResult, ...]
    off_topic: bool
    closer_to: str | None
    suggested: Rating
    misconceptions: tuple[MisconceptionHit, ...] = ()
    term_list: bool = False
    why: str = ""
    truncated: bool = field(default=False, compare=False)
    checked: bool = False      # the question has executed checks (cnnquiz/checks): JSON adds "checks"
    checks: tuple = ()         # cnnquiz.checks.run.CheckOutcome, one per property, when code was run
    check_error: str | None = None
    check_note: str = ""
    check_output: str = ""

    @property
    def matched(self) -> list[str]:
        return [p.label for p in self.points if p.matched]

    @property
    def missed(self) -> list[str]:
        return [p.label for p in self.points if not p.matched]

    @property
    def negated(self) -> list[str]:
        return [p.label for p in self.points if p.status is Status.NEGATED]

    def to_json(self) -> dict:
        """{"id", "score", "matched", "missed", "suggested_rating", "off_topic", "points", "misconceptions",
        "term_list", "why"}, and "checks": [{"name", "passed", "observed", "expected"}] for a question with a check."""
        return {"id": self.question_id, "score": round(self.score, 3), "matched": self.matched,
                "missed": self.missed, "suggested_rating": self.suggested.key, "off_topic": self.off_topic,
                "points": [p.to_json() for p in self.points],
                "misconceptions": [m.to_json() for m in self.misconceptions],
                "term_list": self.term_list, "why": self.why,
                **({"checks": [c.to_json() for c in self.checks]} if self.checked else {})}


@dataclass
class _Rubric:
    """A question's rubric compiled for matching: phrases per point, misconception phrases, sentence vectors."""

    phrases: list[list[Phrase]]
    statement_vecs: np.ndarray
    statement_negative: list[bool]
    misconception_phrases: list[list[Phrase]]
    claim_vecs: np.ndarray
    question_vec: np.ndarray
    numbers: list[list[Token]]
    anchors: list[set[str]]
    own_entities: list[set[str]]
    other_entities: list[set[str]]
    label_vecs: np.ndarray


class Grader:
    """Grades answers to the questions of one bank; rubrics compile on first use, the search index lazily."""

    def __init__(self, bank: Bank, embedder: Embedder | None = None, tuning: Tuning | None = None) -> None:
        self.bank = bank
        self.tuning = tuning or Tuning()
        self._embedder = embedder
        self._rubrics: dict[tuple, _Rubric] = {}
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

    def _rubric(self, q: Question) -> _Rubric:
        key = _question_key(q)
        if key not in self._rubrics:
            from cnnquiz.quiz.semantic import statement_vectors

            asked = {t.key for t in content_tokens(q.question) if t.kind is Kind.WORD}
            phrases = [[p for text in (*kp.phrases, kp.label) for p in compile_phrase(text)
                        if not _restates(p, asked)] for kp in q.key_points]
            wrong = [[p for text in m.phrases for p in compile_phrase(text, ordered=True)] for m in q.misconceptions]
            texts = ([kp.meaning for kp in q.key_points] + [m.claim for m in q.misconceptions] + [q.question]
                     + [kp.label for kp in q.key_points])
            vecs = statement_vectors(self.embedder, texts)
            n = len(q.key_points)
            label_vecs, vecs = vecs[-n:], vecs[:-n]
            numbers = [[t for text in (kp.meaning, kp.label, *kp.phrases) for t in _quantities(text)]
                       for kp in q.key_points]
            # words of a point beyond the question's own: a clause must use one to earn the point by meaning
            anchors = [{t.key for text in (kp.meaning, kp.label, *kp.phrases) for t in content_tokens(text)
                        if t.kind is Kind.WORD and len(t.key) > 2 and t.key not in asked} for kp in q.key_points]
            own, other = _entities(q)
            self._rubrics[key] = _Rubric(phrases, vecs[:n], [is_negative(kp.meaning) for kp in q.key_points],
                                         wrong, vecs[n:-1], vecs[-1], numbers, anchors, own, other,
                                         label_vecs)
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
        match = _Match(answer, rubric, self.embedder, self.tuning, self.speller)
        hits = match.misconceptions(question)
        points = tuple(match.point(kp, k) for k, kp in enumerate(question.key_points))
        spelt = self.speller(answer)
        if spelt != answer and not all(p.matched for p in points):  # shorthand and typos written out
            again = _Match(spelt, rubric, self.embedder, self.tuning, self.speller)
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


class _Match:
    """One answer against one rubric: its clauses, their vectors, and the phrase index."""

    def __init__(self, answer: str, rubric: _Rubric, embedder: Embedder, tuning: Tuning, speller: Speller) -> None:
        self.text, self.rubric, self.tuning = answer, rubric, tuning
        self.index = AnswerIndex(answer)
        self.clauses = split_clauses(answer)
        self.quotes = quoted_ranges(answer)
        self.clause_words = self._carried_entities(answer)
        kept = [i for i, c in enumerate(self.clauses) if c.words >= tuning.min_clause_words]
        self.units = [self.clauses[i] for i in kept]
        self.unit_entities = [self.clause_words[i] for i in kept]
        spelt = [speller(u.text) for u in self.units]
        self.vecs = embedder.embed(spelt)
        self.point_sims = self.vecs @ rubric.statement_vecs.T if len(self.units) else None
        if self.point_sims is not None and tuning.label_weight:  # the short label is a second statement
            import numpy as np

            self.point_sims = np.maximum(self.point_sims,
                                         tuning.label_weight * (self.vecs @ rubric.label_vecs.T))
        self.claimed: set[int] = set()  # units taken by a misconception earn no point
        self.unit_numbers = [_quantities(u.text) for u in self.units]
        self.unit_words = [{t.key for t in content_tokens(text) if t.kind is Kind.WORD} for text in spelt]

    def _negated_span(self, first: int, last: int, own_cue: bool) -> bool:
        start, end = self.index.chars(first, last)
        return any(negated_outside(self.text, c, start, end, own_cue) for c in clauses_over(self.clauses, start, end))

    def _carried_entities(self, answer: str) -> list[set[str]]:
        """Each clause's words; a fragment that names none of the question's entities ("1x1, 3x3, 1x1")
        speaks of the entity the sentence named last ("the basic block is the three-layer one, 1x1, ...")."""
        entities = set().union(*self.rubric.own_entities, *self.rubric.other_entities)
        out, carried, prev_end = [], set(), 0
        for c in self.clauses:
            words = _entity_words(c.text)
            if SENTENCE_END.search(answer[prev_end: c.start]):
                carried = set()
            named = words & entities
            if named:
                carried = named
            elif carried:
                words = words | carried
            out.append(words)
            prev_end = c.end
        return out

    def _swapped(self, words: set[str], k: int) -> bool:
        """A clause that says the point of another thing the question contrasts (`the basic block is the
        1x1-3x3-1x1 one`): it names one of the other entities and none of the point's own."""
        own, other = self.rubric.own_entities[k], self.rubric.other_entities[k]
        return bool(own) and bool(words & other) and not words & own

    def _swapped_span(self, first: int, last: int, k: int) -> bool:
        start, end = self.index.chars(first, last)
        return any(self._swapped(self.clause_words[i], k) for i, c in enumerate(self.clauses)
                   if c.start < end and start < c.end)

    def _zeroed(self, first: int, last: int, phrase: Phrase) -> bool:
        """`GAP has 0 params` is not `GAP has parameters`: a zero inside the match that the phrase lacks."""
        start, end = self.index.chars(first, last)
        return bool(ZERO.search(self.text[start:end])) and not ZERO.search(phrase.text)

    def _quoted(self, start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in self.quotes)

    def _conceded(self, clause: Clause) -> bool:
        """`X, but Y` concedes X: the next clause of the sentence starts with but, however, though or yet."""
        i = self.clauses.index(clause)
        if i + 1 >= len(self.clauses):
            return False
        nxt = self.clauses[i + 1]
        return (not SENTENCE_END.search(self.text[clause.end: nxt.start])) and bool(CONCESSION.match(nxt.text))

    def _in_one_affirmed_clause(self, first: int, last: int) -> bool:
        """A misconception counts only where the answer asserts it: one clause, not negated, not quoted,
        not conceded."""
        start, end = self.index.chars(first, last)
        if self._quoted(start, end):
            return False
        touched = clauses_over(self.clauses, start, end)
        if len(touched) == 1 and self._conceded(touched[0]):
            return False
        return len(touched) == 1 and not negated_outside(self.text, touched[0], start, end, False)

    def misconceptions(self, question: Question) -> tuple[MisconceptionHit, ...]:
        hits = []
        t = self.tuning
        for m, mis in enumerate(question.misconceptions):
            evidence = None
            for phrase in self.rubric.misconception_phrases[m]:
                sim, first, last = self.index.match(
                    phrase, lambda a, b, p=phrase: self._in_one_affirmed_clause(a, b) and not self._zeroed(a, b, p))
                if sim >= PHRASE_MIN:
                    evidence = self.index.evidence(first, last)
                    break
            if evidence is None and self.units:
                negative = is_negative(mis.claim)
                sims = self.vecs @ self.rubric.claim_vecs[m]
                best = self.point_sims.max(axis=1)
                for u in sorted(range(len(self.units)), key=lambda i: -sims[i]):
                    if sims[u] < t.misconception_sim:
                        break
                    unit = self.units[u]
                    if (unit.negated == negative and sims[u] >= best[u] + t.misconception_margin
                            and not self._quoted(unit.start, unit.end)):
                        evidence = _trim(self.units[u].text)
                        self.claimed.add(u)
                        break
            if evidence is not None:
                hits.append(MisconceptionHit(mis.claim, evidence, mis.correction))
        return tuple(hits)

    def point(self, kp, k: int) -> PointResult:
        base = dict(label=kp.label, weight=kp.weight, core=kp.core)
        negated_evidence = None
        best: tuple[float, Phrase | None, int, int] = (0.0, None, -1, -1)
        for phrase in self.rubric.phrases[k]:
            own = is_negative(phrase.text)
            sim, first, last = self.index.match(
                phrase, lambda a, b: not self._negated_span(a, b, own) and not self._swapped_span(a, b, k))
            if sim > best[0]:
                best = (sim, phrase, first, last)
                if sim >= 1.0:
                    break
        sim, phrase, first, last = best
        if phrase is not None and sim >= PHRASE_MIN:
            return PointResult(status=Status.MATCHED, phrase=phrase.text, evidence=self.index.evidence(first, last),
                               credit=1.0, via="phrase", **base)
        for phrase in self.rubric.phrases[k]:  # found only where negated (not where said of another thing)?
            sim, first, last = self.index.match(phrase, lambda a, b: not self._swapped_span(a, b, k))
            if sim >= PHRASE_MIN:
                negated_evidence = self.index.evidence(first, last)
                break
        credit, evidence, opposite = self._meaning(k)
        if credit >= 0.5:
            return PointResult(status=Status.MATCHED, evidence=evidence, credit=credit, via="meaning", **base)
        if negated_evidence is None and opposite is not None:
            negated_evidence = opposite
        if negated_evidence is not None:
            return PointResult(status=Status.NEGATED, evidence=negated_evidence, **base)
        return PointResult(status=Status.MISSED, credit=credit, **base)

    def _numbers_agree(self, u: int, k: int) -> bool:
        return _numbers_agree_with(self.unit_numbers[u], self.rubric.numbers[k])

    def _meaning(self, k: int) -> tuple[float, str | None, str | None]:
        """(credit, evidence) of the best clause of the point's polarity, and a close clause of the other."""
        if self.point_sims is None:
            return 0.0, None, None
        t = self.tuning
        negative = self.rubric.statement_negative[k]
        best, evidence, opposite, opposite_sim = 0.0, None, None, 0.0
        for u, unit in enumerate(self.units):
            if u in self.claimed or not self._numbers_agree(u, k):
                continue
            if t.anchored and not (self.unit_words[u] & self.rubric.anchors[k]):
                continue
            if self._swapped(self.unit_entities[u], k):
                continue
            sim = float(self.point_sims[u, k])
            if unit.negated == negative:
                credit = scoring.ramp(sim, t.sim_lo, t.sim_hi)
                if credit > best:
                    best, evidence = credit, _trim(unit.text)
            elif sim > opposite_sim:
                opposite_sim, opposite = sim, _trim(unit.text)
        if scoring.ramp(opposite_sim, t.sim_lo, t.sim_hi) < 0.5:
            opposite = None
        return best, evidence, opposite


GENERIC = frozenset("block blocks network networks model models layer layers conv convolution convolutions use used "
                    "why what how does do compare difference differ explain describe between work works main key "
                    "cnn cnns architecture architectures design".split())


def _entity_words(text: str) -> set[str]:
    """Word keys and model names (`resnet50`, `b0`) of a text, the vocabulary entities are compared in."""
    import re

    names = {re.sub(r"[-_ ]", "", m.group()).lower() for m in re.finditer(r"[A-Za-z]+[-_ ]?\d+[A-Za-z]?\d*", text)}
    return {t.key for t in content_tokens(text) if t.kind is Kind.WORD} | names


def _named(text: str) -> set[str]:
    """The keys of a question's capitalised words (not the first of a sentence) and model names."""
    import re

    names = {re.sub(r"[-_ ]", "", m.group()).lower() for m in re.finditer(r"[A-Za-z]+[-_ ]?\d+[A-Za-z]?\d*", text)}
    toks = [t for t in content_tokens(text) if t.kind is Kind.WORD]
    caps = {t.key for t in toks if text[t.start].isupper() and t.start > 0 and text[:t.start].rstrip()[-1:] not in ".?!"}
    return names | caps


def _entities(q: Question) -> tuple[list[set[str]], list[set[str]]]:
    """Per point, the question's entities its statement names (own) and the ones it does not (other).

    Entities are the names the question contrasts (capitalised words and model names: Basic Block, ResNet-50)
    that some statement repeats, but for generic words and those every statement names."""
    import re

    statements = [_entity_words(kp.meaning) for kp in q.key_points]
    if not re.search(r"\bvs\b|\bversus\b|\bbetween\b|\bcompare\b|\bdifference", q.question, re.IGNORECASE):
        return [set() for _ in q.key_points], [set() for _ in q.key_points]  # nothing is contrasted
    entities = {w for w in _named(q.question) if w not in GENERIC and any(w in s for s in statements)}
    common = {w for w in entities if all(w in s for s in statements)}
    # `resnet` says nothing where the question contrasts ResNet-18 with ResNet-50
    common |= {w for w in entities if any(n != w and n.startswith(w) and n[len(w):].isdigit() for n in entities)}
    entities -= common
    own = [entities & s for s in statements]
    return own, [entities - o for o in own]


def _quantities(text: str) -> list[Token]:
    """The numbers of a text that state a quantity: not the sides of a kernel size such as 3x3."""
    toks = content_tokens(text)
    dims = set()
    for i in range(len(toks) - 2):
        if toks[i].kind is Kind.NUM and toks[i + 1].key == "x" and toks[i + 2].kind is Kind.NUM:
            dims.update((i, i + 2))
    # nor a model's number (ResNet-50, VGG16, EfficientNet-B0)
    named = {i for i, t in enumerate(toks) if t.kind is Kind.NUM and t.start > 0
             and (text[t.start - 1].isalpha() or (text[t.start - 1] == "-" and t.start > 1
                                                   and text[t.start - 2].isalpha()))}
    return [t for i, t in enumerate(toks) if t.kind is Kind.NUM and i not in dims and i not in named]


def _numbers_agree_with(got: list[Token], want: list[Token]) -> bool:
    """A clause with numbers of its own earns a numeric point by meaning only if one of them is the point's."""
    if not got or not want:
        return True
    return any(numbers_close(w, g, NUMBER_TOLERANCE) for w in want for g in got)


def _better(first: PointResult, second: PointResult) -> PointResult:
    """The result that credits the point more (a match beats a negation, which beats a miss)."""
    rank = {Status.MATCHED: 2, Status.NEGATED: 1, Status.MISSED: 0}
    return max((first, second), key=lambda p: (rank[p.status], p.credit))


def _restates(phrase: Phrase, asked: set[str]) -> bool:
    """A phrase made only of the question's own words: restating the question earns nothing."""
    return all(t.kind is Kind.WORD and t.key in asked for t in phrase.tokens)


def _trim(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_MAX else text[: EVIDENCE_MAX - 1] + "…"


def _question_key(q: Question) -> tuple:
    # Not hash(q): a claim's `example` is a dict, so Question itself is unhashable.
    return (q.id, q.question, q.key_points, q.misconceptions)


__all__ = ["Clause", "GradeResult", "Grader", "MisconceptionHit", "OFF_TOPIC_CAP", "PointResult", "Status"]
