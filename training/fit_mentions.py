"""Fit the mention model: is a sector word, where it stands, one of the article's sectors?"""

from __future__ import annotations

from collections.abc import Sequence

from invest_tag.model.lexicon import Mention
from invest_tag.model.linear import LinearModel
from invest_tag.model.mentions import (
    MENTION_CLASSES,
    NO,
    YES,
    mention_rows,
    summarise_each,
)

from .linear import fit_linear, out_of_fold_proba

MENTION_C = 1.0  # inverse regularisation of the mention model


def fit_mention_model(
    texts: Sequence[str], mentions: Sequence[Sequence[Mention]],
    gold: Sequence[Sequence[str]], folds: int,
) -> tuple[LinearModel, list[dict[str, list[float]]]]:
    """Train on the mentions of relevant documents (``gold``: their sectors).

    Returns the model and, for each document, the per-sector summaries of
    out-of-fold probabilities (from models that never saw that document), which
    is what the sector stack learns from.
    """
    pairs_of, rows = mention_rows(texts, mentions)
    labels = [YES if s in sectors else NO
              for pairs, sectors in zip(pairs_of, gold) for _, s in pairs]
    groups = [doc for doc, pairs in enumerate(pairs_of) for _ in pairs]  # folds keep documents
    try:
        oof = out_of_fold_proba(rows, labels, YES, MENTION_C, groups, folds)
    except ValueError:  # fewer documents than folds, or a fold that lacks a class
        raise ValueError("training data holds too few sector words in context to learn from "
                         "(sector words both of labelled and of unlabelled sectors are needed)"
                         ) from None
    return fit_linear(rows, labels, MENTION_CLASSES, MENTION_C), summarise_each(pairs_of, oof)
