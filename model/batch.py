"""Tag a stream of documents in batches, in one process or several, keeping input order."""

from __future__ import annotations

import os
import pickle
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .inputs import Document, extract_article
from .predictor import Model, load, resolve_model_dir
from .writers import RowWriter

BATCH = 1024  # documents tagged together at most (and sent to a worker at once)
# ... and characters: a batch closes once its texts (or pages) reach this many. The
# batch's working memory grows with its text; a batch of fewer, shorter documents
# pays the fixed costs of each step of tagging over too little text.
BATCH_CHARS = 100_000


@lru_cache(maxsize=2)
def _worker_model(model_dir: str) -> Model:
    """The model of one worker process, loaded once."""
    return load(model_dir)


def _tag_into_file(model_dir: str, batch: list[Document], explain: bool, folder: str) -> str:
    """Tag a batch in a worker process; return the name of the file that holds the result.

    The workers send results down one shared pipe. A worker killed while sending a
    large one (by the out-of-memory killer, say) leaves half a message there, and
    the pool waits for the rest forever. A file name is short enough for the pipe
    to take in one piece (up to PIPE_BUF bytes, 4096 on Linux, go in whole), so
    the pool sees the worker die and reports it instead.
    """
    tagged = _tag_batch(_worker_model(model_dir), batch, explain)
    fd, name = tempfile.mkstemp(suffix=".pickle", dir=folder)
    try:
        with os.fdopen(fd, "wb") as file:
            pickle.dump(tagged, file, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError as err:  # a full temporary disk: name this file, not the run's output
        raise OSError(err.errno, err.strerror, name) from None
    return name


def _read_back(name: str) -> list[tuple[Document, dict[str, Any] | None]]:
    """The result a worker left in file ``name`` (in this run's own folder), removed."""
    with open(name, "rb") as file:
        tagged = pickle.load(file)  # written by this run's workers, in a folder of its own
    os.unlink(name)
    return tagged


def in_batches(documents: Iterable[Document], size: int, chars: int = BATCH_CHARS
               ) -> Iterator[list[Document]]:
    """Consecutive batches of at most ``size`` documents, closed once they hold ``chars``."""
    batch: list[Document] = []
    held = 0
    for doc in documents:
        batch.append(doc)
        held += len(doc.text or doc.page or "")
        if len(batch) == size or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def _tag_batch(model: Model, batch: list[Document], explain: bool
               ) -> list[tuple[Document, dict[str, Any] | None]]:
    """Each document of a batch, its HTML page reduced to the article, with its prediction.

    A document that could not be read, or whose page held no article, gets None.
    """
    docs = [extract_article(d) for d in batch]
    preds = iter(model.predict_many([d.text for d in docs if d.text is not None],
                                    explain=explain))
    return [(d, next(preds) if d.text is not None else None) for d in docs]


def tag_documents(
    documents: Iterable[Document],
    model: Model | None = None,
    model_dir: str | Path | None = None,
    jobs: int = 1,
    explain: bool = False,
    batch_size: int = BATCH,
) -> Iterator[tuple[Document, dict[str, Any] | None]]:
    """Yield each document with its prediction (None where it could not be read), in order.

    An HTML page comes out as the document of its article text (see ``extract_article``).

    With ``jobs > 1`` batches go to that many worker processes (joblib); results
    are the same as with one.
    """
    batches = in_batches(documents, batch_size)
    if jobs == 1:
        model = model or load(model_dir)
        for batch in batches:
            yield from _tag_batch(model, batch, explain)
        return
    from joblib import Parallel, delayed

    path = str(resolve_model_dir(model_dir))
    # ignore_cleanup_errors: stopped early, a worker may still be writing into the folder.
    with (tempfile.TemporaryDirectory(prefix="invest-tag-", ignore_cleanup_errors=True) as folder,
          Parallel(n_jobs=jobs, return_as="generator") as parallel):
        results = parallel(delayed(_tag_into_file)(path, batch, explain, folder)
                           for batch in batches)
        try:
            for name in results:
                yield from _read_back(name)
        finally:  # done, or stopped early by the caller (Ctrl-C, a full disk)
            with warnings.catch_warnings():
                # Stopped early, joblib warns of the batches in hand that it drops.
                warnings.filterwarnings("ignore", r"\d+ tasks (have been|which were)",
                                        UserWarning, r"joblib\.")
                results.close()


@dataclass
class Tally:
    """How many documents were tagged and how many failed, so far."""

    tagged: int = 0
    failed: int = 0


def write_predictions(
    documents: Iterable[Document],
    writer: RowWriter,
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
            on_error(doc)
            writer.write({"id": doc.id, "error": doc.error})
            tally.failed += 1  # counted once written: after an error, the counts match the output
        else:
            writer.write({"id": doc.id, **pred, **({"text": doc.text} if doc.html else {})})
            tally.tagged += 1
        on_document()
