"""The ``invest-tag`` command line: thin commands over importable functions."""

from __future__ import annotations

import json
import sys
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import typer

from invest_tag.model.artifact import ModelError, read_meta
from invest_tag.model.inputs import read_documents
from invest_tag.model.predictor import load, resolve_model_dir
from invest_tag.training.data import DataError

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
BATCH = 64  # documents tagged together; output is written after each batch


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error and exit."""
    typer.echo(f"invest-tag: error: {message}", err=True)
    raise typer.Exit(code)


def _dumps(obj: dict[str, Any], pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


@app.command()
def predict(
    inputs: Annotated[list[str], typer.Argument(
        help="Text files, directories of .txt files, JSONL files of {\"id\",\"text\"} "
             "lines, or - for standard input.", show_default=False)],
    model: ModelOption = None,
    pretty: Annotated[bool, typer.Option(help="Indent the JSON.")] = False,
    explain: Annotated[bool, typer.Option(
        help="Add to each amount the features that weighed most for its kind and role.")] = False,
) -> None:
    """Tag articles; print one JSON line per document, in input order."""
    try:
        tagger = load(model)
    except ModelError as err:
        fail(str(err))
    documents = read_documents(inputs, sys.stdin.buffer)
    failed = 0
    while batch := list(islice(documents, BATCH)):
        texts = [d.text for d in batch if d.text is not None]
        predictions = iter(tagger.predict_many(texts, explain=explain))
        for doc in batch:
            if doc.error is not None:
                failed += 1
                typer.echo(f"invest-tag: error: {doc.id}: {doc.error}", err=True)
                row: dict[str, Any] = {"id": doc.id, "error": doc.error}
            else:
                row = {"id": doc.id, **next(predictions)}
            typer.echo(_dumps(row, pretty))
        sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


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

    try:
        saved = train_model(data, out, dev_path=dev, cross_validate=cv)
    except (DataError, ModelError) as err:
        fail(str(err))
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
