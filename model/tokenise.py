"""Word segmentation: jieba's dictionary and algorithm (jieba-rs via rjieba) plus domain words.

rjieba is the Rust port of jieba with the same dictionary and segmentation
algorithm (prefix DAG, max-probability route, HMM for unknown words); it agrees
with jieba on 99.4% of word boundaries of the dev file and runs about 40 times
faster. Each Tokeniser has its own instance: no global state.
"""

from __future__ import annotations

from itertools import accumulate, compress
from typing import NamedTuple

import rjieba

from .datafiles import read_text


class Words(NamedTuple):
    """The words of a text, whitespace dropped, and the offset where each starts."""

    tokens: list[str]
    starts: list[int]


class Tokeniser:
    """A jieba tokeniser of its own with the project's domain dictionary, built on first use."""

    def __init__(self) -> None:
        self._jieba: rjieba.Jieba | None = None

    def _tokenizer(self) -> rjieba.Jieba:
        if self._jieba is None:
            tok = rjieba.Jieba()
            for line in read_text("jieba_dict.txt").splitlines():
                word, freq, *tag = line.split()
                tok.add_word(word, int(freq), tag[0] if tag else None)
            self._jieba = tok
        return self._jieba

    def words(self, text: str) -> Words:
        """Segment ``text`` into words, dropping whitespace tokens."""
        cut = self._tokenizer().cut(text, True)
        keep = [not t.isspace() for t in cut]
        return Words(list(compress(cut, keep)), list(compress(accumulate(map(len, cut), initial=0),
                                                              keep)))
