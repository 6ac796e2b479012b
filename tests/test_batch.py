"""Batch tagging keeps input order across batches and workers, failed documents in place."""

from __future__ import annotations

import pickle
import select
import tempfile
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

import invest_tag
from invest_tag.model.batch import (
    Tally,
    _read_back,
    _tag_batch,
    _tag_into_file,
    in_batches,
    tag_documents,
    write_predictions,
)
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


@given(st.lists(st.tuples(st.integers(0, 50), st.booleans()), max_size=30),
       st.integers(1, 8), st.integers(1, 120))
def test_a_batch_closes_at_its_size_or_once_its_text_reaches_the_limit(
        docs: list[tuple[int, bool]], size: int, chars: int) -> None:
    documents = [Document(str(i), page="<" * n) if page else Document(str(i), text="字" * n)
                 for i, (n, page) in enumerate(docs)]
    batches = list(in_batches(documents, size, chars))
    assert [d for b in batches for d in b] == documents
    for b in batches:
        held = [len(d.text or d.page or "") for d in b]
        assert 0 < len(b) <= size
        assert sum(held[:-1]) < chars  # it did not close too late
    for b in batches[:-1]:
        assert len(b) == size or sum(len(d.text or d.page or "") for d in b) >= chars  # nor early


@pytest.mark.parametrize("jobs", [1, 2])
def test_html_pages_are_extracted_where_they_are_tagged(small_model, jobs) -> None:
    # Extraction costs far more than tagging, so it happens in the workers: the
    # documents read from a crawl still hold their pages.
    text = synthetic_docs()[0]["text"]
    pages = [f"<html><body><nav>首页</nav><article><p>{text}</p></article></body></html>",
             "<html><head><script>var a = 1;</script></head><body></body></html>"]
    docs = [Document("a.html", page=pages[0]), Document("b.txt", text=text),
            Document("c.html", page=pages[1])]
    out = list(tag_documents(docs, model_dir=small_model, jobs=jobs, batch_size=2))
    assert [d.id for d, _ in out] == ["a.html", "b.txt", "c.html"]
    (a, a_pred), (b, b_pred), (c, c_pred) = out
    assert a.html and a.page is None and a_pred is not None
    assert "".join(text.split()) in "".join(a.text.split())
    assert not b.html and b_pred == invest_tag.load(small_model).predict(text)
    assert c_pred is None and "no article text" in c.error


def test_a_document_is_counted_once_it_is_written(small_model) -> None:
    # After a write fails (a full disk), the counts are of what the output holds.
    class FullDisk:
        rows = 0

        def write(self, row: dict) -> None:
            if self.rows == 2:
                raise OSError(28, "No space left on device")
            self.rows += 1

    docs = [Document(str(i), text=d["text"]) for i, d in enumerate(synthetic_docs()[:4])]
    tally = Tally()
    with pytest.raises(OSError):
        write_predictions(docs, FullDisk(), tally, invest_tag.load(small_model))
    assert (tally.tagged, tally.failed) == (2, 0)


def test_stopping_early_ends_the_workers_without_a_warning(small_model) -> None:
    # A run stopped by Ctrl-C or SIGTERM: joblib warned of the batches it dropped.
    docs = [Document(str(i), text=d["text"]) for i, d in enumerate(synthetic_docs() * 4)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tagged = tag_documents(docs, model_dir=small_model, jobs=2, batch_size=4)
        next(tagged)
        tagged.close()
    assert [str(w.message) for w in caught if "tasks" in str(w.message)] == []


def test_a_worker_sends_back_a_name_short_enough_for_the_pipe_to_take_whole(
        small_model, tmp_path) -> None:
    # A worker killed while sending a long result down the pool's shared pipe left
    # half of it there, and the run hung. Writes of up to PIPE_BUF bytes are never
    # split; the name must leave room within them for the pool's own wrapping.
    docs = [Document(str(i), text=d["text"]) for i, d in enumerate(synthetic_docs() * 13)]
    name = _tag_into_file(str(small_model), docs, True, str(tmp_path))
    assert len(pickle.dumps(name)) <= select.PIPE_BUF // 4
    assert _read_back(name) == _tag_batch(invest_tag.load(small_model), docs, True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("stop_early", [False, True])
def test_the_workers_results_folder_goes_when_the_run_ends(
        small_model, tmp_path, monkeypatch, stop_early) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    docs = [Document(str(i), text=d["text"]) for i, d in enumerate(synthetic_docs() * 4)]
    tagged = tag_documents(docs, model_dir=small_model, jobs=2, batch_size=8)
    if stop_early:
        next(tagged)
        tagged.close()
    else:
        assert len(list(tagged)) == len(docs)
    assert list(tmp_path.iterdir()) == []


def test_a_worker_that_cannot_write_its_result_names_the_file(small_model, tmp_path,
                                                              monkeypatch) -> None:
    # A full temporary disk must not read as a full output disk.
    def full_disk(*args, **kwargs) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pickle, "dump", full_disk)
    docs = [Document("0", text=synthetic_docs()[0]["text"])]
    with pytest.raises(OSError) as caught:
        _tag_into_file(str(small_model), docs, False, str(tmp_path))
    assert caught.value.errno == 28 and caught.value.filename.startswith(str(tmp_path))
