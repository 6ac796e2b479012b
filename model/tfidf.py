"""TF-IDF weighting with a fixed vocabulary: what a fitted ``TfidfVectorizer`` computes.

The trained vocabulary and IDF weights are stored as plain arrays, so that loading a
model never unpickles; this class recomputes the vectoriser's output from them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp


class TfidfSpace:
    """Sublinear TF × IDF, L2-normalised rows, over a fixed vocabulary."""

    def __init__(self, vocabulary: Sequence[str], idf: np.ndarray) -> None:
        if len(vocabulary) != len(idf):
            raise ValueError("vocabulary and idf differ in length")
        self.vocabulary = list(vocabulary)
        self.index = {term: i for i, term in enumerate(self.vocabulary)}
        self.idf = np.asarray(idf, dtype=np.float64)

    def transform(self, documents: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """Return the TF-IDF matrix of documents given as lists of terms."""
        indptr, indices, values = [0], [], []
        for terms in documents:
            counts = Counter(self.index[t] for t in terms if t in self.index)
            cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weights = (1.0 + np.log(tf)) * self.idf[cols]
            norm = np.linalg.norm(weights)
            if norm > 0:
                weights /= norm
            order = np.argsort(cols)
            indices.extend(cols[order])
            values.extend(weights[order])
            indptr.append(len(indices))
        return sp.csr_matrix(
            (np.asarray(values, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
            shape=(len(documents), len(self.vocabulary)),
        )
