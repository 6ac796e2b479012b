"""Linear scoring from plain arrays: sparse rows times weights, softmax, sigmoid.

Used by the document classifiers (TF-IDF rows) and by :class:`LinearModel`, a
multinomial model over string features for the mention model and the amount
tagger, trained with scikit-learn (DictVectorizer + LogisticRegression) and kept
as feature names, classes, coefficients and intercepts, so that inference needs no
pickle and each decision can be explained by its strongest features.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat
from typing import NamedTuple

import numpy as np


class SparseRows(NamedTuple):
    """A sparse matrix in coordinate form: ``weights[i]`` at (``docs[i]``, ``columns[i]``).

    Cells are sorted by document.
    """

    docs: np.ndarray
    columns: np.ndarray
    weights: np.ndarray
    n_docs: int


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function."""
    return 1.0 / (1.0 + np.exp(-z))


DOCS_AT_ONCE = 16  # documents scored per step: their gathered weights stay in the CPU cache


def linear_scores(rows: SparseRows, coef_by_term: np.ndarray, intercept: np.ndarray
                  ) -> np.ndarray:
    """``X @ coef_by_term + intercept`` for sparse rows X (documents in order).

    ``coef_by_term`` holds one row of class weights per term (the transpose of
    scikit-learn's ``coef_``), so that a document's terms gather contiguous rows.
    The rows are gathered a few documents at a time: gathering a whole batch at
    once builds an array of (cells × classes) that no cache holds, which takes
    about three times as long.
    """
    scores = np.tile(np.asarray(intercept, dtype=np.float64), (rows.n_docs, 1))
    firsts = np.flatnonzero(np.diff(rows.docs, prepend=-1))  # each document's first cell
    ends = [*firsts[DOCS_AT_ONCE::DOCS_AT_ONCE].tolist(), len(rows.docs)]
    for i, end in zip(range(0, len(firsts), DOCS_AT_ONCE), ends):
        block = firsts[i:i + DOCS_AT_ONCE]
        start = block[0]
        terms = coef_by_term[rows.columns[start:end]] * rows.weights[start:end, None]
        scores[rows.docs[block]] += np.add.reduceat(terms, block - start, axis=0)
    return scores


class LinearModel:
    """Scores classes as ``intercept + sum of the weights of the features present``."""

    def __init__(self, classes: Sequence[str], features: Sequence[str], coef: np.ndarray,
                 intercept: np.ndarray) -> None:
        self.classes = tuple(classes)
        self.features = list(features)
        self.index = {f: i for i, f in enumerate(self.features)}
        self.coef = np.asarray(coef, dtype=np.float64)  # (classes, features)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        if self.coef.shape != (len(self.classes), len(self.features)):
            raise ValueError("coefficients do not match classes and features")
        if self.intercept.shape != (len(self.classes),):
            raise ValueError("intercepts do not match classes")
        self._by_feature = np.ascontiguousarray(self.coef.T)  # a feature's weights together

    def _present(self, rows: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of the known features of each row, each once, in the order they came.

        The features of all rows are looked up at once.
        """
        lengths = list(map(len, rows))
        columns = np.fromiter(map(self.index.get, chain.from_iterable(rows), repeat(-1)),
                              dtype=np.int64, count=sum(lengths))
        row_of = np.repeat(np.arange(len(rows)), lengths)
        known = columns >= 0  # features the model does not know are left out
        columns, row_of = columns[known], row_of[known]
        _, first = np.unique(row_of * len(self.features) + columns, return_index=True)
        first.sort()  # back in order: by row, and within a row as the features came
        return row_of[first], columns[first]

    def predict_proba(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Class probabilities, one row per feature list (each feature present counts 1)."""
        row_of, columns = self._present(rows)
        sparse = SparseRows(row_of, columns, np.ones(len(columns)), len(rows))
        return softmax(linear_scores(sparse, self._by_feature, self.intercept))

    def explain(self, feats: Sequence[str], label: str, top: int = 5) -> list[tuple[str, float]]:
        """The features that push most towards ``label`` against the other classes."""
        k = self.classes.index(label)
        _, cols = self._present([feats])
        weight = self.coef[k, cols] - np.delete(self.coef[:, cols], k, axis=0).mean(axis=0)
        order = np.argsort(-weight, kind="stable")[:top]  # ties: the first feature first
        return [(self.features[cols[i]], round(float(weight[i]), 3)) for i in order]
