"""Normalise crawled Chinese text while remembering where every character came from.

Steps, in order: drop pinyin glosses after characters (``濟(jì)源`` → ``濟源``),
convert traditional to simplified characters (OpenCC ``t2s``), fold full-width
ASCII and digits to half-width, and tidy whitespace. Each character of the result
keeps the span of raw text it came from, so that spans found in the normalised
text can be reported in the user's own text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

# One pinyin syllable (or a short run of them) in parentheses right after a CJK
# character; repeated glosses are removed together. Upper-case stays: (LED), (GDP).
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u3400-\u4dbf\u4e00-\u9fff])(?:\([a-z\u00e0-\u00fc\u0101-\u01dc]{1,7}\))+"
)
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_SPACES = {" ", "\t", "\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u202f", "\x0b", "\x0c"}


@dataclass(frozen=True)
class Normalised:
    """Normalised text with, for each of its characters, the raw span it came from."""

    raw: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``text[start:end]`` (end exclusive, non-empty) to the raw text."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside text of length {len(self.text)}")
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _to_simplified(chars: list[str]) -> list[str]:
    """Convert to simplified characters, keeping one output character per input one."""
    text = "".join(chars)
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return list(converted)
    # A phrase rule changed the length: fall back to converting character by character.
    out = []
    for ch in chars:
        c = _converter().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return out


def _fold(ch: str) -> str:
    """Fold full-width ASCII to half-width and every kind of space to a plain one."""
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch in _SPACES:
        return " "
    if ch == "\r":
        return "\n"
    return ch


def normalise(raw: str) -> Normalised:
    """Return the normalised form of ``raw`` with its offset map."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in _PINYIN_GLOSS.finditer(raw):
        for i in range(pos, match.start()):
            chars.append(raw[i])
            starts.append(i)
            ends.append(i + 1)
        if ends:  # the gloss belongs to the character before it
            ends[-1] = match.end()
        pos = match.end()
    for i in range(pos, len(raw)):
        chars.append(raw[i])
        starts.append(i)
        ends.append(i + 1)

    chars = _to_simplified(chars)

    out_chars: list[str] = []
    out_starts: list[int] = []
    out_ends: list[int] = []
    for ch, s, e in zip(chars, starts, ends):
        if ch in _ZERO_WIDTH or (unicodedata.category(ch) == "Cc" and ch not in "\n\r\t"):
            continue
        ch = _fold(ch)
        prev = out_chars[-1] if out_chars else "\n"
        if ch == " " and prev in " \n":
            continue  # collapse runs of spaces, and drop them at line starts
        if ch == "\n" and prev == " ":
            out_chars.pop()
            out_starts.pop()
            out_ends.pop()
            prev = out_chars[-1] if out_chars else "\n"
        if ch == "\n" and raw[s] == "\n" and s > 0 and raw[s - 1] == "\r":
            # \r\n is one line break: extend the break kept for \r
            out_ends[-1] = e
            continue
        out_chars.append(ch)
        out_starts.append(s)
        out_ends.append(e)
    while out_chars and out_chars[-1] in " \n":
        out_chars.pop()
        out_starts.pop()
        out_ends.pop()
    return Normalised(raw, "".join(out_chars), tuple(out_starts), tuple(out_ends))
