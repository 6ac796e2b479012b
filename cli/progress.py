"""A progress bar on stderr for long runs (rich, which Typer already brings)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from invest_tag.model.inputs import JSONL_SUFFIXES, page_files


def count_documents(inputs: Sequence[str]) -> int | None:
    """How many documents the inputs hold, or None when unknown (standard input, a pipe)."""
    total = 0
    for name in inputs:
        path = Path(name)
        if name == "-" or (path.exists() and not path.is_dir() and not path.is_file()):
            return None  # a stream: read once, by the run itself
        if path.is_dir():
            total += max(1, sum(1 for _ in page_files(path)))  # none: one error line
        elif path.suffix.lower() in JSONL_SUFFIXES and path.is_file():
            with path.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        else:
            total += 1
    return total


@contextmanager
def progress_bar(show: bool, total: int | None) -> Iterator[Callable[[], None]]:
    """Yield a function to call once per document; draws documents, rate and ETA."""
    if not show:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    class Rate(ProgressColumn):
        def render(self, task):
            return f"{task.speed or 0:.1f} docs/s"

    columns = [TextColumn("tagging"), BarColumn(), MofNCompleteColumn(), Rate(),
               TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("tag", total=total)
        yield lambda: bar.advance(task)
