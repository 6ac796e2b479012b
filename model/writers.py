"""Write predictions as JSON lines or CSV, one document at a time, flushed.

CSV has one row per amount (documents without amounts get one row with empty
amount columns, so none is dropped) or, with ``per="document"``, one per document.
"""

from __future__ import annotations

import csv
import io
import json
from collections import deque
from pathlib import Path
from typing import Any, Protocol, TextIO

AMOUNT_COLUMNS = ["kind", "text", "value", "value_max", "currency", "qualifier", "role",
                  "score", "start", "end"]
DOCUMENT_COLUMNS = ["id", "type", "type_score", "relevant", "sectors", "error"]


class RowWriter(Protocol):
    """Writes one document's prediction (or error) row as it comes."""

    def write(self, row: dict[str, Any]) -> None: ...


class JsonlWriter:
    """One JSON object a line."""

    def __init__(self, out: TextIO, pretty: bool = False) -> None:
        self.out, self.pretty = out, pretty

    def write(self, row: dict[str, Any]) -> None:
        """Write one document's line in one piece, and flush it."""
        self.out.write(json.dumps(row, ensure_ascii=False, indent=2 if self.pretty else None)
                       + "\n")
        self.out.flush()


class CsvWriter:
    """Rows for spreadsheets and pandas: per amount (default) or per document."""

    def __init__(self, out: TextIO, per: str = "amount", header: bool = True) -> None:
        if per not in ("amount", "document"):
            raise ValueError(f"per must be 'amount' or 'document', not {per!r}")
        self.out, self.per = out, per
        columns = DOCUMENT_COLUMNS + (["amounts"] if per == "document" else AMOUNT_COLUMNS)
        self._rows = io.StringIO(newline="")  # a document's rows, written out in one piece
        self.writer = csv.DictWriter(self._rows, fieldnames=columns, extrasaction="ignore")
        if header:
            self.writer.writeheader()
            self._write_out()

    def write(self, row: dict[str, Any]) -> None:
        doc = {
            "id": row["id"],
            "type": row.get("type", ""),
            "type_score": max(row["type_scores"].values()) if "type_scores" in row else "",
            "relevant": row.get("relevant", ""),
            "sectors": ";".join(row.get("sectors", [])),
            "error": row.get("error", ""),
        }
        amounts = row.get("amounts", [])
        if self.per == "document":
            self.writer.writerow({**doc, "amounts": len(amounts)})
        else:
            for amount in amounts or [{}]:
                self.writer.writerow({**doc, **{c: amount.get(c, "") for c in AMOUNT_COLUMNS}})
        self._write_out()

    def _write_out(self) -> None:
        """Write the rows held in one piece, so that a crash never leaves part of a
        document (which --resume would take as done), and flush them."""
        self.out.write(self._rows.getvalue())
        self.out.flush()
        self._rows.seek(0)
        self._rows.truncate()


def done_ids(path: Path, fmt: str) -> dict[str, deque[bool]]:
    """The documents already in an output file, for resuming: for each id, whether each
    of its documents (one per time the id was written) failed, in file order.

    An id can stand for several documents (a crawl holding a page twice), so a
    resumed run skips as many documents of an id as the file holds. In per-amount
    CSV a document's rows stand together (see :func:`_begins_document`). A torn
    last line is cut off first.
    """
    if not path.is_file():
        return {}
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):  # a crash mid-line: drop the partial line
        data = data[: data.rfind(b"\n") + 1]
        path.write_bytes(data)
    text = data.decode("utf-8-sig")  # a CSV file starts with a BOM
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = [r for r in reader if r.get("id")]
        if "amounts" not in (reader.fieldnames or []):  # per amount: keep each document's first
            rows = [r for r, before in zip(rows, [None, *rows]) if _begins_document(r, before)]
        found = [(r["id"], bool(r.get("error"))) for r in rows]
    else:
        found = []
        for line in text.split("\n"):  # not splitlines: U+2028 may stand inside a line
            try:
                row = json.loads(line)
                found.append((str(row["id"]), "error" in row))
            except (json.JSONDecodeError, KeyError, TypeError):
                continue
    done: dict[str, deque[bool]] = {}
    for doc_id, failed in found:
        done.setdefault(doc_id, deque()).append(failed)
    return done


def _begins_document(row: dict[str, str], before: dict[str, str] | None) -> bool:
    """Whether a per-amount CSV row begins a document, ``before`` being the row above.

    A document's rows are written together, its amounts in order of their start,
    which strictly grows since amounts do not overlap; a document without amounts
    (or one that failed) has one row, with no start. So two documents of the same
    id in a row are told apart too.
    """
    if before is None or row["id"] != before["id"]:
        return True
    start, start_before = row.get("start") or "", before.get("start") or ""
    return not (start.isdigit() and start_before.isdigit() and int(start) > int(start_before))
