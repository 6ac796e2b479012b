"""The stored TF-IDF space reproduces scikit-learn's vectoriser exactly."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from invest_tag.model.linear import SparseRows, linear_scores
from invest_tag.model.tfidf import TfidfSpace

words = st.lists(st.sampled_from(["招商", "引资", "项目", "签约", "亿元", "光伏", "汽车", "x"]),
                 max_size=12)


def _identity(terms):
    return terms


@settings(max_examples=50, deadline=None)
@given(st.lists(words, min_size=2, max_size=8), st.lists(words, min_size=1, max_size=4))
def test_transform_matches_sklearn(train_docs, new_docs) -> None:
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
    try:
        vec.fit(train_docs)
    except ValueError:  # every training document empty: nothing to compare
        return
    space = TfidfSpace(vec.get_feature_names_out().tolist(), vec.idf_)
    expected = vec.transform(new_docs).toarray()
    rows = space.rows(new_docs)
    dense = np.zeros((rows.n_docs, len(space.vocabulary)))
    np.add.at(dense, (rows.docs, rows.columns), rows.weights)  # a repeated cell would add up
    np.testing.assert_allclose(dense, expected, atol=1e-12)


@given(st.lists(st.lists(st.tuples(st.integers(0, 5), st.floats(-2, 2)), max_size=4),
                min_size=1, max_size=5))
def test_linear_scores_match_the_dense_product(rows) -> None:
    rng = np.random.default_rng(0)
    coef, intercept = rng.normal(size=(3, 6)), rng.normal(size=3)
    cells = [(i, c, w) for i, row in enumerate(rows) for c, w in dict(row).items()]
    docs, cols, weights = (np.array(x) for x in zip(*cells)) if cells else ([], [], [])
    sparse = SparseRows(np.asarray(docs, dtype=np.int64), np.asarray(cols, dtype=np.int64),
                        np.asarray(weights, dtype=np.float64), len(rows))
    dense = np.zeros((len(rows), 6))
    dense[sparse.docs, sparse.columns] = sparse.weights
    np.testing.assert_allclose(linear_scores(sparse, coef.T.copy(), intercept),
                               dense @ coef.T + intercept, atol=1e-12)
