"""Document features: the tokens the TF-IDF space sees, and per-sector lexicon cues."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

HEAD_CHARS = 200  # headline and first paragraph: what the article is about


def document_terms(
    tokens: Sequence[str], text: str, lexicon: Mapping[str, Sequence[str]]
) -> list[str]:
    """Return the terms one document contributes to the TF-IDF space.

    Word unigrams and bigrams, the words of the head again with an ``H:`` prefix
    (the headline decides the type), and one ``LEX:<sector>`` / ``LEXH:<sector>``
    term per lexicon hit in the body / head.
    """
    terms = list(tokens)
    terms += [f"{a}_{b}" for a, b in zip(tokens, tokens[1:])]
    used = 0
    for tok in tokens:
        used += len(tok)
        if used > HEAD_CHARS:
            break
        terms.append("H:" + tok)
    head = text[:HEAD_CHARS]
    for sector, words in lexicon.items():
        terms += [f"LEX:{sector}"] * sum(text.count(w) for w in words)
        terms += [f"LEXH:{sector}"] * sum(head.count(w) for w in words)
    return terms


def sector_stack_features(
    text: str, words: Sequence[str], all_hits: int, tfidf_prob: float
) -> list[float]:
    """Second-stage features of one sector: its lexicon cues and its TF-IDF probability.

    The cues say how often and where the sector's words occur; ``all_hits`` is the
    number of lexicon hits of every sector in ``text``, so the sector's share of them
    tells a focus industry from one mentioned in passing.
    """
    head = text[:HEAD_CHARS]
    counts = [text.count(w) for w in words]
    in_head = [float(w in head) for w in words]
    total = sum(counts)
    head_total = sum(head.count(w) for w in words)
    return [
        *(math.log1p(c) for c in counts),
        *in_head,
        math.log1p(total),
        total / (all_hits + 1),
        float(total > 0),
        math.log1p(head_total),
        tfidf_prob,
    ]


def lexicon_hits(text: str, lexicon: Mapping[str, Sequence[str]]) -> int:
    """Count the hits of every lexicon word in ``text``."""
    return sum(text.count(w) for words in lexicon.values() for w in words)
