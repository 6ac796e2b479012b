"""Document features: the terms the TF-IDF space sees, and per-sector lexicon cues."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .head import head_span
from .lexicon import SectorHits


def _tokens_in(text: str, tokens: Sequence[str], span: tuple[int, int]) -> list[str]:
    """The tokens that stand inside ``span`` of ``text`` (tokens are in text order)."""
    found, pos = [], 0
    for tok in tokens:
        at = text.find(tok, pos)
        if at < 0:
            continue
        pos = at + len(tok)
        if at >= span[1]:
            break
        if at >= span[0]:
            found.append(tok)
    return found


def document_terms(
    text: str, tokens: Sequence[str], hits: Mapping[str, SectorHits],
    cues: Mapping[str, SectorHits],
) -> list[str]:
    """Return the terms one document contributes to the TF-IDF space.

    Word unigrams and bigrams, the words of the head again with an ``H:`` prefix
    (the headline decides the type), one ``LEX:<sector>`` term per sector lexicon
    hit (``LEXH:<sector>`` once per word in the head), and likewise ``CUE:<type>`` /
    ``CUEH:<type>`` for the words that signal an article type.
    """
    terms = list(tokens)
    terms += [f"{a}_{b}" for a, b in zip(tokens, tokens[1:])]
    terms += ["H:" + tok for tok in _tokens_in(text, tokens, head_span(text))]
    for prefix, found in (("LEX", hits), ("CUE", cues)):
        for label, h in found.items():
            terms += [f"{prefix}:{label}"] * sum(h.counts.values())
            terms += [f"{prefix}H:{label}"] * len(h.head)
    return terms


def _stack_summary(hits: SectorHits, all_hits: int, tfidf_prob: float) -> list[float]:
    total = sum(hits.counts.values())
    return [
        math.log1p(total),
        total / (all_hits + 1),
        float(total > 0),
        math.log1p(len(hits.head)),
        math.log1p(hits.in_context),
        hits.in_context / (total + 1),
        *(math.log1p(n) for n in hits.in_clause.values()),
        tfidf_prob,
    ]


def sector_stack_features(
    words: Sequence[str], hits: SectorHits, all_hits: int, tfidf_prob: float
) -> list[float]:
    """Second-stage features of one sector: its lexicon cues and its TF-IDF probability.

    Per word: how often it occurs and whether in the head, so the model learns how
    much each word counts. Then totals, the share of this sector among the hits of
    all sectors (``all_hits``), which tells a focus industry from one named in
    passing, and the hits in sentences about investment.
    """
    return [
        *(math.log1p(hits.counts[w]) for w in words),
        *(float(w in hits.head) for w in words),
        *_stack_summary(hits, all_hits, tfidf_prob),
    ]


def sector_stack_score(
    coef: Sequence[float], word_index: Mapping[str, int], hits: SectorHits, all_hits: int,
    tfidf_prob: float,
) -> float:
    """``coef · sector_stack_features(...)``, summing only over the words present."""
    n = len(word_index)
    score = sum(coef[word_index[w]] * math.log1p(c) for w, c in hits.counts.items())
    score += sum(coef[n + word_index[w]] for w in hits.head)
    return score + sum(c * x for c, x in zip(coef[2 * n:], _stack_summary(hits, all_hits,
                                                                           tfidf_prob)))
