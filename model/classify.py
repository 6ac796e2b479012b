"""Document classification from trained weights: relevance, type and sectors.

The type model is a multinomial logistic regression over TF-IDF terms; ``1 - P(other)``
is the relevance score. Each sector has a TF-IDF logistic regression whose
probability is stacked with that sector's lexicon cues, and with what the mention
model makes of each of its words in context, in a small second logistic regression.
Decision thresholds were chosen on training folds and ship with the weights, as
does a model of how many sectors an article has, which drops the least likely of
the sectors that pass when there are more than that (see :mod:`.sector_count`).
Non-relevant documents get ``type = other`` and no sectors (spec §1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from .features import TermColumns, TermLayout, cue_counts, sector_stack_score
from .head import head_span
from .lexicon import Lexicon, total_hits
from .linear import LinearModel, linear_scores, sigmoid, softmax
from .mentions import NO_MENTIONS, mention_summaries
from .sector_count import SectorCount
from .taxonomy import OTHER
from .tfidf import TfidfSpace
from .tokenise import Words


@dataclass(frozen=True)
class DocumentLabels:
    """The document-level part of a prediction."""

    type: str
    type_scores: dict[str, float]
    relevant: bool
    sectors: list[str]
    sector_scores: dict[str, float]


@dataclass
class DocumentClassifier:
    """Trained weights of the type and sector models, and their thresholds."""

    types: tuple[str, ...]
    sectors: tuple[str, ...]
    lexicon: Lexicon
    type_cues: Lexicon
    space: TfidfSpace
    type_coef: np.ndarray  # (types, vocabulary)
    type_intercept: np.ndarray  # (types,)
    relevance_threshold: float
    sector_coef: np.ndarray  # (sectors, vocabulary)
    sector_intercept: np.ndarray  # (sectors,)
    mention_model: LinearModel  # is a sector word's mention one of the article's sectors?
    stack_coef: list[np.ndarray]  # per sector: lexicon cues, mentions, TF-IDF probability
    stack_intercept: np.ndarray  # (sectors,)
    sector_thresholds: np.ndarray  # (sectors,)
    term_layout: TermLayout | None = None  # worked out from the vocabulary if not given
    sector_count: SectorCount | None = None  # caps how many sectors pass; None: no cap

    def __post_init__(self) -> None:
        self._word_index = {s: {w: i for i, w in enumerate(words)}
                            for s, words in self.lexicon.terms.items()}
        self.term_layout = self.term_layout or TermLayout.of(self.space.index)
        self._columns = TermColumns(self.space, self.term_layout)
        self._probability_coef = np.array([c[-1] for c in self.stack_coef])
        # Type and sector weights side by side, one row per term: both scored at once.
        self._coef_by_term = np.ascontiguousarray(np.vstack([self.type_coef, self.sector_coef]).T)
        self._intercepts = np.concatenate([self.type_intercept, self.sector_intercept])

    def classify_many(self, texts: Sequence[str], words: Sequence[Words]) -> list[DocumentLabels]:
        """Label normalised texts given with their words."""
        if not texts:
            return []
        heads = [head_span(t) for t in texts]  # found once, used by every view of the head
        mentions = [self.lexicon.mentions(t, h) for t, h in zip(texts, heads)]
        hits = [self.lexicon.tally(m) for m in mentions]
        cues = [cue_counts(h, self.type_cues.scan(t, head))
                for t, h, head in zip(texts, hits, heads)]
        X = self.space.weigh(*self._columns.columns(texts, words, cues, heads), len(texts))
        scores = linear_scores(X, self._coef_by_term, self._intercepts)
        type_p = softmax(scores[:, :len(self.types)])
        base_p = sigmoid(scores[:, len(self.types):])
        other = self.types.index(OTHER)
        # A sector the lexicon did not find has only its TF-IDF probability to go on:
        # the last stack feature (see sector_stack_features).
        stack_scores = self._probability_coef * base_p
        summaries = mention_summaries(texts, mentions, self.mention_model)
        for i, (doc_hits, judged) in enumerate(zip(hits, summaries)):
            all_hits = total_hits(doc_hits)
            for j, s in enumerate(self.sectors):
                if doc_hits[s].counts:
                    stack_scores[i, j] = sector_stack_score(
                        self.stack_coef[j], self._word_index[s], doc_hits[s], all_hits,
                        judged.get(s, NO_MENTIONS), base_p[i, j])
        sector_ps = sigmoid(stack_scores + self.stack_intercept)
        keep = (self.sector_count.keep(sector_ps, self.sector_thresholds, type_p)
                if self.sector_count
                else sector_ps >= self.sector_thresholds)
        results = []
        for type_row, sector_p, kept in zip(type_p, sector_ps, keep):
            relevant = bool(1.0 - type_row[other] >= self.relevance_threshold)
            if relevant:
                masked = type_row.copy()
                masked[other] = -1.0
                doc_type = self.types[int(masked.argmax())]
                sectors = [s for s, k in zip(self.sectors, kept) if k]
            else:
                doc_type, sectors = OTHER, []
            results.append(
                DocumentLabels(
                    type=doc_type,
                    type_scores=dict(zip(self.types, map(round, type_row.tolist(), repeat(4)))),
                    relevant=relevant,
                    sectors=sectors,
                    sector_scores=dict(zip(self.sectors,
                                           map(round, sector_p.tolist(), repeat(4)))),
                )
            )
        return results
