"""The ``invest-tag`` command line: thin commands over importable functions."""

from __future__ import annotations

import json
import signal
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from invest_tag.model.artifact import ModelError, read_meta
from invest_tag.model.batch import Tally, write_predictions
from invest_tag.model.inputs import MAX_BYTES, Document, is_page_name, read_documents
from invest_tag.model.predictor import load, resolve_model_dir
from invest_tag.model.writers import CsvWriter, JsonlWriter, done_ids
from invest_tag.training.data import DataError

from .progress import count_documents, progress_bar
from .signals import StoppableWriter, Stopped

app = typer.Typer(
    name="invest-tag",
    help="Tag Chinese investment-attraction news: article type, sectors and amounts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ModelOption = Annotated[
    Path | None,
    typer.Option("--model", "-m", help="Model directory. Default: $INVEST_TAG_MODEL, "
                 "else the model shipped with invest-tag."),
]


def _show_version(value: bool) -> None:
    if value:
        from invest_tag import __version__

        typer.echo(f"invest-tag {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="Print the version of invest-tag and exit.")] = False,
) -> None:
    """Options for invest-tag itself, given before the command (the help text is the app's)."""


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error and exit."""
    typer.echo(f"invest-tag: error: {message}", err=True)
    raise typer.Exit(code)


def _dumps(obj: dict[str, Any], pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class CsvRows(StrEnum):
    amount = "amount"
    document = "document"


@app.command()
def predict(
    inputs: Annotated[list[str], typer.Argument(
        help="Text or HTML files, directories of them, JSONL files of {\"id\",\"text\"} "
             "lines, or - for standard input.", show_default=False)],
    model: ModelOption = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write here instead of standard output.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="jsonl or csv.")] = (
        OutputFormat.jsonl),
    per: Annotated[CsvRows, typer.Option(
        help="CSV rows: one per amount, or one per document.")] = CsvRows.amount,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    resume: Annotated[bool, typer.Option(
        help="Skip documents whose id is already in --output, and append.")] = False,
    max_bytes: Annotated[int, typer.Option(
        min=1, help="Larger documents are reported as errors, not tagged.")] = MAX_BYTES,
    pretty: Annotated[bool, typer.Option(help="Indent the JSON.")] = False,
    explain: Annotated[bool, typer.Option(
        help="Add to each amount the features that weighed most for its kind and role.")] = False,
    progress: Annotated[bool | None, typer.Option(
        help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
) -> None:
    """Tag articles; write one JSON line (or CSV rows) per document, in input order."""
    if resume and output is None:
        fail("--resume needs --output")
    if output is not None and (source := _input_holding(output, inputs)):
        fail(f"--output {output} is also read as input ({source}); write it elsewhere")
    try:
        tagger = load(model) if jobs == 1 else None
        if tagger is None:
            read_meta(resolve_model_dir(model))  # fail early on a bad model
    except ModelError as err:
        fail(str(err))
    try:
        done = done_ids(output, fmt.value) if resume and output else {}
        # A CSV file starts with a BOM, by which Excel knows it is UTF-8 (only at the
        # start: appending to a file that has one adds none).
        encoding = "utf-8-sig" if fmt is OutputFormat.csv else "utf-8"
        out = output.open("a" if resume else "w", encoding=encoding, newline="") if output else (
            sys.stdout)
    except OSError as err:
        fail(f"cannot write {output}: {err.strerror}")
    except UnicodeDecodeError:
        fail(f"cannot resume: {output} is not an output of invest-tag (not UTF-8)")
    writer = StoppableWriter(CsvWriter(out, per.value, header=not (resume and out.tell() > 0))
                             if fmt is OutputFormat.csv else JsonlWriter(out, pretty))
    earlier = Tally()  # the documents skipped as already done, and how they went
    documents = _not_done(read_documents(inputs, sys.stdin.buffer, max_bytes), done, earlier)
    show = sys.stderr.isatty() if progress is None else progress
    tally = Tally()
    try:
        with writer:
            total = count_documents(inputs) if show else None
            left = max(total - sum(map(len, done.values())), 0) if total is not None else None
            with progress_bar(show, left) as advance:
                write_predictions(
                    documents, writer, tally, tagger, model, jobs, explain,
                    on_error=lambda doc: typer.echo(f"invest-tag: error: {doc.id}: {doc.error}",
                                                    err=True),
                    on_document=advance,
                )
    except Stopped as stop:
        why = "interrupted" if stop.signum == signal.SIGINT else "terminated"
        _stopped(writer.written, why, 128 + stop.signum)
    except KeyboardInterrupt:  # Ctrl-C, as a --jobs worker met it
        _stopped(writer.written, "interrupted", 130)
    except BrokenProcessPool:  # joblib's TerminatedWorkerError: killed, or out of memory
        _stopped(writer.written, "a worker process died (killed, or out of memory)", 1)
    except OSError as err:  # the output (or a worker's file) went away: disk full, a closed pipe
        fail(f"cannot write {err.filename or output or 'standard output'}: {err.strerror}")
    finally:
        if output:
            with suppress(OSError):  # what could not be written was reported above
                out.close()
    skipped = earlier.tagged + earlier.failed
    failed_before = f"; {earlier.failed} of them failed" if earlier.failed else ""
    summary = f", {skipped} skipped (already in {output}{failed_before})" if skipped else ""
    typer.echo(f"invest-tag: {tally.tagged} tagged, {tally.failed} failed{summary}", err=True)
    if tally.failed or earlier.failed:  # the status speaks for the whole output file
        raise typer.Exit(1)


def _stopped(written: int, why: str, code: int) -> None:
    """Stop a run cut short, saying how far it got; what was written stays."""
    typer.echo(f"invest-tag: {why} after {written} documents; "
               "run again with --resume to go on", err=True)
    raise typer.Exit(code)


def _input_holding(output: Path, inputs: list[str]) -> str | None:
    """The input that would read ``output`` (so that writing it would destroy or loop), if any."""
    try:
        target = output.resolve()
    except (OSError, RuntimeError):  # a link loop: opening it fails, with a one-line error
        return None
    for name in inputs:
        path = Path(name)
        if name == "-" or not path.exists():
            continue
        if path.resolve() == target:
            return name
        if path.is_dir() and target.is_relative_to(path.resolve()) and is_page_name(target.name):
            return name
    return None


def _not_done(documents: Iterable[Document], done: dict[str, deque[bool]],
              earlier: Tally) -> Iterator[Document]:
    """The documents not yet in the output: of each id, those past the ones ``done``
    holds (which it uses up); ``earlier`` counts the documents skipped."""
    for doc in documents:
        written = done.get(doc.id)
        if not written:
            yield doc
        elif written.popleft():
            earlier.failed += 1
        else:
            earlier.tagged += 1


@app.command()
def train(
    data: Annotated[Path, typer.Argument(help="Labelled JSONL (spec/labels.md §3).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to save the model.")] = Path(
        "invest-tag-model"),
    dev: Annotated[Path | None, typer.Option(
        help="Labelled JSONL to evaluate on; its metrics go into the model card.")] = None,
    cv: Annotated[bool, typer.Option(
        "--cv", help="Also record 5-fold cross-validated metrics on the training data.")] = False,
) -> None:
    """Train a model from labelled JSONL and save it."""
    from invest_tag.training.fit import train as train_model

    started = time.monotonic()

    def report(stage: str) -> None:
        typer.echo(f"invest-tag: [{time.monotonic() - started:4.0f} s] {stage}", err=True)

    try:
        saved = train_model(data, out, dev_path=dev, cross_validate=cv, report=report)
    except (DataError, ModelError) as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot save the model to {out}: {err.strerror}")
    typer.echo(f"saved model to {saved}  (use it with --model {saved})", err=True)


@app.command()
def evaluate(
    data: Annotated[Path, typer.Argument(help="Labelled JSONL to evaluate on.")],
    model: ModelOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Compare a model's predictions with labelled documents and print the metrics."""
    from invest_tag.training.evaluate import evaluate as evaluate_file
    from invest_tag.training.evaluate import format_report

    try:
        metrics = evaluate_file(data, model)
    except (DataError, ModelError) as err:
        fail(str(err))
    typer.echo(_dumps(metrics, True) if as_json else format_report(metrics))


@app.command()
def info(model: ModelOption = None) -> None:
    """Print the model card: labels, training data, library versions, metrics."""
    try:
        meta = read_meta(resolve_model_dir(model))
    except ModelError as err:
        fail(str(err))
    meta = {k: v for k, v in meta.items() if k != "lexicon"}
    typer.echo(_dumps(meta, True))


def main() -> None:
    """Entry point of the ``invest-tag`` script."""
    app()
