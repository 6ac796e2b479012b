"""A multinomial linear model over string features, stored as plain arrays.

Trained with scikit-learn (DictVectorizer + LogisticRegression) and kept as its
feature names, classes, coefficients and intercepts, so that inference needs no
pickle and each decision can be explained by its strongest features.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


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

    def _columns(self, feats: Sequence[str]) -> list[int]:
        return [self.index[f] for f in set(feats) if f in self.index]

    def predict_proba(self, rows: Sequence[Sequence[str]]) -> np.ndarray:
        """Class probabilities, one row per feature list."""
        scores = np.tile(self.intercept, (len(rows), 1))
        for i, feats in enumerate(rows):
            cols = self._columns(feats)
            if cols:
                scores[i] += self.coef[:, cols].sum(axis=1)
        scores -= scores.max(axis=1, keepdims=True)
        e = np.exp(scores)
        return e / e.sum(axis=1, keepdims=True)

    def explain(self, feats: Sequence[str], label: str, top: int = 5) -> list[tuple[str, float]]:
        """The features that push most towards ``label`` against the other classes."""
        k = self.classes.index(label)
        cols = self._columns(feats)
        weight = self.coef[k, cols] - np.delete(self.coef[:, cols], k, axis=0).mean(axis=0)
        order = np.argsort(-weight)[:top]
        return [(self.features[cols[i]], round(float(weight[i]), 3)) for i in order]
