"""Tag amounts: candidate rules propose, learned models decide kind and money role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .amount_features import candidate_features
from .candidates import KINDS, find_candidates
from .linear import LinearModel
from .normalise import Normalised

__all__ = ["KINDS", "NONE", "ROLES", "AmountTagger"]

NONE = "none"  # the kind of a candidate that is not an amount
ROLES = ("actual", "contract", "investment", "intended", "target", "threshold", "other")


@dataclass
class AmountTagger:
    """Two linear models over candidate features: kind (or none), and money role."""

    kind_model: LinearModel  # classes: none, money, percent, count
    role_model: LinearModel  # classes: the roles

    def tag(self, norm: Normalised, explain: bool = False) -> list[dict[str, Any]]:
        """The amounts of a normalised document, with spans in its raw text."""
        candidates = find_candidates(norm.text)
        if not candidates:
            return []
        feats = [candidate_features(norm.text, c) for c in candidates]
        kind_p = self.kind_model.predict_proba(feats)
        kinds = [self.kind_model.classes[i] for i in kind_p.argmax(axis=1)]
        money = [i for i, k in enumerate(kinds) if k == "money"]
        role_p = self.role_model.predict_proba([feats[i] for i in money]) if money else None
        roles = {i: self.role_model.classes[int(role_p[n].argmax())] for n, i in enumerate(money)}
        out = []
        for i, (c, kind) in enumerate(zip(candidates, kinds)):
            if kind == NONE:
                continue
            start, end = norm.raw_span(c.start, c.end)
            score = float(kind_p[i].max())
            if i in roles:
                score *= float(role_p[money.index(i)].max())
            amount = {
                "start": start,
                "end": end,
                "text": norm.raw[start:end],
                "kind": kind,
                "value": c.value,
                "value_max": c.value_max,
                "currency": (c.currency or "CNY") if kind == "money" else "",
                "qualifier": c.qualifier,
                "role": roles.get(i, ""),
                "score": round(score, 4),
            }
            if explain:
                amount["explain"] = {"kind": self.kind_model.explain(feats[i], kind)}
                if i in roles:
                    amount["explain"]["role"] = self.role_model.explain(feats[i], roles[i])
            out.append(amount)
        return out
