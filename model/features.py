"""Document features: the terms the TF-IDF space sees, and per-sector lexicon cues."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from itertools import chain, count, repeat

import numpy as np

from .head import head_span, title_span
from .lexicon import SectorHits
from .tfidf import TfidfSpace
from .tokenise import Words

BIGRAM_JOIN = "_"  # a bigram term is its two words joined by this
HEAD_PREFIX = "H:"  # a word of the head, counted again under this prefix
TITLE_PREFIX = "T:"  # a word of the headline, counted a third time under this prefix
TITLE_CHARS_PREFIX = "TC:"  # a character bigram or trigram of the headline


def tokens_in(words: Words, span: tuple[int, int]) -> list[str]:
    """The tokens that start inside ``span``."""
    return words.tokens[bisect_left(words.starts, span[0]):bisect_left(words.starts, span[1])]


def title_ngrams(title: str) -> list[str]:
    """The headline's character bigrams, trigrams and 4-grams (the ``TC:`` terms, unprefixed)."""
    return [title[i:i + n] for n in (2, 3, 4) for i in range(len(title) - n + 1)]


def head_terms(text: str, words: Words, head: tuple[int, int] | None = None) -> list[str]:
    """The terms of the head: its words (``H:``), the headline's words (``T:``).

    And the headline's character bigrams, trigrams and 4-grams (``TC:``), which catch words
    that the segmenter splits, such as 开工率 or a place name. ``head`` is the
    text's :func:`head_span`, when the caller has found it already.
    """
    head = head or head_span(text)
    start, end = title_span(text, head)
    return [
        *(HEAD_PREFIX + tok for tok in tokens_in(words, head)),
        *(TITLE_PREFIX + tok for tok in tokens_in(words, (start, end))),
        *(TITLE_CHARS_PREFIX + gram for gram in title_ngrams(text[start:end])),
    ]


def cue_counts(
    hits: Mapping[str, SectorHits], cues: Mapping[str, SectorHits]
) -> list[tuple[str, int]]:
    """The ``LEX``/``LEXH``/``CUE``/``CUEH`` terms a document has, and how often each occurs."""
    counts = []
    for prefix, found in (("LEX", hits), ("CUE", cues)):
        for label, h in found.items():
            if h.counts:
                counts.append((f"{prefix}:{label}", sum(h.counts.values())))
            if h.head:
                counts.append((f"{prefix}H:{label}", len(h.head)))
    return counts


def document_terms(
    text: str, words: Words, hits: Mapping[str, SectorHits], cues: Mapping[str, SectorHits],
    head: tuple[int, int] | None = None,
) -> list[str]:
    """Return the terms one document contributes to the TF-IDF space.

    Word unigrams and bigrams, the words of the head again with an ``H:`` prefix
    and those of the headline with ``T:``, and the headline's character n-grams
    (the headline and first paragraph decide the type, spec §2; see
    :func:`head_terms`), one ``LEX:<sector>`` term per sector lexicon
    hit (``LEXH:<sector>`` once per word in the head), and likewise ``CUE:<type>`` /
    ``CUEH:<type>`` for the words that signal an article type.
    """
    tokens = words.tokens
    terms = list(tokens)
    terms += [f"{a}{BIGRAM_JOIN}{b}" for a, b in zip(tokens, tokens[1:])]
    terms += head_terms(text, words, head)
    for term, n in cue_counts(hits, cues):
        terms += [term] * n
    return terms


