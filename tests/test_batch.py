"""Batch tagging keeps input order across batches and workers, failed documents in place."""

from __future__ import annotations

import pytest

import invest_tag
from invest_tag.model.batch import tag_documents
from invest_tag.model.inputs import Document

from conftest import synthetic_docs


@pytest.mark.parametrize("jobs", [1, 2])
def test_many_small_batches_come_back_in_input_order(small_model, jobs) -> None:
    texts = [d["text"] for d in synthetic_docs()[:40]]
    docs = [Document(f"bad-{i}", error="undecodable") if i % 6 == 0
            else Document(f"doc-{i}", text=t) for i, t in enumerate(texts)]
    expected = invest_tag.load(small_model).predict_many([d.text for d in docs if d.text])
    out = list(tag_documents(docs, model_dir=small_model, jobs=jobs, batch_size=7))
    assert [d.id for d, _ in out] == [d.id for d in docs]
    assert all((p is None) == (d.text is None) for d, p in out)
    assert [p for _, p in out if p is not None] == expected
