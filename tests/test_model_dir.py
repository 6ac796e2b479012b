"""Saving and loading a model directory: round trip, atomic write, no code execution."""

from __future__ import annotations

import dataclasses
import json
import shutil

import numpy as np
import pytest

import invest_tag
from invest_tag.model.artifact import ModelError, load_models, save
from invest_tag.model.normalise import normalise
from invest_tag.model.sector_count import SectorCount
from invest_tag.model.tokenise import Tokeniser

from conftest import synthetic_docs


def test_round_trip_keeps_predictions(small_model, tmp_path) -> None:
    classifier, tagger, meta = load_models(small_model)
    copy = save(classifier, tagger, meta, tmp_path / "copy")
    texts = [d["text"] for d in synthetic_docs()[::7]]
    a = invest_tag.load(small_model).predict_many(texts)
    b = invest_tag.load(copy).predict_many(texts)
    assert a == b


def test_a_model_without_the_stored_term_layout_still_loads(small_model, tmp_path) -> None:
    """invest-tag 0.3.0 did not store the term layout: such a model works it out at load."""
    old = tmp_path / "old"
    shutil.copytree(small_model, old)
    vocabulary = json.loads((old / "vocabulary.json").read_text(encoding="utf-8"))
    del vocabulary["term_others"]
    (old / "vocabulary.json").write_text(json.dumps(vocabulary), encoding="utf-8")
    with np.load(small_model / "weights.npz") as npz:
        kept = {k: npz[k] for k in npz.files if not k.startswith("term_layout.")}
    assert len(kept) < len(npz.files)
    np.savez(old / "weights.npz", **kept)
    texts = [d["text"] for d in synthetic_docs()[::7]]
    assert invest_tag.load(old).predict_many(texts) == \
        invest_tag.load(small_model).predict_many(texts)


def test_sector_count_is_saved_and_a_model_without_one_keeps_every_passing_sector(
        small_model, tmp_path) -> None:
    classifier, tagger, meta = load_models(small_model)
    n = len(classifier.sectors)
    one = SectorCount(np.zeros((2, n + 2)), np.array([1.0, 0.0]), np.array([1, 2]))  # always 1
    capped = save(dataclasses.replace(classifier, sector_count=one), tagger, meta,
                  tmp_path / "capped")
    texts = [d["text"] for d in synthetic_docs()[::5]]
    free = invest_tag.load(small_model).predict_many(texts)
    one_each = invest_tag.load(capped).predict_many(texts)
    for a, b in zip(one_each, free):
        likeliest = max(b["sectors"], key=b["sector_scores"].get, default=None)
        assert a["sectors"] == ([likeliest] if likeliest else [])
    assert any(len(b["sectors"]) > 1 for b in free)  # so the cap was put to work
    # Models written by 0.3.2 do not say how many type probabilities it takes: none.
    with np.load(capped / "weights.npz") as npz:
        kept = {k: npz[k] for k in npz.files if k != "sector_count.n_types"}
    assert len(kept) < len(npz.files)
    np.savez(capped / "weights.npz", **kept)
    assert invest_tag.load(capped).predict_many(texts) == one_each
    # Models written before 0.3.2 have no count model: every passing sector stays.
    with np.load(capped / "weights.npz") as npz:
        kept = {k: npz[k] for k in npz.files if not k.startswith("sector_count.")}
    np.savez(capped / "weights.npz", **kept)
    assert invest_tag.load(capped).predict_many(texts) == free


def test_a_count_model_over_type_probabilities_is_saved_and_checked(small_model,
                                                                    tmp_path) -> None:
    classifier, tagger, meta = load_models(small_model)
    n, k = len(classifier.sectors), len(classifier.types)
    coef = np.zeros((2, n + 2 + k))
    coef[1, n + 2 + classifier.types.index("results")] = 50.0  # a results report: 2, else 1
    by_type = dataclasses.replace(
        classifier, sector_count=SectorCount(coef, np.array([0.0, -25.0]), np.array([1, 2]), k))
    saved = save(by_type, tagger, meta, tmp_path / "by_type")
    texts = [d["text"] for d in synthetic_docs()]
    predicted = invest_tag.load(saved).predict_many(texts)
    labels = by_type.classify_many(*_normalised_words(texts))
    assert [p["sectors"] for p in predicted] == [lab.sectors for lab in labels]
    assert {len(p["sectors"]) for p in predicted if p["relevant"]} == {1, 2}
    for damaged in (np.array(3), np.arange(k)):  # a count that does not fit, not a count
        _replace_array(saved, "sector_count.n_types", damaged)
        with pytest.raises(ModelError, match="corrupt model"):
            invest_tag.load(saved)


