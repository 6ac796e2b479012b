"""Judge each sector word where it stands: is this mention one of the article's industries?

A word such as 牛 counts for agriculture in 奶牛牧场 but not in 牛仔服装; 机械 in a
related-article teaser at the foot of the page counts for nothing. A linear model
over each mention's context (the word, the characters around it, where it stands,
what its sentence and clause speak of) gives the probability that the mention's
sector is one the article concerns. Per sector, the strongest and the mean of those
probabilities and the number of convincing mentions join the sector stack.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .lexicon import Mention
from .linear import LinearModel

WINDOW = 6  # characters of context on each side of a mention
NO, YES = "no", "yes"  # the mention model's classes: is the sector the article's?
MENTION_CLASSES = (NO, YES)
NO_MENTIONS = (0.0, 0.0, 0.0)  # the summary of a sector without mentions


def mention_features(text: str, mention: Mention, sector: str) -> list[str]:
    """What the mention model sees of one mention, read as a mention of ``sector``."""
    start, end = mention.start, mention.start + len(mention.word)
    left, right = text[max(0, start - WINDOW):start], text[end:end + WINDOW]
    where = 10 * start // max(len(text), 1)  # decile of the article
    feats = [
        f"W={mention.word}",
        f"LW={left[-1:]}{mention.word}",
        f"WR={mention.word}{right[:1]}",
        f"POS={where}",
        f"S={sector}",
        f"S={sector}|POS={where // 2}",
        *(f"L={left[i:i + 2]}" for i in range(len(left) - 1)),
        *(f"R={right[i:i + 2]}" for i in range(len(right) - 1)),
        *(f"ROLE={r}" for r in mention.roles),
    ]
    if mention.in_head:
        feats += ["HEAD", f"S={sector}|HEAD"]
    if mention.about_investment:
        feats.append("CTX")
    return feats


def sector_mentions(mentions: Sequence[Mention]) -> list[tuple[int, str]]:
    """Each (mention index, sector) pair to judge: a word may belong to several sectors."""
    return [(i, s) for i, m in enumerate(mentions) for s in m.sectors]


def summarise(pairs: Sequence[tuple[int, str]], probabilities: Sequence[float]
              ) -> dict[str, list[float]]:
    """Per sector with mentions: strongest probability, mean, log(1 + how many exceed 0.5)."""
    by_sector: dict[str, list[float]] = {}
    for (_, sector), p in zip(pairs, probabilities):
        by_sector.setdefault(sector, []).append(float(p))
    return {s: [max(ps), sum(ps) / len(ps), math.log1p(sum(p > 0.5 for p in ps))]
            for s, ps in by_sector.items()}


def summarise_each(pairs_of: Sequence[Sequence[tuple[int, str]]],
                   probabilities: Sequence[float]) -> list[dict[str, list[float]]]:
    """:func:`summarise` each document's pairs, whose probabilities follow one another."""
    summaries, at = [], 0
    for pairs in pairs_of:
        summaries.append(summarise(pairs, probabilities[at:at + len(pairs)]))
        at += len(pairs)
    return summaries


def mention_rows(texts: Sequence[str], mentions: Sequence[Sequence[Mention]]
                 ) -> tuple[list[list[tuple[int, str]]], list[list[str]]]:
    """Each text's (mention, sector) pairs, and the features of every pair, texts in order."""
    pairs_of = [sector_mentions(found) for found in mentions]
    rows = [mention_features(text, found[i], s)
            for text, found, pairs in zip(texts, mentions, pairs_of) for i, s in pairs]
    return pairs_of, rows


def mention_summaries(texts: Sequence[str], mentions: Sequence[Sequence[Mention]],
                      model: LinearModel) -> list[dict[str, list[float]]]:
    """Judge every sector mention of each text with ``model``; summarise per text and sector."""
    pairs_of, rows = mention_rows(texts, mentions)
    if not rows:
        return [{} for _ in texts]
    return summarise_each(pairs_of, model.predict_proba(rows)[:, model.classes.index(YES)])
