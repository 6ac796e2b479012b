"""TF-IDF weighting with a fixed vocabulary: what a fitted ``TfidfVectorizer`` computes.

The trained vocabulary and IDF weights are stored as plain arrays, so that loading a
model never unpickles; this class recomputes the vectoriser's output from them for a
batch of documents at once, as one sparse matrix in coordinate form.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np

from .linear import SparseRows


class TfidfSpace:
    """Sublinear TF × IDF, L2-normalised rows, over a fixed vocabulary."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray) -> None:
        if len(vocabulary) != len(idf):
            raise ValueError("vocabulary and idf differ in length")
        self.vocabulary = list(vocabulary)
        self.index = {term: i for i, term in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)

    def rows(self, documents: Sequence[Sequence[str]]) -> SparseRows:
        """The TF-IDF rows of documents given as lists of terms."""
        terms = list(chain.from_iterable(documents))
        columns = np.fromiter(map(self.index.get, terms, repeat(-1)), dtype=np.int64,
                              count=len(terms))
        docs = np.repeat(np.arange(len(documents)), [len(d) for d in documents])
        known = columns >= 0
        return self.weigh(docs[known], columns[known], len(documents))

    def weigh(self, docs: np.ndarray, columns: np.ndarray, n_docs: int) -> SparseRows:
        """The TF-IDF rows of ``n_docs`` documents from the (document, column) of each term.

        Repeats count.
        """
        cells, tf = np.unique(docs * len(self.idf) + columns, return_counts=True)
        docs, columns = np.divmod(cells, len(self.idf))
        weights = (1.0 + np.log(tf)) * self.idf[columns]
        norms = np.sqrt(np.bincount(docs, weights * weights, minlength=n_docs))
        weights /= np.where(norms > 0, norms, 1.0)[docs]
        return SparseRows(docs, columns, weights, n_docs)
