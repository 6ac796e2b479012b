"""Stopping a run on Ctrl-C or SIGTERM: between documents, never inside one's rows."""

from __future__ import annotations

import io
import os
import signal

import pytest

from invest_tag.cli.signals import StoppableWriter, Stopped


class HalvedWriter:
    """Writes a row in two halves, and the signal arrives between them."""

    def __init__(self, signum: int) -> None:
        self.out, self.signum = io.StringIO(), signum

    def write(self, row: dict) -> None:
        self.out.write('{"id": ')
        os.kill(os.getpid(), self.signum)
        self.out.write(f'"{row["id"]}"}}\n')


class ListWriter:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def write(self, row: dict) -> None:
        self.rows.append(row)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_a_row_is_written_stops_the_run_after_it(signum: int) -> None:
    halved = HalvedWriter(signum)
    with pytest.raises(Stopped) as stop, StoppableWriter(halved) as writer:
        writer.write({"id": "a"})
        writer.write({"id": "b"})  # never reached
    assert stop.value.signum == signum
    assert halved.out.getvalue() == '{"id": "a"}\n' and writer.written == 1


def test_a_signal_between_rows_stops_the_run_at_once() -> None:
    with pytest.raises(Stopped), StoppableWriter(ListWriter()) as writer:
        writer.write({"id": "a"})
        os.kill(os.getpid(), signal.SIGTERM)
        pytest.fail("the signal did not stop the run")
    assert writer.written == 1


def test_the_handlers_before_are_restored() -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    with StoppableWriter(ListWriter()):
        assert signal.getsignal(signal.SIGTERM) != before[signal.SIGTERM]
    assert {s: signal.getsignal(s) for s in before} == before
