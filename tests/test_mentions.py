"""The mention model: a sector word judged where it stands."""

from __future__ import annotations

import math

import pytest

from invest_tag.model.lexicon import Lexicon
from invest_tag.model.mentions import YES, mention_summaries, summarise
from invest_tag.training.fit_mentions import fit_mention_model

LEXICON = Lexicon({"agrifood": ["牛", "牧场"], "light_industry": ["服装"]})
PLACES = ["甲市", "乙县", "丙区", "丁州", "戊城", "己镇", "庚县", "辛市", "壬区", "癸县"]


def test_summary_is_strongest_mean_and_convincing_count() -> None:
    pairs = [(0, "agrifood"), (1, "agrifood"), (1, "light_industry")]
    assert summarise(pairs, [0.9, 0.3, 0.6]) == {
        "agrifood": [0.9, 0.6, math.log1p(1)], "light_industry": [0.6, 0.6, math.log1p(1)]}


def test_the_same_word_counts_in_one_context_and_not_in_another() -> None:
    texts, gold = [], []
    for place in PLACES:
        texts.append(f"{place}签约建设奶牛养殖基地，奶牛存栏一万头。")
        gold.append(["agrifood"])
        texts.append(f"{place}签约建设牛仔服装厂，年产牛仔服装百万件。")
        gold.append(["light_industry"])
    mentions = [LEXICON.mentions(t) for t in texts]
    model, judged = fit_mention_model(texts, mentions, gold, folds=5)
    # Out of fold, each document's own words were judged by a model that never saw it.
    assert all(j["agrifood"][0] > 0.5 for j, g in zip(judged, gold) if g == ["agrifood"])
    assert all(j["agrifood"][0] < 0.5 for j, g in zip(judged, gold) if g == ["light_industry"])

    dairy, denim = "子县签约建设奶牛养殖基地。", "子县签约建设牛仔服装厂。"
    assert model.classes[1] == YES
    judged = mention_summaries([dairy, "无关的文字。", denim],
                               [LEXICON.mentions(t) for t in (dairy, "无关的文字。", denim)], model)
    assert judged[0]["agrifood"][0] > 0.5 > judged[2]["agrifood"][0]
    assert judged[1] == {}


def test_too_few_documents_to_learn_from_is_a_clear_error() -> None:
    texts = ["甲市建设奶牛牧场。", "乙县生产牛仔服装。"]
    with pytest.raises(ValueError, match="too few sector words"):
        fit_mention_model(texts, [LEXICON.mentions(t) for t in texts],
                          [["agrifood"], ["light_industry"]], folds=5)
