"""One answer against one compiled rubric: phrase and meaning matches, negation, swaps, misconceptions."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from cnnquiz.quiz import scoring
from cnnquiz.quiz.clauses import (Clause, affirmed, clauses_over, is_negative, negated_outside, quoted_ranges,
                                   split_clauses)
from cnnquiz.quiz.entities import entities, entity_words, numbers_agree, quantities
from cnnquiz.quiz.names import CAPS_PREFIX
from cnnquiz.quiz.phrases import EVIDENCE_MAX, PHRASE_MIN, AnswerIndex, Phrase, compile_phrase
from cnnquiz.quiz.results import MisconceptionHit, PointResult, Status
from cnnquiz.quiz.textnorm import Kind, Token, content_tokens

if TYPE_CHECKING:
    import numpy as np

    from cnnquiz.bank import Question
    from cnnquiz.quiz.scoring import Tuning
    from cnnquiz.quiz.semantic import Embedder
    from cnnquiz.quiz.spelling import Speller

CONCESSION = re.compile(r"(?:but|however|though|although|yet)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?;\n]")
ZERO = re.compile(r"\b(?:zero|0|none|no)\b", re.IGNORECASE)


@dataclass
class Rubric:
    """A question's rubric compiled for matching: phrases per point, misconception phrases, sentence vectors."""

    phrases: list[list[Phrase]]
    statement_vecs: np.ndarray
    statement_negative: list[bool]
    misconception_phrases: list[list[Phrase]]
    claim_negative: list[bool]
    claim_vecs: np.ndarray
    question_vec: np.ndarray
    numbers: list[list[Token]]
    anchors: list[set[str]]
    own_entities: list[set[str]]
    other_entities: list[set[str]]
    label_vecs: np.ndarray
    contrast: list[set[str]]
    subjects: list[str | None]


def compile_rubric(q: Question, embedder: Embedder) -> Rubric:
    """A question's rubric compiled for matching (phrases, sentence vectors, numbers, anchors, entities)."""
    from cnnquiz.quiz.semantic import statement_vectors
    from cnnquiz.quiz.spelling import canonical

    asked = {t.key for t in content_tokens(q.question) if t.kind is Kind.WORD}
    phrases = [[replace(p, negative=is_negative(p.text)) for text in (*kp.phrases, kp.label)
                for p in compile_phrase(text) if not restates(p, asked)] for kp in q.key_points]
    wrong = [[p for text in m.phrases for p in compile_phrase(text, ordered=True)] for m in q.misconceptions]
    # a statement is embedded without its negated asides ("a path back that does not go through the weights")
    texts = ([affirmed(kp.meaning) for kp in q.key_points] + [m.claim for m in q.misconceptions] + [q.question]
             + [kp.label for kp in q.key_points])
    vecs = statement_vectors(embedder, [canonical(t) for t in texts])
    n = len(q.key_points)
    label_vecs, vecs = vecs[-n:], vecs[:-n]
    numbers = [[t for text in (kp.meaning, kp.label, *kp.phrases) for t in quantities(text)] for kp in q.key_points]
    # words of a point beyond the question's own: a clause must use one to earn the point by meaning
    anchors = [{t.key for text in (kp.meaning, kp.label, *kp.phrases) for t in content_tokens(text)
                if t.kind is Kind.WORD and len(t.key) > 2 and t.key not in asked} for kp in q.key_points]
    own, other = entities(q)
    # words of a misconception's correction that its claim and phrases lack ('pointwise' against 'depthwise')
    contrast = [{t.key for t in content_tokens(m.correction) if t.kind is Kind.WORD and len(t.key) > 1} - asked
                - {t.key for text in (m.claim, *m.phrases) for t in content_tokens(text)} for m in q.misconceptions]
    return Rubric(phrases, vecs[:n], [is_negative(kp.meaning) for kp in q.key_points], wrong,
                  [is_negative(m.claim) for m in q.misconceptions], vecs[n:-1], vecs[-1],
                  numbers, anchors, own, other, label_vecs, contrast,
                  [next((t.key for t in content_tokens(m.claim) if t.kind is Kind.WORD), None)
                   for m in q.misconceptions])


