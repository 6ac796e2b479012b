"""Normalise crawled Chinese text while remembering where every character came from.

Steps, in order: drop pinyin glosses after characters (``濟(jì)源`` → ``濟源``),
convert traditional to simplified characters (OpenCC ``t2s``), fold full-width
ASCII and digits to half-width, and tidy whitespace. Each character of the result
keeps the span of raw text it came from, so that spans found in the normalised
text can be reported in the user's own text.

Every step either replaces characters one for one or deletes some, so the text is
carried with two arrays of raw offsets and each deletion is one mask over all three.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import opencc

# One pinyin syllable (or a short run of them) in parentheses right after a CJK
# character; repeated glosses are removed together. Upper-case stays: (LED), (GDP).
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])(?:\([a-z\u00e0-\u00fc\u0101-\u01dc]{1,7}\))+"
)
_DROP = "\x00"  # stands for a character to delete until the deletion pass
_SPACE_RUN = re.compile(r" +")
_SECOND_BREAK = re.compile(r"(?<=\n)\n")


def _fold_table() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}  # full-width ASCII
    for ch in "\t\u00a0\u3000\u2002\u2003\u2009\u202f\x0b\x0c":
        table[ord(ch)] = " "
    table[ord("\r")] = "\n"
    for code in [*range(0x20), *range(0x7F, 0xA0)]:  # other control characters
        if chr(code) not in "\t\n\r\x0b\x0c":
            table[code] = _DROP
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad":  # zero-width characters
        table[ord(ch)] = _DROP
    return table


_FOLD = {chr(code): ch for code, ch in _fold_table().items()}
_FOLDABLE = re.compile("[" + "".join(map(re.escape, _FOLD)) + "]")


def _fold(text: str) -> str:
    """Apply the fold table: ``str.translate``, but only for the characters the text has.

    One ``str.replace`` per distinct foldable character (a Chinese text has a few:
    ，：（）). No replacement is itself foldable, so the order does not matter.
    """
    for ch in set(_FOLDABLE.findall(text)):
        text = text.replace(ch, _FOLD[ch])
    return text


@dataclass(frozen=True)
class Normalised:
    """Normalised text with, for each of its characters, the raw span it came from.

    The offsets are compact arrays of ints (8 bytes each, where a tuple of ints
    takes about 36): a page of several megabytes is tagged in bounded memory.
    """

    raw: str
    text: str
    starts: array  # of int: where each character of ``text`` starts in ``raw``
    ends: array  # ... and where it ends

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``text[start:end]`` (end exclusive, non-empty) to the raw text."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside text of length {len(self.text)}")
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    """Convert to simplified characters, keeping one output character per input one."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: fall back to converting character by character.
    out = []
    for ch in text:
        c = _converter().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def _delete(text: str, starts: np.ndarray, ends: np.ndarray, drop: np.ndarray | None):
    """``text`` and its offset arrays without the characters where ``drop`` is true.

    ``drop`` is None when a step found nothing to delete, as for most texts: building
    and testing a mask that is all false would cost more than the step itself.
    """
    if drop is None:
        return text, starts, ends
    keep = ~drop
    return _kept_chars(text, keep), starts[keep], ends[keep]


def _marked(drop: np.ndarray | None, size: int) -> np.ndarray:
    """``drop``, or a fresh mask of ``size`` with nothing marked yet."""
    return np.zeros(size, dtype=bool) if drop is None else drop


def _kept_chars(text: str, keep: np.ndarray) -> str:
    """The characters of ``text`` where ``keep`` is true, as code points in one array.

    Joining single-character strings would make an object of each first: about
    80 bytes a character, where this takes 4.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return codes[keep].tobytes().decode("utf-32-le")


def normalise(raw: str) -> Normalised:
    """Return the normalised form of ``raw`` with its offset map."""
    starts = np.arange(len(raw), dtype=np.int64)
    ends = starts + 1
    drop = None
    for m in _PINYIN_GLOSS.finditer(raw) if "(" in raw else ():
        drop = _marked(drop, len(raw))
        drop[m.start():m.end()] = True
        ends[m.start() - 1] = m.end()  # the gloss belongs to the character before it
    text, starts, ends = _delete(raw, starts, ends, drop)

    text = _fold(_to_simplified(text))
    drop = np.fromiter((ch == _DROP for ch in text), dtype=bool, count=len(text)) if (
        _DROP in text) else None
    # A raw \r\n is one line break: the \n joins the break kept for the \r.
    for m in _SECOND_BREAK.finditer(text) if "\r" in raw else ():
        i = m.start()
        if raw[starts[i]] == "\n" and starts[i] > 0 and raw[starts[i] - 1] == "\r" and (
                starts[i - 1] == starts[i] - 1):
            drop = _marked(drop, len(text))
            drop[i] = True
            ends[i - 1] = ends[i]
    text, starts, ends = _delete(text, starts, ends, drop)

    # Runs of spaces become one space; none at the start or end of a line.
    drop = None
    for m in _SPACE_RUN.finditer(text) if " " in text else ():
        at_edge = m.start() == 0 or text[m.start() - 1] == "\n" or m.end() == len(text) or (
            text[m.end()] == "\n")
        if at_edge or m.end() - m.start() > 1:
            drop = _marked(drop, len(text))
            drop[m.start() + (0 if at_edge else 1):m.end()] = True
    end = len(text.rstrip(" \n"))
    if end < len(text):
        drop = _marked(drop, len(text))
        drop[end:] = True
    text, starts, ends = _delete(text, starts, ends, drop)
    return Normalised(raw, text, _int_array(starts), _int_array(ends))


def _int_array(values: np.ndarray) -> array:
    """An ``array('q')`` of the int64 ``values``: indexing it gives plain ints."""
    return array("q", values.astype(np.int64).tobytes())
