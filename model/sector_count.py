"""How many sectors an article concerns, judged from the profile of its sector probabilities.

The sector thresholds alone give a single-industry article its near misses as
well. A small multinomial logistic regression over each article's sorted sector
probabilities predicts how many sectors it has; of the sectors that pass their
thresholds, those beyond that count are dropped, the least probable first and
never the last one. Predicted counts of ``MAX_COUNT`` or more drop nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_COUNT = 6  # the class of articles with this many sectors or more


def count_features(probabilities: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Per article (row): its sector probabilities high to low, how many pass, and their sum."""
    ranked = -np.sort(-probabilities, axis=1)
    passing = (probabilities >= thresholds).sum(axis=1, keepdims=True)
    return np.hstack([ranked, passing, probabilities.sum(axis=1, keepdims=True)])


@dataclass(frozen=True)
class SectorCount:
    """The count model's weights: one row per count in ``counts``."""

    coef: np.ndarray  # (counts, features)
    intercept: np.ndarray  # (counts,)
    counts: np.ndarray  # (counts,) the count each row stands for

    def __post_init__(self) -> None:
        if (self.coef.ndim != 2 or self.n_sectors < 1 or self.intercept.shape != (len(self.coef),)
                or self.counts.shape != (len(self.coef),)):
            raise ValueError("sector count weights have the wrong shape")

    @property
    def n_sectors(self) -> int:
        """How many sectors the model was fitted for (its features: those and two more)."""
        return self.coef.shape[-1] - 2

    def keep(self, probabilities: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
        """Which sectors each article keeps: passing its threshold, within the predicted count."""
        passing = probabilities >= thresholds
        scores = count_features(probabilities, thresholds) @ self.coef.T + self.intercept
        count = np.maximum(self.counts[scores.argmax(axis=1)], 1)[:, None]
        ranked = np.where(passing, -probabilities, np.inf)  # passing sectors first, likeliest first
        rank = np.argsort(np.argsort(ranked, axis=1, kind="stable"), axis=1, kind="stable")
        return passing & ((rank < count) | (count >= MAX_COUNT))
