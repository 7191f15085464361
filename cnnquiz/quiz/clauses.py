"""Split an answer into clauses, find which are negated (NegEx-style cues and scopes), and spot bare term lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Cues that negate the whole clause they stand in, before or after the terms ("X is not a problem").
CLAUSE_CUES = re.compile(
    r"\b(?:not|no|never|none|neither|nor|cannot|can't|won't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|"
    r"hasn't|haven't|hadn't|shouldn't|wouldn't|couldn't|mustn't|needn't|nothing|nowhere|hardly|rarely|seldom|"
    r"no\s+longer|fails?\s+to|failed\s+to|lacks?|lacking|unable\s+to|dont|doesnt|isnt|arent|cant|wont|didnt)\b",
    re.IGNORECASE)
# Negations that do not negate ("not only ... but also", "no matter", "not just").
PSEUDO_CUES = re.compile(r"\b(?:not\s+only|not\s+just|not\s+merely|no\s+matter|no\s+doubt|not\s+least|"
                         r"nothing\s+but|no\s+more\s+than|not\s+more\s+than|no\s+less\s+than|not\s+much|"
                         r"no\s+extra\s+cost|whether\s+or\s+not)\b", re.IGNORECASE)
# Cues that negate what follows them only: they open a negated clause ("concatenates rather than adds").
FORWARD_CUES = re.compile(r"\b(?:rather\s+than|instead\s+of|without|as\s+opposed\s+to|in\s+place\s+of|"
                          r"not\s+instead)\b", re.IGNORECASE)
# Where a clause ends: sentence punctuation, line breaks, bullets, commas, and conjunctions that start a new claim.
BOUNDARY = re.compile(
    r"[.!?;:]+(?=\s|$)|\n+|(?<=\s)[-•]\s|(?:^|(?<=\n))\s*\*\s|,|"
    r"\b(?:but|however|whereas|while|although|though|because|since|so\s+that|so|thus|hence|therefore|"
    r"which|whose|where|unlike|then|yet|except)\b|"
    r"\band\s+(?=(?:the|it|this|that|they|a|an|its|their|we|you|each|every|so|then|there|those|these)\b)",
    re.IGNORECASE)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# English function words: a sentence is full of them, a list of terms has almost none.
FUNCTION_WORDS = frozenset(
    "a an the of to in on at for and or but is are was were be been being by with as it its this that these those "
    "from than so which who can will would could should may might must into onto via per we you i they their our "
    "your also just then very has have had do does did there here such each any not no never all both more most "
    "less fewer because since while when where how why what if so each every one same only even still about over "
    "under between through without within instead rather makes make made lets let gets get gives give uses use "
    "used using keeps keep needs need means works work becomes become adds add goes go takes take".split())
MIN_CLAUSE_WORDS = 2


@dataclass(frozen=True)
class Clause:
    """A stretch of the answer that makes one claim: its character range, text and whether it is negated."""

    start: int
    end: int
    text: str
    negated: bool
    words: int
    contrast: bool = False  # negated only by a leading "instead of" / "rather than": what the answer set aside


def _negation_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the clause-wide negation cues in `text`, pseudo-negations left out."""
    pseudo = [m.span() for m in PSEUDO_CUES.finditer(text)]
    return [m.span() for m in CLAUSE_CUES.finditer(text)
            if not any(a <= m.start() < b for a, b in pseudo)]


RELATIVE = re.compile(r"\b(?:that|which|who|where|so|because|since|while|whereas|but)\b|[,;:]", re.IGNORECASE)


def is_negative(text: str) -> bool:
    """Whether a sentence asserts a negation ("FLOPs do not predict latency", "params ≠ latency"): a cue in its
    main clause.

    A forward cue later in it ("concatenates rather than adds", "filters each channel without mixing") negates
    only what follows, not the sentence."""
    if "≠" in text or "!=" in text:
        return True
    head = FORWARD_CUES.split(text, maxsplit=1)[0]
    head = RELATIVE.split(head, maxsplit=1)[0]  # "a path back that does not go through the weights" is positive
    return bool(_negation_ranges(head)) or not head.strip()


def affirmed(text: str) -> str:
    """What a positive sentence affirms, its negated asides left out ("a path back that does not go through the
    weights" -> "a path back"; "runs on 64 channels instead of 256" -> "runs on 64 channels"): the aside's words
    would make the sentence as close to the opposite claim as to the point. A negative sentence is kept whole."""
    if is_negative(text):
        return text
    relative = (m.start() for m in RELATIVE.finditer(text) if not text[m.end():m.end() + 1].isdigit())
    cuts = sorted({0, len(text), *relative, *(m.start() for m in FORWARD_CUES.finditer(text))})
    pieces = [text[a:b] for a, b in zip(cuts, cuts[1:])]
    kept = [p for p in pieces if not FORWARD_CUES.match(p.lstrip(" ,;:")) and not _negation_ranges(p)]
    if len(kept) == len(pieces):
        return text
    out = " ".join("".join(kept).split()).strip(" ,;:")
    return out if len(WORD.findall(out)) >= 3 else text


CODE_MARKERS = re.compile(r"```|\bdef\s+\w+\(|\bclass\s+\w+|\bnn\.\w+|\breturn\b|\bself\.|\bimport\s+\w+|"
                          r"\btorch\.\w+|\bF\.\w+\(")


def has_code(text: str) -> bool:
    """Whether the answer contains code (a definition, nn./torch. calls): not a term list, whatever its words."""
    return len(CODE_MARKERS.findall(text)) >= 2


