"""Decision thresholds (the best grid point for F1, one for every sector), class weights."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from sklearn.utils.class_weight import compute_class_weight

from invest_tag.training.fit import THRESHOLD_GRID, best_threshold, class_weights


def _f1(y: np.ndarray, scores: np.ndarray, t: float) -> float:
    tp = sum(bool(a) and s >= t for a, s in zip(y, scores))
    predicted, actual = sum(scores >= t), sum(y)
    return 2 * tp / (predicted + actual) if predicted + actual else 0.0


@given(st.lists(st.tuples(st.booleans(), st.floats(0, 1)), min_size=1, max_size=40))
def test_best_threshold_has_the_best_f1_on_the_grid(pairs) -> None:
    y = np.array([a for a, _ in pairs])
    scores = np.array([s for _, s in pairs])
    best = best_threshold(y, scores)
    assert any(np.isclose(best, t) for t in THRESHOLD_GRID)
    assert _f1(y, scores, best) >= max(_f1(y, scores, t) for t in THRESHOLD_GRID) - 1e-12


def test_one_threshold_serves_every_sector(small_model) -> None:
    meta = json.loads((small_model / "meta.json").read_text(encoding="utf-8"))
    assert len(set(meta["thresholds"]["sectors"].values())) == 1


@given(st.lists(st.sampled_from(["results", "signing", "plan"]), min_size=1, max_size=30))
def test_class_weights_are_balanced_weights_raised_to_a_power(labels) -> None:
    classes = np.array(sorted(set(labels)))
    balanced = compute_class_weight("balanced", classes=classes, y=np.array(labels))
    for power in (1.0, 1.5):
        weights = class_weights(labels, power)
        assert set(weights) == set(labels)
        np.testing.assert_allclose([weights[c] for c in classes], balanced ** power)
