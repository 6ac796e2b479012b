"""Output writers: each document's line or rows go out in one piece."""

from __future__ import annotations

import io

import pytest

from invest_tag.model.writers import CsvWriter, JsonlWriter, done_ids


class RecordedOutput(io.StringIO):
    """An output that keeps each write call's text."""

    def __init__(self) -> None:
        super().__init__(newline="")
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


AMOUNT = {"kind": "money", "text": "12亿元", "value": 1.2e9, "value_max": None,
          "currency": "CNY", "qualifier": "none", "role": "actual", "score": 0.9,
          "start": 8, "end": 13}
ROW = {"id": "甲", "type": "results", "type_scores": {"results": 0.9, "other": 0.1},
       "relevant": True, "sectors": ["energy", "eco"], "sector_scores": {"energy": 0.8},
       "amounts": [AMOUNT, {**AMOUNT, "start": 20, "end": 25}, {**AMOUNT, "role": "target"}]}


@pytest.mark.parametrize("make", [JsonlWriter, lambda out: JsonlWriter(out, pretty=True),
                                  lambda out: CsvWriter(out, header=False),
                                  lambda out: CsvWriter(out, "document", header=False)])
def test_a_document_is_written_in_one_piece(make) -> None:
    # A crash between two pieces would leave part of a document, which --resume
    # takes as done: its other amounts would be lost for good.
    out = RecordedOutput()
    writer = make(out)
    writer.write(ROW)
    writer.write({"id": "乙", "error": "empty document"})
    assert len(out.writes) == 2 and "".join(out.writes) == out.getvalue()


def test_csv_rows_are_those_of_the_csv_module() -> None:
    out = RecordedOutput()
    CsvWriter(out).write(ROW)
    header, *rows = out.getvalue().split("\r\n")[:-1]
    assert header.startswith("id,type,type_score,relevant,sectors,error,kind,")
    assert len(rows) == 3
    assert all(r.startswith("甲,results,0.9,True,energy;eco,,money,") for r in rows)


def _per_amount_csv(tmp_path, documents: list[dict]):
    path = tmp_path / "tags.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = CsvWriter(out)
        for doc in documents:
            writer.write(doc)
    return path


def test_resume_tells_apart_adjacent_documents_of_one_id_in_per_amount_csv(tmp_path) -> None:
    # A crawl with a page twice in a row: its rows stand together, but each copy's
    # amounts start again from the top, and a copy without amounts has one row.
    two_amounts = {**ROW, "id": "same", "amounts": ROW["amounts"][:2]}
    none = {**ROW, "id": "same", "amounts": []}
    failed = {"id": "same", "error": "empty document"}
    one_amount = {**ROW, "id": "same", "amounts": ROW["amounts"][:1]}
    docs = [two_amounts, two_amounts, none, none, failed, one_amount, one_amount,
            {**two_amounts, "id": "other"}]
    done = done_ids(_per_amount_csv(tmp_path, docs), "csv")
    assert {i: list(v) for i, v in done.items()} == {
        "same": [False, False, False, False, True, False, False], "other": [False]}
