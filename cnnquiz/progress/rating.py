"""The four review ratings (FSRS/Anki's) and the score thresholds that suggest one."""

from __future__ import annotations

from enum import IntEnum


class Rating(IntEnum):
    """A review rating; the values are FSRS's (1 Again .. 4 Easy)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()

    @property
    def key(self) -> str:
        """The lowercase name used in JSON: again, hard, good, easy."""
        return self.name.lower()


# A grade score below each bound suggests that rating; at or above the last, Easy.
SCORE_BOUNDS: tuple[tuple[float, Rating], ...] = (
    (0.35, Rating.AGAIN),
    (0.60, Rating.HARD),
    (0.85, Rating.GOOD),
)


def suggest(score: float) -> Rating:
    """The rating a grade score (0..1) suggests."""
    for bound, rating in SCORE_BOUNDS:
        if score < bound:
            return rating
    return Rating.EASY
