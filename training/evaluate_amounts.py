"""Amount metrics: span P/R/F1 per kind, exact spans, values, qualifiers, money roles, full F1."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from invest_tag.model.amounts import KINDS


def _same_value(a: dict[str, Any], b: dict[str, Any]) -> bool:
    def close(x: float | None, y: float | None) -> bool:
        if x is None or y is None:
            return x is None and y is None
        return abs(x - y) <= 1e-6 * max(1.0, abs(y))

    return close(a["value"], b["value"]) and close(a.get("value_max"), b.get("value_max"))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Pair predicted and gold amounts of one kind that overlap, one to one, left to right."""
    pairs, used = [], set()
    for p in pred:
        for j, g in enumerate(gold):
            if j not in used and g["start"] < p["end"] and p["start"] < g["end"]:
                pairs.append((g, p))
                used.add(j)
                break
    return pairs


def amount_metrics(
    gold_docs: Sequence[dict[str, Any]], predicted: Sequence[Sequence[dict[str, Any]]]
) -> dict[str, Any]:
    """Per kind: span (overlap) and exact-span P/R/F1, value and qualifier accuracy on the
    matched spans; for money, role accuracy and full F1."""
    out: dict[str, Any] = {}
    for kind in KINDS:
        n_gold = n_pred = matched = exact = value_ok = qualifier_ok = role_ok = full = 0
        for doc, pred in zip(gold_docs, predicted):
            g = [a for a in doc.get("amounts") or [] if a["kind"] == kind]
            p = [a for a in pred if a["kind"] == kind]
            n_gold += len(g)
            n_pred += len(p)
            for ga, pa in _match(g, p):
                matched += 1
                exact += (ga["start"], ga["end"]) == (pa["start"], pa["end"])
                same = _same_value(ga, pa)
                value_ok += same
                qualifier_ok += ga["qualifier"] == pa["qualifier"]
                if kind == "money":
                    role_ok += ga["role"] == pa["role"]
                    full += same and ga["currency"] == pa["currency"] and ga["role"] == pa["role"]
        precision = matched / n_pred if n_pred else 0.0
        recall = matched / n_gold if n_gold else 0.0
        ep, er = (exact / n_pred if n_pred else 0.0), (exact / n_gold if n_gold else 0.0)
        row = {
            "gold": n_gold, "predicted": n_pred,
            "span_precision": round(precision, 4), "span_recall": round(recall, 4),
            "span_f1": round(_f1(precision, recall), 4),
            "exact_span_f1": round(_f1(ep, er), 4),
            "value_accuracy": round(value_ok / matched, 4) if matched else 0.0,
            "qualifier_accuracy": round(qualifier_ok / matched, 4) if matched else 0.0,
        }
        if kind == "money":
            fp, fr = (full / n_pred if n_pred else 0.0), (full / n_gold if n_gold else 0.0)
            row["role_accuracy"] = round(role_ok / matched, 4) if matched else 0.0
            row["full_f1"] = round(_f1(fp, fr), 4)
        out[kind] = row
    return out