class TermLayout:
    """How the vocabulary's terms are made of words: what :class:`TermColumns` looks up.

    Words are numbered: a vocabulary term's number is its column, and the words that
    count only as parts of terms (``others``) follow. ``head`` and ``title`` pair
    a word's number with the column of its ``H:`` / ``T:`` term, ``pairs`` give
    (left, right, column) for every way to read a bigram term, and
    ``title_chars`` the columns of the ``TC:`` terms. Working this out from the term
    strings takes a noticeable share of a cold start, so a model stores it
    (:meth:`arrays`) and reads it back (:meth:`from_arrays`).
    """

    ARRAYS = ("head", "title", "pairs", "title_chars")

    def __init__(self, others: Sequence[str], head: np.ndarray, title: np.ndarray,
                 pairs: np.ndarray, title_chars: np.ndarray) -> None:
        self.others = list(others)
        self.head, self.title, self.pairs, self.title_chars = (
            np.asarray(a, dtype=np.int64) for a in (head, title, pairs, title_chars))

    @classmethod
    def of(cls, index: Mapping[str, int]) -> TermLayout:
        """Work out the layout from the vocabulary, ``index`` (term → column)."""
        pairs = _bigram_pairs(index)
        prefixed: dict[str, dict[str, int]] = {HEAD_PREFIX: {}, TITLE_PREFIX: {},
                                               TITLE_CHARS_PREFIX: {}}
        for term in filter(_PREFIXED.match, index):
            prefix, word = term.split(":", 1)
            prefixed[prefix + ":"][word] = index[term]
        heads, titles = prefixed[HEAD_PREFIX], prefixed[TITLE_PREFIX]
        others = sorted({*chain.from_iterable(pairs), *heads, *titles}.difference(index))
        ids = _word_numbers(index, others)

        def numbered(columns: Mapping[tuple[str, ...], int], width: int) -> np.ndarray:
            rows = [(*map(ids.__getitem__, words), col) for words, col in columns.items()]
            return np.array(rows, dtype=np.int64).reshape(-1, width)

        return cls(others, numbered({(w,): c for w, c in heads.items()}, 2),
                   numbered({(w,): c for w, c in titles.items()}, 2), numbered(pairs, 3),
                   np.fromiter(prefixed[TITLE_CHARS_PREFIX].values(), dtype=np.int64))

    def arrays(self) -> dict[str, np.ndarray]:
        """The layout's arrays, by name (``others`` is a list of words, stored apart)."""
        return {name: getattr(self, name) for name in self.ARRAYS}

    @classmethod
    def from_arrays(cls, others: Sequence[str], arrays: Mapping[str, np.ndarray]) -> TermLayout:
        """The layout that :meth:`arrays` and ``others`` were taken from."""
        return cls(others, *(arrays[name] for name in cls.ARRAYS))


