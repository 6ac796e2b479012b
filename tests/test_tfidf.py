"""The stored TF-IDF space reproduces scikit-learn's vectoriser exactly."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

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
    np.testing.assert_allclose(space.transform(new_docs).toarray(), expected, atol=1e-12)
