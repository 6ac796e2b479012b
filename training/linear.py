"""Fit a logistic regression over string features and keep it as a plain LinearModel."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict

from invest_tag.model.linear import LinearModel

MIN_COUNT = 2  # a feature must occur this often in training to be kept


def _vectorise(rows: Sequence[Sequence[str]]) -> tuple[csr_matrix, list[str]]:
    """Binary feature matrix of the features seen at least MIN_COUNT times, and their names."""
    counts: dict[str, int] = {}
    for row in rows:
        for f in set(row):
            counts[f] = counts.get(f, 0) + 1
    keep = {f for f, n in counts.items() if n >= MIN_COUNT}
    vectoriser = DictVectorizer()
    X = vectoriser.fit_transform([{f: 1 for f in row if f in keep} for row in rows])
    return X, vectoriser.get_feature_names_out().tolist()


def fit_linear(rows: Sequence[Sequence[str]], labels: Sequence[str], classes: Sequence[str],
               c: float) -> LinearModel:
    """A logistic regression (inverse regularisation ``c``) with its classes in ``classes`` order.

    A two-class model is kept as two symmetric rows, ``-w/2`` and ``w/2``, whose
    softmax is scikit-learn's sigmoid.
    """
    X, names = _vectorise(rows)
    model = LogisticRegression(C=c, max_iter=5000).fit(X, labels)
    learned = list(model.classes_)
    if len(learned) == 2:
        coef = np.vstack([-model.coef_[0] / 2, model.coef_[0] / 2])
        intercept = np.array([-model.intercept_[0] / 2, model.intercept_[0] / 2])
    else:
        coef, intercept = model.coef_, model.intercept_
    order = [learned.index(k) for k in classes]
    return LinearModel(classes, names, coef[order], intercept[order])


def out_of_fold_proba(rows: Sequence[Sequence[str]], labels: Sequence[str], positive: str,
                      c: float, groups: Sequence[int], folds: int) -> np.ndarray:
    """P(``positive``) of each row from a model that did not see its group (document)."""
    X, _ = _vectorise(rows)
    model = LogisticRegression(C=c, max_iter=5000)
    proba = cross_val_predict(model, X, labels, groups=groups, cv=GroupKFold(folds),
                              method="predict_proba")
    return proba[:, sorted(set(labels)).index(positive)]
