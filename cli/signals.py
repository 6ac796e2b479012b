"""Stop a run on Ctrl-C or SIGTERM between documents, never halfway through writing one."""

from __future__ import annotations

import signal
from types import FrameType, TracebackType
from typing import Any

from invest_tag.model.writers import RowWriter

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(Exception):
    """The run was sent Ctrl-C (SIGINT) or SIGTERM (``kill``, ``timeout``, a job scheduler)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StoppableWriter:
    """A writer that a stop signal never interrupts inside a document's rows.

    Within ``with``, SIGINT and SIGTERM raise :class:`Stopped`: at once while the
    run reads or tags (it may be waiting for input), but only after the rows being
    written are whole. So a run cut short leaves no half row, and ``written``
    counts exactly the documents in the output. Without this, SIGTERM kills the
    process at once and its ``--jobs`` workers live on.
    """

    def __init__(self, writer: RowWriter) -> None:
        self.writer = writer
        self.written = 0  # documents written whole
        self._writing = False
        self._caught: int | None = None  # a signal that came while writing
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> StoppableWriter:
        self._previous = {s: signal.signal(s, self._on_signal) for s in STOP_SIGNALS}
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._writing:
            self._caught = signum
        else:
            raise Stopped(signum)

    def write(self, row: dict[str, Any]) -> None:
        """Write one document's row (or rows) whole, then stop if a signal came meanwhile."""
        self._writing = True
        try:
            self.writer.write(row)
            self.written += 1
        finally:
            self._writing = False
        if self._caught is not None:
            raise Stopped(self._caught)
