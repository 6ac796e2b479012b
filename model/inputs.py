"""Read documents to tag: text and HTML files, directories, JSONL files, standard input.

Every input yields documents in order; an input that cannot be read yields one
document with ``error`` set instead of text, so nothing is silently dropped.
An HTML page is read as a page, and reduced to its article text with
trafilatura (:func:`extract_article`) where it is tagged, in parallel with --jobs.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import BinaryIO, NamedTuple

TEXT_SUFFIXES = (".txt",)
# Pages as crawls save them: static, server-side include (.shtml, .jhtml: common on
# Chinese government sites) and the server-rendered pages of ASP, ASP.NET, PHP and JSP.
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".jhtml", ".asp", ".aspx", ".php", ".jsp")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Default limit on one document; larger ones are reported, not tagged. The largest
# page of the corpus is 40 KB, and tagging a 2 MB one peaks at about 250 MB RSS.
MAX_BYTES = 2_000_000
# A JSONL line may hold more than its text: \u escapes (json.dumps's default) take
# 6 bytes for a character UTF-8 writes in 3, and a labelled line also holds ``raw``.
LINE_BYTES_PER_TEXT_BYTE = 4


@dataclass(frozen=True)
class Document:
    """One input document: its id and its text, an HTML page, or why it could not be read.

    A page's article text is extracted when the document is tagged
    (:func:`extract_article`), in a worker process when there are several.
    """

    id: str
    text: str | None = None
    error: str | None = None
    html: bool = False  # the text was extracted from an HTML page
    page: str | None = None  # an HTML page whose article text is still to be extracted


# An HTML page opens with a doctype or an <html> tag (after a BOM, an XML prolog, comments).
_HTML_PAGE = re.compile(r"[\s\ufeff]*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                        r"<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)


def is_html_page(text: str) -> bool:
    """Whether a text is an HTML page, whatever its file name (a page saved as .txt)."""
    return _HTML_PAGE.match(text) is not None


def _document(doc_id: str, text: str, html: bool = False) -> Document:
    """The document of a text; an HTML page (by name or by its opening) is read as one."""
    html = html or is_html_page(text)
    return Document(doc_id, page=text) if html else Document(doc_id, text=text)


class InputError(Exception):
    """An input cannot be decoded into text."""


def decode(data: bytes) -> str:
    """Decode a page's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 or Big5."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("undecodable UTF-16 text") from None
    elif b"\x00" in data:
        raise InputError("binary file (contains NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_chinese(data)
    if not text.strip():
        raise InputError("empty document")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > 0.01 * len(text):
        raise InputError("binary file (control characters), not text")
    return text


def _decode_chinese(data: bytes) -> str:
    """GB18030 (a superset of GBK and GB2312) or Big5, as charset_normalizer tells them apart.

    GB18030 decodes almost any bytes, Big5 pages included, into nonsense; so Big5
    is chosen when charset_normalizer finds it and finds GB18030 no fit at all.
    """
    from charset_normalizer import from_bytes

    found = from_bytes(data, cp_isolation=["gb18030", "big5"])
    best = found.best()
    fits = {name for match in found for name in match.could_be_from_charset}
    big5 = best is not None and best.encoding == "big5" and "gb18030" not in fits
    # Big5-HKSCS adds Hong Kong's characters to Big5, cp950 Microsoft's.
    for encoding in ("big5hkscs", "cp950", "gb18030") if big5 else ("gb18030",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("not text in UTF-8, GB18030/GBK or Big5")


def html_to_text(html: str) -> str:
    """The article text of an HTML page (trafilatura, loaded on first use)."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, favor_recall=True)
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page")
    return text


def extract_article(doc: Document) -> Document:
    """The document with its HTML page reduced to the article text, or the reason it could not."""
    if doc.page is None:
        return doc
    try:
        return Document(doc.id, text=html_to_text(doc.page), html=True)
    except InputError as err:
        return Document(doc.id, error=str(err))


def _too_large(size: int, max_bytes: int) -> str:
    return f"too large: {size} bytes (limit {max_bytes}; raise it with --max-bytes)"


def _line_limit(max_bytes: int) -> int:
    """The longest JSONL line read whole: one holding a text of ``max_bytes``, and more."""
    return LINE_BYTES_PER_TEXT_BYTE * max_bytes + 65_536


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """The lines of a stream; a line longer than ``limit`` bytes (its newline not
    counted) is skipped, and its size given in its place, never held in memory whole."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while rest := stream.readline(limit + 1):
            size += len(rest)
            if rest.endswith(b"\n"):
                break
        yield size


def _from_bytes(doc_id: str, data: bytes, max_bytes: int, html: bool = False) -> Document:
    if len(data) > max_bytes:
        return Document(doc_id, error=_too_large(len(data), max_bytes))
    try:
        return _document(doc_id, decode(data), html)
    except InputError as err:
        return Document(doc_id, error=str(err))


def _jsonl_documents(name: str, lines: Iterable[bytes | int],
                     max_bytes: int) -> Iterator[Document]:
    """One document per non-blank line of a JSONL input (:func:`_lines`), read a line at a time."""
    empty = True
    for number, line in enumerate(lines, 1):
        if isinstance(line, int):
            empty = False
            limit = _line_limit(max_bytes)
            yield Document(f"{name}:{number}", error=f"too large: a line of {line} bytes (limit "
                           f"{limit} for a line; raise it with --max-bytes)")
        elif line.strip():
            empty = False
            yield _jsonl_document(f"{name}:{number}", line, max_bytes)
    if empty:
        yield Document(name, error="empty JSONL input")


def _jsonl_document(where: str, line: bytes, max_bytes: int) -> Document:
    """The document of one JSONL line; ``where`` (``file:line``) names it when it has no id."""
    try:
        obj = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Document(where, error="line is not UTF-8")
    except json.JSONDecodeError as err:
        return Document(where, error=f"line is not JSON ({err.msg})")
    if not isinstance(obj, dict):
        return Document(where, error="line is not a JSON object")
    doc_id = str(obj["id"]) if obj.get("id") is not None else where
    text = obj.get("text")
    if _utf8_size(doc_id) is None:
        return Document(where, error=f"id {_UNPAIRED}")
    if not isinstance(text, str):
        return Document(doc_id, error="line has no \"text\" string")
    if not text.strip():
        return Document(doc_id, error="empty document")
    if (size := _utf8_size(text)) is None:
        return Document(doc_id, error=f"text {_UNPAIRED}")
    if size > max_bytes:
        return Document(doc_id, error=_too_large(size, max_bytes))
    return _document(doc_id, text)


# JSON can escape half of a surrogate pair (\ud800) alone, which is no character.
_UNPAIRED = "holds an unpaired surrogate escape (\\ud800-\\udfff): not Unicode text"


def _utf8_size(text: str) -> int | None:
    """The size of ``text`` in UTF-8, or None when it is not Unicode text (see _UNPAIRED)."""
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError:
        return None


def read_documents(
    inputs: Sequence[str], stdin: BinaryIO | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[Document]:
    """Yield the documents of every input, in order.

    ``-`` is standard input, and a pipe (``<(zcat docs.jsonl.gz)``) is read like it:
    JSONL when it starts with ``{``, else one document. A directory yields its
    text and HTML files (:func:`page_files`); a ``.jsonl`` file one document per
    line; any other file one document.
    """
    for name in inputs:
        if name == "-":
            yield from _stream_documents("-", stdin or io.BytesIO(), max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            yield from _directory_documents(path, max_bytes)
        elif path.is_file():
            yield from _read_file(path, name, max_bytes)
        elif path.exists():  # a pipe or a device
            yield from _read_stream(name, max_bytes)
        else:
            yield Document(name, error="no such file or directory")


class Found(NamedTuple):
    """A page file found under a directory, or (``error`` set) what could not be read there."""

    path: str
    error: str | None = None


def page_files(directory: Path) -> Iterator[Found]:
    """The text and HTML files under ``directory``, recursively, in sorted order.

    Found lazily, so a crawl of any size starts at once. Symbolic links are
    followed; a directory reached again through one (a loop, or a second way in)
    is not read twice. A directory that cannot be listed, a link to nothing
    and a pipe named like a page are yielded with the reason, not skipped.
    Each directory's entries are sorted by name and read depth first, which is
    the order of sorting the paths component by component.
    """
    seen: set[tuple[int, int]] = set()

    def walk(folder: str) -> Iterator[Found]:
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                return
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as err:
            yield Found(folder, f"cannot list directory: {err.strerror}")
            return
        for entry in entries:
            if _is_dir(entry):
                yield from walk(entry.path)
            elif is_page_name(entry.name):
                yield Found(entry.path, None if entry.is_file() else
                            "broken symbolic link" if entry.is_symlink() else "not a regular file")

    return walk(str(directory))


def is_page_name(name: str) -> bool:
    """Whether a file of this name in a directory is a page to tag (text or HTML)."""
    return name.lower().endswith(TEXT_SUFFIXES + HTML_SUFFIXES)


def _is_dir(entry: os.DirEntry) -> bool:
    """Whether an entry is a directory or a link to one.

    An entry whose type cannot be read counts as one: listing it then reports why.
    """
    try:
        return entry.is_dir()
    except OSError:
        return True


def _directory_documents(directory: Path, max_bytes: int) -> Iterator[Document]:
    empty = True
    for found in page_files(directory):
        empty = False
        if found.error:
            yield Document(found.path, error=found.error)
        else:
            yield from _read_file(Path(found.path), found.path, max_bytes)
    if empty:
        yield Document(str(directory), error="directory holds no .txt files or HTML pages")


def _read_stream(name: str, max_bytes: int) -> Iterator[Document]:
    """A pipe or device named on the command line, read like standard input."""
    try:
        with open(name, "rb") as stream:
            yield from _stream_documents(name, stream, max_bytes)
    except OSError as err:
        yield Document(name, error=f"cannot read: {err.strerror}")


def _stream_documents(name: str, stream: BinaryIO, max_bytes: int) -> Iterator[Document]:
    """A stream: JSONL, read a line at a time, when it starts with ``{``; else one text.

    Neither is read past its limit, so an endless stream ends in an error, not in
    memory running out.
    """
    lines = _lines(stream, _line_limit(max_bytes))
    blank: list[bytes] = []  # the blank lines before the first that is not
    blank_bytes = 0
    first: bytes | int = b""
    for line in lines:
        if isinstance(line, int) or line.strip():
            first = line
            break
        blank.append(line)
        blank_bytes += len(line)
        if blank_bytes > max_bytes:
            break
    if isinstance(first, bytes) and first.lstrip().startswith(b"{"):
        yield from _jsonl_documents(name, chain(blank, [first], lines), max_bytes)
        return
    data = _bytes_within(blank, first, stream, max_bytes)
    if data is None:  # the rest is not read: the stream may not end
        yield Document(name, error=f"too large: more than {max_bytes} bytes "
                       "(raise the limit with --max-bytes)")
    else:
        yield _from_bytes(name, data, max_bytes)


def _bytes_within(blank: list[bytes], first: bytes | int, stream: BinaryIO,
                  max_bytes: int) -> bytes | None:
    """A stream's bytes from its first lines on, or None once they run past ``max_bytes``
    (a first line too long to hold, given as its size, is past it)."""
    if isinstance(first, int):
        return None
    data = b"".join(blank) + first
    if len(data) <= max_bytes:
        data += stream.read(max_bytes + 1 - len(data))  # one byte more tells it is too large
    return data if len(data) <= max_bytes else None


def _read_file(path: Path, name: str, max_bytes: int) -> Iterator[Document]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as f:
                lines = _lines(f, _line_limit(max_bytes))
                yield from _jsonl_documents(name, lines, max_bytes)
            return
        if (size := path.stat().st_size) > max_bytes:
            yield Document(name, error=_too_large(size, max_bytes))
            return
        data = path.read_bytes()
    except OSError as err:
        yield Document(name, error=f"cannot read: {err.strerror}")
        return
    yield _from_bytes(name, data, max_bytes, html=suffix in HTML_SUFFIXES)
