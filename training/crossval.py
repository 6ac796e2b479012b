"""K-fold cross-validated metrics of the whole training procedure on the training file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.model_selection import KFold

from invest_tag.model.taxonomy import Taxonomy
from invest_tag.model.tokenise import Words

from .evaluate import document_metrics
from .fit import FOLDS, SEED, fit_classifier


def cross_validated_metrics(
    docs: Sequence[dict[str, Any]],
    texts: Sequence[str],
    words: Sequence[Words],
    taxonomy: Taxonomy,
    folds: int = FOLDS,
    report: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Fit on k-1 folds, predict the held-out fold, and score all held-out predictions.

    ``report`` is told as each fold starts.
    """
    predicted: list[dict[str, Any] | None] = [None] * len(docs)
    splitter = KFold(folds, shuffle=True, random_state=SEED + 1)
    for fold, (train_idx, test_idx) in enumerate(splitter.split(np.arange(len(docs))), 1):
        if report:
            report(f"cross-validating: fold {fold} of {folds}")
        clf = fit_classifier(
            [texts[i] for i in train_idx], [words[i] for i in train_idx],
            [docs[i]["type"] for i in train_idx], [docs[i]["sectors"] for i in train_idx],
            taxonomy,
        )
        labels = clf.classify_many([texts[i] for i in test_idx], [words[i] for i in test_idx])
        for i, lab in zip(test_idx, labels):
            predicted[i] = {"relevant": lab.relevant, "type": lab.type, "sectors": lab.sectors}
    return {"folds": folds, **document_metrics(docs, predicted, taxonomy.types, taxonomy.sectors)}
