"""TF-IDF weighting with a fixed vocabulary: what a fitted ``TfidfVectorizer`` computes.

The trained vocabulary and IDF weights are stored as plain arrays, so that loading a
model never unpickles; this class recomputes the vectoriser's output from them, one
sparse row per document as (column indices, weights).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import numpy as np

from .linear import SparseRow


class TfidfSpace:
    """Sublinear TF × IDF, L2-normalised rows, over a fixed vocabulary."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray) -> None:
        if len(vocabulary) != len(idf):
            raise ValueError("vocabulary and idf differ in length")
        self.vocabulary = list(vocabulary)
        self.index = {term: i for i, term in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)

    def rows(self, documents: Sequence[Sequence[str]]) -> list[SparseRow]:
        """The TF-IDF row of each document given as a list of terms."""
        get = self.index.get
        return [self.row(np.fromiter(map(get, terms, repeat(-1)), dtype=np.int64,
                                     count=len(terms)))
                for terms in documents]

    def row(self, columns: np.ndarray) -> SparseRow:
        """The TF-IDF row of a document given as the columns of its terms (repeats count)."""
        cols, tf = np.unique(columns[columns >= 0], return_counts=True)  # sorted columns
        weights = (1.0 + np.log(tf)) * self.idf[cols]
        norm = np.linalg.norm(weights)
        if norm > 0:
            weights /= norm
        return cols, weights
