"""The model shipped in the package loads from anywhere and tags plain cases sensibly."""

from __future__ import annotations

import os

import pytest

import invest_tag
from invest_tag.model.artifact import default_model_dir

SIGNING = ("某某新能源汽车零部件项目签约仪式举行\n"
           "10日上午，某某经济开发区举行新能源汽车零部件项目签约仪式，"
           "该项目总投资20亿元，由某某汽车集团投资建设，建成后年产汽车零部件50万套。")
SPORTS = ("某某队夺得全国篮球联赛总冠军\n"
          "昨晚，某某队在总决赛第七场中以98比95险胜对手，时隔十年再次捧起冠军奖杯，"
          "数万名球迷在体育馆内欢呼庆祝。")


def test_shipped_model_is_package_data(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INVEST_TAG_MODEL", raising=False)
    assert "site-packages" in str(default_model_dir()) or os.path.isdir(default_model_dir())
    model = invest_tag.load()
    assert model.meta["training"]["docs"] > 1000


def test_shipped_model_tags_plain_cases(monkeypatch) -> None:
    monkeypatch.delenv("INVEST_TAG_MODEL", raising=False)
    model = invest_tag.load()
    signing, sports = model.predict_many([SIGNING, SPORTS])
    assert signing["relevant"] and signing["type"] == "signing"
    assert "automotive" in signing["sectors"]
    assert not sports["relevant"] and sports["type"] == "other" and sports["sectors"] == []
    assert model.predict(SIGNING) == signing


def test_a_batch_is_tagged_as_its_documents_are_one_by_one(monkeypatch) -> None:
    # Batches share TF-IDF rows, mention and amount models: nothing may leak between documents.
    monkeypatch.delenv("INVEST_TAG_MODEL", raising=False)
    model = invest_tag.load()
    texts = [SIGNING, "", SPORTS, "无", SIGNING[:20], "光伏" * 3, SIGNING + SPORTS, "签约5亿元"]
    one_by_one = [model.predict(t, explain=True) for t in texts]
    assert model.predict_many(texts, explain=True) == one_by_one
    assert model.predict_many(texts[::-1], explain=True) == one_by_one[::-1]


def test_what_is_not_text_is_refused_not_tagged(monkeypatch) -> None:
    # One str passed to predict_many would otherwise be tagged a character at a time.
    monkeypatch.delenv("INVEST_TAG_MODEL", raising=False)
    model = invest_tag.load()
    for call, arg in [(model.predict_many, SIGNING), (model.predict, SIGNING.encode()),
                      (model.predict_many, [SIGNING, None])]:
        with pytest.raises(TypeError, match="str"):
            call(arg)
