"""The amount tagger end to end: spans into the raw text, kinds, roles, explanations."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import invest_tag
from invest_tag.model import amounts
from invest_tag.training.evaluate_amounts import amount_metrics

from conftest import synthetic_docs

ROLES = {"actual", "contract", "investment", "intended", "target", "threshold", "other"}


@pytest.fixture(scope="module")
def model(small_model):
    return invest_tag.load(small_model)


def test_small_model_finds_the_gold_amounts(model) -> None:
    docs = synthetic_docs()
    predicted = model.predict_many([d["text"] for d in docs])
    metrics = amount_metrics(docs, [p["amounts"] for p in predicted])
    assert metrics["money"]["span_f1"] >= 0.9
    assert metrics["money"]["value_accuracy"] == 1.0
    assert metrics["percent"]["span_f1"] >= 0.9 and metrics["count"]["span_f1"] >= 0.9


def test_spans_point_into_the_text_as_given(model) -> None:
    raw = "濟(jì)源前三季度招商引資到位資(zī)金148.3億(yì)元，同比增長21.5％。"
    amounts = model.predict(raw)["amounts"]
    texts = [a["text"] for a in amounts]
    assert "148.3億(yì)元" in texts and "21.5％" in texts
    for a in amounts:
        assert raw[a["start"]:a["end"]] == a["text"]
    money = next(a for a in amounts if a["kind"] == "money")
    assert (money["value"], money["currency"], money["qualifier"]) == (14_830_000_000, "CNY",
                                                                       "none")


PAGE_CHARS = list("投资签约到位項目億萬元美%个家12345.,-至约超多余 \n(yì)")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(PAGE_CHARS), max_size=60))
def test_any_text_gives_well_formed_amounts(model, raw: str) -> None:
    amounts = model.predict(raw)["amounts"]
    # In text order and apart: resuming per-amount CSV relies on it (writers.done_ids).
    assert all(a["end"] <= b["start"] for a, b in zip(amounts, amounts[1:]))
    for a in amounts:
        assert raw[a["start"]:a["end"]] == a["text"]
        assert a["kind"] in {"money", "percent", "count"}
        assert (a["role"] in ROLES) == (a["kind"] == "money")
        assert (a["currency"] != "") == (a["kind"] == "money")
        assert a["qualifier"] in {"none", "at_least", "at_most", "approx"}
        assert 0 <= a["score"] <= 1


def test_explain_names_the_strongest_features(model) -> None:
    text = synthetic_docs()[0]["text"]
    amounts = model.predict(text, explain=True)["amounts"]
    money = next(a for a in amounts if a["kind"] == "money")
    assert money["explain"]["kind"] and money["explain"]["role"]
    assert all(isinstance(f, str) and isinstance(w, float) for f, w in money["explain"]["role"])
    assert "explain" not in model.predict(text)["amounts"][0]


def _amount(start, end, kind, value, role="", currency="", qualifier="none"):
    return {"start": start, "end": end, "kind": kind, "value": value, "value_max": None,
            "role": role, "currency": currency, "qualifier": qualifier}


def test_amount_metrics_count_by_hand() -> None:
    gold = [{"amounts": [_amount(0, 5, "money", 1e8, "actual", "CNY"),
                         _amount(10, 15, "money", 2e8, "contract", "CNY"),
                         _amount(20, 23, "percent", 5.0)]}]
    pred = [[_amount(0, 5, "money", 1e8, "actual", "CNY"),  # fully right
             _amount(11, 15, "money", 2e8, "investment", "CNY", "approx"),  # overlap, wrong
             # role and qualifier
             _amount(30, 33, "money", 3e8, "other", "CNY"),  # spurious
             _amount(20, 23, "percent", 6.0)]]  # right span, wrong value
    m = amount_metrics(gold, pred)
    assert m["money"]["span_precision"] == round(2 / 3, 4)
    assert m["money"]["span_recall"] == 1.0
    assert m["money"]["exact_span_f1"] == round(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2), 4)
    assert m["money"]["role_accuracy"] == 0.5
    assert m["money"]["qualifier_accuracy"] == 0.5 and m["percent"]["qualifier_accuracy"] == 1.0
    assert m["money"]["full_f1"] == round(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2), 4)
    assert m["percent"]["span_f1"] == 1.0 and m["percent"]["value_accuracy"] == 0.0
    assert m["count"]["gold"] == 0 and m["count"]["span_f1"] == 0.0


def test_judging_candidates_a_few_at_a_time_changes_nothing(model, monkeypatch) -> None:
    # Candidates are judged JUDGE_AT_ONCE at a time, across and within documents.
    texts = [d["text"] for d in synthetic_docs()[:12]] + ["", "无数字"]
    whole = model.predict_many(texts, explain=True)
    monkeypatch.setattr(amounts, "JUDGE_AT_ONCE", 3)
    assert model.predict_many(texts, explain=True) == whole
    assert sum(len(p["amounts"]) for p in whole) > 3 * 5  # many chunks were judged