class TermColumns:
    """The vocabulary columns of :func:`document_terms`, found without a Python loop per term.

    Prediction's fast path, for a batch of documents at once: each token is looked
    up once, as a number; its columns as a unigram, as a head or headline word, and
    as the start of a bigram are then found by array lookups instead of building
    and hashing every term string. ``columns(...)`` lists the same columns, with
    repeats, as looking up each term of ``document_terms(...)`` would.
    """

    def __init__(self, space: TfidfSpace, layout: TermLayout) -> None:
        """The columns of ``space``'s vocabulary, whose terms ``layout`` takes apart."""
        self.index = space.index
        self._ids = _word_numbers(self.index, layout.others)
        _check_layout(layout, len(self.index), len(self._ids))
        self._title_chars = {space.vocabulary[c][len(TITLE_CHARS_PREFIX):]: c
                             for c in layout.title_chars.tolist()}
        n = self._base = len(self._ids) + 1  # the last slot (id -1): words that count for nothing
        self._unigram = np.concatenate([np.arange(len(self.index)),
                                        np.full(n - len(self.index), -1)])
        self._head, self._title = (_lookup_table(t, n) for t in (layout.head, layout.title))
        keys = layout.pairs[:, 0] * n + layout.pairs[:, 1]
        order = np.argsort(keys)
        # Sorted bigram keys, closed by a sentinel that no key reaches.
        self._pair_keys = np.append(keys[order], np.iinfo(np.int64).max)
        self._pair_cols = np.append(layout.pairs[order, 2], -1)

    def columns(self, texts: Sequence[str], words: Sequence[Words],
                cue_terms: Sequence[Sequence[tuple[str, int]]],
                heads: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """(document, column) of every in-vocabulary term of each document, repeats kept.

        ``cue_terms`` are each document's :func:`cue_counts`, ``heads`` its head span.
        """
        tokens = list(chain.from_iterable(w.tokens for w in words))
        ids = np.fromiter(map(self._ids.get, tokens, repeat(-1)), dtype=np.int64,
                          count=len(tokens))
        docs = np.repeat(np.arange(len(words)), [len(w.tokens) for w in words])
        left, right = ids[:-1], ids[1:]
        pair = (left >= 0) & (right >= 0) & (docs[:-1] == docs[1:])  # no bigram across documents
        keys = left[pair] * self._base + right[pair]
        at = np.searchsorted(self._pair_keys, keys)
        found = self._pair_keys[at] == keys
        in_head: list[int] = []  # positions in ``tokens`` of the head's words
        in_title: list[int] = []
        extra: list[list[int]] = []  # the headline's character n-grams and the cue terms
        offset = 0
        for text, w, cues, head in zip(texts, words, cue_terms, heads):
            title_start, title_end = title_span(text, head)
            first = offset + bisect_left(w.starts, head[0])
            in_head.extend(range(first, offset + bisect_left(w.starts, head[1])))
            in_title.extend(range(first, offset + bisect_left(w.starts, title_end)))
            offset += len(w.tokens)
            cols = list(map(self._title_chars.get, title_ngrams(text[title_start:title_end]),
                            repeat(-1)))
            for term, n in cues:
                cols += [self.index.get(term, -1)] * n
            extra.append(cols)
        columns = np.concatenate([
            self._unigram[ids], self._pair_cols[at[found]],
            self._head[ids[in_head]], self._title[ids[in_title]],
            np.fromiter(chain.from_iterable(extra), dtype=np.int64),
        ])
        owners = np.concatenate([
            docs, docs[:-1][pair][found], docs[in_head], docs[in_title],
            np.repeat(np.arange(len(extra)), list(map(len, extra))),
        ])
        known = columns >= 0
        return owners[known], columns[known]


_PREFIXED = re.compile(f"(?:{HEAD_PREFIX}|{TITLE_PREFIX}|{TITLE_CHARS_PREFIX})")


def _word_numbers(index: Mapping[str, int], others: Sequence[str]) -> dict[str, int]:
    """Every word's number: a vocabulary term's is its column, ``others`` follow in order."""
    return {**index, **dict(zip(others, count(len(index))))}


def _check_layout(layout: TermLayout, n_terms: int, n_words: int) -> None:
    """Raise ValueError unless every column and word number of ``layout`` is in range."""
    shapes = {"head": 2, "title": 2, "pairs": 3}
    if any(getattr(layout, k).ndim != 2 or getattr(layout, k).shape[1] != w
           for k, w in shapes.items()) or layout.title_chars.ndim != 1:
        raise ValueError("term layout arrays have the wrong shape")
    columns = [layout.head[:, -1], layout.title[:, -1], layout.pairs[:, -1], layout.title_chars]
    numbers = [layout.head[:, 0], layout.title[:, 0], layout.pairs[:, :2].ravel()]
    for values, limit in ((np.concatenate(columns), n_terms), (np.concatenate(numbers), n_words)):
        if values.size and (values.min() < 0 or values.max() >= limit):
            raise ValueError("term layout does not match the vocabulary")


def _lookup_table(columns: np.ndarray, size: int) -> np.ndarray:
    """An array that gives, at a word's number, its column in ``columns`` (else -1).

    ``columns`` holds (word number, column) rows.
    """
    table = np.full(size, -1, dtype=np.int64)
    table[columns[:, 0]] = columns[:, 1]
    return table


def _bigram_pairs(index: Mapping[str, int]) -> dict[tuple[str, str], int]:
    """Every way to read a term as ``left_right``: a bigram of those two words, and its column."""
    pairs = {}
    for term in [t for t in index if BIGRAM_JOIN in t]:
        left, _, right = term.partition(BIGRAM_JOIN)
        if left and right:
            pairs[left, right] = index[term]
        if BIGRAM_JOIN in right:  # rare: more than one way to split
            at = term.find(BIGRAM_JOIN, len(left) + 1)
            while 0 < at < len(term) - 1:
                pairs[term[:at], term[at + 1:]] = index[term]
                at = term.find(BIGRAM_JOIN, at + 1)
    return pairs


def _stack_summary(hits: SectorHits, all_hits: int, mentions: Sequence[float],
                   tfidf_prob: float) -> list[float]:
    total = sum(hits.counts.values())
    return [
        math.log1p(total),
        total / (all_hits + 1),
        float(total > 0),
        math.log1p(len(hits.head)),
        math.log1p(hits.in_context),
        hits.in_context / (total + 1),
        *(math.log1p(n) for n in hits.in_clause.values()),
        *mentions,
        tfidf_prob,  # last: a sector without hits has only this (see DocumentClassifier)
    ]


def sector_stack_features(
    words: Sequence[str], hits: SectorHits, all_hits: int, mentions: Sequence[float],
    tfidf_prob: float,
) -> list[float]:
    """Second-stage features of one sector: its lexicon cues and its TF-IDF probability.

    Per word: how often it occurs and whether in the head, so the model learns how
    much each word counts. Then totals, the share of this sector among the hits of
    all sectors (``all_hits``), which tells a focus industry from one named in
    passing, the hits in sentences about investment, and the summary of what the
    mention model made of each hit (``mentions``, see :mod:`.mentions`).
    """
    return [
        *(math.log1p(hits.counts[w]) for w in words),
        *(float(w in hits.head) for w in words),
        *_stack_summary(hits, all_hits, mentions, tfidf_prob),
    ]


def sector_stack_score(
    coef: Sequence[float], word_index: Mapping[str, int], hits: SectorHits, all_hits: int,
    mentions: Sequence[float], tfidf_prob: float,
) -> float:
    """``coef · sector_stack_features(...)``, summing only over the words present."""
    n = len(word_index)
    score = sum(coef[word_index[w]] * math.log1p(c) for w, c in hits.counts.items())
    score += sum(coef[n + word_index[w]] for w in hits.head)
    summary = _stack_summary(hits, all_hits, mentions, tfidf_prob)
    return score + sum(c * x for c, x in zip(coef[2 * n:], summary))
