"""Fit the amount tagger from gold amounts: label each rule candidate, train two models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from invest_tag.model.amount_features import text_features
from invest_tag.model.amounts import KINDS, NONE, ROLES, AmountTagger
from invest_tag.model.candidates import find_candidates
from invest_tag.model.normalise import Normalised

from .linear import fit_linear

KIND_C = 1.0  # inverse regularisation of the kind model
ROLE_C = 1.0  # of the role model


def label_candidates(
    docs: Sequence[dict[str, Any]], norms: Sequence[Normalised],
) -> tuple[list[list[str]], list[str], list[str]]:
    """Features of every candidate with the kind and role of the gold amount it overlaps.

    ``norms`` are the documents' texts normalised.
    """
    feats, kinds, roles = [], [], []
    for doc, norm in zip(docs, norms):
        gold = doc.get("amounts") or []
        candidates = find_candidates(norm.text)
        feats += text_features(norm.text, candidates)
        for c in candidates:
            start, end = norm.raw_span(c.start, c.end)
            match = next((a for a in gold if a["start"] < end and start < a["end"]), None)
            kinds.append(match["kind"] if match else NONE)
            roles.append(match.get("role") or "" if match else "")
    return feats, kinds, roles


def fit_amount_tagger(docs: Sequence[dict[str, Any]], norms: Sequence[Normalised]
                      ) -> AmountTagger:
    """Train the kind and role models on the gold amounts of labelled documents."""
    feats, kinds, roles = label_candidates(docs, norms)
    money = [i for i, k in enumerate(kinds) if k == "money" and roles[i] in ROLES]
    if not money or len(set(kinds)) < 2:
        raise ValueError("training data holds too few labelled amounts")
    kind_classes = [k for k in (NONE, *KINDS) if k in set(kinds)]
    role_classes = [r for r in ROLES if r in {roles[i] for i in money}]
    return AmountTagger(
        kind_model=fit_linear(feats, kinds, kind_classes, KIND_C),
        role_model=fit_linear([feats[i] for i in money], [roles[i] for i in money],
                               role_classes, ROLE_C),
    )


def candidate_recall(docs: Sequence[dict[str, Any]], norms: Sequence[Normalised]) -> float:
    """Share of gold amounts that some rule candidate overlaps: the tagger's recall ceiling."""
    hit = total = 0
    for doc, norm in zip(docs, norms):
        spans = [norm.raw_span(c.start, c.end) for c in find_candidates(norm.text)]
        for a in doc.get("amounts") or []:
            total += 1
            hit += any(s < a["end"] and a["start"] < e for s, e in spans)
    return hit / total if total else float("nan")
