"""Document features: the sparse sector score equals the dense features' dot product."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from invest_tag.model.features import sector_stack_features, sector_stack_score
from invest_tag.model.lexicon import Lexicon, trie_pattern
from invest_tag.model.taxonomy import default_taxonomy

from conftest import synthetic_docs


def test_sparse_stack_score_matches_dense_features() -> None:
    tax = default_taxonomy()
    lexicon = Lexicon(tax.sector_terms, tax.ignore)
    rng = np.random.default_rng(0)
    for doc in synthetic_docs()[::9]:
        hits = lexicon.scan(doc["text"])
        all_hits = sum(sum(h.counts.values()) for h in hits.values())
        for sector, words in lexicon.terms.items():
            dense = sector_stack_features(words, hits[sector], all_hits, 0.3)
            coef = rng.normal(size=len(dense))
            index = {w: i for i, w in enumerate(words)}
            assert np.isclose(sector_stack_score(coef, index, hits[sector], all_hits, 0.3),
                              np.dot(coef, dense))


def test_lexicon_prefers_the_longest_word_and_ignores_listed_phrases() -> None:
    lexicon = Lexicon({"automotive": ["新能源汽车", "汽车"], "energy": ["新能源"],
                       "biomed": ["健康"]}, ignore=["健康发展"])
    hits = lexicon.scan("新能源汽车产业健康发展。")
    assert dict(hits["automotive"].counts) == {"新能源汽车": 1}
    assert not hits["energy"].counts and not hits["biomed"].counts


@given(st.lists(st.text(alphabet="新能源汽车材料", min_size=1, max_size=4), min_size=1, max_size=8),
       st.text(alphabet="新能源汽车材料产业", max_size=30))
def test_trie_pattern_matches_like_a_longest_first_alternation(words, text) -> None:
    flat = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    assert [m.span() for m in trie_pattern(set(words)).finditer(text)] == [
        m.span() for m in flat.finditer(text)]
