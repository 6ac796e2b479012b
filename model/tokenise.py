"""Word segmentation with jieba and the project's domain dictionary."""

from __future__ import annotations

import logging
from importlib import resources

import jieba

logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba logs its dictionary loading


class Tokeniser:
    """A jieba tokeniser of its own (no global jieba state), loaded on first use."""

    def __init__(self) -> None:
        self._jieba: jieba.Tokenizer | None = None

    def _tokenizer(self) -> jieba.Tokenizer:
        if self._jieba is None:
            tok = jieba.Tokenizer()
            tok.initialize()
            dict_path = resources.files("invest_tag.data") / "jieba_dict.txt"
            with resources.as_file(dict_path) as path:
                tok.load_userdict(str(path))
            self._jieba = tok
        return self._jieba

    def tokens(self, text: str) -> list[str]:
        """Segment ``text`` into words, dropping whitespace tokens."""
        return [t for t in self._tokenizer().lcut(text) if not t.isspace()]
