"""Document features: the terms the TF-IDF space sees, and per-sector lexicon cues."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from itertools import repeat

import numpy as np

from .head import head_span, title_span
from .lexicon import SectorHits
from .tokenise import Words

BIGRAM_JOIN = "_"  # a bigram term is its two words joined by this
HEAD_PREFIX = "H:"  # a word of the head, counted again under this prefix
TITLE_PREFIX = "T:"  # a word of the headline, counted a third time under this prefix
TITLE_CHARS_PREFIX = "TC:"  # a character bigram or trigram of the headline


def tokens_in(words: Words, span: tuple[int, int]) -> list[str]:
    """The tokens that start inside ``span``."""
    return words.tokens[bisect_left(words.starts, span[0]):bisect_left(words.starts, span[1])]


def head_terms(text: str, words: Words, head: tuple[int, int] | None = None) -> list[str]:
    """The terms of the head: its words (``H:``), the headline's words (``T:``).

    And the headline's character bigrams and trigrams (``TC:``), which catch words
    that the segmenter splits, such as 开工率 or a place name. ``head`` is the
    text's :func:`head_span`, when the caller has found it already.
    """
    head = head or head_span(text)
    start, end = title_span(text, head)
    title = text[start:end]
    return [
        *(HEAD_PREFIX + tok for tok in tokens_in(words, head)),
        *(TITLE_PREFIX + tok for tok in tokens_in(words, (start, end))),
        *(TITLE_CHARS_PREFIX + title[i:i + n] for n in (2, 3) for i in range(len(title) - n + 1)),
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


class TermColumns:
    """The vocabulary columns of :func:`document_terms`, found without a Python loop per term.

    Prediction's fast path: unigrams and bigrams are joined and looked up by C-level
    ``map`` calls. ``columns(...)`` lists the same columns, with repeats, as looking
    up each term of ``document_terms(...)`` would.
    """

    def __init__(self, index: Mapping[str, int]) -> None:
        """``index`` maps each vocabulary term to its column."""
        self.index = index

    def columns(self, text: str, words: Words, cue_terms: Sequence[tuple[str, int]],
                head: tuple[int, int] | None = None) -> np.ndarray:
        """The column of every in-vocabulary term of the document, repeats kept."""
        tokens, get = words.tokens, self.index.get
        cols = list(map(get, tokens, repeat(-1)))
        cols += map(get, map(BIGRAM_JOIN.join, zip(tokens, tokens[1:])), repeat(-1))
        cols += map(get, head_terms(text, words, head), repeat(-1))
        for term, n in cue_terms:
            cols += [get(term, -1)] * n
        found = np.array(cols, dtype=np.int64)
        return found[found >= 0]


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
