"""Cross-validation of the whole training procedure (``train --cv``)."""

from __future__ import annotations

from invest_tag.model.taxonomy import default_taxonomy
from invest_tag.model.tokenise import Tokeniser
from invest_tag.training.crossval import cross_validated_metrics
from invest_tag.training.fit import prepare

from conftest import synthetic_docs


def test_every_fold_is_fitted_reported_and_scored() -> None:
    docs = synthetic_docs()
    norms, words = prepare(docs, Tokeniser())
    stages: list[str] = []
    metrics = cross_validated_metrics(docs, [n.text for n in norms], words, default_taxonomy(),
                                      folds=3, report=stages.append)
    assert stages == [f"cross-validating: fold {k} of 3" for k in (1, 2, 3)]
    assert metrics["folds"] == 3 and metrics["docs"] == len(docs)  # each held out once
    assert 0.5 < metrics["type"]["accuracy"] <= 1  # the synthetic types are easy to learn
