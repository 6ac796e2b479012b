"""Document features: fast paths (sparse stack score, term columns) agree with the plain ones."""

from __future__ import annotations

import pickle
import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from invest_tag.model.features import (
    TermColumns,
    TermLayout,
    cue_counts,
    document_terms,
    sector_stack_features,
    sector_stack_score,
)
from invest_tag.model.head import head_span
from invest_tag.model.lexicon import Lexicon, WordFinder
from invest_tag.model.taxonomy import default_taxonomy
from invest_tag.model.tfidf import TfidfSpace
from invest_tag.model.tokenise import Words

from conftest import synthetic_docs


def test_sparse_stack_score_matches_dense_features() -> None:
    tax = default_taxonomy()
    lexicon = Lexicon(tax.sector_terms, tax.ignore)
    rng = np.random.default_rng(0)
    for doc in synthetic_docs()[::9]:
        hits = lexicon.scan(doc["text"])
        all_hits = sum(sum(h.counts.values()) for h in hits.values())
        for sector, words in lexicon.terms.items():
            judged = rng.uniform(size=3).tolist()
            dense = sector_stack_features(words, hits[sector], all_hits, judged, 0.3)
            coef = rng.normal(size=len(dense))
            index = {w: i for i, w in enumerate(words)}
            assert np.isclose(sector_stack_score(coef, index, hits[sector], all_hits, judged, 0.3),
                              np.dot(coef, dense))


def test_lexicon_prefers_the_longest_word_and_ignores_listed_phrases() -> None:
    lexicon = Lexicon({"automotive": ["新能源汽车", "汽车"], "energy": ["新能源"],
                       "biomed": ["健康"]}, ignore=["健康发展"])
    hits = lexicon.scan("新能源汽车产业健康发展。")
    assert dict(hits["automotive"].counts) == {"新能源汽车": 1}
    assert not hits["energy"].counts and not hits["biomed"].counts


@given(st.lists(st.text(alphabet="新能源汽车材料", min_size=1, max_size=4), min_size=1, max_size=8),
       st.text(alphabet="新能源汽车材料产业", max_size=30))
def test_word_finder_matches_like_a_longest_first_alternation(words, text) -> None:
    flat = re.compile("|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    assert WordFinder(words).find(text) == [(m.group(), *m.span()) for m in flat.finditer(text)]


def test_word_finder_counts_characters_not_bytes_and_survives_pickling() -> None:
    finder = pickle.loads(pickle.dumps(WordFinder(["汽车", "𠀀车"])))
    assert finder.find("a𠀀车和汽车") == [("𠀀车", 1, 3), ("汽车", 4, 6)]


def _segment(text: str, position: int, breaks: str) -> str:
    """The text from after the last break at or before ``position`` to the next break."""
    start = max((i + 1 for i in range(position + 1) if text[i] in breaks), default=0)
    end = next((i for i in range(position + 1, len(text)) if text[i] in breaks), len(text))
    return text[start:end]


@given(st.lists(st.sampled_from(["牛", "服装", "项目", "公司", "产业", "投资", "甲", "。", "，",
                                 "\n", "、"]), max_size=40).map("".join))
def test_a_mention_keeps_the_company_of_its_own_sentence_and_clause(text: str) -> None:
    lexicon = Lexicon({"agrifood": ["牛"], "light_industry": ["服装"]})
    for m in lexicon.mentions(text):
        sentence = _segment(text, m.start, "。！？!?；;\n")
        clause = _segment(text, m.start, "。！？!?；;\n，,、：:（）()“”\"")
        assert m.about_investment == any(w in sentence for w in ("项目", "产业", "投资"))
        assert m.roles == tuple(role for role, word in
                                (("project", "项目"), ("company", "公司"), ("focus", "产业"))
                                if word in clause)


TOKENS = ["招商", "引资", "项目", "签约", "_", "a_b", "a", "b", "亿元", " ", "\n", "光伏"]


@given(st.lists(st.sampled_from(TOKENS), max_size=30),
       st.lists(st.lists(st.sampled_from(TOKENS), max_size=30), min_size=1, max_size=3))
def test_term_columns_find_the_columns_of_the_document_terms(vocab_tokens, batch) -> None:
    lexicon = Lexicon({"energy": ["光伏"]})
    cues = Lexicon({"signing": ["签约"]}, context=False)

    def terms(tokens: list[str]) -> tuple[str, Words, list[str], list[tuple[str, int]]]:
        text = "".join(tokens)
        words = Words([t for t in tokens if not t.isspace()],
                      [len("".join(tokens[:i])) for i, t in enumerate(tokens) if not t.isspace()])
        hits, cue_hits = lexicon.scan(text), cues.scan(text)
        return text, words, document_terms(text, words, hits, cue_hits), cue_counts(hits, cue_hits)

    vocabulary = sorted(set(terms(vocab_tokens)[2]) | {"a_b_a", "H:a_b", "b_招商"})
    index = {t: i for i, t in enumerate(vocabulary)}
    docs = [terms(tokens) for tokens in batch]
    texts, words, doc_terms, cue_terms = zip(*docs)
    expected = sorted((d, index[t]) for d, ts in enumerate(doc_terms) for t in ts if t in index)
    space = TfidfSpace(vocabulary, np.ones(len(vocabulary)))
    layout = TermLayout.of(space.index)
    stored = TermLayout.from_arrays(layout.others, {k: a.astype(np.int32)
                                                    for k, a in layout.arrays().items()})
    for term_columns in (TermColumns(space, layout), TermColumns(space, stored)):
        owners, columns = term_columns.columns(texts, words, cue_terms,
                                               [head_span(t) for t in texts])
        assert sorted(zip(owners.tolist(), columns.tolist())) == expected


def test_lexicon_head_is_the_article_head_not_the_page_top() -> None:
    lexicon = Lexicon({"tourism": ["旅游"], "energy": ["光伏"]})
    furniture = "首页 > 旅游频道 > 正文\n" + "来源:某某日报 编辑:张三\n" * 14
    text = furniture + "某县光伏项目签约落地\n总投资5亿元的光伏项目签约。"
    assert len(furniture) > 200
    hits = lexicon.scan(text)
    assert hits["energy"].head == {"光伏"}
    assert not hits["tourism"].head and hits["tourism"].counts["旅游"] == 1