def _normalised_words(texts: list[str]) -> tuple[list[str], list]:
    tokeniser = Tokeniser()
    clean = [normalise(t).text for t in texts]
    return clean, [tokeniser.words(t) for t in clean]


def _replace_array(model_dir, name: str, array: np.ndarray) -> None:
    with np.load(model_dir / "weights.npz") as npz:
        arrays = {k: npz[k] for k in npz.files}
    np.savez(model_dir / "weights.npz", **{**arrays, name: array})


def test_small_model_learns_its_training_data(small_model) -> None:
    docs = synthetic_docs()
    predicted = invest_tag.load(small_model).predict_many([d["text"] for d in docs])
    right = sum(p["type"] == d["type"] for p, d in zip(predicted, docs))
    assert right >= 0.9 * len(docs)


def test_save_replaces_an_existing_model_whole(small_model, tmp_path) -> None:
    classifier, tagger, meta = load_models(small_model)
    target = tmp_path / "m"
    save(classifier, tagger, {**meta, "name": "first"}, target)
    save(classifier, tagger, {**meta, "name": "second"}, target)
    assert json.loads((target / "meta.json").read_text())["name"] == "second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m"]  # no temporary left over


def test_save_never_replaces_what_is_not_a_model(small_model, tmp_path) -> None:
    classifier, tagger, meta = load_models(small_model)
    notes = tmp_path / "work" / "notes.txt"
    notes.parent.mkdir()
    notes.write_text("keep me", encoding="utf-8")
    a_file = tmp_path / "a_file"
    a_file.write_text("keep me too", encoding="utf-8")
    for target in (notes.parent, a_file):
        with pytest.raises(ModelError, match="exists and is not a model directory"):
            save(classifier, tagger, meta, target)
    assert notes.read_text(encoding="utf-8") == "keep me"
    assert a_file.read_text(encoding="utf-8") == "keep me too"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file", "work"]
    (tmp_path / "empty").mkdir()
    for target in (tmp_path / "empty", tmp_path / "new" / "nested"):
        assert invest_tag.load(save(classifier, tagger, meta, target)).predict("签约项目")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "weights.npz").unlink(), "weights.npz missing"),
        (lambda d: (d / "meta.json").write_text("{not json"), "corrupt meta.json"),
        (lambda d: (d / "meta.json").write_text('{"format": "other"}'), "not an invest-tag"),
        (lambda d: (d / "weights.npz").write_bytes(b"garbage"), "corrupt model"),
        (lambda d: (d / "vocabulary.json").write_text("[]"), "corrupt model"),
        (lambda d: _replace_array(d, "term_layout.pairs", np.arange(5)), "corrupt model"),
        (lambda d: _replace_array(d, "term_layout.title_chars", np.array([10**9])),
         "corrupt model"),
        (lambda d: _replace_array(d, "sector_count.coef", np.zeros((2, 5))), "corrupt model"),
    ],
)
def test_damaged_model_gives_a_clear_error(small_model, tmp_path, damage, message) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(small_model, broken)
    damage(broken)
    with pytest.raises(ModelError, match=message):
        invest_tag.load(broken)


class Boom:
    """Unpickling this would run code."""

    def __reduce__(self):
        return (pytest.fail, ("loading a model executed code from it",))


def test_loading_never_unpickles(small_model, tmp_path) -> None:
    evil = tmp_path / "evil"
    shutil.copytree(small_model, evil)
    _replace_array(evil, "type_coef", np.array([Boom()], dtype=object))
    with pytest.raises(ModelError, match="corrupt model"):
        invest_tag.load(evil)


def test_missing_model_directory(tmp_path) -> None:
    with pytest.raises(ModelError, match="not found"):
        invest_tag.load(tmp_path / "nowhere")
