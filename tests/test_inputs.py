"""Reading inputs: encodings, bad files, directories, JSONL and stdin, in order."""

from __future__ import annotations

import io
import json
import os
import threading
import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invest_tag.model.inputs import InputError, _lines, decode, read_documents

ARTICLE = "某市招商引资到位资金12亿元。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312", "utf-16"])
def test_decode_common_chinese_encodings(encoding: str) -> None:
    assert decode(ARTICLE.encode(encoding)) == ARTICLE


@pytest.mark.parametrize("encoding", ["big5", "big5hkscs"])
def test_decode_big5_pages_of_traditional_text(encoding: str) -> None:
    # GB18030 would decode these bytes too, into nonsense.
    traditional = "濟源市強力招商引資，到位資金12億元，簽約項目8個。"
    assert decode(traditional.encode(encoding)) == traditional


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 4, "binary"),
        (b"\x80\x81\xfe\xff\x80", "not text"),
    ],
)
def test_decode_rejects_what_is_not_text(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode(data)


def test_documents_come_out_in_input_order_with_errors_in_place(tmp_path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    gbk = tmp_path / "b.txt"
    gbk.write_bytes(ARTICLE.encode("gbk"))
    empty = tmp_path / "c.txt"
    empty.write_bytes(b"")
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_text(
        json.dumps({"id": "x1", "text": ARTICLE}, ensure_ascii=False) + "\n"
        + "not json\n"
        + json.dumps({"id": "x3"}) + "\n"
        + json.dumps({"text": ARTICLE}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    docs = list(read_documents([str(good), str(tmp_path / "missing.txt"), str(gbk), str(empty),
                                str(jsonl)]))
    assert [d.id for d in docs] == [
        str(good), str(tmp_path / "missing.txt"), str(gbk), str(empty),
        "x1", f"{jsonl}:2", "x3", f"{jsonl}:4",
    ]
    assert [d.error is None for d in docs] == [True, False, True, False, True, False, False, True]
    assert docs[2].text == ARTICLE
    assert all((d.text is None) != (d.error is None) for d in docs)


def test_directory_yields_its_text_files_sorted(tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ["b.txt", "a.txt", "sub/c.txt"]:
        (tmp_path / name).write_text(ARTICLE + name, encoding="utf-8")
    (tmp_path / "ignored.bin").write_bytes(b"\x00\x01")
    docs = list(read_documents([str(tmp_path)]))
    assert [d.id for d in docs] == [str(tmp_path / n) for n in ["a.txt", "b.txt", "sub/c.txt"]]


def test_directory_order_is_by_path_component_not_by_string(tmp_path) -> None:
    # 'a' < 'a-b.txt' < 'a.txt' by name, while as strings 'a/x.txt' sorts last.
    (tmp_path / "a").mkdir()
    for name in ["a.txt", "a-b.txt", "a/x.txt"]:
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    docs = list(read_documents([str(tmp_path)]))
    assert [d.id for d in docs] == [str(tmp_path / n) for n in ["a/x.txt", "a-b.txt", "a.txt"]]


def test_directory_links_are_followed_once_and_broken_ones_reported(tmp_path) -> None:
    crawl, elsewhere = tmp_path / "crawl", tmp_path / "elsewhere"
    (crawl / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (crawl / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (elsewhere / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (crawl / "linked").symlink_to(elsewhere)  # a crawl gathered by links
    (crawl / "sub" / "loop").symlink_to(crawl)  # a link back up: read once, no loop
    (crawl / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    docs = list(read_documents([str(crawl)]))
    assert [d.id for d in docs] == [str(crawl / n) for n in ["a.txt", "gone.txt", "linked/b.txt"]]
    assert [d.text == ARTICLE for d in docs] == [True, False, True]
    assert docs[1].error == "broken symbolic link"


def test_directory_that_cannot_be_listed_is_reported_in_place(tmp_path, monkeypatch) -> None:
    # Permissions do not stop root, so the refusal is simulated.
    for name in ["a/1.txt", "b/2.txt", "c/3.txt"]:
        (tmp_path / name).parent.mkdir()
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    locked, scandir = str(tmp_path / "b"), os.scandir

    def refuse(path):
        if str(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    docs = list(read_documents([str(tmp_path)]))
    assert [d.id for d in docs] == [str(tmp_path / "a/1.txt"), locked, str(tmp_path / "c/3.txt")]
    assert docs[1].error == "cannot list directory: Permission denied"


def test_a_pipe_is_read_like_standard_input(tmp_path) -> None:
    # As bash's <(zcat docs.jsonl.gz) passes it: a path that is neither file nor directory.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    lines = "".join(json.dumps({"id": i, "text": ARTICLE}) + "\n" for i in ["p", "q"])
    writer = threading.Thread(target=fifo.write_text, args=(lines,), kwargs={"encoding": "utf-8"},
                              daemon=True)  # blocks until the pipe is opened for reading
    writer.start()
    docs = list(read_documents([str(fifo)]))
    writer.join(timeout=10)
    assert [(d.id, d.text) for d in docs] == [("p", ARTICLE), ("q", ARTICLE)]


def test_directory_without_text_files_is_an_error(tmp_path) -> None:
    (docs,) = list(read_documents([str(tmp_path)]))
    assert docs.error and "no .txt files or HTML pages" in docs.error


def test_stdin_is_one_document_or_jsonl() -> None:
    (doc,) = read_documents(["-"], io.BytesIO(ARTICLE.encode("gb18030")))
    assert (doc.id, doc.text) == ("-", ARTICLE)
    lines = "\n".join(json.dumps({"id": i, "text": ARTICLE}) for i in ["p", "q"])
    assert [d.id for d in read_documents(["-"], io.BytesIO(lines.encode()))] == ["p", "q"]


def test_jsonl_half_surrogates_are_bad_lines_not_a_crash() -> None:
    # json.dumps writes lone surrogates as \ud800 escapes, as a broken crawler might.
    lines = "\n".join(json.dumps(row) for row in [
        {"id": "s", "text": "某市签约\ud800项目"},
        {"id": "id\udc00", "text": ARTICLE},
        {"id": "ok", "text": ARTICLE},
    ])
    docs = list(read_documents(["-"], io.BytesIO(lines.encode())))
    assert [d.id for d in docs] == ["s", "-:2", "ok"]
    assert all("unpaired surrogate" in d.error for d in docs[:2]) and docs[2].text == ARTICLE


def test_jsonl_blank_lines_hold_no_document_but_count_in_line_numbers(tmp_path) -> None:
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n\n  \n"
                     + json.dumps({"text": ARTICLE}) + "\n\n", encoding="utf-8")
    docs = list(read_documents([str(jsonl)]))
    assert [(d.id, d.error) for d in docs] == [("a", None), (f"{jsonl}:4", None)]


def test_jsonl_lines_are_read_one_by_one(tmp_path) -> None:
    # A line in another encoding is that line's error; U+2028 inside a string
    # (valid JSON, written raw) does not end the line.
    rows = [{"id": "a", "text": ARTICLE + "\u2028第二段"}, {"id": "b", "text": ARTICLE},
            {"id": "c", "text": ARTICLE}]
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in rows]
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_bytes(lines[0].encode() + lines[1].encode("gb18030") + b"\n"
                      + lines[2].encode())
    docs = list(read_documents([str(jsonl)]))
    assert [d.id for d in docs] == ["a", f"{jsonl}:2", "c"]
    assert docs[0].text == rows[0]["text"] and docs[1].error == "line is not UTF-8"
    assert docs[2].text == ARTICLE


def test_html_pages_are_read_but_not_yet_extracted(tmp_path) -> None:
    page = tmp_path / "p.html"
    page.write_text(f"<html><body><p>{ARTICLE}</p></body></html>", encoding="gb18030")
    (doc,) = read_documents([str(page)])
    assert doc.text is None and ARTICLE in doc.page and doc.error is None


@pytest.mark.parametrize("name", ["a.shtml", "a.jhtml", "a.aspx", "a.asp", "a.php", "a.jsp"])
def test_pages_of_dynamic_sites_are_html(tmp_path, name: str) -> None:
    # Chinese government sites often serve .shtml or .jhtml pages, others ASP.NET, PHP
    # or JSP ones; a crawl keeps the name.
    (tmp_path / name).write_text(f"<div><p>{ARTICLE}</p></div>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    docs = list(read_documents([str(tmp_path)]))
    assert [(d.page is not None, d.text) for d in docs] == [(True, None), (False, ARTICLE)]


def _peak_bytes_reading(inputs: list[str], stdin: io.BytesIO | None,
                        max_bytes: int) -> tuple[list, int]:
    """The documents read, and the most memory reading them took at any time."""
    tracemalloc.start()
    try:
        docs = list(read_documents(inputs, stdin, max_bytes))
        return docs, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_stream_is_not_read_past_the_size_limit() -> None:
    # An endless or mistaken stream (a disk image piped in) must not fill memory.
    for data in [b"x" * 20_000_000, b"\n" * 20_000_000]:
        (doc,), peak = _peak_bytes_reading(["-"], io.BytesIO(data), 1_000)
        assert doc.error == "too large: more than 1000 bytes (raise the limit with --max-bytes)"
        assert peak < 2_000_000
    (doc,), _ = _peak_bytes_reading(["-"], io.BytesIO(b"\n\n" + ARTICLE.encode()), 1_000)
    assert doc.text == "\n\n" + ARTICLE  # leading blank lines stay: spans count them


def test_a_jsonl_line_too_long_to_hold_is_skipped_and_reported(tmp_path) -> None:
    good = json.dumps({"id": "ok", "text": ARTICLE}) + "\n"
    data = (good + "{" + "x" * 20_000_000 + "\n" + good).encode()
    jsonl = tmp_path / "d.jsonl"
    jsonl.write_bytes(data)
    for inputs, stdin in [([str(jsonl)], None), (["-"], io.BytesIO(data))]:
        docs, peak = _peak_bytes_reading(inputs, stdin, 1_000)
        name = inputs[0]
        assert [d.id for d in docs] == ["ok", f"{name}:2", "ok"]
        assert docs[1].error.startswith("too large: a line of 20000002 bytes (limit ")
        assert docs[0].text == docs[2].text == ARTICLE
        assert peak < 2_000_000


@given(st.lists(st.sampled_from([b"a", b"\xe4\xb8\xad", b"\n", b"\r", b"{"]), max_size=40)
       .map(b"".join), st.integers(1, 6))
def test_lines_longer_than_the_limit_are_skipped_and_measured(data: bytes, limit: int) -> None:
    *ended, last = data.split(b"\n")
    lines = [line + b"\n" for line in ended] + ([last] if last else [])
    expected = [line if len(line.removesuffix(b"\n")) <= limit else len(line) for line in lines]
    assert list(_lines(io.BytesIO(data), limit)) == expected


PAGE = f"<!DOCTYPE html>\n<html><body><p>{ARTICLE}</p></body></html>"


@pytest.mark.parametrize("opening", ["", "\ufeff\n  ", '<?xml version="1.0"?>\n<!-- saved -->\n'])
def test_an_html_page_is_read_as_one_whatever_its_name(tmp_path, opening: str) -> None:
    # A crawler that saves pages as .txt, a page piped in, a JSONL dump of pages.
    (tmp_path / "page.txt").write_text(opening + PAGE, encoding="utf-8")
    (tmp_path / "plain.txt").write_text("<b>不是网页</b>" + ARTICLE, encoding="utf-8")
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text(json.dumps({"id": "j", "text": opening + PAGE}) + "\n", encoding="utf-8")
    docs = [*read_documents([str(tmp_path / "page.txt"), str(tmp_path / "plain.txt"),
                             str(jsonl), "-"], io.BytesIO((opening + PAGE).encode()))]
    assert [d.page is not None for d in docs] == [True, False, True, True]
    assert all(ARTICLE in (d.page or d.text) for d in docs)
