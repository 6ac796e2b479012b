"""How many sectors an article concerns, judged from its sector and type probabilities.

The sector thresholds alone give a single-industry article its near misses as
well. A small multinomial logistic regression over each article's sorted sector
probabilities, and its type probabilities (a results report or a plan lists many
industries, a signing names one), predicts how many sectors it has; of the sectors
that pass their thresholds, those beyond that count are dropped, the least probable
first and never the last one. Predicted counts of ``MAX_COUNT`` or more drop nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_COUNT = 6  # the class of articles with this many sectors or more


def count_features(probabilities: np.ndarray, thresholds: np.ndarray,
                   type_probabilities: np.ndarray | None = None) -> np.ndarray:
    """Per article (row): its sector probabilities high to low, how many pass, their sum,
    and its type probabilities when given."""
    ranked = -np.sort(-probabilities, axis=1)
    passing = (probabilities >= thresholds).sum(axis=1, keepdims=True)
    columns = [ranked, passing, probabilities.sum(axis=1, keepdims=True)]
    if type_probabilities is not None:
        columns.append(type_probabilities)
    return np.hstack(columns)


@dataclass(frozen=True)
class SectorCount:
    """The count model's weights: one row per count in ``counts``.

    ``n_types`` is how many type probabilities its features end with (0: none, as
    in models written by invest-tag 0.3.2).
    """

    coef: np.ndarray  # (counts, features)
    intercept: np.ndarray  # (counts,)
    counts: np.ndarray  # (counts,) the count each row stands for
    n_types: int = 0

    def __post_init__(self) -> None:
        if (self.coef.ndim != 2 or self.n_types < 0 or self.n_sectors < 1
                or self.intercept.shape != (len(self.coef),)
                or self.counts.shape != (len(self.coef),)):
            raise ValueError("sector count weights have the wrong shape")

    @property
    def n_sectors(self) -> int:
        """How many sectors the model was fitted for (its features: those, two more, types)."""
        return self.coef.shape[-1] - 2 - self.n_types

    def keep(self, probabilities: np.ndarray, thresholds: np.ndarray,
             type_probabilities: np.ndarray | None = None) -> np.ndarray:
        """Which sectors each article keeps: passing its threshold, within the predicted count.

        ``type_probabilities`` (articles × types, in the taxonomy's order) are needed
        when the model was fitted with them.
        """
        if self.n_types and (type_probabilities is None
                             or type_probabilities.shape != (len(probabilities), self.n_types)):
            raise ValueError(f"the sector count model needs {self.n_types} type probabilities")
        features = count_features(probabilities, thresholds,
                                  type_probabilities if self.n_types else None)
        scores = features @ self.coef.T + self.intercept
        count = np.maximum(self.counts[scores.argmax(axis=1)], 1)[:, None]
        passing = probabilities >= thresholds
        ranked = np.where(passing, -probabilities, np.inf)  # passing sectors first, likeliest first
        rank = np.argsort(np.argsort(ranked, axis=1, kind="stable"), axis=1, kind="stable")
        return passing & ((rank < count) | (count >= MAX_COUNT))
