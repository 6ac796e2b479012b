"""The sector count model: it only ever drops passing sectors, the least probable first."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from invest_tag.model.sector_count import MAX_COUNT, SectorCount, count_features
from invest_tag.training.fit import count_estimator, fit_sector_count, fit_sector_decision

N_SECTORS = 5


def _always(count: int) -> SectorCount:
    """A count model that predicts ``count`` for every article."""
    counts = np.arange(MAX_COUNT + 1)
    intercept = np.where(counts == count, 10.0, 0.0)
    return SectorCount(np.zeros((len(counts), N_SECTORS + 2)), intercept, counts)


probabilities = arrays(np.float64, (4, N_SECTORS), elements=st.floats(0, 1))


@given(probabilities, st.integers(0, MAX_COUNT), st.floats(0.1, 0.9))
def test_keeps_the_most_probable_passing_sectors_up_to_the_count(p, count, threshold) -> None:
    thresholds = np.full(N_SECTORS, threshold)
    kept = _always(count).keep(p, thresholds)
    passing = p >= thresholds
    assert not (kept & ~passing).any()  # never a sector under its threshold
    for row, k, ok in zip(p, kept, passing):
        n = ok.sum() if count >= MAX_COUNT else min(ok.sum(), max(count, 1))
        assert k.sum() == n
        if k.any() and (ok & ~k).any():  # what was dropped is no likelier than what was kept
            assert row[ok & ~k].max() <= row[k].min()


def test_features_are_the_sorted_probabilities_the_number_passing_and_their_sum() -> None:
    p = np.array([[0.2, 0.9, 0.5]])
    np.testing.assert_allclose(count_features(p, np.full(3, 0.4)), [[0.9, 0.5, 0.2, 2, 1.6]])


def test_weights_of_the_wrong_shape_are_refused() -> None:
    with pytest.raises(ValueError):
        SectorCount(np.zeros((3, 7)), np.zeros(2), np.arange(3))


def test_fitting_learns_counts_from_probabilities() -> None:
    rng = np.random.default_rng(0)
    counts = rng.integers(1, 4, size=300)
    p = np.where(np.arange(N_SECTORS) < counts[:, None], 0.9, 0.1) + rng.normal(0, 0.05, (300, 5))
    low = np.full(N_SECTORS, -1.0)  # every sector passes: the count alone decides
    kept = fit_sector_count(p, counts, low).keep(p, low)
    assert (kept.sum(axis=1) == counts).mean() > 0.95


def test_two_counts_give_the_same_decisions_as_scikit_learn() -> None:
    rng = np.random.default_rng(1)
    p = rng.random((200, N_SECTORS))
    counts = np.where(p[:, 0] > 0.5, 2, 1)
    thresholds = np.full(N_SECTORS, 0.0)
    model = fit_sector_count(p, counts, thresholds)
    reference = count_estimator().fit(count_features(p, thresholds), counts)
    expected = reference.predict(count_features(p, thresholds))
    assert (model.keep(p, thresholds).sum(axis=1) == expected).all()


def test_weights_do_not_depend_on_the_last_bits_of_the_probabilities() -> None:
    """Rounding (another CPU's BLAS) must not move the weights: train reproduces a model."""
    rng = np.random.default_rng(4)
    p = rng.random((500, 14)) ** 3
    types = rng.dirichlet(np.ones(8), size=500)
    counts = np.clip((p > 0.3).sum(axis=1) + rng.integers(-1, 2, 500), 0, MAX_COUNT)
    thresholds = np.full(14, 0.3)
    jitter = 1 + 1e-12 * rng.standard_normal(p.shape)
    a = fit_sector_count(p, counts, thresholds, types)
    b = fit_sector_count(p * jitter, counts, thresholds, types)
    np.testing.assert_allclose(a.coef, b.coef, atol=1e-6)
    np.testing.assert_allclose(a.intercept, b.intercept, atol=1e-6)


def test_nothing_to_learn_from_a_single_count() -> None:
    assert fit_sector_count(np.random.default_rng(2).random((20, 3)), np.ones(20),
                            np.full(3, 0.5)) is None


def test_type_probabilities_can_decide_the_count() -> None:
    """Articles alike in their sector probabilities, told apart by their type."""
    rng = np.random.default_rng(3)
    p = np.tile([0.9, 0.8, 0.7, 0.1, 0.1], (300, 1))
    roundup = rng.random(300) < 0.5  # a roundup has three sectors, the others one
    types = np.column_stack([roundup, ~roundup]).astype(float)
    thresholds = np.full(N_SECTORS, 0.5)
    model = fit_sector_count(p, np.where(roundup, 3, 1), thresholds, types)
    assert model.n_types == 2 and model.n_sectors == N_SECTORS
    kept = model.keep(p, thresholds, types).sum(axis=1)
    assert (kept == np.where(roundup, 3, 1)).all()
    with pytest.raises(ValueError, match="type probabilities"):
        model.keep(p, thresholds)


def test_threshold_and_count_are_chosen_together() -> None:
    """One true sector an article, likelier than its distractors but no threshold parts
    them all: the best is a threshold low enough to pass every true sector, with the
    count model keeping only the likeliest."""
    rng = np.random.default_rng(4)
    n = 400
    distractors = rng.uniform(0.1, 0.4, (n, N_SECTORS))
    true = rng.integers(0, N_SECTORS, n)
    p = distractors.copy()
    p[np.arange(n), true] = distractors.max(axis=1) + 0.05
    gold = np.zeros((n, N_SECTORS), dtype=bool)
    gold[np.arange(n), true] = True
    gold[:5, (true[:5] + 1) % N_SECTORS] = True  # a few with two, so there is a count to learn
    types = np.full((n, 2), 0.5)
    threshold, model = fit_sector_decision(p, gold, types)
    assert threshold <= p[gold].min()
    kept = model.keep(p, np.full(N_SECTORS, threshold), types)
    assert (kept[5:] == gold[5:]).all()


def test_without_a_count_to_learn_the_pooled_threshold_alone() -> None:
    p = np.array([[0.9, 0.2], [0.3, 0.8], [0.6, 0.1], [0.2, 0.7]])
    gold = p > 0.5  # one sector each
    threshold, model = fit_sector_decision(p, gold, np.full((4, 2), 0.5))
    assert model is None
    assert ((p >= threshold) == gold).all()