class Match:
    """One answer against one rubric: its clauses, their vectors, and the phrase index."""

    def __init__(self, answer: str, rubric: Rubric, embedder: Embedder, tuning: Tuning, speller: Speller) -> None:
        self.text, self.rubric, self.tuning = answer, rubric, tuning
        self.index = AnswerIndex(answer)
        self.clauses = split_clauses(answer)
        self.quotes = quoted_ranges(answer)
        self.clause_words = self._carried_entities(answer)
        kept = [i for i, c in enumerate(self.clauses) if c.words >= tuning.min_clause_words]
        self.units = [self.clauses[i] for i in kept]
        self.unit_entities = [self.clause_words[i] for i in kept]
        from cnnquiz.quiz.spelling import canonical

        spelt = [canonical(speller(u.text)) for u in self.units]
        self.vecs = embedder.embed(spelt)
        self.point_sims = self.vecs @ rubric.statement_vecs.T if len(self.units) else None
        if self.point_sims is not None and tuning.label_weight:  # the short label is a second statement
            import numpy as np

            self.point_sims = np.maximum(self.point_sims,
                                         tuning.label_weight * (self.vecs @ rubric.label_vecs.T))
        self.claimed: set[int] = set()  # units taken by a misconception earn no point
        self.unit_numbers = [quantities(u.text) for u in self.units]
        self.unit_words = [{t.key for t in content_tokens(text) if t.kind is Kind.WORD} for text in spelt]

    def _negated_span(self, first: int, last: int, own_cue: bool, forward: bool = True) -> bool:
        start, end = self.index.chars(first, last)
        return any(negated_outside(self.text, c, start, end, own_cue, forward)
                   for c in clauses_over(self.clauses, start, end))

    def _carried_entities(self, answer: str) -> list[set[str]]:
        """Each clause's words; a fragment that names none of the question's entities ("1x1, 3x3, 1x1")
        speaks of the entity the sentence named last ("the basic block is the three-layer one, 1x1, ...")."""
        contrasted = set().union(*self.rubric.own_entities, *self.rubric.other_entities)
        out, carried, prev_end = [], set(), 0
        for c in self.clauses:
            words = entity_words(c.text)
            if SENTENCE_END.search(answer[prev_end: c.start]):
                carried = set()
            named = words & contrasted
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

    def _subject_apart(self, m: int) -> str | None:
        """A misconception phrase whose first word (its subject) stands further back in the same clause:
        'the depthwise step is a 1x1 convolution that mixes the channels' asserts 'depthwise mixes channels' —
        unless a word of the correction the claim lacks ('pointwise') stands between them."""
        t = self.tuning
        for phrase in self.rubric.misconception_phrases[m]:
            if len(phrase.tokens) < 3 or phrase.tokens[0].key.removeprefix(CAPS_PREFIX) != self.rubric.subjects[m]:
                continue  # only a phrase that starts with the claim's own subject
            rest = Phrase(phrase.text, phrase.tokens[1:], True)
            sim, first, last = self.index.match(rest, lambda a, b: self._in_one_affirmed_clause(a, b),
                                                gap=t.misconception_gap)
            if sim < PHRASE_MIN:
                continue
            start, _ = self.index.chars(first, last)
            clause = clauses_over(self.clauses, start, start + 1)[0]
            for head in self.index.candidates(phrase.tokens[0]):
                between = self.index.tokens[head.end:first]
                if (head.sim >= PHRASE_MIN and head.end <= first and len(between) <= t.subject_gap
                        and self.index.tokens[head.start].start >= clause.start
                        and not any(tok.key in self.rubric.contrast[m] for tok in between)):
                    return self.index.evidence(head.start, last)
        return None

    def misconceptions(self, question: Question) -> tuple[MisconceptionHit, ...]:
        hits = []
        t = self.tuning
        for m, mis in enumerate(question.misconceptions):
            evidence = None
            for phrase in self.rubric.misconception_phrases[m]:
                sim, first, last = self.index.match(
                    phrase, lambda a, b, p=phrase: self._in_one_affirmed_clause(a, b) and not self._zeroed(a, b, p),
                    gap=t.misconception_gap)
                if sim >= PHRASE_MIN:
                    evidence = self.index.evidence(first, last)
                    break
            if evidence is None and t.subject_gap:
                evidence = self._subject_apart(m)
            if evidence is None and self.units:
                negative = self.rubric.claim_negative[m]
                sims = self.vecs @ self.rubric.claim_vecs[m]
                best = self.point_sims.max(axis=1)
                for u in sorted(range(len(self.units)), key=lambda i: -sims[i]):
                    if sims[u] < t.misconception_sim:
                        break
                    unit = self.units[u]
                    if (unit.negated == negative and sims[u] >= best[u] + t.misconception_margin
                            and not self._quoted(unit.start, unit.end)):
                        evidence = trim(self.units[u].text)
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
            sim, first, last = self.index.match(
                phrase, lambda a, b, own=phrase.negative: (not self._negated_span(a, b, own)
                                                           and not self._swapped_span(a, b, k)))
            if sim > best[0]:
                best = (sim, phrase, first, last)
                if sim >= 1.0:
                    break
        sim, phrase, first, last = best
        if phrase is not None and sim >= PHRASE_MIN:
            return PointResult(status=Status.MATCHED, phrase=phrase.text, evidence=self.index.evidence(first, last),
                               credit=1.0, via="phrase", **base)
        negative = self.rubric.statement_negative[k]
        for phrase in self.rubric.phrases[k]:  # found only where negated (not where said of another thing)?
            # "instead of X" contrasts X with what the answer says (often X's own true fact: "an additive path
            # instead of a product of Jacobians"), and a cue beside an affirmative phrase of a negative point
            # may be the point's own negation ("NO activation (linear bottleneck)"): neither denies the point.
            if negative and not phrase.negative:
                continue
            sim, first, last = self.index.match(
                phrase, lambda a, b, own=phrase.negative: (not self._swapped_span(a, b, k)
                                                           and self._negated_span(a, b, own, False)))
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
        return numbers_agree(self.unit_numbers[u], self.rubric.numbers[k])

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
                    best, evidence = credit, trim(unit.text)
            elif sim > opposite_sim and not unit.contrast:
                opposite_sim, opposite = sim, trim(unit.text)
        if scoring.ramp(opposite_sim, t.sim_lo, t.sim_hi) < 0.5:
            opposite = None
        return best, evidence, opposite


def restates(phrase: Phrase, asked: set[str]) -> bool:
    """A phrase made only of the question's own words: restating the question earns nothing."""
    return all(t.kind is Kind.WORD and t.key in asked for t in phrase.tokens)


def trim(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_MAX else text[: EVIDENCE_MAX - 1] + "…"
