"""Tag amounts: candidate rules propose, learned models decide kind and money role."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .amount_features import text_features
from .candidates import KINDS, Candidate, find_candidates
from .linear import LinearModel
from .normalise import Normalised

__all__ = ["KINDS", "NONE", "QUALIFIERS", "ROLES", "AmountTagger"]

NONE = "none"  # the kind of a candidate that is not an amount
ROLES = ("actual", "contract", "investment", "intended", "target", "threshold", "other")
QUALIFIERS = ("none", "at_least", "at_most", "approx")
JUDGE_AT_ONCE = 4096  # candidates judged in one call (a batch of articles has a few hundred)


@dataclass
class AmountTagger:
    """Two linear models over candidate features: kind (or none), and money role."""

    kind_model: LinearModel  # classes: none, money, percent, count
    role_model: LinearModel  # classes: the roles

    def tag(self, norm: Normalised, explain: bool = False) -> list[dict[str, Any]]:
        """The amounts of a normalised document, with spans in its raw text."""
        return self.tag_many([norm], explain)[0]

    def tag_many(self, norms: Sequence[Normalised], explain: bool = False
                 ) -> list[list[dict[str, Any]]]:
        """The amounts of each normalised document.

        The candidates of all documents are judged together, ``JUDGE_AT_ONCE`` at a
        time, so that a page made of numbers (a table) does not hold the features of
        all of its candidates in memory.
        """
        out: list[list[dict[str, Any]]] = [[] for _ in norms]
        pending: list[tuple[int, Candidate, list[str]]] = []
        for d, norm in enumerate(norms):
            candidates = find_candidates(norm.text)
            for c, feats in zip(candidates, text_features(norm.text, candidates)):
                pending.append((d, c, feats))
                if len(pending) == JUDGE_AT_ONCE:
                    self._judge(pending, norms, explain, out)
                    pending = []
        if pending:
            self._judge(pending, norms, explain, out)
        return out

    def _judge(self, pending: Sequence[tuple[int, Candidate, list[str]]],
               norms: Sequence[Normalised], explain: bool, out: list[list[dict[str, Any]]]
               ) -> None:
        """Decide the kind (and money role) of candidates; add the amounts to ``out``."""
        feats = [f for _, _, f in pending]
        kind_p = self.kind_model.predict_proba(feats)
        kinds = [self.kind_model.classes[i] for i in kind_p.argmax(axis=1)]
        money = [i for i, k in enumerate(kinds) if k == "money"]
        role_p = self.role_model.predict_proba([feats[i] for i in money]) if money else None
        roles = {i: (self.role_model.classes[int(role_p[n].argmax())], float(role_p[n].max()))
                 for n, i in enumerate(money)}
        for i, ((d, c, _), kind) in enumerate(zip(pending, kinds)):
            if kind == NONE:
                continue
            norm = norms[d]
            start, end = norm.raw_span(c.start, c.end)
            role, role_score = roles.get(i, ("", 1.0))
            amount = {
                "start": start,
                "end": end,
                "text": norm.raw[start:end],
                "kind": kind,
                "value": c.value,
                "value_max": c.value_max,
                "currency": (c.currency or "CNY") if kind == "money" else "",
                "qualifier": c.qualifier,
                "role": role,
                "score": round(float(kind_p[i].max()) * role_score, 4),
            }
            if explain:
                amount["explain"] = {"kind": self.kind_model.explain(feats[i], kind)}
                if role:
                    amount["explain"]["role"] = self.role_model.explain(feats[i], role)
            out[d].append(amount)
