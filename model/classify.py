"""Document classification from trained weights: relevance, type and sectors.

The type model is a multinomial logistic regression over TF-IDF terms; ``1 - P(other)``
is the relevance score. Each sector has a TF-IDF logistic regression whose
probability is stacked with that sector's lexicon cues in a small second logistic
regression. Decision thresholds were chosen on training folds and ship with the
weights. Non-relevant documents get ``type = other`` and no sectors (spec §1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .features import TermColumns, cue_counts, sector_stack_score
from .lexicon import Lexicon, total_hits
from .linear import linear_scores, sigmoid, softmax
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
    stack_coef: list[np.ndarray]  # per sector: lexicon cues + TF-IDF probability
    stack_intercept: np.ndarray  # (sectors,)
    sector_thresholds: np.ndarray  # (sectors,)

    def __post_init__(self) -> None:
        self._word_index = {s: {w: i for i, w in enumerate(words)}
                            for s, words in self.lexicon.terms.items()}
        self._columns = TermColumns(self.space.index)

    def classify_many(self, texts: Sequence[str], words: Sequence[Words]) -> list[DocumentLabels]:
        """Label normalised texts given with their words."""
        if not texts:
            return []
        hits = [self.lexicon.scan(t) for t in texts]
        X = [self.space.row(self._columns.columns(t, w, cue_counts(h, self.type_cues.scan(t))))
             for t, w, h in zip(texts, words, hits)]
        type_p = softmax(linear_scores(X, self.type_coef, self.type_intercept))
        base_p = sigmoid(linear_scores(X, self.sector_coef, self.sector_intercept))
        other = self.types.index(OTHER)
        results = []
        for i, doc_hits in enumerate(hits):
            all_hits = total_hits(doc_hits)
            sector_p = sigmoid(np.array([
                sector_stack_score(self.stack_coef[j], self._word_index[s], doc_hits[s],
                                   all_hits, base_p[i, j])
                for j, s in enumerate(self.sectors)
            ]) + self.stack_intercept)
            relevant = bool(1.0 - type_p[i, other] >= self.relevance_threshold)
            if relevant:
                masked = type_p[i].copy()
                masked[other] = -1.0
                doc_type = self.types[int(masked.argmax())]
                sectors = [s for s, p, t in zip(self.sectors, sector_p, self.sector_thresholds)
                           if p >= t]
            else:
                doc_type, sectors = OTHER, []
            results.append(
                DocumentLabels(
                    type=doc_type,
                    type_scores={t: round(float(p), 4) for t, p in zip(self.types, type_p[i])},
                    relevant=relevant,
                    sectors=sectors,
                    sector_scores={s: round(float(p), 4) for s, p in zip(self.sectors, sector_p)},
                )
            )
        return results