def split_clauses(text: str) -> list[Clause]:
    """The answer's clauses in order; a forward cue ("rather than", "without") starts a negated clause."""
    cuts = sorted({0, len(text), *(m.start() for m in BOUNDARY.finditer(text)),
                   *(m.end() for m in BOUNDARY.finditer(text) if m.group().strip(".!?;:,()\n-*• ") == ""),
                   *(m.start() for m in FORWARD_CUES.finditer(text))})
    out: list[Clause] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = text[a:b]
        stripped = piece.strip(" \t\n,.;:!?()-*•")
        if not stripped:
            continue
        words = len(WORD.findall(stripped))
        forward = FORWARD_CUES.match(piece.lstrip())
        cued = bool(_negation_ranges(piece))
        out.append(Clause(a, b, stripped, bool(forward) or cued, words, bool(forward) and not cued))
    return out


SCOPE_WORD = re.compile(r"[A-Za-z]{2,}")  # what a window counts: not the one-letter symbols of `y = F(x) + x`
PRE_WINDOW = 5    # a cue negates the words up to this far after it ("does not use the identity shortcut")
POST_WINDOW = 3   # ... and a term this close before it ("F(x) + x is not what makes it work")
# What ends a cue's reach before a later term: an aside in brackets or dashes, an arrow, or a new predicate
# ("if a block isn't useful the optimizer can push F to zero", "with NO activation (linear bottleneck)").
PRE_STOP = re.compile(r"[()\[\]—–→]|->|\s-\s|\b(?:can|could|will|would|should|may|might|must|it|they|we|you)\b",
                      re.IGNORECASE)
# ... and what keeps a later cue from reaching back to a term: a coordinated predicate ("is zeroed and can't be
# recovered") or an aside.
POST_STOP = re.compile(r"[(\[—–→]|->|\s-\s|\b(?:and|or)\b", re.IGNORECASE)


def negated_outside(text: str, clause: Clause, start: int, end: int, own_cue: bool, forward: bool = True) -> bool:
    """Whether `clause` negates the match at characters [start, end), NegEx-style: a cue shortly before or
    after the match, or inside it; a phrase with a cue of its own (`own_cue`: "not overfitting") is negated
    only by another cue. `forward=False` leaves out the contrast cues ("instead of X", "rather than X")."""
    piece = text[clause.start: clause.end]
    cue = FORWARD_CUES.match(piece.lstrip()) if forward else None
    if cue:  # "instead of X" negates X, not what an arrow or an aside leads on to ("instead of 3x3 -> bigger RF")
        lead = clause.start + len(piece) - len(piece.lstrip())
        if not (own_cue and start <= lead < end) and not PRE_STOP.search(text[lead + cue.end(): start]):
            return True
    for a, b in _negation_ranges(piece):
        a, b = clause.start + a, clause.start + b
        if a < end and start < b:  # the cue is inside the match
            if not own_cue:
                return True
        elif b <= start:
            if len(SCOPE_WORD.findall(text[b:start])) <= PRE_WINDOW and not PRE_STOP.search(text[b:start]):
                return True
        elif len(SCOPE_WORD.findall(text[end:a])) <= POST_WINDOW and not POST_STOP.search(text[end:a]):
            return True
    return False


# Quoted text may wrap onto the next line, but not across a blank line.
QUOTED = re.compile(r'"(?:[^"\n]|\n(?!\s*\n)){1,300}"|“(?:[^”\n]|\n(?!\s*\n)){1,300}”')


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks: reported speech ("the document says ..."), not a claim."""
    return [m.span() for m in QUOTED.finditer(text)]


def clauses_over(clauses: list[Clause], start: int, end: int) -> list[Clause]:
    """The clauses that characters [start, end) touch."""
    return [c for c in clauses if c.start < end and start < c.end]


def function_word_share(text: str) -> float:
    """The share of the answer's words that are function words (0 for a bare list of terms)."""
    words = [w.lower().strip("'’-") for w in WORD.findall(text)]
    if not words:
        return 0.0
    return sum(w in FUNCTION_WORDS for w in words) / len(words)


# What relates terms to each other in note-style answers ("v1: dw convs instead of full ones", "x -> y").
RELATIONS = re.compile(r"[:=→⇒]|->|\b(?:but|whereas|while|because|so|instead|when|since|then|therefore|thus|"
                       r"unlike|means|makes|gives|lets|keeps|needs)\b", re.IGNORECASE)
PAST_TENSE = re.compile(r"\b[a-z]{3,}ed\b", re.IGNORECASE)
# A list's items are a few words between separators; two stretches this long are notes that say something.
STRETCH = re.compile(r"[,;\n]|(?<=[.!?:])\s")
PROSE_STRETCH = 7
CONNECTIVE = re.compile(r"\b(?:which\s+is\s+why|because|therefore|hence|so\s+that|that\s+is\s+why|"
                        r"which\s+means|which\s+makes)\b", re.IGNORECASE)


def is_term_list(text: str, share_below: float, min_words: int) -> bool:
    """A list of terms with no clause saying anything about them: almost no function words, nothing that
    relates the terms (a colon, an arrow, `because`, `instead`), no verbs in the past tense."""
    words = WORD.findall(text)
    share = function_word_share(text)
    if len(words) < min_words or has_code(text) or share >= share_below:
        return False
    if sum(len(WORD.findall(s)) >= PROSE_STRETCH for s in STRETCH.split(text)) >= 2:
        return False  # terse notes ("1) hw aware nas - optimize real latency on the chip not flops ..."), not terms
    if share < share_below / 2:  # next to no function words at all: a list, whatever symbols it holds ...
        return not CONNECTIVE.search(text)  # ... unless a clause gives a reason or a consequence
    return not RELATIONS.search(text) and not CONNECTIVE.search(text) and len(PAST_TENSE.findall(text)) < 2
