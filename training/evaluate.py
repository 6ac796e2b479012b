"""Measure a model against labelled documents: relevance, type and sector metrics."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, precision_recall_fscore_support

from invest_tag.model.predictor import Model, load

from .data import read_labelled
from .evaluate_amounts import amount_metrics


def _prf(p: float, r: float, f: float, support: int) -> dict[str, float]:
    return {"precision": round(float(p), 4), "recall": round(float(r), 4),
            "f1": round(float(f), 4), "support": int(support)}


def document_metrics(
    gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]],
    types: Sequence[str], sectors: Sequence[str],
) -> dict[str, Any]:
    """Relevance P/R/F1, type accuracy and macro-F1, sector micro/macro-F1, per class."""
    g_rel = np.array([bool(d["relevant"]) for d in gold])
    p_rel = np.array([bool(d["relevant"]) for d in predicted])
    rel = precision_recall_fscore_support(g_rel, p_rel, average="binary", zero_division=0)

    g_type = [d["type"] for d in gold]
    p_type = [d["type"] for d in predicted]
    tp, tr, tf, ts = precision_recall_fscore_support(
        g_type, p_type, labels=list(types), zero_division=0)
    present = [i for i, s in enumerate(ts) if s > 0]

    G = np.array([[s in d["sectors"] for s in sectors] for d in gold])
    P = np.array([[s in d["sectors"] for s in sectors] for d in predicted])
    sp, sr, sf, ss = precision_recall_fscore_support(G, P, average=None, zero_division=0)
    micro = precision_recall_fscore_support(G, P, average="micro", zero_division=0)
    return {
        "docs": len(gold),
        "relevance": _prf(*rel[:3], int(g_rel.sum())),
        "type": {
            "accuracy": round(float(accuracy_score(g_type, p_type)), 4),
            "macro_f1": round(float(np.mean(tf[present])), 4),
            "per_class": {t: _prf(tp[i], tr[i], tf[i], ts[i]) for i, t in enumerate(types)},
        },
        "sectors": {
            "micro": _prf(*micro[:3], int(G.sum())),
            "macro_f1": round(float(np.mean(sf)), 4),
            "per_class": {s: _prf(sp[i], sr[i], sf[i], ss[i]) for i, s in enumerate(sectors)},
        },
    }


def evaluate_model(model: Model, docs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Predict every document's ``text`` and compare with its labels and amounts."""
    predicted = model.predict_many([d["text"] for d in docs])
    c = model.classifier
    metrics = document_metrics(docs, predicted, c.types, c.sectors)
    if any("amounts" in d for d in docs):
        metrics["amounts"] = amount_metrics(docs, [p["amounts"] for p in predicted])
    return metrics


def evaluate(data_path: str | Path, model_dir: str | Path | None = None) -> dict[str, Any]:
    """Evaluate a saved model (default: the shipped one) on a labelled JSONL file."""
    return evaluate_model(load(model_dir), read_labelled(data_path))


def format_report(metrics: dict[str, Any]) -> str:
    """A plain-text table of the metrics for the terminal."""
    lines = [f"documents: {metrics['docs']}", ""]
    r = metrics["relevance"]
    lines.append(f"relevance   P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}")
    t = metrics["type"]
    lines.append(f"type        accuracy {t['accuracy']:.3f}  macro-F1 {t['macro_f1']:.3f}")
    s = metrics["sectors"]
    lines.append(f"sectors     micro P {s['micro']['precision']:.3f}  R {s['micro']['recall']:.3f}"
                 f"  F1 {s['micro']['f1']:.3f}  macro-F1 {s['macro_f1']:.3f}")
    if "amounts" in metrics:
        lines += ["", f"{'amounts':<9}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}"
                  f"{'exact':>7}{'value':>7}{'qual':>7}{'role':>7}{'full':>7}"]
        for kind, m in metrics["amounts"].items():
            role = f"{m['role_accuracy']:>7.3f}{m['full_f1']:>7.3f}" if "full_f1" in m else ""
            lines.append(f"{kind:<9}{m['gold']:>6}{m['predicted']:>6}{m['span_precision']:>7.3f}"
                         f"{m['span_recall']:>7.3f}{m['span_f1']:>7.3f}{m['exact_span_f1']:>7.3f}"
                         f"{m['value_accuracy']:>7.3f}{m['qualifier_accuracy']:>7.3f}{role}")
        lines.append("(span P/R/F1: overlapping spans of the same kind; exact: identical spans;")
        lines.append(" value, qual, role: value, qualifier and money role accuracy on matched"
                     " spans;")
        lines.append(" full: F1 with value, currency and role all right)")
    for title, rows in (("type", t["per_class"]), ("sector", s["per_class"])):
        lines += ["", f"{title:<15}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
        for label, m in rows.items():
            lines.append(f"{label:<15}{m['precision']:>7.3f}{m['recall']:>7.3f}"
                         f"{m['f1']:>7.3f}{m['support']:>6}")
    return "\n".join(lines)
