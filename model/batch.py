"""Tag a stream of documents in batches, in one process or several, keeping input order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from .inputs import Document
from .predictor import Model, load, resolve_model_dir
from .writers import CsvWriter, JsonlWriter

BATCH = 128  # documents tagged together (and sent to a worker at once)


@lru_cache(maxsize=2)
def _worker_model(model_dir: str) -> Model:
    """The model of one worker process, loaded once."""
    return load(model_dir)


def _tag(model_dir: str, texts: list[str], explain: bool) -> list[dict[str, Any]]:
    return _worker_model(model_dir).predict_many(texts, explain=explain)


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(islice(it, size)):
        yield batch


def _paired(batch: list[Document], preds: Iterable[dict[str, Any]]
            ) -> Iterator[tuple[Document, dict[str, Any] | None]]:
    """Each document of a batch with its prediction; the unreadable ones got none."""
    it = iter(preds)
    for doc in batch:
        yield doc, (next(it) if doc.text is not None else None)


def _texts(batch: list[Document]) -> list[str]:
    return [d.text for d in batch if d.text is not None]


def tag_documents(
    documents: Iterable[Document],
    model: Model | None = None,
    model_dir: str | Path | None = None,
    jobs: int = 1,
    explain: bool = False,
    batch_size: int = BATCH,
) -> Iterator[tuple[Document, dict[str, Any] | None]]:
    """Yield each document with its prediction (None where it could not be read), in order.

    With ``jobs > 1`` batches go to that many worker processes (joblib); results
    are the same as with one.
    """
    batches = _batches(documents, batch_size)
    if jobs == 1:
        model = model or load(model_dir)
        for batch in batches:
            yield from _paired(batch, model.predict_many(_texts(batch), explain=explain))
        return
    from joblib import Parallel, delayed

    path = str(resolve_model_dir(model_dir))
    pending: list[list[Document]] = []

    def tasks():
        for batch in batches:
            pending.append(batch)
            yield delayed(_tag)(path, _texts(batch), explain)

    with Parallel(n_jobs=jobs, return_as="generator") as parallel:
        for preds in parallel(tasks()):
            yield from _paired(pending.pop(0), preds)


@dataclass
class Tally:
    """How many documents were tagged and how many failed, so far."""

    tagged: int = 0
    failed: int = 0


def write_predictions(
    documents: Iterable[Document],
    writer: JsonlWriter | CsvWriter,
    tally: Tally,
    model: Model | None = None,
    model_dir: str | Path | None = None,
    jobs: int = 1,
    explain: bool = False,
    on_error: Callable[[Document], None] = lambda doc: None,
    on_document: Callable[[], None] = lambda: None,
) -> None:
    """Tag documents and write one row (or rows) each, in order; failures get an error row.

    An HTML page's row carries the extracted ``text`` that its spans refer to.
    """
    for doc, pred in tag_documents(documents, model, model_dir, jobs, explain):
        if pred is None:
            tally.failed += 1
            on_error(doc)
            writer.write({"id": doc.id, "error": doc.error})
        else:
            tally.tagged += 1
            writer.write({"id": doc.id, **pred, **({"text": doc.text} if doc.html else {})})
        on_document()
